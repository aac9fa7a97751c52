// The service on App Service (Linux, Node 22 LTS): the bot's /api/messages, the tab's API and the tab.
// Runs as the user-assigned identity; secrets arrive as Key Vault references in app settings.
param name string
param location string
param tags object = {}
param planId string
param identityId string
@description('App settings, name to value. Secrets must be Key Vault references, never values.')
param appSettings object

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node bot/dist/main.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      appSettings: [for setting in items(appSettings): { name: setting.key, value: setting.value }]
    }
  }
}

output id string = site.id
output defaultHostName string = site.properties.defaultHostName
