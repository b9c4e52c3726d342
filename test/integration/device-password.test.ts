/**
 * The mobile app and password changes (issue 14, item 5) through the whole local stack: a client with an account
 * activates the app; the password changed from the profile → the old credential is refused at its next call, a new
 * activation works; the password set through Graph directly (as Entra's own "forgot password" does, which the
 * product never hears of) → refused once DEVICE_CREDENTIAL_CHECK_SECONDS (2 s on the integration stack) has passed; a
 * temporary password → refused. And `GET /api/me/companies` for a client of two providers: both listed, then the one
 * that blocked the client left out.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleVisitor } from '../support/console-http.js';
import { call, invitationFor, invite, sleep } from '../support/invitations.js';
import {
  acceptThroughEntra,
  createClientAccount,
  csrfIn,
  onboardThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { api, graphToken, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const PASSWORD = 'Device-Pass-12345';
/** What must never reach a log line: the credentials' signatures, the codes, the passwords set. */
const secrets: string[] = ['Lanterne-Verte-42', 'Kayak-Rouge-4712'];
/** The integration stack's DEVICE_CREDENTIAL_CHECK_SECONDS (test/support/global-setup.ts). */
const CHECK_MS = 2_000;

interface Answer {
  code?: string;
  deviceToken?: string;
  clientId?: string;
  items?: Array<{ providerId: string; providerName: string; companyId?: string; companyName?: string }>;
}

/** A French mobile nobody else uses (each phone has its own SMS limits: a new one for each activation). */
const mobile = () => `+33613${String(randomInt(1_000_000)).padStart(6, '0')}`;

/** A client of GFMS onboarded for real (an account, a company); the visitor holds the session. */
async function onboardedClient(label: string) {
  const email = uniqueEmail(label);
  const objectId = await createClientAccount(email, PASSWORD, 'Willy Urs');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: `Urs Appli ${randomUUID().slice(0, 6)}`,
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
  const found = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: email })}`);
  expect(found.body.items).toHaveLength(1);
  return { email, objectId, visitor, clientId: found.body.items[0]!.id };
}

/**
 * The app activated on a new device: the file gets a new mobile (the app offered), a professional sends the code,
 * the app types both codes. Returns the credential.
 */
async function activateApp(clientId: string): Promise<string> {
  const phone = mobile();
  const edited = await call<{ mobileApp: { identificationCode: string } }>('PATCH', `/clients/${clientId}`, {
    body: { phone, mobileApp: { offered: true, usableUntil: '2031-12-31' } },
  });
  expect(edited.status, edited.text).toBe(200);
  const identificationCode = edited.body.mobileApp.identificationCode;
  const sent = await call('POST', '/SendActivationSms', { body: { clientId } });
  expect(sent.status, sent.text).toBe(202);
  const sms = await waitForMessage(phone, (m) => m.kind === 'sms');
  const activationCode = /(?<!\d)(\d{6})(?!\d)/.exec(sms.text.replace(identificationCode, ''))?.[1];
  if (!activationCode) throw new Error('no 6-digit code in the SMS');
  secrets.push(activationCode, identificationCode);
  const response = await fetch(api('/ActivateDevice'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identificationCode, activationCode }),
  });
  const body = (await response.json()) as Answer;
  expect(response.status, JSON.stringify(body)).toBe(200);
  secrets.push(body.deviceToken!.split('.')[2]!);
  return body.deviceToken!;
}

async function device(path: '/devices/current' | '/me/companies', token?: string) {
  const response = await fetch(api(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
}

const statusOf = async (token: string) => {
  const answer = await device('/devices/current', token);
  return [answer.status, answer.body.code];
};

describe('device credentials and password changes', () => {
  it('when the password is changed from the profile, then the old credential is refused at once; after a Graph reset, once the check bound passes; each time a new activation works', async () => {
    const { email, objectId, visitor, clientId } = await onboardedClient('device-profile');
    const first = await activateApp(clientId);
    expect(await statusOf(first)).toEqual([200, undefined]);

    // Profile → Change password, after the fresh sign-in it asks for.
    const stale = await visitor.get(api('/Profile/password?lang=en'));
    expect(stale.status).toBe(303);
    await visitor.get(await throughEntra(visitor, stale.location!, { email, password: PASSWORD }));
    const form = await visitor.get(api('/Profile/password?lang=en'));
    const changed = await visitor.post(api('/Profile/password?lang=en'), {
      csrf: csrfIn(form.body),
      password: 'Lanterne-Verte-42',
      confirmation: 'Lanterne-Verte-42',
    });
    expect(changed.status, changed.body.slice(0, 300)).toBe(200);
    const refused = await device('/devices/current', first);
    expect([refused.status, refused.body.code]).toEqual([401, 'device-revoked']);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await device('/me/companies', first)).status).toBe(401);

    // A credential's `iat` has whole seconds: one issued in the second of the change could predate it.
    await sleep(1_000);
    const second = await activateApp(clientId);
    expect(await statusOf(second)).toEqual([200, undefined]);

    // Entra's own reset: Graph's passwordProfile set directly; the product hears nothing.
    const reset = await fetch(`${stack().entra.external.graphUrl}/users/${objectId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await graphToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ passwordProfile: { password: 'Kayak-Rouge-4712', forceChangePasswordNextSignIn: false } }),
    });
    expect(reset.status).toBe(204);
    await sleep(CHECK_MS + 1_200);
    expect(await statusOf(second)).toEqual([401, 'device-revoked']);
    const third = await activateApp(clientId);
    expect(await statusOf(third)).toEqual([200, undefined]);
  }, 90_000);

  it('when a professional sets a temporary password, then the old credential is refused; a new activation works', async () => {
    const { clientId } = await onboardedClient('device-temporary');
    const first = await activateApp(clientId);
    expect(await statusOf(first)).toEqual([200, undefined]);
    const temporary = await call<{ temporaryPassword: string }>('POST', '/ResetPassword/temporary', {
      body: { clientId },
    });
    expect(temporary.status, temporary.text).toBe(201);
    secrets.push(temporary.body.temporaryPassword);
    expect(await statusOf(first)).toEqual([401, 'device-revoked']);
    // The professional's sheet says so: that device is signed out since the change, not "active".
    const sheetPath = `/console/clients/${clientId}?tab=app&lang=en`;
    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, sheetPath);
    const signedOut = async () => (await professional.get(api(sheetPath))).body.match(/data-signed-out/g)?.length ?? 0;
    expect(await signedOut()).toBe(1);
    await sleep(1_000);
    expect(await statusOf(await activateApp(clientId))).toEqual([200, undefined]);
    // The device activated after it is active.
    expect(await signedOut()).toBe(1);
  }, 60_000);
});

