/**
 * Issue 13 ("no keys in Azure"): the stack reaches ACS as the deployment does — `ACS_ENDPOINT` and the app's
 * user-assigned managed identity, whose tokens the Functions host gets from the platform's managed-identity endpoint
 * (served by the local Entra) — and the local ACS has local auth disabled, as the Bicep's `disableLocalAuth`. An
 * invitation email and an activation SMS sent by the app arrive; the resource's access key is refused; the host's
 * managed-identity endpoint gives nothing without its header or for an identity it does not know.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { signAcsRequest } from '../../dev/acs/server.js';
import { call, invitationFor, invite } from '../support/invitations.js';
import { mailbox, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

describe('ACS through the managed identity, on the stack', () => {
  it('when the host starts, then the app is configured as in Azure: ACS_ENDPOINT and its identity, no access key', () => {
    const settings = inject('stackSettings');
    expect(settings.ACS_ENDPOINT).toBe(stack().acs.endpoint.replace(/\/$/, ''));
    expect(settings).not.toHaveProperty('ACS_CONNECTION_STRING');
    expect(settings.AzureWebJobsStorage__clientId).toBe(inject('managedIdentity').clientId);
  });

  it('when the app sends an invitation email and an activation SMS, then both arrive', async () => {
    const email = uniqueEmail('mi');
    expect((await invite(invitationFor(email))).status).toBe(201);
    expect(await waitForMessage(email)).toMatchObject({ kind: 'email', to: email });

    const phone = `+33612${String(randomInt(1_000_000)).padStart(6, '0')}`;
    const prospect = await call<{ id: string }>('POST', '/clients', {
      body: {
        civility: 'mrs',
        firstName: 'Claire',
        lastName: 'Jeton',
        email: uniqueEmail('mi-sms'),
        phone,
        mobileApp: { offered: true, usableUntil: '2035-12-31' },
      },
    });
    expect(prospect.status).toBe(201);
    expect((await call('POST', '/SendActivationSms', { body: { clientId: prospect.body.id } })).status).toBe(202);
    await expect.poll(async () => (await mailbox(phone)).length, { timeout: 15_000 }).toBe(1);
  });

  it('when a request is signed with the resource’s access key, then ACS refuses it (local auth disabled)', async () => {
    const accessKey = /accesskey=([^;]+)/.exec(stack().acs.connectionString)![1]!;
    const url = `${stack().acs.endpoint}emails:send?api-version=2025-09-01`;
    const body = JSON.stringify({
      senderAddress: 'DoNotReply@mail.gfms.example',
      content: { subject: 'Clé', plainText: 'x' },
      recipients: { to: [{ address: uniqueEmail('hmac') }] },
    });
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signAcsRequest({ method: 'POST', url, body, accessKey }) },
      body,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'Denied' } });
  });

  it('when the managed-identity endpoint is asked without its header, or for an unknown identity, then it gives no token', async () => {
    const { endpoint, header, clientId } = inject('managedIdentity');
    const ask = (id: string, headers: Record<string, string>) =>
      fetch(`${endpoint}?api-version=2019-08-01&resource=https://communication.azure.com/&client_id=${id}`, {
        headers,
      });
    expect((await ask(clientId, {})).status).toBe(401);
    expect((await ask(clientId, { 'x-identity-header': randomUUID() })).status).toBe(401);
    expect((await ask(randomUUID(), { 'x-identity-header': header })).status).toBe(400);
    expect((await ask(clientId, { 'x-identity-header': header })).status).toBe(200);
  });
});
