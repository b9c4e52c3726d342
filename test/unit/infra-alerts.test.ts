/**
 * What on-call gets from the template (infra/modules/alerts.bicep, email-dns.bicep), read from the deployment
 * snapshots `npm run infra:check` keeps: every alert rule of issue 13 by its name, each notifying the action group
 * `ag-ops`; the log queries and the workbook naming only events the app really emits (a grep of shared/ and
 * functions/, so renaming an event without its query fails here); the availability test of /api/health; the custom
 * email domain's DNS records (in the zone when one is given, else as an output).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface Resource {
  id: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  tags?: Record<string, string>;
  [key: string]: unknown;
}

interface Snapshot {
  predictedResources: Resource[];
  outputs: Record<string, unknown>;
}

const snapshot = (name: 'azure-managed-domain' | 'custom-domain') =>
  JSON.parse(readFileSync(path.join(root, 'test/fixtures/bicep', `${name}.snapshot.json`), 'utf8')) as Snapshot;
const managed = snapshot('azure-managed-domain');
const custom = snapshot('custom-domain');

const ALERTS = [
  'alert-poison-messages',
  'alert-email-delivery-failures',
  'alert-sms-delivery-failures',
  'alert-sms-budget-80',
  'alert-sms-budget-100',
  'alert-http-5xx',
  'alert-entra-graph-failures',
  'alert-health-failing',
];

const ofType = (s: Snapshot, type: string) => s.predictedResources.filter((r) => r.type === type);
const logRules = (s: Snapshot) => ofType(s, 'Microsoft.Insights/scheduledQueryRules');
const queryOf = (rule: Resource) =>
  ((rule.properties.criteria as { allOf: Array<{ query: string }> }).allOf[0] as { query: string }).query;

/** The workbook's KQL queries (its serializedData is a JSON string). */
function workbookQueries(s: Snapshot): string[] {
  const workbook = ofType(s, 'Microsoft.Insights/workbooks')[0];
  const data = JSON.parse(String(workbook?.properties.serializedData)) as {
    items: Array<{ content: { query?: string } }>;
  };
  return data.items.flatMap((item) => (item.content.query ? [item.content.query] : []));
}

/** The event names a KQL query filters on: `event == "x"`, `event in ("x", "y")`, `event != "x"`. */
function eventsNamed(query: string): string[] {
  const names: string[] = [];
  for (const match of query.matchAll(/\bevent\s*(?:==|!=)\s*"([^"]+)"/g)) names.push(match[1] as string);
  for (const match of query.matchAll(/\bevent\s+in\s*\(([^)]*)\)/g)) {
    for (const quoted of (match[1] as string).matchAll(/"([^"]+)"/g)) names.push(quoted[1] as string);
  }
  return [...new Set(names)];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const code = [...sourceFiles(path.join(root, 'shared')), ...sourceFiles(path.join(root, 'functions'))].map((file) =>
  readFileSync(file, 'utf8'),
);
const domainCode = sourceFiles(path.join(root, 'shared/domain')).map((file) => readFileSync(file, 'utf8'));

