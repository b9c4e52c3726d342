/**
 * The client's profile and changing the password from it (shared/domain/use-cases/client-profile.ts): a fresh
 * sign-in first (5 minutes, a little clock drift allowed), the rule and the confirmation, then Graph — its refusal
 * answered as the form's — then every session ended and the client told by email.
 */
import { describe, expect, it } from 'vitest';
import type { ClientProfile } from '../../shared/domain/client.js';
import {
  type ChangePasswordDeps,
  changePassword,
  FRESH_SIGN_IN_SECONDS,
  profileView,
  signedInRecently,
} from '../../shared/domain/use-cases/client-profile.js';
import { FakeAccountEmails } from '../support/account-email-fakes.js';
import { FakeClock, FakeProviderDirectory, GFMS } from '../support/fakes.js';
import { FakeClientDirectory, HORIZON, NOUR_KEY, NOUR_SINCE, nourAccount } from '../support/onboarding-fakes.js';

const profile = (): ClientProfile => ({
  account: nourAccount(),
  records: [GFMS.id, HORIZON.id].map((providerId) => ({
    providerId,
    clientId: 'client-1',
    firstName: 'Mohamed-Nour',
    lastName: 'Benali',
    email: 'mohamed-nour@example.com',
    access: { status: 'active', since: NOUR_SINCE },
    firstSignInAt: NOUR_SINCE,
    createdAt: NOUR_SINCE,
  })),
  companies: [
    {
      id: 'co-1',
      providerId: GFMS.id,
      invitationId: 'inv-1',
      role: 'owner',
      company: { name: 'Benali Conseil' },
      createdAt: NOUR_SINCE,
    },
  ],
});

function world() {
  const clock = new FakeClock();
  const directory = new FakeClientDirectory();
  directory.put({ objectId: 'oid-nour', mail: 'mohamed-nour@example.com', identities: [] });
  const accountEmails = new FakeAccountEmails();
  const ended: string[] = [];
  const passwordChanges: string[] = [];
  const deps: ChangePasswordDeps = {
    clock,
    directory,
    accountEmails,
    clients: {
      endSessionsBefore: async (key, at) => {
        ended.push(`${key} ${at.toISOString()}`);
      },
      recordPasswordChange: async (key, at) => {
        passwordChanges.push(`${key} ${at.toISOString()}`);
      },
    },
  };
  const justNow = new Date(clock.now().getTime() - 60_000);
  return { clock, directory, accountEmails, ended, passwordChanges, deps, justNow };
}

const GOOD = 'Lanterne-Verte-42';

describe('a fresh sign-in', () => {
  it('is one Entra asked the password for within 5 minutes; unknown or older is not; a minute ahead is drift', () => {
    const now = new Date('2025-03-03T09:00:00.000Z');
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect(signedInRecently(undefined, now)).toBe(false);
    expect(signedInRecently(ago(FRESH_SIGN_IN_SECONDS), now)).toBe(true);
    expect(signedInRecently(ago(FRESH_SIGN_IN_SECONDS + 1), now)).toBe(false);
    expect(signedInRecently(ago(-60), now)).toBe(true);
    expect(signedInRecently(ago(-61), now)).toBe(false);
  });
});

describe('changePassword', () => {
  it('sets the password (no forced change), ends every session, and tells the client by email', async () => {
    const w = world();
    const result = await changePassword(
      w.deps,
      { profile: profile(), locale: 'en', authTime: w.justNow },
      { password: GOOD, confirmation: GOOD },
    );
    expect(result).toEqual({ kind: 'changed', at: w.clock.now() });
    expect(w.directory.passwords.get('oid-nour')).toEqual({ password: GOOD, forceChangeAtNextSignIn: false });
    expect(w.directory.revoked).toContain('oid-nour');
    expect(w.ended).toEqual([`${NOUR_KEY} 2025-03-03T09:00:00.000Z`]);
    // The account's device credentials end with it (docs/mobile-app.md, "Password changes").
    expect(w.passwordChanges).toEqual([`${NOUR_KEY} 2025-03-03T09:00:00.000Z`]);
    expect(w.accountEmails.queued).toEqual([
      { kind: 'password-changed', to: 'mohamed-nour@example.com', locale: 'en', at: w.clock.now(), how: 'profile' },
    ]);
  });

  it('asks for a new sign-in when the last one is older than 5 minutes or unknown, changing nothing', async () => {
    const w = world();
    for (const authTime of [undefined, new Date(w.clock.now().getTime() - 301_000)]) {
      const result = await changePassword(
        w.deps,
        { profile: profile(), locale: 'fr', authTime },
        { password: GOOD, confirmation: GOOD },
      );
      expect(result).toEqual({ kind: 'sign-in-again' });
    }
    expect(w.directory.passwords.size).toBe(0);
    expect(w.passwordChanges).toEqual([]);
    expect(w.accountEmails.queued).toEqual([]);
  });

  it('refuses a password that breaks the rule (its own words, too short) or does not match its confirmation', async () => {
    const w = world();
    const client = { profile: profile(), locale: 'fr' as const, authTime: w.justNow };
    const personal = await changePassword(w.deps, client, { password: 'Benali-2025!', confirmation: 'Benali-2025!' });
    expect(personal).toMatchObject({ kind: 'refused', problem: 'rule', check: { unmet: ['not-personal'] } });
    const short = await changePassword(w.deps, client, { password: 'Ab1!', confirmation: 'Ab1!' });
    expect(short).toMatchObject({
      kind: 'refused',
      problem: 'rule',
      check: { unmet: expect.arrayContaining(['length']) },
    });
    const mismatch = await changePassword(w.deps, client, { password: GOOD, confirmation: `${GOOD}x` });
    expect(mismatch).toMatchObject({ kind: 'refused', problem: 'mismatch' });
    expect(w.directory.passwords.size).toBe(0);
    expect(w.ended).toEqual([]);
  });

  it('answers Graph refusing the password as the form’s refusal, ending nothing and sending nothing', async () => {
    const w = world();
    w.directory.setPassword = async () => {
      const { DomainError } = await import('../../shared/domain/errors.js');
      throw new DomainError('password-rejected', 'The directory refused the password.');
    };
    const result = await changePassword(
      w.deps,
      { profile: profile(), locale: 'fr', authTime: w.justNow },
      { password: GOOD, confirmation: GOOD },
    );
    expect(result).toMatchObject({ kind: 'refused', problem: 'rejected' });
    expect(w.directory.revoked).toEqual([]);
    expect(w.ended).toEqual([]);
    expect(w.accountEmails.queued).toEqual([]);
  });
});

describe('profileView', () => {
  it('shows the sign-in address, each provider by name, and the companies with their provider', async () => {
    const providers = new FakeProviderDirectory();
    providers.put(HORIZON);
    const view = await profileView({ providers }, profile());
    expect(view).toEqual({
      signInEmail: 'mohamed-nour@example.com',
      displayName: 'Nour B.',
      providers: [
        { providerId: GFMS.id, name: GFMS.name, since: NOUR_SINCE },
        { providerId: HORIZON.id, name: HORIZON.name, since: NOUR_SINCE },
      ],
      companies: [{ name: 'Benali Conseil', providerName: GFMS.name }],
    });
  });
});
