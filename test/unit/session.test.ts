/**
 * Sessions and sign-in transactions in sealed cookies (`shared/http/session.ts`, `shared/http/sealed-cookies.ts`),
 * in the fast suite: what the browser holds can be neither read nor forged nor moved to another purpose, it ends on
 * time (8 h absolute, 15 min), keys rotate (the first seals, all open), and the CSRF token belongs to one session.
 */
import { hkdfSync } from 'node:crypto';
import azf from '@azure/functions';
import { EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  csrfToken,
  csrfValid,
  readCookie,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  SIGN_IN_COOKIE,
  SIGN_IN_TTL_SECONDS,
  sealer,
} from '../../shared/http/sealed-cookies.js';
import {
  csrfFor,
  csrfMatches,
  endedSessionCookie,
  newSessionCookie,
  readSession,
  readTransaction,
  type SessionClaims,
  type SignInTransaction,
  sessions,
  spentTransactionCookie,
  transactionCookie,
  updatedSessionCookie,
} from '../../shared/http/session.js';
import { newSessionClaims } from '../../shared/http/session-claims.js';

const secret = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64');
const START = new Date('2026-05-04T10:00:00Z');
const at = (s: number) => new Date(START.getTime() + s * 1000);
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);

const claims: SessionClaims = {
  sid: 'sid-1',
  clientKey: 'tid|oid',
  clientId: 'client-1',
  email: 'willy.urs@example.com',
  name: 'Willy Urs',
  locale: 'fr',
};
const transaction: SignInTransaction = {
  purpose: 'accept',
  attempt: { state: 's', nonce: 'n', codeVerifier: 'v', codeChallenge: 'c' },
  invitationId: 'inv-1',
  locale: 'fr',
};

const withCookies = (cookies: Record<string, string>) =>
  new azf.HttpRequest({
    method: 'GET',
    url: 'https://onboarding.example/api/Welcome',
    headers: {
      cookie: Object.entries(cookies)
        .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
        .join('; '),
    },
  });

/** Flips one character in the middle of a part of a compact JWE (0 header … 4 tag). */
function tampered(token: string, part: number): string {
  const parts = token.split('.');
  const text = parts[part]!;
  const i = Math.floor(text.length / 2);
  parts[part] = `${text.slice(0, i)}${text[i] === 'A' ? 'B' : 'A'}${text.slice(i + 1)}`;
  return parts.join('.');
}

