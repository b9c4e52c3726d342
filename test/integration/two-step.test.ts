/**
 * Two-step verification through the whole local stack (issue 14, items 1 and 2): enrollment from the profile after a
 * fresh sign-in, the secret sealed in its row (never in plaintext), the code step at sign-in (a session waiting for
 * it gets no other page; a code accepted once; 5 wrong codes → 429 with Retry-After), ActivateDevice's `totpCode`
 * (401 two-step-required missing, then wrong, the activation code still unspent, then 200), and the device
 * credentials issued before two-step was turned on, or off, refused.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { nodeTwoStepCrypto } from '../../shared/adapters/totp.js';
import { base32Decode, totp } from '../../shared/domain/two-step.js';
import { call, invitationFor, invite, sleep } from '../support/invitations.js';
import {
  acceptThroughEntra,
  createClientAccount,
  csrfIn,
  onboardThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { api, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const PASSWORD = 'TwoStep-Int-12345';
const appCode = (secret: string, stepsAhead = 0) =>
  totp(nodeTwoStepCrypto, base32Decode(secret)!, new Date(Date.now() + stepsAhead * 30_000));
const mobile = () => `+33614${String(randomInt(1_000_000)).padStart(6, '0')}`;

async function onboardedClient(label: string) {
  const email = uniqueEmail(label);
  const objectId = await createClientAccount(email, PASSWORD, 'Tess Deux');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: `Deux Etapes ${randomUUID().slice(0, 6)}`,
        address: { line1: '2 rue du Code', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
  const found = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: email })}`);
  return { email, objectId, visitor, clientId: found.body.items[0]!.id };
}

/** Turns two-step on through the profile (fresh sign-in first): the secret shown, the recovery codes. */
async function turnOn(visitor: Visitor, email: string) {
  const stale = await visitor.get(api('/Profile/two-step?lang=en'));
  if (stale.status === 303)
    await visitor.get(await throughEntra(visitor, stale.location!, { email, password: PASSWORD }));
  const form = await visitor.get(api('/Profile/two-step?lang=en'));
  expect(form.status, form.body.slice(0, 300)).toBe(200);
  const secret = /data-totp-secret="([A-Z2-7]+)"/.exec(form.body)![1]!;
  const wrong = await visitor.post(api('/Profile/two-step?lang=en'), { csrf: csrfIn(form.body), code: '000000' });
  expect(wrong.status).toBe(400);
  const confirmed = await visitor.post(api('/Profile/two-step?lang=en'), {
    csrf: csrfIn(form.body),
    code: appCode(secret),
  });
  expect(confirmed.status, confirmed.body.slice(0, 300)).toBe(200);
  const recoveryCodes = [...confirmed.body.matchAll(/data-recovery-code="([^"]+)"/g)].map((m) => m[1]!);
  expect(recoveryCodes).toHaveLength(10);
  return { secret, recoveryCodes };
}

/** The file offered the app on a new phone, the SMS sent: both codes. */
async function activationCodes(clientId: string) {
  const phone = mobile();
  const edited = await call<{ mobileApp: { identificationCode: string } }>('PATCH', `/clients/${clientId}`, {
    body: { phone, mobileApp: { offered: true, usableUntil: '2031-12-31' } },
  });
  expect(edited.status, edited.text).toBe(200);
  const identificationCode = edited.body.mobileApp.identificationCode;
  const sent = await call('POST', '/SendActivationSms', { body: { clientId } });
  expect(sent.status, sent.text).toBe(202);
  const sms = await waitForMessage(phone, (m) => m.kind === 'sms');
  const activationCode = /(?<!\d)(\d{6})(?!\d)/.exec(sms.text.replace(identificationCode, ''))![1]!;
  return { identificationCode, activationCode };
}

async function activate(codes: { identificationCode: string; activationCode: string }, totpCode?: string) {
  const response = await fetch(api('/ActivateDevice'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...codes, ...(totpCode ? { totpCode } : {}) }),
  });
  return {
    status: response.status,
    body: (await response.json()) as { code?: string; reason?: string; deviceToken?: string },
  };
}

async function deviceStatus(token: string) {
  const response = await fetch(api('/devices/current'), { headers: { authorization: `Bearer ${token}` } });
  return [response.status, ((await response.json()) as { code?: string }).code];
}

/** A new sign-in with the password: where the callback sends the browser. */
async function signIn(email: string) {
  const visitor = new Visitor();
  const start = await visitor.get(api('/SignIn?prompt=login&lang=en'));
  const landing = await throughEntra(visitor, start.location!, { email, password: PASSWORD });
  const callback = await visitor.get(landing);
  return { visitor, callback };
}

