/**
 * The mobile app's activation through the whole local stack (issue 11, items 6 and 7): a prospect with the app
 * offered, a code by SMS (`SendActivationSms`, read in the local ACS's mailbox), `ActivateDevice` with both codes → a device credential; the same code again → refused; 5 wrong
 * codes → spent; concurrent right codes → one device; the credential on `GET /api/devices/current` until the device
 * is revoked; the version check; and no code, identification code or credential in the host's log lines.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, sleep } from '../support/invitations.js';
import { api, uniqueEmail, waitForMessage } from '../support/stack.js';

interface Answer {
  code?: string;
  attemptsRemaining?: number;
  deviceToken?: string;
  clientId?: string;
  expiresAt?: string;
  deviceId?: string;
  id?: string;
  revokedAt?: string;
  mobileApp?: { usableUntil?: string };
  storeUrls?: Record<string, string>;
  minimumAppVersion?: string;
}

/** What must never reach a log line: codes typed or sent, identification codes, credentials, phone numbers. */
const secrets: string[] = [];

/** A French mobile nobody else in this file uses (each phone has its own SMS limits). */
const mobile = () => `+33612${String(randomInt(1_000_000)).padStart(6, '0')}`;

async function prospectWithApp(): Promise<{ clientId: string; identificationCode: string; phone: string }> {
  const phone = mobile();
  const created = await call<{ id: string; mobileApp: { identificationCode: string } }>('POST', '/clients', {
    body: {
      civility: 'mrs',
      firstName: 'Claire',
      lastName: `Dupont-${randomUUID().slice(0, 6)}`,
      email: uniqueEmail('device'),
      phone,
      mobileApp: { offered: true, usableUntil: '2031-12-31' },
    },
  });
  expect(created.status, created.text).toBe(201);
  secrets.push(created.body.mobileApp.identificationCode, phone);
  return { clientId: created.body.id, identificationCode: created.body.mobileApp.identificationCode, phone };
}

/**
 * A code as the client gets it: `SendActivationSms` — the professional's (`{ clientId }`) or the app's
 * (`{ identificationCode }`, with its version) — then the 6 digits of the SMS in the local ACS's mailbox.
 */
async function codeBySms(
  client: { clientId: string; identificationCode: string; phone: string },
  from: 'professional' | 'app',
): Promise<string> {
  if (from === 'professional') {
    const sent = await call('POST', '/SendActivationSms', { body: { clientId: client.clientId } });
    expect(sent.status, sent.text).toBe(202);
  } else {
    const sent = await fetch(api('/SendActivationSms'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-App-Version': '1.0.0' },
      body: JSON.stringify({ identificationCode: client.identificationCode }),
    });
    expect(sent.status).toBe(202);
  }
  const sms = await waitForMessage(client.phone, (m) => m.kind === 'sms');
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(sms.text.replace(client.identificationCode, ''))?.[1];
  if (!code) throw new Error('no 6-digit code in the SMS');
  secrets.push(code);
  return code;
}

