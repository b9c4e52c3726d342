/**
 * Password hashing and policy for local accounts. Hashes are scrypt (salted, memory-hard) so that the users
 * file in `.dev/` holds no usable password. The policy is Entra's own — 8 to 256 characters, ASCII only
 * ("Unicode characters aren't allowed"), three of four character classes (lowercase, uppercase, digits, and
 * the symbols of its list, which with the space are the rest of printable ASCII) — so a password the local
 * stack accepts is one Azure accepts too.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

export type PasswordProblem = 'length' | 'unicode' | 'complexity';

/** Entra's rule for cloud accounts; returns what is wrong, or undefined when the password is acceptable. */
export function passwordProblem(password: string): PasswordProblem | undefined {
  if (password.length < 8 || password.length > 256) return 'length';
  if (/[^\x20-\x7E]/.test(password)) return 'unicode';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  return classes >= 3 ? undefined : 'complexity';
}