describe('GET /api/me/companies', () => {
  it('when the client is the client of two providers, then both are listed; once one blocks them, it is left out; no or a bad credential is 401', async () => {
    const { email, clientId } = await onboardedClient('device-companies');
    const horizon = await invite(invitationFor(email, { sendEmail: false, locale: 'en' }), { as: 'other-provider' });
    expect(horizon.status).toBe(201);
    const accepted = await acceptThroughEntra(new Visitor(), String(horizon.body.acceptUrl), {
      email,
      password: PASSWORD,
    });
    expect(accepted.callback.status).toBe(303);
    const token = await activateApp(clientId);

    const both = await device('/me/companies', token);
    expect(both.status, JSON.stringify(both.body)).toBe(200);
    expect(both.headers.get('cache-control')).toBe('no-store');
    const items = both.body.items!;
    expect(items).toHaveLength(2);
    const [gfms, other] = [items.find((i) => i.companyId), items.find((i) => !i.companyId)];
    expect(gfms).toMatchObject({ providerName: expect.any(String), companyName: expect.stringMatching(/^Urs Appli /) });
    expect(other?.providerId).not.toBe(gfms?.providerId);

    const there = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: email })}`, {
      as: 'other-provider',
    });
    expect(there.body.items).toHaveLength(1);
    const blocked = await call('POST', `/clients/${there.body.items[0]!.id}/block`, {
      as: 'other-provider',
      body: {},
    });
    expect(blocked.status, blocked.text).toBe(200);
    const one = await device('/me/companies', token);
    expect(one.status).toBe(200);
    expect(one.body.items).toEqual([gfms]);

    const missing = await device('/me/companies');
    expect([missing.status, missing.body.code, missing.headers.get('www-authenticate')]).toEqual([
      401,
      'unauthenticated',
      'Bearer',
    ]);
    const forged = await device('/me/companies', `${token.slice(0, -4)}AAAA`);
    expect([forged.status, forged.body.code]).toEqual([401, 'unauthenticated']);
  }, 60_000);
});

describe('the logs of these journeys', () => {
  it('when the host’s log lines are read, then no credential, code or password is in them', async () => {
    await sleep(300); // the last requests' lines are piped through the host's stdout
    const log = await readFile(path.resolve(import.meta.dirname, '../..', '.dev/test-integration/stack.log'), 'utf8');
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    for (const secret of secrets) expect(log.includes(secret), `${secret.slice(0, 3)}… in the log`).toBe(false);
  });
});
