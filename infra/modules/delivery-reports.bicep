// Delivery reports: Communication Services publishes EmailDeliveryReportReceived and SMSDeliveryReportReceived on an
// Event Grid system topic of the ACS resource; one subscription delivers the email reports to the function
// EmailDeliveryReport (functions/email-delivery-report.ts), another the SMS reports to SmsDeliveryReport
// (functions/sms-delivery-report.ts), both Event Grid triggers.
//
// Ordering: Event Grid checks an AzureFunction endpoint when the subscription is created, and the function exists
// only once the code is deployed (`azd deploy`). So the topic is always declared, the subscription only when
// `subscribe` is true: the azd postdeploy hook (infra/hooks/postdeploy.sh) sets EMAIL_DELIVERY_REPORTS=true after
// the first deployment and provisions again. See docs/deployment.md, "Delivery reports".

import { Tags } from 'types.bicep'

@description('Name of the Communication Services resource (the topic\'s source).')
param communicationServiceName string

@description('Name of the function app whose EmailDeliveryReport and SmsDeliveryReport functions receive the reports.')
param functionAppName string

@description('Create the subscription (the function must already be deployed).')
param subscribe bool

@description('Tags of the topic.')
param tags Tags = {}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' existing = {
  name: communicationServiceName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// ACS resources are global: so is their system topic.
resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: 'evgt-${communicationServiceName}'
  location: 'global'
  tags: tags
  properties: {
    source: communicationService.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource toFunction 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (subscribe) {
  parent: topic
  name: 'delivery-reports-to-function'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/EmailDeliveryReport'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.EmailDeliveryReportReceived'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

resource smsToFunction 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (subscribe) {
  parent: topic
  name: 'sms-delivery-reports-to-function'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/SmsDeliveryReport'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.SMSDeliveryReportReceived'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

@description('Name of the system topic.')
output topicName string = topic.name

@description('Whether the subscription to the function is declared.')
output subscribed bool = subscribe
