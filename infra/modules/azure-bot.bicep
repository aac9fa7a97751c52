// The Azure Bot registration with the Teams channel. Its app id is the user-assigned managed identity's
// client id (msaAppType UserAssignedMSI): no app secret exists to leak or rotate.
param name string
param displayName string
@description('https://<host>/api/messages')
param endpoint string
param identityId string
param identityClientId string
param identityTenantId string
@allowed(['F0', 'S1'])
param sku string = 'F0'
param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: endpoint
    msaAppType: 'UserAssignedMSI'
    msaAppId: identityClientId
    msaAppMSIResourceId: identityId
    msaAppTenantId: identityTenantId
  }

  resource teams 'channels' = {
    name: 'MsTeamsChannel'
    location: 'global'
    properties: {
      channelName: 'MsTeamsChannel'
    }
  }
}

output name string = bot.name
