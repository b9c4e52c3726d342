/**
 * The temporary password a professional has the service generate for a client (SECURITY.md): 16 characters drawn by a
 * cryptographic random source (`RandomSource`, an adapter: the domain imports none), of all four classes — lower case,
 * upper case, digits and symbols, ASCII only, as Entra accepts — and meeting the client password rule
 * (`checkPassword`: not common, not the person's own words). A professional never chooses it; the service never keeps
 * it: it is set with a change forced at the next sign-in and shown once.
 */
import { type PasswordOwner, passwordAcceptable } from './password-rules.js';

/** Uniform integers in [0, max): a cryptographic source (`node:crypto` `randomInt` in the adapter). */
export interface RandomSource {
  int(maxExclusive: number): number;
}

export const TEMPORARY_PASSWORD_LENGTH = 16;

/** Letters and digits people do not confuse when reading the password aloud (no 0/O, 1/l/I), and plain symbols. */
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#$%&*+-=?@';
export const TEMPORARY_PASSWORD_CLASSES = [LOWER, UPPER, DIGITS, SYMBOLS] as const;
const ALL = TEMPORARY_PASSWORD_CLASSES.join('');

/** Draws are repeated while a password fails the rule (an unlikely common or personal word); this many at most. */
const TRIES = 20;

function draw(random: RandomSource): string {
  const chars = TEMPORARY_PASSWORD_CLASSES.map((set) => set[random.int(set.length)]!);
  while (chars.length < TEMPORARY_PASSWORD_LENGTH) chars.push(ALL[random.int(ALL.length)]!);
  // Fisher–Yates, so the four guaranteed classes are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** A new temporary password for `owner`, meeting the client password rule. */
export function generateTemporaryPassword(random: RandomSource, owner: PasswordOwner): string {
  for (let attempt = 0; attempt < TRIES; attempt++) {
    const password = draw(random);
    if (passwordAcceptable(password, owner)) return password;
  }
  throw new Error('No temporary password meeting the rule could be drawn: the random source is not random.');
}
