/**
 * SendActivationSms (shared/domain/use-cases/send-activation-sms.ts): the professional's refusals, the allow-list and
 * mobile-only rule, every SECURITY.md limit, the outbox order (pointer first, then the file If-Match), a new code
 * replacing the old one and lifting the lock, and the app's path sending nothing it must not.
 */
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import { maskedPhone, smsAllowed } from '../../shared/domain/activation-sms.js';
import { DomainError } from '../../shared/domain/errors.js';
import { sendActivationSms, sendActivationSmsFromApp } from '../../shared/domain/use-cases/send-activation-sms.js';
import { professionalUser } from '../support/fakes.js';
import { clientFile, smsWorld } from '../support/sms-fakes.js';

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('SendActivationSms, professional path', () => {
  it('queues the pointer first, then writes the new code (HMAC, sealed code, queued SMS) on the file', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    w.codes.nextActivationCode = '482913';
    const sent = await sendActivationSms(w.send, professionalUser, value.id);
    expect(sent).toEqual({ sentTo: '+33 6 •• •• •• 34', expiresAt: new Date('2025-03-03T09:10:00.000Z') });
    const smsId = w.queue.last.request.smsId;
    expect(w.journal).toEqual([`schedule ${smsId}`, `write ${smsId} queued`]);
    expect(w.queue.last.request).toMatchObject({ providerId: 'gfms', clientId: value.id });
    const file = (await w.files.get('gfms', value.id))!.value;
    expect(file.activation).toMatchObject({
      hash: 'hmac:482913',
      sealedCode: 'sealed:482913',
      wrongTries: 0,
      requestedBy: 'oid-tamer',
      sms: { id: smsId, sentTo: '+33 6 •• •• •• 34', status: 'queued', attempts: 0 },
    });
  });

  it('a new code replaces the old one, and clears the activation lock and the failures counted towards it', async () => {
    const w = smsWorld();
    const lockedAt = new Date('2025-03-03T08:00:00.000Z');
    const { value } = await w.put(clientFile({ activationFailures: { recent: [lockedAt], lockedAt } }));
    w.codes.nextActivationCode = '111111';
    await sendActivationSms(w.send, professionalUser, value.id);
    w.clock.advance(61_000);
    w.codes.nextActivationCode = '222222';
    await sendActivationSms(w.send, professionalUser, value.id);
    const file = (await w.files.get('gfms', value.id))!.value;
    expect(file.activation?.hash).toBe('hmac:222222');
    expect(file.activationFailures.lockedAt).toBeUndefined();
    expect(file.activationFailures.recent).toEqual([]);
  });

  it('refuses another provider’s file (404), no phone (409), app not offered or past its date (409)', async () => {
    const w = smsWorld();
    const other = await w.put(clientFile({ id: 'c-other', providerId: 'other', identificationCode: 'AAAAAAAB' }));
    expect((await refusal(sendActivationSms(w.send, professionalUser, other.value.id))).code).toBe('client-not-found');
    const noPhone = await w.put(clientFile({ id: 'c-nophone', phone: undefined, identificationCode: 'AAAAAAAC' }));
    expect((await refusal(sendActivationSms(w.send, professionalUser, noPhone.value.id))).code).toBe('no-phone');
    const off = await w.put(clientFile({ id: 'c-off', mobileApp: { offered: false }, identificationCode: 'AAAAAAAD' }));
    expect((await refusal(sendActivationSms(w.send, professionalUser, off.value.id))).code).toBe('app-not-offered');
    const past = await w.put(
      clientFile({
        id: 'c-past',
        mobileApp: { offered: true, usableUntil: '2025-03-02' },
        identificationCode: 'AAAAAAAE',
      }),
    );
    expect((await refusal(sendActivationSms(w.send, professionalUser, past.value.id))).code).toBe('app-not-offered');
    expect(w.queue.scheduled).toEqual([]);
  });

  it.each([
    ['a French fixed line', '+33142685300'],
    ['a mobile outside the allow-list (UK)', '+447911123456'],
    ['a mobile outside the allow-list (US)', '+12015550123'],
    ['a French premium-rate number', '+33899123456'],
  ])('refuses %s with phone-not-allowed, and sends nothing', async (_name, phone) => {
    const w = smsWorld();
    const { value } = await w.put(clientFile({ phone }));
    expect((await refusal(sendActivationSms(w.send, professionalUser, value.id))).code).toBe('phone-not-allowed');
    expect(w.queue.scheduled).toEqual([]);
    expect(w.limits.counts.size).toBe(0);
  });

  it('the allow-list: France, Belgium, Switzerland, Luxembourg, Monaco, Canada and French overseas mobiles', () => {
    const allowed = ['+33612345678', '+32470123456', '+41781234567', '+352621123456', '+377612345678', '+15145551234'];
    const overseas = ['+590690001234', '+596696201234', '+594694201234', '+262692123456', '+262639401234'];
    for (const phone of [...allowed, ...overseas]) {
      expect(
        smsAllowed(phoneNumbers.parse(phone), ['FR', 'BE', 'CH', 'LU', 'MC', 'CA', 'GP', 'MQ', 'GF', 'RE', 'YT']),
        phone,
      ).toBe(true);
    }
    expect(smsAllowed(phoneNumbers.parse('+33612345678'), ['BE'])).toBe(false);
    expect(maskedPhone('+262692123456')).toBe('+262 6 •• •• •• 56');
    expect(maskedPhone('+15145551234')).toBe('+1 5 •• •• •• •• 34');
  });

  it('one SMS per phone a minute: the second within 60 s is rate-limited with Retry-After', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    await sendActivationSms(w.send, professionalUser, value.id);
    w.clock.advance(20_000);
    const second = await refusal(sendActivationSms(w.send, professionalUser, value.id));
    expect(second.code).toBe('rate-limited');
    expect(second.details.retryAfterSeconds).toBe(40);
    expect(w.queue.scheduled).toHaveLength(1);
  });

  it('one SMS per phone a minute holds across a minute’s edge: sent at 09:00:59, another at 09:01:01 is refused for 58 s', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    w.clock.advance(59_000);
    await sendActivationSms(w.send, professionalUser, value.id);
    w.clock.advance(2_000);
    const second = await refusal(sendActivationSms(w.send, professionalUser, value.id));
    expect(second.code).toBe('rate-limited');
    expect(second.details.retryAfterSeconds).toBe(58);
    w.clock.advance(58_000);
    await sendActivationSms(w.send, professionalUser, value.id);
    expect(w.queue.scheduled).toHaveLength(2);
  });

  it('five SMS per phone a day, even across clients sharing the number', async () => {
    const w = smsWorld();
    const a = await w.put();
    const b = await w.put(clientFile({ id: 'c-b', identificationCode: 'BBBBBBBB' }));
    for (let i = 0; i < 5; i++) {
      await sendActivationSms(w.send, professionalUser, (i % 2 ? a : b).value.id);
      w.clock.advance(61_000);
    }
    expect((await refusal(sendActivationSms(w.send, professionalUser, a.value.id))).code).toBe('rate-limited');
    expect(w.queue.scheduled).toHaveLength(5);
  });

  it('five SMS per client a day, whatever its number', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    for (let i = 0; i < 5; i++) {
      const stored = (await w.files.get('gfms', value.id))!;
      await w.files.replace({ ...stored.value, phone: `+3361234560${i}` }, stored);
      await sendActivationSms(w.send, professionalUser, value.id);
    }
    const stored = (await w.files.get('gfms', value.id))!;
    await w.files.replace({ ...stored.value, phone: '+33612345609' }, stored);
    const refused = await refusal(sendActivationSms(w.send, professionalUser, value.id));
    expect(refused.code).toBe('rate-limited');
    expect(Number(refused.details.retryAfterSeconds)).toBeGreaterThan(0);
  });

  it('50 SMS per professional a day, 500 per provider a day', async () => {
    const w = smsWorld();
    const send = async (n: number, pro = professionalUser) => {
      const id = `c-${pro.oid}-${n}`;
      const code = `P${String(n).padStart(3, '0')}`.replace(/[01]/g, 'Z');
      await w.put(
        clientFile({
          id,
          phone: `+336${String(10_000_000 + n).slice(-8)}`,
          identificationCode: `${code}WXYZ`.slice(0, 8),
        }),
      );
      return sendActivationSms(w.send, pro, id);
    };
    for (let i = 0; i < 50; i++) await send(i);
    expect((await refusal(send(50))).code).toBe('rate-limited');
    // Another professional of the same provider still sends, until the provider's 500.
    for (const key of [...w.limits.slidingTimes.keys()].filter((k) => k.startsWith('sms|provider|')))
      w.limits.slidingTimes.set(
        key,
        Array.from({ length: 499 }, () => w.clock.now().getTime()),
      );
    const colleague = { ...professionalUser, oid: 'oid-colleague' };
    await send(100, colleague);
    expect((await refusal(send(101, colleague))).code).toBe('rate-limited');
  });

  it('the global daily budget: 503 sms-budget-exhausted, and it is spent only by SMS every other limit allows', async () => {
    const w = smsWorld();
    w.send.smsDailyBudget = 1;
    const a = await w.put();
    const b = await w.put(clientFile({ id: 'c-b', phone: '+33698765432', identificationCode: 'BBBBBBBB' }));
    await sendActivationSms(w.send, professionalUser, a.value.id);
    // Refused by the phone's minute: the budget is not touched.
    await refusal(sendActivationSms(w.send, professionalUser, a.value.id));
    const spent = await refusal(sendActivationSms(w.send, professionalUser, b.value.id));
    expect(spent.code).toBe('sms-budget-exhausted');
    expect(Number(spent.details.retryAfterSeconds)).toBeGreaterThan(0);
    expect(w.queue.scheduled).toHaveLength(1);
  });
});

