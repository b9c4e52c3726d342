/**
 * libphonenumber-js with its full metadata takes 100–400 ms to load: shared/deps.ts must not load it
 * (test/unit/cold-start-graph.test.ts checks that); the phone-number adapter loads it on the first number read.
 */
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';

describe('phone numbers on a cold start', () => {
  it('when a number is first read, then the library is loaded and reads it', () => {
    expect(phoneNumbers.parse('06 12 34 56 78', 'FR')).toEqual({ e164: '+33612345678', country: 'FR', line: 'mobile' });
    expect(phoneNumbers.parse('05 56 00 00 00', 'FR')?.line).toBe('fixed-line');
    expect(phoneNumbers.parse('+33 1 2', 'FR')).toBeUndefined();
  });
});
