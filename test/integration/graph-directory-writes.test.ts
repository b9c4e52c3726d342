/**
 * The Graph adapter's account look-up by sign-in address and its writes, against the local Graph with the service's
 * own app (app-only token, the permissions and directory role docs/decisions.md lists): a password set (and what
 * Entra's rule refuses), sessions revoked, the account disabled and enabled again, deleted, its sign-in email
 * changed (and another account's address refused); an unknown account is `no-account`.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { createClientAccount, signInThroughEntra, Visitor } from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { uniqueEmail } from '../support/stack.js';

const directory = () => stackDeps().onboarding.directory;

async function refusal(write: Promise<unknown>): Promise<string> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return (error as DomainError).code;
}

/** Whether a sign-in with these credentials reaches the service's callback (Entra accepted the password). */
async function signsIn(email: string, password: string): Promise<boolean> {
  try {
    await signInThroughEntra(new Visitor(), { email, password });
    return true;
  } catch {
    return false;
  }
}

describe("the Graph directory's account by sign-in address", () => {
  it('when an account signs in with the address, then it is found; a user name of that text, or no account, is not', async () => {
    const email = uniqueEmail('by-address');
    const oid = await createClientAccount(email, 'Directory-Pass-1234');
    expect(await directory().accountSigningInWith(email)).toMatchObject({ objectId: oid, mail: email });

    const userName = `mallory-${randomUUID().slice(0, 8)}`;
    await createClientAccount(uniqueEmail('user-name'), 'Directory-Pass-1234', 'Mallory', [
      { signInType: 'userName', issuer: 'clients.example', issuerAssignedId: userName },
    ]);
    expect(await directory().accountSigningInWith(userName)).toBeUndefined();
    expect(await directory().accountSigningInWith(uniqueEmail('nobody'))).toBeUndefined();
  });
});

