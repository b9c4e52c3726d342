/**
 * The SendActivationSms function's edge (functions/handlers/send-activation-sms.ts) over fakes: the app's answer is
 * the same status, body and headers whatever happened (unknown code, no phone, limited, sent); a bearer token makes
 * it the professional path (an invalid one is 401); the budget alert; no code and no full number in any log line.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { sendActivationSmsHandler } from '../../functions/handlers/send-activation-sms.js';
import { edge } from '../../shared/http/handler.js';
import { clientFile, sendActivationSmsEdgeDeps, smsWorld } from '../support/sms-fakes.js';

function setup() {
  const w = smsWorld();
  const deps = sendActivationSmsEdgeDeps(w);
  const lines: string[] = [];
  const call = (body: unknown, headers: Record<string, string> = {}) =>
    edge(sendActivationSmsHandler, () => deps)(
      new azf.HttpRequest({
        method: 'POST',
        url: 'http://localhost/api/SendActivationSms',
        headers: { 'content-type': 'application/json', ...headers },
        body: { string: JSON.stringify(body) },
      }),
      new azf.InvocationContext({
        invocationId: 'inv-sms',
        functionName: 'SendActivationSms',
        logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')),
      }),
    );
  return { w, call, lines };
}

const shape = (r: { status?: number; headers?: unknown; body?: unknown }) => ({
  status: r.status,
  headers: r.headers,
  body: r.body,
});

describe('SendActivationSms, the app path', () => {
  it('answers the same status, body and headers for an unknown code, no phone, a refused number, limits, and a sent SMS', async () => {
    const { w, call } = setup();
    await w.put();
    await w.put(clientFile({ id: 'c-nophone', phone: undefined, identificationCode: 'NNNNNNNN' }));
    await w.put(clientFile({ id: 'c-fixed', phone: '+33142685300', identificationCode: 'FFFFFFFF' }));
    const sent = shape(await call({ identificationCode: 'K7M2XQ9P' }));
    const limited = shape(await call({ identificationCode: 'K7M2XQ9P' }));
    const unknown = shape(await call({ identificationCode: 'ZZZZZZZZ' }));
    const noPhone = shape(await call({ identificationCode: 'NNNNNNNN' }));
    const refused = shape(await call({ identificationCode: 'FFFFFFFF' }));
    expect(sent).toMatchObject({ status: 202, body: JSON.stringify({ status: 'accepted' }) });
    for (const other of [limited, unknown, noPhone, refused]) expect(other).toEqual(sent);
    // Only the first one sent anything.
    expect(w.queue.scheduled).toHaveLength(1);
  });

  it('a spent daily budget: the same 202, and an alert log line', async () => {
    const { w, call, lines } = setup();
    w.send.smsDailyBudget = 1;
    await w.put();
    await w.put(clientFile({ id: 'c-b', phone: '+33698765432', identificationCode: 'BBBBBBBB' }));
    await call({ identificationCode: 'K7M2XQ9P' });
    const second = await call({ identificationCode: 'BBBBBBBB' });
    expect(second.status).toBe(202);
    expect(lines.some((l) => l.includes('"event":"sms-budget-exhausted"') && l.includes('"alert":true'))).toBe(true);
  });
});

describe('SendActivationSms, the professional path', () => {
  it('a bearer token makes it the professional path: 202 with the masked number and expiry; 429 with Retry-After', async () => {
    const { w, call } = setup();
    const { value } = await w.put();
    const first = await call({ clientId: value.id }, { authorization: 'Bearer good' });
    expect(first.status).toBe(202);
    expect(JSON.parse(String(first.body))).toEqual({
      sentTo: '+33 6 •• •• •• 34',
      expiresAt: '2025-03-03T09:10:00.000Z',
    });
    const again = await call({ clientId: value.id }, { authorization: 'Bearer good' });
    expect(again.status).toBe(429);
    expect((again.headers as Record<string, string>)['Retry-After']).toBe('60');
    expect(JSON.parse(String(again.body)).code).toBe('rate-limited');
  });

  it('when a request names a phone number, then it is refused 400 on that field and nothing is sent: the SMS only ever goes to the number on the file', async () => {
    const { w, call } = setup();
    const { value } = await w.put();
    for (const [body, headers] of [
      [{ clientId: value.id, phone: '+447700900123' }, { authorization: 'Bearer good' }],
      [{ identificationCode: 'K7M2XQ9P', phone: '+447700900123' }, {}],
    ] as const) {
      const response = await call(body, headers);
      expect(response.status).toBe(400);
      expect(JSON.parse(String(response.body)).errors).toEqual([
        { pointer: '#/phone', detail: '"phone" is not a known field' },
      ]);
    }
    expect(w.queue.scheduled).toEqual([]);
    expect((await w.files.get('gfms', value.id))!.value.phone).toBe('+33612345634');
  });

  it('an invalid bearer token is 401, never the anonymous answer', async () => {
    const { w, call } = setup();
    await w.put();
    const response = await call({ identificationCode: 'K7M2XQ9P' }, { authorization: 'Bearer forged' });
    expect(response.status).toBe(401);
    expect(w.queue.scheduled).toEqual([]);
  });

  it('refusals are problems: 409 no-phone, 422 phone-not-allowed, 503 sms-budget-exhausted with an alert', async () => {
    const { w, call, lines } = setup();
    const noPhone = await w.put(clientFile({ id: 'c-nophone', phone: undefined, identificationCode: 'NNNNNNNN' }));
    const fixed = await w.put(clientFile({ id: 'c-fixed', phone: '+33142685300', identificationCode: 'FFFFFFFF' }));
    const ok = await w.put();
    const auth = { authorization: 'Bearer good' };
    expect((await call({ clientId: noPhone.value.id }, auth)).status).toBe(409);
    expect((await call({ clientId: fixed.value.id }, auth)).status).toBe(422);
    w.send.smsDailyBudget = 0;
    const spent = await call({ clientId: ok.value.id }, auth);
    expect(spent.status).toBe(503);
    expect(JSON.parse(String(spent.body)).code).toBe('sms-budget-exhausted');
    expect(lines.some((l) => l.includes('"event":"sms-budget-exhausted"'))).toBe(true);
  });

  it('no log line holds the code or the full number', async () => {
    const { w, call, lines } = setup();
    w.codes.nextActivationCode = '482913';
    const { value } = await w.put();
    await call({ clientId: value.id }, { authorization: 'Bearer good' });
    await call({ identificationCode: 'K7M2XQ9P' });
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain('482913');
      expect(line.replace(/\D/g, '')).not.toContain('612345634');
    }
  });
});
