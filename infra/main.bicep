// Members' Hub on Azure, provisioned by `atk provision --env <name>` (m365agents.yml) or
// `az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json` (fill the ${{...}}).
// One module per resource; outputs named in CAPITALS are written back to env/.env.<name> by the toolkit.
targetScope = 'resourceGroup'

@minLength(4)
@maxLength(20)
@description('Prefix of every resource name, e.g. mhub1a2b3c. Lower-case letters and digits.')
param resourceBaseName string
@description('UK South keeps casework in the UK.')
param location string = resourceGroup().location
@description('Client id of the Entra app registration for tab SSO (AAD_APP_CLIENT_ID).')
param aadAppClientId string
param botDisplayName string = 'Members\' Hub'
@description('A custom host name already mapped to the web app (e.g. members.council.gov.uk); empty for *.azurewebsites.net.')
param customHostName string = ''
param appServicePlanSku string = 'P0v3'
@allowed(['F0', 'S1'])
param botSku string = 'F0'
param postgresAdministratorLogin string = 'membershub'
@secure()
@description('Set SECRET_POSTGRES_ADMIN_PASSWORD in env/.env.<name>.user; it goes only to the server and Key Vault.')
param postgresAdministratorPassword string
@allowed(['england-and-wales', 'scotland', 'northern-ireland'])
param slaRegion string = 'england-and-wales'
@description('The casework SharePoint site and its document library (docs/m365-documents.md, step 2). Empty until the site exists.')
param graphSiteId string = ''
param graphDriveId string = ''
param graphLibraryPath string = '/sites/members-hub/Shared Documents'
@description('The support officers\' Entra group (GUID); member folders are shared with it. Empty: none.')
param supportOfficersGroupId string = ''
@description('How SharePoint\'s invite names that group: its e-mail address (invites by object id are reported to fail). Empty: none.')
param supportOfficersGroupEmail string = ''
@description('The council\'s name, sent in Graph\'s User-Agent (NONISV|<name>|MembersHub/<version>).')
param organisationName string = 'County Council'
@description('''`recover` to provision again under the same name after the resource group was deleted: purge protection
keeps the deleted vault (and its name) for 90 days, and only recovering it lets the name be used (docs/trial.md).''')
@allowed(['default', 'recover'])
param keyVaultCreateMode string = 'default'

var tags = { application: 'members-hub' }
var webAppName = resourceBaseName
var hostName = empty(customHostName) ? '${webAppName}.azurewebsites.net' : customHostName

module identity 'modules/managed-identity.bicep' = {
  name: 'identity'
  params: { name: '${resourceBaseName}-id', location: location, tags: tags }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: '${resourceBaseName}-pg'
    location: location
    tags: tags
    administratorLogin: postgresAdministratorLogin
    administratorPassword: postgresAdministratorPassword
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'keyVault'
  params: {
    name: '${resourceBaseName}-kv'
    createMode: keyVaultCreateMode
    location: location
    tags: tags
    secretsReaderPrincipalId: identity.outputs.principalId
    databaseUrl: 'postgres://${postgresAdministratorLogin}:${uriComponent(postgresAdministratorPassword)}@${postgres.outputs.fqdn}:5432/${postgres.outputs.databaseName}?sslmode=require'
  }
}

module plan 'modules/app-service-plan.bicep' = {
  name: 'plan'
  params: { name: '${resourceBaseName}-plan', location: location, tags: tags, skuName: appServicePlanSku }
}

// Names match bot/src/config.ts, the service's only reader of its environment.
module app 'modules/app-service.bicep' = {
  name: 'app'
  params: {
    name: webAppName
    location: location
    tags: tags
    planId: plan.outputs.id
    identityId: identity.outputs.id
    appSettings: {
      MODE: 'm365'
      HOST: '0.0.0.0'
      PUBLIC_URL: 'https://${hostName}'
      LOG_LEVEL: 'info'
      SLA_REGION: slaRegion
      TENANT_ID: tenant().tenantId
      CLIENT_ID: aadAppClientId
      APP_ID_URI: 'api://${hostName}/${aadAppClientId}'
      BOT_APP_ID: identity.outputs.clientId
      BOT_APP_TYPE: 'UserAssignedMSI'
      BOT_APP_TENANT_ID: identity.outputs.tenantId
      DATABASE_URL: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.databaseUrlSecretUri})'
      // Documents in SharePoint through Graph: the service's managed identity is a federated credential of
      // the SSO app registration, so there is no secret (docs/m365-documents.md, step 5).
      GRAPH_SITE_ID: graphSiteId
      GRAPH_DRIVE_ID: graphDriveId
      GRAPH_LIBRARY_PATH: graphLibraryPath
      GRAPH_CREDENTIAL: 'managed-identity'
      GRAPH_MANAGED_IDENTITY_CLIENT_ID: identity.outputs.clientId
      SUPPORT_OFFICERS_GROUP_ID: supportOfficersGroupId
      SUPPORT_OFFICERS_GROUP_EMAIL: supportOfficersGroupEmail
      ORGANISATION_NAME: organisationName
      // The deployment ships built code and its node_modules; App Service must not rebuild it.
      SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
    }
  }
}

module bot 'modules/azure-bot.bicep' = {
  name: 'bot'
  params: {
    name: resourceBaseName
    displayName: botDisplayName
    endpoint: 'https://${hostName}/api/messages'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityTenantId: identity.outputs.tenantId
    sku: botSku
    tags: tags
  }
}

output BOT_ID string = identity.outputs.clientId
output BOT_DOMAIN string = hostName
output BOT_ENDPOINT string = 'https://${hostName}'
output TAB_DOMAIN string = hostName
output TAB_ENDPOINT string = 'https://${hostName}'
output AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.id
// The subject of the SSO app registration's federated credential (`npm run m365:setup -- federated-credential`).
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output KEY_VAULT_NAME string = keyVault.outputs.name
output KEY_VAULT_NAME string = keyVault.outputs.name
