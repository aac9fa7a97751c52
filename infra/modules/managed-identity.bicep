// The service's one identity: the Azure Bot's app id (no secret), App Service's identity for Key Vault
// references, and later the Graph adapters' credential.
@description('Name of the user-assigned managed identity.')
param name string
param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output tenantId string = identity.properties.tenantId