/** Event names passed as a literal to a log call: `log.warn('x', …)`, `log.info(\n 'x', …)`. */
const loggedLiterals = new Set(
  code.flatMap((text) => [...text.matchAll(/\.(?:debug|info|warn|error)\(\s*'([^']+)'/g)].map((m) => m[1] as string)),
);
/** Event names built from an outcome's kind: `log.info(\`email.report.${result.kind}\`, …)` → `email.report.`. */
const loggedPrefixes = code.flatMap((text) =>
  [...text.matchAll(/\.(?:debug|info|warn|error)\(\s*`([a-z0-9.-]+\.)\$\{[a-zA-Z.]*kind\}`/g)].map(
    (m) => m[1] as string,
  ),
);
const domainKinds = new Set(
  domainCode.flatMap((text) => [...text.matchAll(/kind: '([a-z-]+)'/g)].map((m) => m[1] as string)),
);

/** Whether the app logs this event: a literal name, or a name built from a kind the domain returns. */
function emitted(event: string): boolean {
  if (loggedLiterals.has(event)) return true;
  return loggedPrefixes.some((prefix) => event.startsWith(prefix) && domainKinds.has(event.slice(prefix.length)));
}

describe('alert rules and the action group ag-ops', () => {
  it.each([
    ['azure-managed-domain', managed],
    ['custom-domain', custom],
  ])('%s: every alert rule is declared, enabled, and notifies ag-ops', (_name, s) => {
    const group = ofType(s, 'Microsoft.Insights/actionGroups');
    expect(group.map((g) => g.name)).toEqual(['ag-ops']);
    const groupId = (group[0] as Resource).id;
    const metricRules = ofType(s, 'Microsoft.Insights/metricAlerts');
    expect([...logRules(s), ...metricRules].map((r) => r.name).sort()).toEqual([...ALERTS].sort());
    for (const rule of logRules(s)) {
      expect(rule.properties.enabled, rule.name).toBe(true);
      expect((rule.properties.actions as { actionGroups: string[] }).actionGroups, rule.name).toEqual([groupId]);
      expect((rule.properties.scopes as string[])[0], rule.name).toMatch(/\/Microsoft\.Insights\/components\/appi-/);
    }
    for (const rule of metricRules) {
      expect((rule.properties.actions as Array<{ actionGroupId: string }>).map((a) => a.actionGroupId)).toEqual([
        groupId,
      ]);
    }
  });

  it('when an on-call address is given, then ag-ops emails it; without one the group is declared with no receiver', () => {
    const receivers = (s: Snapshot) =>
      (
        (ofType(s, 'Microsoft.Insights/actionGroups')[0] as Resource).properties.emailReceivers as Array<{
          emailAddress: string;
        }>
      ).map((r) => r.emailAddress);
    expect(receivers(custom)).toEqual(['oncall@example.com']);
    expect(receivers(managed)).toEqual([]);
  });

  it('when the delivery failure alerts evaluate, then they look at the last hour, and the poison one at each 5-minute count', () => {
    const rule = (name: string) => logRules(custom).find((r) => r.name === name)?.properties;
    for (const name of ['alert-email-delivery-failures', 'alert-sms-delivery-failures']) {
      expect(rule(name)?.windowSize, name).toBe('PT1H');
      expect(queryOf(logRules(custom).find((r) => r.name === name) as Resource)).toMatch(
        /failed \* 100\.0 \/ reports >/,
      );
    }
    expect(rule('alert-poison-messages')).toMatchObject({ evaluationFrequency: 'PT5M', windowSize: 'PT10M' });
    expect(queryOf(logRules(custom).find((r) => r.name === 'alert-sms-budget-80') as Resource)).toContain(
      'toint(line.percent) == 80',
    );
  });

  it('when /api/health stops answering 200, then the availability test sees it and alert-health-failing fires', () => {
    const test = ofType(custom, 'Microsoft.Insights/webtests')[0] as Resource;
    expect(test.kind).toBe('standard');
    const properties = test.properties as unknown as {
      Request: { RequestUrl: string; HttpVerb: string };
      ValidationRules: { ExpectedHttpStatusCode: number };
      Locations: unknown[];
    };
    expect(properties.Request.RequestUrl).toMatch(/^\[format\('\{0\}\/api\/health'/);
    expect(properties.Request.HttpVerb).toBe('GET');
    expect(properties.ValidationRules.ExpectedHttpStatusCode).toBe(200);
    expect(properties.Locations.length).toBeGreaterThanOrEqual(5);
    expect(Object.entries(test.tags ?? {})).toContainEqual([expect.stringMatching(/^hidden-link:.*appi-/), 'Resource']);
    const alert = ofType(custom, 'Microsoft.Insights/metricAlerts')[0] as Resource;
    expect(alert.name).toBe('alert-health-failing');
    expect(alert.properties.criteria).toMatchObject({
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria',
      webTestId: test.id,
      failedLocationCount: 2,
    });
  });
});

describe('the events the queries read are the events the app emits', () => {
  const queries = [...logRules(custom).map(queryOf), ...workbookQueries(custom)];
  const named = [...new Set(queries.flatMap(eventsNamed))].sort();

  it('when the queries are read, then they name the events of each alert and of the funnel', () => {
    expect(named).toEqual([
      'company.created',
      'email.report.account-email',
      'email.report.failed',
      'email.report.recorded',
      'invitation.email.sent',
      'queues.poison.waiting',
      'request.refused',
      'security.sign-in.succeeded',
      'sms-budget-exhausted',
      'sms-budget-reached',
      'sms.report.failed',
      'sms.report.recorded',
    ]);
  });

  it('when an event is named in a query, then shared/ or functions/ logs it', () => {
    expect(named.filter((event) => !emitted(event))).toEqual([]);
  });

  it('when an event is renamed or misspelt, then it is not found (the check bites)', () => {
    expect(emitted('invitation.email.sentt')).toBe(false);
    expect(emitted('queues.poison.counted')).toBe(false);
    expect(emitted('email.report.deliverd')).toBe(false);
    expect(eventsNamed('traces | where event in ("a.b", "c-d") or event == "e.f"')).toEqual(['e.f', 'a.b', 'c-d']);
  });

  it('when the workbook shows the funnel, then it counts invitations sent, accepted and completed, per day and over the period', () => {
    const [perDay, funnel] = workbookQueries(custom);
    for (const query of [perDay, funnel]) {
      expect(query).toContain('sent = dcountif(invitationId, event == "invitation.email.sent")');
      expect(query).toContain('accepted = dcountif(invitationId, event == "security.sign-in.succeeded")');
      expect(query).toContain('completed = dcountif(invitationId, event == "company.created")');
      // An acceptance is the sign-in of the invitation flow (the callback logs flow: 'accept').
      expect(query).toContain('tostring(line.flow) == "accept"');
    }
    expect(perDay).toContain('by day = bin(timestamp, 1d)');
    expect(funnel).toContain('acceptedOfSentPercent');
    expect(code.some((text) => text.includes("flow: 'accept'"))).toBe(true);
  });
});

describe('the custom email domain in DNS', () => {
  const records = (s: Snapshot) => s.predictedResources.filter((r) => r.type.startsWith('Microsoft.Network/dnsZones/'));

  it('when a zone is given, then its resource group holds one TXT set (ownership + SPF), both DKIM CNAMEs and DMARC', () => {
    const declared = records(custom);
    expect(declared.map((r) => [r.type.split('/').pop(), r.name]).sort()).toEqual([
      ['CNAME', 'example.com/selector1-azurecomm-prod-net._domainkey.mail'],
      ['CNAME', 'example.com/selector2-azurecomm-prod-net._domainkey.mail'],
      ['TXT', 'example.com/_dmarc.mail'],
      ['TXT', 'example.com/mail'],
    ]);
    for (const r of declared) expect(r.id).toMatch(/^\/subscriptions\/[^/]+\/resourceGroups\/rg-dns\//);
    const byName = new Map(declared.map((r) => [r.name, r.properties]));
    const domain = 'mail.example.com';
    const txt = byName.get('example.com/mail')?.TXTRecords as Array<{ value: string[] }>;
    expect(txt.map((t) => t.value)).toEqual([
      [expect.stringMatching(new RegExp(`domains/${domain}', '[^']+'\\)\\.verificationRecords\\.Domain\\.value\\]$`))],
      [expect.stringMatching(new RegExp(`domains/${domain}', '[^']+'\\)\\.verificationRecords\\.SPF\\.value\\]$`))],
    ]);
    for (const [selector, record] of [
      ['selector1', 'DKIM'],
      ['selector2', 'DKIM2'],
    ]) {
      const cname = byName.get(`example.com/${selector}-azurecomm-prod-net._domainkey.mail`)?.CNAMERecord as {
        cname: string;
      };
      expect(cname.cname).toMatch(new RegExp(`\\.verificationRecords\\.${record}\\.value\\]$`));
    }
    const dmarc = byName.get('example.com/_dmarc.mail')?.TXTRecords as Array<{ value: string[] }>;
    expect(dmarc).toEqual([{ value: [expect.stringMatching(/^v=DMARC1; p=quarantine;/)] }]);
    expect(custom.outputs.EMAIL_DNS_RECORDS_DECLARED).toBe(true);
  });

  it('when there is no zone, then nothing is declared in DNS and the output lists the records for the DNS admin', () => {
    expect(records(managed)).toEqual([]);
    expect(managed.outputs.EMAIL_DNS_RECORDS).toEqual([]);
    expect(managed.outputs.EMAIL_DNS_RECORDS_DECLARED).toBe(false);
    // With a custom domain the output names each record in full (evaluated in Azure: the values are ACS's).
    const listed = String(custom.outputs.EMAIL_DNS_RECORDS);
    for (const name of [
      "'name', 'mail.example.com'",
      "'name', 'selector1-azurecomm-prod-net._domainkey.mail.example.com'",
      "'name', 'selector2-azurecomm-prod-net._domainkey.mail.example.com'",
      "'name', '_dmarc.mail.example.com'",
    ]) {
      expect(listed).toContain(name);
    }
  });
});