describe('sealed cookies', () => {
  it('when claims are sealed, then the cookie shows none of them and opens back to them with their expiry', async () => {
    const keys = [secret()];
    const seal = sealer<SessionClaims>(keys, 'session', () => START);
    const token = await seal.seal(claims, epoch(at(60)));
    for (const value of ['willy.urs', 'Willy Urs', 'client-1', 'sid-1']) expect(token).not.toContain(value);
    expect(Buffer.from(token.split('.')[0]!, 'base64url').toString()).toBe(
      JSON.stringify({ alg: 'dir', enc: 'A256GCM', cty: 'session' }),
    );
    expect(await seal.open(token)).toMatchObject({ ...claims, exp: epoch(at(60)) });
  });

  it('when any part of a sealed cookie is changed, or it is missing, empty, garbage or too long, then it opens to nothing', async () => {
    const seal = sealer<SessionClaims>([secret()], 'session', () => START);
    const token = await seal.seal(claims, epoch(at(60)));
    for (const part of [0, 2, 3, 4]) expect(await seal.open(tampered(token, part)), `part ${part}`).toBeUndefined();
    for (const token of [undefined, '', 'garbage', 'a.b.c.d.e', 'x'.repeat(4097)]) {
      expect(await seal.open(token)).toBeUndefined();
    }
  });

  it('when a cookie is sealed under a key the service does not hold, then it opens to nothing; when the keys rotate, the old one still opens it', async () => {
    const [older, newer] = [secret(), secret()];
    const token = await sealer<SessionClaims>([older], 'session', () => START).seal(claims, epoch(at(60)));
    expect(await sealer<SessionClaims>([newer], 'session', () => START).open(token)).toBeUndefined();
    expect(await sealer<SessionClaims>([newer, older], 'session', () => START).open(token)).toMatchObject(claims);
    // The first key seals.
    const resealed = await sealer<SessionClaims>([newer, older], 'session', () => START).seal(claims, epoch(at(60)));
    expect(await sealer<SessionClaims>([older], 'session', () => START).open(resealed)).toBeUndefined();
  });

  it('when a cookie sealed for one purpose is presented for another, then it opens to nothing', async () => {
    const keys = [secret()];
    const session = sealer<object>(keys, 'session', () => START);
    const signIn = sealer<object>(keys, 'sign-in', () => START);
    expect(await session.open(await signIn.seal(transaction, epoch(at(60))))).toBeUndefined();
    expect(await signIn.open(await session.seal(claims, epoch(at(60))))).toBeUndefined();
    // Under the session's own key but saying it is something else: its purpose is checked, not only its key.
    const sessionKey = new Uint8Array(
      hkdfSync('sha256', Buffer.from(keys[0]!, 'base64'), Buffer.alloc(0), 'cookie:session', 32),
    );
    const relabelled = await new EncryptJWT({ ...claims })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'sign-in' })
      .setExpirationTime(epoch(at(60)))
      .encrypt(sessionKey);
    expect(await session.open(relabelled)).toBeUndefined();
    const genuine = await new EncryptJWT({ ...claims })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'session' })
      .setExpirationTime(epoch(at(60)))
      .encrypt(sessionKey);
    expect(await session.open(genuine)).toMatchObject(claims);
  });

  it('when a cookie’s expiry has passed, then it opens to nothing', async () => {
    const keys = [secret()];
    const token = await sealer<SessionClaims>(keys, 'session', () => START).seal(claims, epoch(at(60)));
    expect(await sealer<SessionClaims>(keys, 'session', () => at(59)).open(token)).toMatchObject(claims);
    expect(await sealer<SessionClaims>(keys, 'session', () => at(61)).open(token)).toBeUndefined();
  });
});