/** Any 6 digits but the right ones. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function activate(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(api('/ActivateDevice'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
  if (answer.body.deviceToken) secrets.push(answer.body.deviceToken.split('.')[2]!);
  return answer;
}

async function current(token: string | undefined, headers: Record<string, string> = {}) {
  const response = await fetch(api('/devices/current'), {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer };
}

describe('activating the mobile app', () => {
  it('when both codes are typed, then a device credential; the same code again is refused; revoked, the credential stops working', async () => {
    const client = await prospectWithApp();
    const { clientId, identificationCode } = client;
    const code = await codeBySms(client, 'app');
    const activated = await activate(
      { identificationCode: identificationCode.toLowerCase(), activationCode: code, label: 'iPhone de Claire' },
      { 'X-App-Version': '1.2.0' },
    );
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.headers.get('cache-control')).toBe('no-store');
    expect(activated.body).toEqual({ deviceToken: expect.any(String), clientId, expiresAt: expect.any(String) });
    const token = activated.body.deviceToken!;

    const again = await activate({ identificationCode, activationCode: code });
    expect([again.status, again.body.code]).toEqual([410, 'activation-code-used']);

    const seen = await current(token, { 'X-App-Version': '1.2.0' });
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({ clientId, mobileApp: { usableUntil: '2031-12-31' } });
    const deviceId = seen.body.deviceId!;

    const sheet = await call<{ mobileApp: { firstSignInAt?: string }; devices: Array<{ id: string }> }>(
      'GET',
      `/clients/${clientId}`,
    );
    expect(sheet.body.devices.map((d) => d.id)).toEqual([deviceId]);
    expect(sheet.body.mobileApp.firstSignInAt).toEqual(expect.any(String));

    const otherProvider = await call('POST', `/clients/${clientId}/devices/${deviceId}/revoke`, {
      as: 'other-provider',
    });
    expect(otherProvider.status).toBe(404);
    const revoked = await call<Answer>('POST', `/clients/${clientId}/devices/${deviceId}/revoke`);
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ id: deviceId, revokedAt: expect.any(String) });
    const refused = await current(token);
    expect([refused.status, refused.body.code]).toEqual([401, 'device-revoked']);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect((await current(undefined)).status).toBe(401);
  });

  it('when five wrong codes are typed, then the attempts count down and the code is spent, even for the right code', async () => {
    const client = await prospectWithApp();
    const { identificationCode } = client;
    const code = await codeBySms(client, 'professional');
    const answers: Array<[number, string | undefined, number | undefined]> = [];
    const bodies: Answer[] = [];
    for (let i = 0; i < 5; i++) {
      const { status, body } = await activate({ identificationCode, activationCode: wrong(code) });
      answers.push([status, body.code, body.attemptsRemaining]);
      bodies.push(body);
    }
    expect(answers).toEqual([
      [400, 'activation-code-wrong', 4],
      [400, 'activation-code-wrong', 3],
      [400, 'activation-code-wrong', 2],
      [400, 'activation-code-wrong', 1],
      [410, 'activation-code-spent', 0],
    ]);
    const right = await activate({ identificationCode, activationCode: code });
    expect([right.status, right.body.code]).toEqual([410, 'activation-code-spent']);

    // An identification code that names nobody answers as a first wrong try does, word for word.
    const nobody = await activate({ identificationCode: 'ZZZZ2222', activationCode: '123456' });
    expect(nobody.status).toBe(400);
    expect(nobody.body).toEqual(bodies[0]);
  });

  it('when five right attempts run at once, then exactly one device is made and the others find the code used', async () => {
    const client = await prospectWithApp();
    const { clientId, identificationCode } = client;
    const code = await codeBySms(client, 'professional');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => activate({ identificationCode, activationCode: code })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 410).map((a) => a.body.code)).toEqual(
      Array(4).fill('activation-code-used'),
    );
    const sheet = await call<{ devices: unknown[] }>('GET', `/clients/${clientId}`);
    expect(sheet.body.devices).toHaveLength(1);
  });

  it('when the app is older than the minimum or names no version, then 426 update-required or 400; app-config says the versions', async () => {
    const config = await fetch(api('/app-config'));
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ minimumAppVersion: '1.0.0', latestAppVersion: '1.0.0' });
    const old = await activate(
      { identificationCode: 'ZZZZ2222', activationCode: '123456' },
      { 'X-App-Version': '0.9.7' },
    );
    expect([old.status, old.body.code, old.body.minimumAppVersion]).toEqual([426, 'update-required', '1.0.0']);
    expect(old.body.storeUrls).toEqual(expect.any(Object));
    const bad = await current('x', { 'X-App-Version': 'latest' });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid-app-version']);
    expect((await current('x', { 'X-App-Version': '0.1' })).status).toBe(426);
  });

  it('when the host’s log lines are read, then no code, identification code, credential or full phone number is in them', async () => {
    await sleep(300); // the last requests' lines are piped through the host's stdout
    const log = await readFile(path.resolve(import.meta.dirname, '../..', '.dev/test-integration/stack.log'), 'utf8');
    expect(log).toMatch(/device\.activated/);
    expect(log).toMatch(/device\.activation\.refused/);
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const secret of secrets) expect(log.includes(secret), `${secret.slice(0, 3)}… in the log`).toBe(false);
  });
});
