// The one user-assigned managed identity the app uses for everything: storage (host and app), Communication Services,
// Key Vault references and Application Insights. Replaces the verified module
// avm/res/managed-identity/user-assigned-identity 0.4.1, which declares exactly this resource.

import { Tags } from 'types.bicep'

@description('Name of the identity.')
param name string

@description('Region of the identity.')
param location string = resourceGroup().location

@description('Tags of the identity.')
param tags Tags = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Client (application) id of the identity: AzureWebJobsStorage__clientId and every SDK client.')
output clientId string = identity.properties.clientId

@description('Object id of the identity, for role assignments.')
output principalId string = identity.properties.principalId