describe('sessions and sign-in transactions', () => {
  it('when a session starts, then its cookie is __Host-, Secure, HttpOnly, SameSite=Lax, Path=/ and lasts 8 hours, absolute', async () => {
    const keys = [secret()];
    let now = START;
    const s = sessions(keys, () => now);
    const cookie = await newSessionCookie(s, claims);
    expect(cookie).toMatchObject({
      name: SESSION_COOKIE,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: SESSION_TTL_SECONDS,
    });
    expect(SESSION_COOKIE).toMatch(/^__Host-/);
    expect(cookie).not.toHaveProperty('domain');
    expect(SESSION_TTL_SECONDS).toBe(8 * 3600);
    const opened = await readSession(withCookies({ [SESSION_COOKIE]: cookie.value }), s);
    expect(opened).toMatchObject({ ...claims, exp: epoch(START) + SESSION_TTL_SECONDS });

    // An update two hours later keeps the original end.
    now = at(2 * 3600);
    const updated = await updatedSessionCookie(s, { ...claims, name: 'W. Urs' }, opened!.exp);
    expect(updated.maxAge).toBe(6 * 3600);
    const reopened = await readSession(withCookies({ [SESSION_COOKIE]: updated.value }), s);
    expect(reopened).toMatchObject({ name: 'W. Urs', exp: opened!.exp });

    now = at(SESSION_TTL_SECONDS + 1);
    expect(await readSession(withCookies({ [SESSION_COOKIE]: updated.value }), s)).toBeUndefined();
    expect(endedSessionCookie()).toMatchObject({ name: SESSION_COOKIE, value: '', maxAge: 0, secure: true });
  });

  it('when a sign-in transaction is sealed, then its cookie is __Host-, Secure, HttpOnly, SameSite=Lax, lasts 15 minutes and cannot be used as a session (nor the reverse)', async () => {
    let now = START;
    const s = sessions([secret()], () => now);
    const cookie = await transactionCookie(s, transaction);
    expect(cookie).toMatchObject({
      name: SIGN_IN_COOKIE,
      path: '/',
      maxAge: SIGN_IN_TTL_SECONDS,
      secure: true,
      httpOnly: true,
      // Lax: Entra's redirect back to the callback is a top-level GET from another site, which Lax lets through.
      sameSite: 'Lax',
    });
    expect(SIGN_IN_COOKIE).toMatch(/^__Host-/);
    expect(cookie).not.toHaveProperty('domain');
    expect(SIGN_IN_TTL_SECONDS).toBe(15 * 60);
    expect(await readTransaction(withCookies({ [SIGN_IN_COOKIE]: cookie.value }), s)).toMatchObject(transaction);
    expect(await readSession(withCookies({ [SESSION_COOKIE]: cookie.value }), s)).toBeUndefined();
    const session = await newSessionCookie(s, claims);
    expect(await readTransaction(withCookies({ [SIGN_IN_COOKIE]: session.value }), s)).toBeUndefined();
    now = at(SIGN_IN_TTL_SECONDS + 1);
    expect(await readTransaction(withCookies({ [SIGN_IN_COOKIE]: cookie.value }), s)).toBeUndefined();
    expect(spentTransactionCookie()).toMatchObject({ name: SIGN_IN_COOKIE, value: '', maxAge: 0 });
  });

  it('when the same client signs in twice, then each sign-in starts a session of its own, unguessable id', () => {
    // Both sign-in callbacks (accepting and signing in again) build their session with newSessionClaims.
    const account = { key: 'tid|oid', clientId: 'client-1', email: 'willy.urs@example.com', displayName: 'Willy Urs' };
    const first = newSessionClaims(account, 'fr', [{ providerId: 'provider-1' }]);
    const second = newSessionClaims(account, 'fr', [{ providerId: 'provider-1' }]);
    for (const { sid } of [first, second]) expect(sid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(second.sid).not.toBe(first.sid);
  });

  it('when the Cookie header holds other cookies, look-alike names or none, then only the named cookie is read', () => {
    const request = withCookies({ other: 'x', [`${SESSION_COOKIE}x`]: 'wrong', [SESSION_COOKIE]: 'a=b c' });
    expect(readCookie(request, SESSION_COOKIE)).toBe('a=b c');
    expect(readCookie(request, SIGN_IN_COOKIE)).toBeUndefined();
    expect(
      readCookie(new azf.HttpRequest({ method: 'GET', url: 'https://x.example/' }), SESSION_COOKIE),
    ).toBeUndefined();
  });
});

describe('the CSRF token', () => {
  it('when a session’s token is presented, then it matches that session only; anything else does not', () => {
    const s = sessions([secret()]);
    const token = csrfFor(s, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrfMatches(s, claims, token)).toBe(true);
    expect(csrfMatches(s, { sid: 'sid-2' }, token)).toBe(false);
    for (const wrong of [
      null,
      undefined,
      '',
      `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`,
      token.slice(0, 42),
      `${token}A`,
      csrfFor(sessions([secret()]), claims),
    ]) {
      expect(csrfMatches(s, claims, wrong), String(wrong)).toBe(false);
    }
  });

  it('when the keys rotate, then a token made under the old key still matches, and new tokens are made under the first key', () => {
    const [older, newer] = [secret(), secret()];
    const token = csrfToken([older], 'sid-1');
    expect(csrfValid([newer, older], 'sid-1', token)).toBe(true);
    expect(csrfValid([newer], 'sid-1', token)).toBe(false);
    expect(csrfToken([newer, older], 'sid-1')).toBe(csrfToken([newer], 'sid-1'));
  });
});
