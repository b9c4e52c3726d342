/**
 * The activation SMS through a local stack of its own (it kills and restarts the Functions host): a prospect with a
 * French mobile, `SendActivationSms` → one SMS in the local ACS's mailbox to that number with a 6-digit code and the
 * identification code; a second within 60 s → 429 with Retry-After; a number outside the allow-list or a fixed line
 * → 422; a number the local ACS makes undeliverable → `failed` on the sheet through the delivery report; the app's
 * anonymous answers identical whatever the code; a host killed between the write and the send → exactly one SMS;
 * and no code, no full number in any log line of the host.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultStack, startFaultStack } from '../support/fault-stack.js';

const NAME = 'test-activation-sms';
let faults: FaultStack;

beforeAll(async () => {
  faults = await startFaultStack(NAME);
}, 60_000);

afterAll(async () => {
  await faults?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A French mobile nobody else in this file uses (each phone has its own limits). */
const mobile = () => `+33612${String(randomInt(1_000_000)).padStart(6, '0')}`;
let counter = 0;

interface Sheet {
  id: string;
  mobileApp: {
    identificationCode: string;
    activation?: { sentTo: string; expiresAt: string; delivery: { status: string; detail?: string } };
  };
}

async function prospect(phone?: string, mobileApp = { offered: true, usableUntil: '2035-12-31' }): Promise<Sheet> {
  counter += 1;
  const answer = await faults.call('POST', '/clients', {
    civility: 'mrs',
    firstName: 'Claire',
    lastName: `Dupré${counter}`,
    email: `claire.${Date.now().toString(36)}${counter}@example.com`,
    ...(phone ? { phone } : {}),
    mobileApp,
  });
  if (answer.status !== 201) throw new Error(`POST /clients answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as unknown as Sheet;
}

const sheet = async (id: string) => (await faults.call('GET', `/clients/${id}`)).body as unknown as Sheet;
const sendAsProfessional = (clientId: string) => faults.call('POST', '/SendActivationSms', { clientId });

/** The app's request: no Authorization header. */
async function sendFromApp(identificationCode: unknown) {
  const response = await fetch(faults.api('/SendActivationSms'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identificationCode }),
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers, body: await response.text() };
}

async function undeliverable(to: string) {
  const response = await fetch(`${faults.stack.info.acs.controlUrl}/delivery-outcomes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to, status: 'Failed', statusMessage: 'Unreachable handset (local ACS)' }),
  });
  if (response.status !== 204) throw new Error(`ACS control answered ${response.status}`);
}

describe('activation SMS', () => {
  it('a professional’s send: one SMS with a 6-digit code to the number on file, then 429 with Retry-After; the sheet shows it', async () => {
    const phone = mobile();
    const { id, mobileApp } = await prospect(phone);
    const sent = await sendAsProfessional(id);
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body).toEqual({ sentTo: `+33 6 •• •• •• ${phone.slice(-2)}`, expiresAt: expect.any(String) });

    await expect.poll(() => faults.mailbox(phone), { timeout: 15_000, interval: 200 }).toHaveLength(1);
    const [sms] = await faults.mailbox(phone);
    expect(sms!.text).toMatch(/code d'activation \d{6}/);
    expect(sms!.text).toContain(mobileApp.identificationCode);

    const again = await sendAsProfessional(id);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(again.body).toMatchObject({ code: 'rate-limited' });

    await expect
      .poll(async () => (await sheet(id)).mobileApp.activation?.delivery.status, { timeout: 15_000, interval: 300 })
      .toBe('delivered');
  }, 40_000);

  it('a number outside the allow-list, or a fixed line, is refused with 422 and nothing is sent', async () => {
    for (const phone of ['+447911123456', '+33142685300']) {
      const { id } = await prospect(phone);
      const refused = await sendAsProfessional(id);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'phone-not-allowed' });
      expect(await faults.mailbox(phone)).toEqual([]);
    }
  });

  it('a number the local ACS makes undeliverable shows failed on the sheet, through the delivery report', async () => {
    const phone = mobile();
    await undeliverable(phone);
    const { id } = await prospect(phone);
    expect((await sendAsProfessional(id)).status).toBe(202);
    await expect
      .poll(async () => (await sheet(id)).mobileApp.activation?.delivery, { timeout: 15_000, interval: 300 })
      .toMatchObject({ status: 'failed', detail: expect.stringMatching(/Unreachable handset/) });
  }, 30_000);

  it('the app’s answers are identical for an unknown code, no phone, a limited phone and a sent SMS', async () => {
    const phone = mobile();
    const { mobileApp } = await prospect(phone);
    const noPhone = await prospect();
    const sent = await sendFromApp(mobileApp.identificationCode);
    const limited = await sendFromApp(mobileApp.identificationCode);
    const unknown = await sendFromApp('ZZZZZZZZ');
    const withoutPhone = await sendFromApp(noPhone.mobileApp.identificationCode);
    expect(sent).toMatchObject({ status: 202, body: JSON.stringify({ status: 'accepted' }) });
    for (const other of [limited, unknown, withoutPhone]) expect(other).toEqual(sent);
    await expect.poll(() => faults.mailbox(phone), { timeout: 15_000, interval: 200 }).toHaveLength(1);
    await sleep(1_500);
    expect(await faults.mailbox(phone)).toHaveLength(1);
  }, 30_000);

  it('a host killed between the file’s write and the send: after a restart exactly one SMS arrives', async () => {
    const phone = mobile();
    const { id } = await prospect(phone);
    expect((await sendAsProfessional(id)).status).toBe(202);
    const host = faults.stack.functionsHost;
    host.kill('SIGKILL');
    // The pointer was queued 1 s ahead: nothing could have been sent before the kill.
    expect(await faults.mailbox(phone)).toEqual([]);
    await faults.stack.restartFunctions();
    expect(host.signalCode).toBe('SIGKILL');
    await expect.poll(() => faults.mailbox(phone), { timeout: 20_000, interval: 200 }).toHaveLength(1);
    await sleep(2_000);
    expect(await faults.mailbox(phone)).toHaveLength(1);
    expect((await sheet(id)).mobileApp.activation?.delivery.status).toMatch(/^(sent|delivered)$/);
  }, 60_000);

  it('no log line of the host holds an activation code or a full phone number', async () => {
    const phone = mobile();
    const { id } = await prospect(phone);
    expect((await sendAsProfessional(id)).status).toBe(202);
    await expect.poll(() => faults.mailbox(phone), { timeout: 15_000, interval: 200 }).toHaveLength(1);
    const [sms] = await faults.mailbox(phone);
    const code = /(\d{6})/.exec(sms!.text)![1]!;
    await expect
      .poll(async () => (await sheet(id)).mobileApp.activation?.delivery.status, { timeout: 15_000, interval: 300 })
      .toBe('delivered');
    const log = readFileSync(path.join(import.meta.dirname, '../../.dev', NAME, 'stack.log'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('[functions]') || line.startsWith('[Functions host]'));
    expect(log.some((line) => line.includes('activation-sms.sent'))).toBe(true);
    for (const line of log) {
      expect(line).not.toContain(code);
      expect(line).not.toContain(phone);
      expect(line).not.toContain(phone.slice(1));
    }
  }, 40_000);
});