describe('SendActivationSms, the app path', () => {
  it('sends to the number on the file when everything allows it (lower case and spaces forgiven)', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    expect(await sendActivationSmsFromApp(w.send, ' k7m2xq9p ')).toEqual({
      kind: 'queued',
      clientId: value.id,
      providerId: 'gfms',
    });
    const file = (await w.files.get('gfms', value.id))!.value;
    expect(file.activation?.requestedBy).toBe('app');
  });

  it('sends nothing for an unknown or malformed code, no phone, a refused number, a locked activation, limits', async () => {
    const w = smsWorld();
    await w.put(clientFile({ id: 'c-nophone', phone: undefined, identificationCode: 'NNNNNNNN' }));
    await w.put(clientFile({ id: 'c-fixed', phone: '+33142685300', identificationCode: 'FFFFFFFF' }));
    await w.put(clientFile({ id: 'c-off', mobileApp: { offered: false }, identificationCode: 'GGGGGGGG' }));
    const lockedAt = new Date('2025-03-03T08:00:00.000Z');
    await w.put(
      clientFile({ id: 'c-locked', identificationCode: 'HHHHHHHH', activationFailures: { recent: [], lockedAt } }),
    );
    await w.put();
    const reasons = [];
    for (const code of ['ZZZZZZZZ', 'K7M2XQ9', 'O0I1L', 'NNNNNNNN', 'FFFFFFFF', 'GGGGGGGG', 'HHHHHHHH']) {
      const outcome = await sendActivationSmsFromApp(w.send, code);
      reasons.push(outcome.kind === 'not-sent' ? outcome.reason : outcome.kind);
    }
    expect(reasons).toEqual([
      'unknown-code',
      'unknown-code',
      'unknown-code',
      'no-phone',
      'phone-not-allowed',
      'app-not-offered',
      'activation-locked',
    ]);
    expect((await sendActivationSmsFromApp(w.send, 'K7M2XQ9P')).kind).toBe('queued');
    expect(await sendActivationSmsFromApp(w.send, 'K7M2XQ9P')).toEqual({ kind: 'not-sent', reason: 'rate-limited' });
    expect(w.queue.scheduled).toHaveLength(1);
  });

  it('the app’s send does not lift the lock (only a professional’s does)', async () => {
    const w = smsWorld();
    const lockedAt = new Date('2025-03-03T08:00:00.000Z');
    const { value } = await w.put(clientFile({ activationFailures: { recent: [], lockedAt } }));
    await sendActivationSmsFromApp(w.send, value.identificationCode!);
    expect((await w.files.get('gfms', value.id))!.value.activationFailures.lockedAt).toEqual(lockedAt);
  });

  it('when the app asks for a new code after 9 failures of the day, then they still count: only a professional’s send forgets them', async () => {
    const w = smsWorld();
    const recent = Array.from({ length: 9 }, (_, i) => new Date(Date.parse('2025-03-03T08:00:00.000Z') + i * 60_000));
    const { value } = await w.put(clientFile({ activationFailures: { recent } }));
    expect((await sendActivationSmsFromApp(w.send, value.identificationCode!)).kind).toBe('queued');
    expect((await w.files.get('gfms', value.id))!.value.activationFailures).toEqual({ recent });
    w.clock.advance(61_000);
    await sendActivationSms(w.send, professionalUser, value.id);
    expect((await w.files.get('gfms', value.id))!.value.activationFailures).toEqual({ recent: [] });
  });
});
