// Key Vault (RBAC, purge protection) holding the database connection string, readable by the service's
// managed identity only; App Service reads it through a Key Vault reference.
param name string
param location string
param tags object = {}
@description('Principal id of the identity that reads secrets (the service).')
param secretsReaderPrincipalId string
@secure()
param databaseUrl string
@description('''`recover` brings back a soft-deleted vault of this name (purge protection keeps it 90 days and
blocks creating a new one under the name until then); `default` creates it.''')
@allowed(['default', 'recover'])
param createMode string = 'default'

// Built-in role "Key Vault Secrets User": read secret contents.
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    createMode: createMode
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }

  resource databaseUrlSecret 'secrets' = {
    name: 'database-url'
    properties: {
      value: databaseUrl
      contentType: 'PostgreSQL connection string'
    }
  }
}

resource secretsReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, secretsReaderPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: secretsReaderPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output databaseUrlSecretUri string = vault::databaseUrlSecret.properties.secretUri
