/**
 * The local ACS's injected failures (dev/acs/failures.ts): a rule naming a recipient is taken only by a send to that
 * recipient — test files running side by side on one stack cannot take each other's failures — and a rule without
 * one by the next send of its kind.
 */
import { describe, expect, it } from 'vitest';
import { FailureInjector, parseFailureRule } from '../../dev/acs/failures.js';

describe('injected ACS failures', () => {
  it('when a rule names a recipient, then only a send to that recipient takes it, once', () => {
    const failures = new FailureInjector();
    failures.add({ count: 1, status: 503, kind: 'sms', to: '+33698000001' });
    expect(failures.take('sms', ['+33698000002'])).toBeUndefined();
    expect(failures.take('email', ['+33698000001'])).toBeUndefined();
    expect(failures.take('sms', ['+33698000001'])).toEqual({ status: 503 });
    expect(failures.take('sms', ['+33698000001'])).toBeUndefined();
  });

  it('when a rule names no recipient, then the next send of its kind takes it; addresses compare case aside', () => {
    const failures = new FailureInjector();
    failures.add({ count: 1, status: 429, retryAfterSeconds: 7, kind: 'email' });
    expect(failures.take('email', ['someone@example.com'])).toEqual({ status: 429, retryAfterSeconds: 7 });
    failures.add({ count: 1, status: 500, to: 'Claire@Example.com' });
    expect(failures.take('email', ['claire@example.com'])).toEqual({ status: 500 });
  });

  it('when a rule’s recipient is not a text, then the control endpoint refuses it', () => {
    expect(parseFailureRule({ count: 1, status: 503, to: 5 })).toBe('to must be a recipient');
    expect(parseFailureRule({ count: 1, status: 503, to: '' })).toBe('to must be a recipient');
  });
});
