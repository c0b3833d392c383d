// DialStatus: every resource of the app, deployed into the resource group that main.bicep creates.
//
// Security design: no shared keys anywhere. The storage account refuses key/SAS auth
// (allowSharedKeyAccess: false), so the Functions host, the Flex deployment package and the app's
// Table client all authenticate with one user-assigned managed identity, which holds only the data
// roles it needs. The Plivo auth token lives in Key Vault (RBAC mode) and reaches the app through a
// Key Vault reference resolved with that same identity.

@description('Azure region for every resource.')
param location string

@description('Tags applied to every resource.')
param tags object

@description('Short unique suffix for globally unique resource names.')
param resourceToken string

@secure()
@description('Plivo auth token, written to Key Vault secret plivo-auth-token.')
param plivoAuthToken string

@description('Dial__Targets app setting.')
param dialTargets string

@description('DialStatus__TableName app setting; the table is created here as well.')
param dialStatusTableName string

@description('Dial__CallerId app setting (omitted when empty).')
param dialCallerId string

@description('Dial__CallerName app setting (omitted when empty).')
param dialCallerName string

@description('Dial__TimeoutSeconds app setting (omitted when empty).')
param dialTimeoutSeconds string

@description('Dial__TimeLimitSeconds app setting (omitted when empty).')
param dialTimeLimitSeconds string

@description('Dial__HangupOnStar app setting (omitted when empty).')
param dialHangupOnStar string

@description('Dial__Mode app setting (omitted when empty).')
param dialMode string

@description('Dial__UnansweredMessage app setting (omitted when empty).')
param dialUnansweredMessage string

@description('dotnet-isolated runtime version of the Flex Consumption app.')
param dotnetVersion string

@description('Flex Consumption instance memory size in MB.')
param instanceMemoryMB int

@description('Flex Consumption maximum instance count.')
param maximumInstanceCount int

@description('Disable instrumentation-key ingestion on Application Insights.')
param appInsightsDisableLocalAuth bool

@description('Always-ready instances for the HTTP trigger group; 0 = none.')
param alwaysReady int

@description('DialStatus__RetentionDays app setting.')
param retentionDays int

@description('DialStatus__RetentionSchedule app setting.')
param retentionSchedule string

// Built-in role definition ids (same in every tenant).
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

var functionAppName = 'func-dialstatus-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 12)}'

// ---------------------------------------------------------------------------------------------
// Identity
// ---------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-dialstatus-${resourceToken}'
  location: location
  tags: tags
}

// ---------------------------------------------------------------------------------------------
// Monitoring
// ---------------------------------------------------------------------------------------------

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: 'log-dialstatus-${resourceToken}'
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: 'appi-dialstatus-${resourceToken}'
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: appInsightsDisableLocalAuth
  }
}

// Monitoring Metrics Publisher lets the identity send Entra-authenticated telemetry
// (APPLICATIONINSIGHTS_AUTHENTICATION_STRING below), despite the role's name covering all telemetry.
resource appInsightsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roleIds.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
  }
}

// Dial outcome charts over the app's structured log (see workbook.json). Its queries read the workspace
// tables (AppTraces), like the alert rules, so the workbook lives on the workspace.
resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, appInsights.id, 'dialstatus-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'DialStatus - dial outcomes'
    category: 'workbook'
    version: 'Notebook/1.0'
    sourceId: logAnalytics.id
    serializedData: loadTextContent('workbook.json')
  }
}

// ---------------------------------------------------------------------------------------------
// Storage: host storage (blob + queue + table), Flex deployment container, the records table
// ---------------------------------------------------------------------------------------------

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: 'stdial${resourceToken}'
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource queueService 'queueServices' = {
    name: 'default'
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource recordsTable 'tables' = {
      name: dialStatusTableName
    }
  }
}

// The host keeps leases, timers and keys in blobs and the deployment package is a blob:
// Blob Data Owner is what the Functions docs require for identity-based AzureWebJobsStorage.
resource storageBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageBlobDataOwner)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
  }
}

resource storageQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageQueueDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
  }
}

// The app writes the dial records table (and the host may use tables too).
resource storageTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roleIds.storageTableDataContributor)
  scope: storage
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
  }
}

// ---------------------------------------------------------------------------------------------
// Key Vault: the Plivo auth token
// ---------------------------------------------------------------------------------------------

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: 'kv-dial-${resourceToken}'
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }

  resource plivoAuthTokenSecret 'secrets' = {
    name: 'plivo-auth-token'
    properties: {
      value: plivoAuthToken
      contentType: 'text/plain'
    }
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roleIds.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
  }
}

// ---------------------------------------------------------------------------------------------
// Function app: Flex Consumption (FC1), dotnet-isolated
// ---------------------------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: 'plan-dialstatus-${resourceToken}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // alwaysReady is written only when asked for, so a default deployment stays purely on demand.
        ...(alwaysReady > 0
          ? {
              alwaysReady: [
                {
                  name: 'http'
                  instanceCount: alwaysReady
                }
              ]
            }
          : {})
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
  dependsOn: [
    // the deployment container must exist before the platform validates the deployment source
    storage::blobService::deploymentContainer
  ]
}

// Optional Dial__* settings are written only when a value was given, so the app's own defaults apply otherwise.
var optionalDialSettings = union(
  empty(dialCallerId) ? {} : { Dial__CallerId: dialCallerId },
  empty(dialCallerName) ? {} : { Dial__CallerName: dialCallerName },
  empty(dialTimeoutSeconds) ? {} : { Dial__TimeoutSeconds: dialTimeoutSeconds },
  empty(dialTimeLimitSeconds) ? {} : { Dial__TimeLimitSeconds: dialTimeLimitSeconds },
  empty(dialHangupOnStar) ? {} : { Dial__HangupOnStar: dialHangupOnStar },
  empty(dialMode) ? {} : { Dial__Mode: dialMode },
  empty(dialUnansweredMessage) ? {} : { Dial__UnansweredMessage: dialUnansweredMessage }
)

var baseAppSettings = {
  // Identity-based host storage (no connection string, no key).
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table

  // Telemetry, authenticated with the managed identity (Monitoring Metrics Publisher).
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD;ClientId=${identity.properties.clientId}'

  // The app's public configuration contract.
  DialStatus__TableName: dialStatusTableName
  DialStatus__PublicBaseUrl: 'https://${functionApp.properties.defaultHostName}'
  Plivo__ValidateSignatures: 'true'
  Plivo__AuthToken: '@Microsoft.KeyVault(SecretUri=${keyVault::plivoAuthTokenSecret.properties.secretUri})'
  Dial__Targets: dialTargets
  DialStatus__RetentionDays: string(retentionDays)
  DialStatus__RetentionSchedule: retentionSchedule
}

// A separate config resource so the settings can use the site's generated default host name.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(baseAppSettings, optionalDialSettings)
  dependsOn: [
    // the host starts as soon as settings land: let it find its storage, secret and telemetry roles in place
    storageBlobOwner
    storageQueueContributor
    storageTableContributor
    keyVaultSecretsUser
    appInsightsPublisher
  ]
}

output functionAppName string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
output keyVaultName string = keyVault.name
output storageAccountName string = storage.name
output applicationInsightsName string = appInsights.name
output logAnalyticsWorkspaceId string = logAnalytics.id
