// CPMS helpdesk bot on Azure, scaled out: N App Service instances behind Azure Bot Service, all on
// one Storage account (state, transcripts, escalation queue, FAQ feedback). See infra/README.md.
//
//   az group create -n cpms-bot -l westeurope
//   az deployment group create -g cpms-bot -f infra/main.bicep \
//       -p namePrefix=cpmsbot instanceCount=2 smtpUrl='smtps://user:pass@mail.example.org:465' \
//          mailFrom='cpms-bot@example.org'
//
// The bot's identity is a user-assigned managed identity (no password to rotate) unless
// microsoftAppId/microsoftAppPassword of an existing Entra app registration are given.

targetScope = 'resourceGroup'

@description('Prefix of every resource name (lower-case letters and digits).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Region of the App Service and the Storage account (the bot registration is global).')
param location string = resourceGroup().location

@description('Bot instances (App Service scale-out). 2 or more keeps the bot up during restarts and updates.')
@minValue(1)
@maxValue(30)
param instanceCount int = 2

@description('App Service plan size (Linux). P0v3 and up support scale-out and always-on.')
param appServiceSku string = 'P0v3'

@description('Azure Bot Service tier: F0 (free, standard channels) or S1.')
@allowed(['F0', 'S1'])
param botSku string = 'F0'

@description('Existing Entra app registration to use as the bot identity; empty creates a managed identity.')
param microsoftAppId string = ''

@description('Password (client secret) of that app registration; ignored for the managed identity.')
@secure()
param microsoftAppPassword string = ''

@description('MultiTenant or SingleTenant for an app registration (the managed identity is always UserAssignedMSI).')
@allowed(['MultiTenant', 'SingleTenant'])
param microsoftAppType string = 'SingleTenant'

@description('SMTP server for escalations, e.g. smtps://user:password@mail.example.org:465.')
@secure()
param smtpUrl string

@description('Sender of escalation e-mails (Reply-To is the user).')
param mailFrom string

@description('Where escalations go.')
param helpdeskMailbox string = 'helpdesk.reconnet@ao-pisa.toscana.it'

@description('Secret of the bot\'s Azure Direct Line channel (web chat); empty at the first deployment, see infra/README.md.')
@secure()
param directLineSecret string = ''

@description('Days transcripts, FAQ feedback and delivery records are kept.')
param retentionDays int = 30

var suffix = uniqueString(resourceGroup().id)
var appName = '${namePrefix}-${suffix}'
var hostName = '${appName}.azurewebsites.net'
var useManagedIdentity = empty(microsoftAppId)

// Names the bot uses by default (src/config.ts); created here so nothing is created at run time.
var containers = ['bot-state', 'bot-transcripts', 'escalation-outbox', 'bot-turn-locks']
var queues = ['escalation-outbox', 'escalation-outbox-poison']
var feedbackTable = 'faqfeedback'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('${namePrefix}${suffix}', 24)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // The bot connects with the account's connection string (AZURE_STORAGE_CONNECTION_STRING).
    allowSharedKeyAccess: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containers: {
  parent: blobService
  name: name
  properties: { publicAccess: 'None' }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for name in queues: {
  parent: queueService
  name: name
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = {
  parent: tableService
  name: feedbackTable
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = if (useManagedIdentity) {
  name: '${appName}-identity'
  location: location
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: appServiceSku
    capacity: instanceCount
  }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: useManagedIdentity ? {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  } : null
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // No sticky sessions: any instance may take any turn; state lives in the Storage account.
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      // The flags of npm start: without the heap caps V8 keeps about 300 MB of heap for about 85 MB
      // of live objects under load (npm run bench, README "Performance").
      appCommandLine: 'node --disable-warning=DEP0111 --max-old-space-size=192 --max-semi-space-size=8 dist/src/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'true' }
        { name: 'STORAGE', value: 'azure' }
        {
          name: 'AZURE_STORAGE_CONNECTION_STRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'
        }
        { name: 'MicrosoftAppId', value: useManagedIdentity ? identity!.properties.clientId : microsoftAppId }
        { name: 'MicrosoftAppPassword', value: useManagedIdentity ? '' : microsoftAppPassword }
        { name: 'MicrosoftAppType', value: useManagedIdentity ? 'UserAssignedMSI' : microsoftAppType }
        { name: 'MicrosoftAppTenantId', value: tenant().tenantId }
        { name: 'PUBLIC_HOSTNAME', value: hostName }
        { name: 'DIRECT_LINE_SECRET', value: directLineSecret }
        { name: 'SMTP_URL', value: smtpUrl }
        { name: 'MAIL_FROM', value: mailFrom }
        { name: 'HELPDESK_MAILBOX', value: helpdeskMailbox }
        { name: 'TRANSCRIPT_RETENTION_DAYS', value: string(retentionDays) }
        // The local SQLite file (only the bot's own Direct Line uses it here) stays on each instance's
        // own disk: /home is one network share for all instances, where SQLite must not be shared.
        { name: 'DATA_DIR', value: '/tmp/cpms-data' }
        // The helpdesk's catalogue import is one file for every instance, on the shared /home.
        { name: 'CATALOGUE_FILE', value: '/home/data/catalogue.json' }
      ]
    }
  }
  dependsOn: [blobContainers, storageQueues, table]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${appName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: botSku }
  properties: {
    displayName: 'CPMS access assistant – ERN ReCONNET'
    endpoint: 'https://${hostName}/api/messages'
    msaAppId: useManagedIdentity ? identity!.properties.clientId : microsoftAppId
    msaAppType: useManagedIdentity ? 'UserAssignedMSI' : microsoftAppType
    msaAppTenantId: microsoftAppType == 'MultiTenant' && !useManagedIdentity ? '' : tenant().tenantId
    msaAppMSIResourceId: useManagedIdentity ? identity.id : null
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// Azure Direct Line for the web chat page: with several instances the page must not use the
// bot's own Direct Line endpoint (it keeps its conversations on one instance's disk).
resource directLine 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  location: 'global'
  properties: {
    channelName: 'DirectLineChannel'
    properties: {
      sites: [
        {
          siteName: 'ReCONNET web site'
          isEnabled: true
          isV1Enabled: false
          isV3Enabled: true
          isSecureSiteEnabled: false
          isBlockUserUploadEnabled: true
        }
      ]
    }
  }
}

output botEndpoint string = 'https://${hostName}/api/messages'
output webChatUrl string = 'https://${hostName}/'
output microsoftAppId string = useManagedIdentity ? identity!.properties.clientId : microsoftAppId
output botName string = bot.name
output storageAccount string = storage.name
