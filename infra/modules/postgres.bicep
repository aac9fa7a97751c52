// Azure Database for PostgreSQL flexible server and the service's database. TLS is required (the server's
// default); the connection string, password included, lives only in Key Vault.
param name string
param location string
param tags object = {}
param administratorLogin string
@secure()
param administratorPassword string
param databaseName string = 'members_hub'
@description('Burstable B1ms suits a pilot; use General Purpose (e.g. Standard_D2ds_v5) for a whole council.')
param skuName string = 'Standard_B1ms'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param skuTier string = 'Burstable'
param storageSizeGB int = 32
param version string = '16'
param backupRetentionDays int = 14

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    authConfig: {
      passwordAuth: 'Enabled'
      activeDirectoryAuth: 'Disabled'
    }
    storage: {
      storageSizeGB: storageSizeGB
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: backupRetentionDays
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
    network: {
      publicNetworkAccess: 'Enabled'
    }
  }

  resource database 'databases' = {
    name: databaseName
    properties: {
      charset: 'UTF8'
      collation: 'en_US.utf8'
    }
  }

  // 0.0.0.0 is Azure's convention for "services inside Azure", App Service among them. See docs/deploy.md
  // for moving to private access (VNet integration) before live casework is stored.
  // After the database, not beside it: the server takes one operation at a time, and the two deployed in
  // parallel are reported to fail with ServerIsBusy (https://github.com/Azure/bicep-registry-modules/issues/4289,
  // https://github.com/Altinn/dialogporten/issues/3663).
  resource allowAzureServices 'firewallRules' = {
    name: 'AllowAzureServices'
    properties: {
      startIpAddress: '0.0.0.0'
      endIpAddress: '0.0.0.0'
    }
    dependsOn: [database]
  }
}

output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = databaseName
