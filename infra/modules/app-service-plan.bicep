// The Linux App Service plan. Two or more instances share PostgreSQL; background jobs are claimed through
// the database, so scaling out is safe.
param name string
param location string
param tags object = {}
@description('Basic (B1) or above is needed for Always On; P0v3 is the smallest Premium v3 size.')
param skuName string = 'P0v3'
param instanceCount int = 1

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: name
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

output id string = plan.id
