// The DNS records of the custom email domain, declared in its Azure DNS zone (deployed to the zone's resource group),
// so ACS can verify the domain and receiving servers can authenticate the mail (docs/deployment.md, step 6):
// - one TXT record set at the domain holding both the ownership value ACS gave (`ms-domain-verification=…`) and the
//   SPF policy (`v=spf1 include:spf.protection.outlook.com -all`): a name has one TXT record set, with many values;
// - the CNAMEs `selector1-azurecomm-prod-net._domainkey` and `selector2-azurecomm-prod-net._domainkey` (DKIM, DKIM2)
//   pointing at ACS's keys, so ACS signs the mail with the domain's own DKIM keys and can rotate them;
// - a TXT `_dmarc` with the DMARC policy: ACS does not give one, receivers (Gmail, Yahoo, Microsoft) expect it from
//   bulk senders, and it is what turns SPF and DKIM into a verdict.
// The names of DKIM records are fixed by ACS (docs/decisions.md); their values come from the domain resource.
//
// A record set is the whole set: declaring the TXT set at the domain replaces the TXT values already there. Give a
// domain used only for this service's mail (mail.example.com), not a zone apex that holds other TXT records.

import { EmailDomainRecords } from 'types.bicep'

@description('The Azure DNS zone the custom domain is in, e.g. example.com.')
param zoneName string

@description('The custom domain relative to the zone: `@` when it is the zone itself, else e.g. `mail`.')
param relativeName string

@description('The custom domain\'s verification records (Domain, SPF, DKIM, DKIM2) as ACS gives them.')
param records EmailDomainRecords

@minLength(8)
@description('The DMARC policy published at _dmarc.<domain>.')
param dmarcPolicy string

@description('Time to live of the records, in seconds (ACS gives 3600).')
param ttl int = 3600

var suffix = relativeName == '@' ? '' : '.${relativeName}'

resource zone 'Microsoft.Network/dnsZones@2018-05-01' existing = {
  name: zoneName
}

resource domainTxt 'Microsoft.Network/dnsZones/TXT@2018-05-01' = {
  parent: zone
  name: relativeName
  properties: {
    TTL: ttl
    TXTRecords: [
      {
        value: [
          records.Domain!.value
        ]
      }
      {
        value: [
          records.SPF!.value
        ]
      }
    ]
  }
}

resource dkim 'Microsoft.Network/dnsZones/CNAME@2018-05-01' = {
  parent: zone
  name: 'selector1-azurecomm-prod-net._domainkey${suffix}'
  properties: {
    TTL: ttl
    CNAMERecord: {
      cname: records.DKIM!.value
    }
  }
}

resource dkim2 'Microsoft.Network/dnsZones/CNAME@2018-05-01' = {
  parent: zone
  name: 'selector2-azurecomm-prod-net._domainkey${suffix}'
  properties: {
    TTL: ttl
    CNAMERecord: {
      cname: records.DKIM2!.value
    }
  }
}

resource dmarc 'Microsoft.Network/dnsZones/TXT@2018-05-01' = {
  parent: zone
  name: '_dmarc${suffix}'
  properties: {
    TTL: ttl
    TXTRecords: [
      {
        value: [
          dmarcPolicy
        ]
      }
    ]
  }
}

@description('The record sets declared, relative to the zone.')
output recordSets string[] = [
  domainTxt.name
  dkim.name
  dkim2.name
  dmarc.name
]
