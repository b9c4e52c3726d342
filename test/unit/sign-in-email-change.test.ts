/**
 * The sign-in email change on the in-memory ports (docs/profile.md "Sign-in email"): the address checked (an address,
 * 64 characters, not the current one, not another account's), a code sent to it and only its HMAC kept; the right code
 * changes Entra's identity, the account, each provider's file and tells the old address; a wrong code counts and 5 spend
 * it; an expired one does not work; a new request replaces the pending one; sends are limited per account.
 */
import { describe, expect, it } from 'vitest';
import { EMAIL_CHANGE_MAX_WRONG_TRIES, EMAIL_CHANGE_SENDS_PER_HOUR } from '../../shared/domain/sign-in-email.js';
import {
  confirmSignInEmailChange,
  proposeSignInEmailChange,
  requestSignInEmailChange,
  type SignInEmailDeps,
} from '../../shared/domain/use-cases/change-sign-in-email.js';
import { createClientFile } from '../../shared/domain/use-cases/client-files.js';
import { renderAccountEmail } from '../../shared/web/account-emails.js';
import { FakeAccountEmails } from '../support/account-email-fakes.js';
import { clientFilesWorld, nourClientAt } from '../support/client-file-fakes.js';
import { professionalUser } from '../support/fakes.js';
import { NOUR_KEY, nourAccount, signedUpAccount } from '../support/onboarding-fakes.js';

const NEW = 'nour.benali@example.org';

async function world() {
  const w = clientFilesWorld();
  const account = nourAccount();
  const file = await nourClientAt(w, professionalUser, {
    file: { emails: { primary: account.email, signIn: account.email, secondary: [] } },
  });
  const accountEmails = new FakeAccountEmails();
  const deps: SignInEmailDeps = {
    clock: w.clock,
    clients: w.clients,
    directory: w.directory,
    codes: w.codes,
    limits: w.limits,
    accountEmails,
    files: w.files,
  };
  const who = async () => ({ profile: (await w.clients.profile(NOUR_KEY))!, locale: 'fr' as const });
  return Object.assign(w, { deps, accountEmails, who, fileId: file.id });
}

describe('asking to sign in with another address', () => {
  it('when the address is new, then a code goes to it, only its HMAC is kept, and nothing changes yet', async () => {
    const w = await world();
    w.codes.nextActivationCode = '482913';
    const sent = await requestSignInEmailChange(w.deps, await w.who(), ' Nour.Benali@Example.org ');
    expect(sent).toMatchObject({ kind: 'code-sent', email: NEW });
    expect(w.accountEmails.queued).toEqual([
      expect.objectContaining({ kind: 'sign-in-email-code', to: NEW, code: '482913', locale: 'fr' }),
    ]);
    const pending = (await w.clients.emailChange(NOUR_KEY))!.value;
    expect(pending).toMatchObject({ email: NEW, codeHash: 'hmac:482913', wrongTries: 0 });
    expect(JSON.stringify(pending)).not.toContain('"482913"');
    expect((await w.clients.profile(NOUR_KEY))!.account.email).toBe('mohamed-nour@example.com');
  });

  it('when the address is not one, too long, the current one or another account’s, then it is refused and no code goes', async () => {
    const w = await world();
    w.directory.put(signedUpAccount('oid-other', 'taken@example.com'));
    const tries: Array<[string, string]> = [
      ['not an address', 'invalid'],
      [`${'a'.repeat(53)}@example.com`, 'too-long'],
      ['Mohamed-Nour@example.com', 'same'],
      ['taken@example.com', 'taken'],
    ];
    for (const [typed, problem] of tries) {
      expect(await requestSignInEmailChange(w.deps, await w.who(), typed)).toEqual({ kind: 'refused', problem });
    }
    expect(w.accountEmails.queued).toEqual([]);
    expect(await w.clients.emailChange(NOUR_KEY)).toBeUndefined();
  });

  it('when the account signs in through Google, then there is no email sign-in to change', async () => {
    const w = await world();
    w.directory.put({
      objectId: 'oid-nour',
      mail: 'mohamed-nour@example.com',
      identities: [{ signInType: 'federated', issuer: 'google.com', issuerAssignedId: '1045' }],
    });
    expect(await requestSignInEmailChange(w.deps, await w.who(), NEW)).toEqual({
      kind: 'refused',
      problem: 'no-email-sign-in',
    });
    expect(w.accountEmails.queued).toEqual([]);
  });

  it(`when ${EMAIL_CHANGE_SENDS_PER_HOUR} codes were sent within the hour, then the next is refused until the hour passes`, async () => {
    const w = await world();
    for (let i = 0; i < EMAIL_CHANGE_SENDS_PER_HOUR; i++) {
      expect((await requestSignInEmailChange(w.deps, await w.who(), `n${i}@example.org`)).kind).toBe('code-sent');
    }
    const refused = await requestSignInEmailChange(w.deps, await w.who(), NEW);
    expect(refused.kind).toBe('rate-limited');
    expect(w.accountEmails.queued).toHaveLength(EMAIL_CHANGE_SENDS_PER_HOUR);
    w.clock.advance(3600 * 1000);
    expect((await requestSignInEmailChange(w.deps, await w.who(), NEW)).kind).toBe('code-sent');
  });
});