describe("the Graph directory's writes", () => {
  it('when a password is set, then the account signs in with it and no longer with the old one', async () => {
    const email = uniqueEmail('new-password');
    const oid = await createClientAccount(email, 'Old-Pass-1234');
    await directory().setPassword(oid, 'New-Pass-5678!', { forceChangeAtNextSignIn: false });
    expect(await signsIn(email, 'Old-Pass-1234')).toBe(false);
    expect(await signsIn(email, 'New-Pass-5678!')).toBe(true);
  });

  it("when the password breaks Entra's rule, then it is password-rejected and the old one still works", async () => {
    const email = uniqueEmail('weak-password');
    const oid = await createClientAccount(email, 'Old-Pass-1234');
    expect(await refusal(directory().setPassword(oid, 'alllowercase', { forceChangeAtNextSignIn: false }))).toBe(
      'password-rejected',
    );
    expect(await signsIn(email, 'Old-Pass-1234')).toBe(true);
  });

  it('when the account is disabled, then it cannot sign in until it is enabled again', async () => {
    const email = uniqueEmail('disabled');
    const oid = await createClientAccount(email, 'Enabled-Pass-1234');
    await directory().setAccountEnabled(oid, false);
    expect(await signsIn(email, 'Enabled-Pass-1234')).toBe(false);
    await directory().setAccountEnabled(oid, true);
    expect(await signsIn(email, 'Enabled-Pass-1234')).toBe(true);
  });

  it("when the account's sessions are revoked, then Graph accepts it; an unknown account is no-account for every write", async () => {
    const oid = await createClientAccount(uniqueEmail('revoked'), 'Revoked-Pass-1234');
    await directory().revokeSessions(oid);
    const nobody = randomUUID();
    expect(await refusal(directory().revokeSessions(nobody))).toBe('no-account');
    expect(await refusal(directory().setAccountEnabled(nobody, false))).toBe('no-account');
    expect(await refusal(directory().setPassword(nobody, 'Some-Pass-1234', { forceChangeAtNextSignIn: true }))).toBe(
      'no-account',
    );
  });

  it('when the account is deleted, then it no longer signs in nor is found by its address; a second delete is false', async () => {
    const email = uniqueEmail('deleted');
    const oid = await createClientAccount(email, 'Deleted-Pass-1234');
    expect(await directory().deleteAccount(oid)).toBe(true);
    expect(await signsIn(email, 'Deleted-Pass-1234')).toBe(false);
    expect(await directory().account(oid)).toBeUndefined();
    expect(await directory().accountSigningInWith(email)).toBeUndefined();
    expect(await directory().deleteAccount(oid)).toBe(false);
  });

  it('when the sign-in email is changed, then the account signs in with the new address and no longer with the old one', async () => {
    const old = uniqueEmail('old-address');
    const oid = await createClientAccount(old, 'Moving-Pass-1234');
    const email = uniqueEmail('new-address');
    expect(await directory().changeSignInEmail(oid, email)).toBe('changed');
    expect(await signsIn(old, 'Moving-Pass-1234')).toBe(false);
    expect(await signsIn(email, 'Moving-Pass-1234')).toBe(true);
    expect(await directory().accountSigningInWith(email)).toMatchObject({ objectId: oid, mail: email });
    expect(await directory().accountSigningInWith(old)).toBeUndefined();
  });

  it('when the account has other identities, then they are sent back as they were', async () => {
    const old = uniqueEmail('with-user-name');
    const userName = `kept-${randomUUID().slice(0, 8)}`;
    const oid = await createClientAccount(old, 'Kept-Pass-1234', 'Kept', [
      { signInType: 'userName', issuer: 'clients.example', issuerAssignedId: userName },
      { signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: old },
    ]);
    const email = uniqueEmail('beside-user-name');
    expect(await directory().changeSignInEmail(oid, email)).toBe('changed');
    expect((await directory().account(oid))?.identities).toEqual([
      { signInType: 'userName', issuer: 'clients.example', issuerAssignedId: userName },
      { signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email },
    ]);
    expect(await signsIn(userName, 'Kept-Pass-1234')).toBe(true);
  });

  it('when the account signs in through Google only, then no local sign-in is added: only its mail changes', async () => {
    const google = { signInType: 'federated', issuer: 'google.com', issuerAssignedId: `g-${randomUUID()}` };
    const oid = await createClientAccount(uniqueEmail('google-only'), 'Google-Pass-1234', 'Google', [google]);
    const email = `released-${oid}@released.invalid`;
    expect(await directory().changeSignInEmail(oid, email)).toBe('changed');
    expect(await directory().account(oid)).toMatchObject({ mail: email, identities: [google] });
  });

  it('when the account has no email sign-in identity, then one is added, issued by the tenant', async () => {
    const userName = `no-email-${randomUUID().slice(0, 8)}`;
    const oid = await createClientAccount(uniqueEmail('user-name-only'), 'Named-Pass-1234', 'Named', [
      { signInType: 'userName', issuer: 'clients.example', issuerAssignedId: userName },
    ]);
    const email = uniqueEmail('first-email');
    expect(await directory().changeSignInEmail(oid, email)).toBe('changed');
    expect(await directory().accountSigningInWith(email)).toMatchObject({
      objectId: oid,
      mail: email,
      identities: [
        { signInType: 'userName', issuer: 'clients.example', issuerAssignedId: userName },
        { signInType: 'emailAddress', issuer: expect.any(String), issuerAssignedId: email },
      ],
    });
    expect(await signsIn(email, 'Named-Pass-1234')).toBe(true);
  });

  it("when the new address is another account's sign-in name, then it is taken and nothing changes; an unknown account is no-account", async () => {
    const mine = uniqueEmail('mine');
    const theirs = uniqueEmail('theirs');
    const oid = await createClientAccount(mine, 'Mine-Pass-1234');
    const other = await createClientAccount(theirs, 'Theirs-Pass-1234');
    expect(await directory().changeSignInEmail(oid, theirs)).toBe('taken');
    expect(await directory().account(oid)).toMatchObject({
      mail: mine,
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: mine }],
    });
    expect(await directory().accountSigningInWith(theirs)).toMatchObject({ objectId: other });
    expect(await signsIn(mine, 'Mine-Pass-1234')).toBe(true);
    expect(await refusal(directory().changeSignInEmail(randomUUID(), uniqueEmail('nobody')))).toBe('no-account');
  });
});
