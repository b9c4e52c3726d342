/**
 * The first "must show" of issue 7: the Functions host of the test stack runs with exactly the settings an Azure
 * deployment of `infra/main.bicep` gives the app — names and defaults read from the Bicep (External ID authority, no
 * CLIENT_ISSUER, API_APP_ID), only the endpoints pointed at the local stack and the listed substitutes where the
 * stand-in cannot serve Azure's mechanism — and an invitation journey completes with them: a professional's
 * client-credentials token whose `aud` is the API's GUID, the email in the mailbox, an External ID-shaped sign-in.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { azureSettingsForLocalStack, LOCAL_SUBSTITUTES } from '../support/bicep-settings.js';
import { invitationFor, invite, linkIn, token } from '../support/invitations.js';
import { createClientAccount, onboardThroughEntra } from '../support/onboarding-http.js';
import { stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const root = path.resolve(import.meta.dirname, '../..');

/** What a deployer passes for the params without defaults, here for the local tenants and apps. */
function localDeployment() {
  const settings = inject('stackSettings');
  const { workforce, external } = stack().entra;
  return {
    params: {
      workforceTenantId: workforce.tenantId,
      apiAppId: settings.API_APP_ID!,
      clientTenantId: external.tenantId,
      clientAuthority: external.authority,
      clientAppId: settings.CLIENT_APP_ID!,
      consoleAppId: settings.CONSOLE_APP_ID!,
      smsSender: settings.SMS_SENDER!,
    },
    substitutes: Object.fromEntries(
      Object.values(LOCAL_SUBSTITUTES)
        .map((s) => s.instead)
        .filter((key): key is string => key !== null && settings[key] !== undefined)
        .map((key) => [key, settings[key]!]),
    ),
  };
}

describe('the deployed configuration, on the local stack', () => {
  it('when the Bicep’s app settings are built for the local stack, then the stack’s settings are exactly those', () => {
    const azure = azureSettingsForLocalStack(root, localDeployment());
    const overrides = new Set(inject('stackSettingOverrides'));
    const local = inject('stackSettings');
    // The names: the same keys, none more, none fewer — apart from what the test setup sets through the stack's
    // `functionSettings` option (faster retries, higher quotas, debug logs).
    const names = (settings: Record<string, string>) =>
      Object.keys(settings)
        .filter((k) => !overrides.has(k))
        .sort();
    expect(names(local)).toEqual(names(azure));
    // The values: every key the tests do not override is what Azure would have.
    for (const [key, value] of Object.entries(azure)) if (!overrides.has(key)) expect(local[key], key).toBe(value);
    // The identity settings the issue is about are the defaults: no CLIENT_ISSUER, the authority of the tenant.
    expect(azure).not.toHaveProperty('CLIENT_ISSUER');
    expect(azure).not.toHaveProperty('WORKFORCE_ISSUER');
    expect(azure.CLIENT_AUTHORITY).toBe(stack().entra.external.authority);
  });

  it('when the host starts, then Node.js runs with the worker arguments the Bicep sets (the heap of its instance)', async () => {
    const azure = azureSettingsForLocalStack(root, localDeployment());
    // 2,048 MB instances (the Bicep's default): a quarter for the old space.
    expect(azure.languageWorkers__node__arguments).toBe('--max-old-space-size=512');
    const log = await readFile(path.join(root, '.dev/test-integration/stack.log'), 'utf8');
    expect(log).toMatch(/\] Node\.js v\d+\.\d+\.\d+ \(--max-old-space-size=512\)$/m);
  });

  it('when the stack publishes its tenants, then their discovery documents name Azure’s issuers', async () => {
    const { workforce, external } = stack().entra;
    const issuerOf = async (authority: string) =>
      ((await (await fetch(`${authority}/v2.0/.well-known/openid-configuration`)).json()) as { issuer: string }).issuer;
    expect(await issuerOf(external.authority)).toBe(
      `https://${external.tenantId}.ciamlogin.com/${external.tenantId}/v2.0`,
    );
    expect(await issuerOf(workforce.authority)).toBe(`https://login.microsoftonline.com/${workforce.tenantId}/v2.0`);
  });

  it('when a professional invites with a client-credentials token (aud = the API’s GUID), then the invitee onboards through External ID', async () => {
    const bearer = await token('app');
    expect(decodeJwt(bearer)).toMatchObject({
      aud: inject('stackSettings').API_APP_ID,
      iss: `https://login.microsoftonline.com/${stack().entra.workforce.tenantId}/v2.0`,
    });
    const email = uniqueEmail('azure-settings');
    const password = 'Azure-Settings-Pass-1';
    await createClientAccount(email, password);
    const company = {
      name: 'Azure Settings Maintenance',
      address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    };
    const created = await invite(invitationFor(email, { locale: 'en', company }), { as: 'app' });
    expect(created.status, created.text).toBe(201);
    const link = linkIn(await waitForMessage(email));
    // Accept, sign in at the external tenant (ID token iss = https://<tid>.ciamlogin.com/<tid>/v2.0), create the company.
    const visitor = await onboardThroughEntra(link, { email, password });
    const welcome = await visitor.get(`${stack().functions.baseUrl}/Welcome`);
    expect(welcome.status).toBe(200);
  });
});