describe('typing the code back', () => {
  it('when the code is right, then Entra, the account and the file sign in with the new address, and the old one is told', async () => {
    const w = await world();
    await requestSignInEmailChange(w.deps, await w.who(), NEW);
    const done = await confirmSignInEmailChange(w.deps, await w.who(), ' 123 456 ');
    expect(done).toEqual({ kind: 'changed', email: NEW, previous: 'mohamed-nour@example.com', filesUpdated: 1 });
    expect((await w.directory.accountSigningInWith(NEW))?.objectId).toBe('oid-nour');
    expect(await w.directory.accountSigningInWith('mohamed-nour@example.com')).toBeUndefined();
    expect((await w.clients.profile(NOUR_KEY))!.account.email).toBe(NEW);
    expect((await w.files.get(professionalUser.providerId, w.fileId))!.value.emails.signIn).toBe(NEW);
    expect(w.accountEmails.of('sign-in-email-changed')).toEqual([
      expect.objectContaining({ to: 'mohamed-nour@example.com', newEmailMasked: 'n•••@example.org' }),
    ]);
    // The code is spent: typed again, nothing waits.
    expect(await confirmSignInEmailChange(w.deps, await w.who(), '123456')).toEqual({
      kind: 'refused',
      problem: 'none',
    });
  });

  it(`when a wrong code is typed, then it counts; at ${EMAIL_CHANGE_MAX_WRONG_TRIES} the code is spent, even the right one`, async () => {
    const w = await world();
    await requestSignInEmailChange(w.deps, await w.who(), NEW);
    for (let left = EMAIL_CHANGE_MAX_WRONG_TRIES - 1; left > 0; left--) {
      expect(await confirmSignInEmailChange(w.deps, await w.who(), '000000')).toEqual({
        kind: 'refused',
        problem: 'wrong',
        triesLeft: left,
      });
    }
    expect(await confirmSignInEmailChange(w.deps, await w.who(), 'abc')).toEqual({ kind: 'refused', problem: 'spent' });
    expect(await confirmSignInEmailChange(w.deps, await w.who(), '123456')).toEqual({
      kind: 'refused',
      problem: 'spent',
    });
    expect((await w.clients.profile(NOUR_KEY))!.account.email).toBe('mohamed-nour@example.com');
    expect(w.accountEmails.of('sign-in-email-changed')).toEqual([]);
  });

  it('when the code is 15 minutes old, then it no longer works; a new request replaces it with a new code', async () => {
    const w = await world();
    await requestSignInEmailChange(w.deps, await w.who(), NEW);
    w.clock.advance(15 * 60 * 1000);
    expect(await confirmSignInEmailChange(w.deps, await w.who(), '123456')).toEqual({
      kind: 'refused',
      problem: 'expired',
    });
    w.codes.nextActivationCode = '654321';
    await requestSignInEmailChange(w.deps, await w.who(), NEW);
    expect((await confirmSignInEmailChange(w.deps, await w.who(), '123456')).kind).toBe('refused');
    expect((await confirmSignInEmailChange(w.deps, await w.who(), '654321')).kind).toBe('changed');
  });

  it('when another account took the address meanwhile, then nothing changes and the client is told', async () => {
    const w = await world();
    await requestSignInEmailChange(w.deps, await w.who(), NEW);
    w.directory.put(signedUpAccount('oid-quick', NEW));
    expect(await confirmSignInEmailChange(w.deps, await w.who(), '123456')).toEqual({
      kind: 'refused',
      problem: 'taken',
    });
    expect((await w.clients.profile(NOUR_KEY))!.account.email).toBe('mohamed-nour@example.com');
    expect(w.accountEmails.of('sign-in-email-changed')).toEqual([]);
  });
});

describe('a professional proposing the change from the sheet', () => {
  it('when the client has signed in, then the code goes to the new address saying who proposed it and where to type it', async () => {
    const w = await world();
    const proposer = { providerId: professionalUser.providerId, providerName: 'GFMS' };
    const url = 'https://portal.example/api/Profile/email?lang=fr';
    const sent = await proposeSignInEmailChange(
      w.deps,
      proposer,
      w.fileId,
      NEW,
      (locale) => `https://portal.example/api/Profile/email?lang=${locale}`,
    );
    expect(sent).toMatchObject({ kind: 'code-sent', email: NEW });
    expect(w.accountEmails.queued).toEqual([
      expect.objectContaining({ kind: 'sign-in-email-code', to: NEW, proposedBy: { providerName: 'GFMS', url } }),
    ]);
    const rendered = renderAccountEmail(w.accountEmails.queued[0]!, 'Portail GFMS');
    expect(rendered.text).toContain('GFMS vous propose de vous connecter désormais');
    expect(rendered.text).toContain(url);
    // The client still has to sign in and type it: nothing changed.
    expect((await w.clients.profile(NOUR_KEY))!.account.email).toBe('mohamed-nour@example.com');
  });

  it('when the file has no login, then there is nothing to change; another provider’s file is not found', async () => {
    const w = await world();
    const prospect = await createClientFile(w.cf, professionalUser, { firstName: 'A', lastName: 'B' });
    const proposer = { providerId: professionalUser.providerId, providerName: 'GFMS' };
    expect(await proposeSignInEmailChange(w.deps, proposer, prospect.value.id, NEW, () => 'https://x.example')).toEqual(
      {
        kind: 'refused',
        problem: 'no-account',
      },
    );
    const elsewhere = await proposeSignInEmailChange(
      w.deps,
      { providerId: 'horizon', providerName: 'Horizon' },
      w.fileId,
      NEW,
      () => 'https://x.example',
    ).catch((e: unknown) => e);
    expect((elsewhere as { code?: string }).code).toBe('client-not-found');
    expect(w.accountEmails.queued).toEqual([]);
  });
});