describe('two-step verification', () => {
  it('when a client turns it on, then the secret is sealed in its row, sign-in waits for a code, a code works once, and 5 wrong codes lock with 429', async () => {
    const { email, objectId, visitor } = await onboardedClient('two-step-sign-in');
    const { secret } = await turnOn(visitor, email);

    const table = TableClient.fromConnectionString(stack().storage.connectionString, 'ClientAccounts', {
      allowInsecureConnection: true,
    });
    const rows = table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `PartitionKey ge '' and RowKey eq 'two-step'` },
    });
    let row: Record<string, unknown> | undefined;
    for await (const r of rows) if (String(r.partitionKey).endsWith(objectId)) row = r;
    expect(row?.Status).toBe('on');
    expect(String(row?.Secret)).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(secret);

    const { visitor: browser, callback } = await signIn(email);
    expect(callback.status).toBe(303);
    expect(callback.location).toMatch(/\/api\/SignIn\/two-step\?lang=en&next=%2Fapi%2FWelcome$/);
    const held = await browser.get(api('/Welcome'));
    expect([held.status, held.location]).toEqual([303, api('/SignIn/two-step?lang=en')]);
    const page = await browser.get(api('/SignIn/two-step?lang=en'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('/api/SignIn/two-step/help');
    const code = appCode(secret, 1);
    const passed = await browser.post(api('/SignIn/two-step?lang=en'), { csrf: csrfIn(page.body), code });
    expect([passed.status, passed.location]).toEqual([303, api('/Welcome')]);
    expect((await browser.get(api('/Welcome'))).status).toBe(200);

    const again = await signIn(email);
    const form = await again.visitor.get(api('/SignIn/two-step?lang=en'));
    const replayed = await again.visitor.post(api('/SignIn/two-step?lang=en'), { csrf: csrfIn(form.body), code });
    expect(replayed.status).toBe(400);
    for (let i = 0; i < 3; i++) {
      const wrong = await again.visitor.post(api('/SignIn/two-step?lang=en'), {
        csrf: csrfIn(form.body),
        code: '000000',
      });
      expect(wrong.status).toBe(400);
    }
    const locking = await again.visitor.post(api('/SignIn/two-step?lang=en'), {
      csrf: csrfIn(form.body),
      code: '000000',
    });
    expect(locking.status).toBe(429);
    expect(Number(locking.headers.get('retry-after'))).toBe(900);
    const right = await again.visitor.post(api('/SignIn/two-step?lang=en'), {
      csrf: csrfIn(form.body),
      code: appCode(secret, 1),
    });
    expect(right.status).toBe(429);
    expect((await again.visitor.get(api('/Profile'))).status).toBe(303);
  }, 90_000);

  it('when two-step is on, then ActivateDevice needs the code without spending the activation code; credentials issued before turning it on or off are refused', async () => {
    const { email, visitor, clientId } = await onboardedClient('two-step-device');
    const before = await activate(await activationCodes(clientId));
    expect(before.status).toBe(200);
    await sleep(1_000);
    const { secret, recoveryCodes } = await turnOn(visitor, email);
    expect(await deviceStatus(before.body.deviceToken!)).toEqual([401, 'device-revoked']);

    await sleep(1_000);
    const codes = await activationCodes(clientId);
    const missing = await activate(codes);
    expect([missing.status, missing.body.code, missing.body.reason]).toEqual([401, 'two-step-required', 'missing']);
    const wrong = await activate(codes, '000000');
    expect([wrong.status, wrong.body.code, wrong.body.reason]).toEqual([401, 'two-step-required', 'wrong']);
    const activated = await activate(codes, appCode(secret, 1));
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(await deviceStatus(activated.body.deviceToken!)).toEqual([200, undefined]);

    // Turning it off (a recovery code) ends that credential too.
    await sleep(1_000);
    const offForm = await visitor.get(api('/Profile/two-step/off?lang=en'));
    expect(offForm.status).toBe(200);
    const off = await visitor.post(api('/Profile/two-step/off?lang=en'), {
      csrf: csrfIn(offForm.body),
      code: recoveryCodes[0]!,
    });
    expect(off.status, off.body.slice(0, 300)).toBe(200);
    expect(await deviceStatus(activated.body.deviceToken!)).toEqual([401, 'device-revoked']);
    const profile = await visitor.get(api('/Profile?lang=en'));
    expect(profile.body).toContain('Turn on two-step verification');
  }, 90_000);

  it('when a client with two-step on accepts another provider’s invitation, then the session waits for the code; a new person is not asked', async () => {
    const { email, visitor } = await onboardedClient('two-step-accept');
    await turnOn(visitor, email);
    const horizon = await invite(invitationFor(email, { sendEmail: false, locale: 'en' }), {
      as: 'other-provider-user',
    });
    expect(horizon.status, horizon.text).toBe(201);
    const { callback } = await acceptThroughEntra(new Visitor(), String(horizon.body.acceptUrl), {
      email,
      password: PASSWORD,
    });
    expect(callback.status).toBe(303);
    expect(callback.location).toMatch(/\/api\/SignIn\/two-step\?lang=en&next=%2Fapi%2F(CreateCompany|Welcome)$/);

    // A person new to the service: their account is created by this acceptance, no two-step to ask for.
    const fresh = uniqueEmail('two-step-new');
    await createClientAccount(fresh, PASSWORD, 'Nouvelle Personne');
    const first = await invite(invitationFor(fresh, { sendEmail: false, locale: 'en' }));
    const accepted = await acceptThroughEntra(new Visitor(), String(first.body.acceptUrl), {
      email: fresh,
      password: PASSWORD,
    });
    expect([accepted.callback.status, accepted.callback.location]).toEqual([303, api('/CreateCompany')]);
  });
});
