// Azure Communication Services (email and SMS) and the Email Communication Service whose domain it sends from.
// The app talks to ACS through ACS_ENDPOINT with its managed identity; no access key leaves Azure.
//
// Domains: an Azure-managed domain (<guid>.azurecomm.net, usable at once, low fixed sending limits) is always
// created and linked. A custom domain, when given, is created too; it can only be linked once its DNS records
// (domain, SPF, DKIM, DKIM2) are verified, which happens outside ARM. So: first deployment with
// emailCustomDomain set, add the records shown on the domain in the portal, verify, then deploy again with
// emailCustomDomainVerified = true; the custom domain is then linked and becomes the sender.
// API version 2023-04-01 (the one the Azure Verified Modules use) for the Email service and its domains;
// 2025-05-01 for the Communication Services resource, the first stable version with `disableLocalAuth`.
//
// Local (access key) auth is off: the app sends email and SMS with its managed identity (Entra tokens, role
// Communication and Email Service Owner: modules/rbac.bicep), so no key exists that could leak.

import { Tags, EmailDomainRecords } from 'types.bicep'

@description('Name of the Communication Services resource.')
param communicationServiceName string

@description('Name of the Email Communication Service.')
param emailServiceName string

@description('Where both resources keep data at rest (Europe, United States, UK, France, Germany, ...).')
param dataLocation string

@description('Custom email domain; empty: none.')
param customDomain string = ''

@description('True once the custom domain is verified: it is linked and used as the sender domain.')
param customDomainVerified bool = false

@description('Tags of the resources.')
param tags Tags = {}

@description('Resource id of the Log Analytics workspace the diagnostic settings send to.')
param workspaceId string

var hasCustomDomain = !empty(customDomain)
var useCustomDomain = hasCustomDomain && customDomainVerified

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

// The name of an Azure-managed domain must be exactly 'AzureManagedDomain'.
resource managedDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

// A placeholder name keeps the template valid when the resource is skipped (ARM still checks the names of
// resources whose condition is false).
resource customEmailDomain 'Microsoft.Communication/emailServices/domains@2023-04-01' = if (hasCustomDomain) {
  parent: emailService
  name: hasCustomDomain ? customDomain : 'unused.invalid'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'CustomerManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2025-05-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    disableLocalAuth: true // Entra identities only: the keys (and connection strings) no longer authenticate.
    linkedDomains: useCustomDomain
      ? [
          managedDomain.id
          customEmailDomain.id
        ]
      : [
          managedDomain.id
        ]
  }
}

// Email and SMS operational logs (send requests, status updates, delivery outcomes) and metrics, e.g. 429s.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: communicationService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('Name of the Communication Services resource.')
output name string = communicationService.name

@description('Endpoint for the Email and SMS SDKs (ACS_ENDPOINT).')
output endpoint string = 'https://${communicationService.properties.hostName}'

// DoNotReply exists on every domain; other sender names need a custom domain with raised limits.
@description('True when the custom domain is verified and linked (its sending limits apply), false on the Azure-managed domain.')
output customDomainLinked bool = useCustomDomain

@description('Sender address of the emails (EMAIL_SENDER_ADDRESS).')
output senderAddress string = useCustomDomain
  ? 'DoNotReply@${customDomain}'
  : 'DoNotReply@${managedDomain.properties.mailFromSenderDomain}'

// The custom domain's records as ACS gives them (Domain: the ownership TXT; SPF: a TXT at the domain; DKIM, DKIM2:
// the two CNAMEs). Empty without a custom domain. DMARC is not among them: see main.bicep and docs/deployment.md.
@description('The custom domain\'s verification records (Domain, SPF, DKIM, DKIM2: type, name, value, ttl), as ACS gives them; empty without a custom domain.')
output customDomainRecords EmailDomainRecords = hasCustomDomain ? customEmailDomain!.properties.verificationRecords : {}
