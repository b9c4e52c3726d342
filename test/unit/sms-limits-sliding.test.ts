/**
 * SECURITY.md's SMS limits are per any 24 hours, not per calendar day: five SMS to a phone in the minutes before a
 * UTC midnight leave none for the minutes after it (a fixed day would let five more through), until the first is
 * 24 hours old.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { sendActivationSms } from '../../shared/domain/use-cases/send-activation-sms.js';
import { professionalUser } from '../support/fakes.js';
import { smsWorld } from '../support/sms-fakes.js';

async function code(send: Promise<unknown>): Promise<string | undefined> {
  try {
    await send;
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('the SMS limits over any 24 hours', () => {
  it('when five SMS went to a phone just before midnight, then none goes just after it, until the first is a day old', async () => {
    const w = smsWorld();
    const { value } = await w.put();
    w.clock.set(new Date('2025-03-03T23:54:00.000Z'));
    for (let i = 0; i < 5; i++) {
      expect(await code(sendActivationSms(w.send, professionalUser, value.id))).toBeUndefined();
      w.clock.advance(61_000);
    }
    // 2025-03-04T00:00:05: a new calendar day, the same 24 hours.
    expect(await code(sendActivationSms(w.send, professionalUser, value.id))).toBe('rate-limited');
    w.clock.set(new Date('2025-03-04T23:54:01.000Z'));
    expect(await code(sendActivationSms(w.send, professionalUser, value.id))).toBeUndefined();
  });
});
