// Types shared by the modules.

@export()
@description('Resource tags: names to string values.')
type Tags = {
  *: string
}

@export()
@description('Application settings of the function app: names to string values.')
type AppSettings = {
  *: string
}

@export()
@description('One DNS record as Communication Services gives it for a custom email domain.')
type DnsRecord = {
  @description('TXT or CNAME.')
  type: string
  @description('The record\'s name: the domain itself (Domain, SPF) or a name relative to it (DKIM, DKIM2).')
  name: string
  @description('The value to publish.')
  value: string
  @description('Time to live, in seconds.')
  ttl: int
}

@export()
@description('The verification records of a custom email domain (`verificationRecords` of Microsoft.Communication/emailServices/domains); none without a custom domain.')
type EmailDomainRecords = {
  @description('Ownership: a TXT at the domain, `ms-domain-verification=<guid>`.')
  Domain: DnsRecord?
  @description('SPF: a TXT at the domain, `v=spf1 include:spf.protection.outlook.com -all`.')
  SPF: DnsRecord?
  @description('DKIM: the CNAME `selector1-azurecomm-prod-net._domainkey`.')
  DKIM: DnsRecord?
  @description('DKIM2: the CNAME `selector2-azurecomm-prod-net._domainkey`.')
  DKIM2: DnsRecord?
}

@export()
@description('A DNS record for whoever manages the email domain\'s zone, its name in full.')
type DnsRecordToPublish = {
  @description('TXT or CNAME.')
  type: string
  @description('The record\'s full name.')
  name: string
  @description('The value to publish.')
  value: string
  @description('What the record is for.')
  purpose: string
}
