/**
 * A Google-federated client proves an address only by Google's verified email, as External ID records it when the
 * account signs up with Google (its `mail`, kept in `otherMails` too; docs/decisions.md, "Google-federated clients"):
 * an administrator who later sets `mail` to the invited address through Graph proves nothing, and an email Google did
 * not verify is not recorded, so proves nothing either.
 */
import { describe, expect, it } from 'vitest';
import { type DirectoryAccount, provesEmail } from '../../shared/domain/directory-account.js';

const INVITED = 'claire.dupont@contoso.example';
const google = { signInType: 'federated', issuer: 'google.com', issuerAssignedId: '104857600123456789012' };
const googleAccount = (mail: string | null, otherMails: string[]): DirectoryAccount => ({
  objectId: 'oid-google',
  mail,
  otherMails,
  identities: [google],
});

describe('provesEmail, for an account federated from Google', () => {
  it('when Google verified the invited address (mail and otherMails recorded at sign-up), then it proves it', () => {
    expect(provesEmail(googleAccount(INVITED, [INVITED]), INVITED)).toBe(true);
    expect(
      provesEmail(googleAccount('Claire.Dupont@Contoso.example', ['claire.dupont@contoso.example']), ` ${INVITED}`),
    ).toBe(true);
  });

  it('when an administrator set mail to the invited address while Google’s email is another, then nothing is proven', () => {
    expect(provesEmail(googleAccount(INVITED, ['someone.else@gmail.com']), INVITED)).toBe(false);
  });

  it('when Google did not verify the email (nothing recorded), then nothing is proven, even with mail set to it', () => {
    expect(provesEmail(googleAccount(null, []), INVITED)).toBe(false);
    expect(provesEmail(googleAccount(INVITED, []), INVITED)).toBe(false);
  });

  it('when Google’s email is the invited address but mail now says another, then nothing is proven (fail closed)', () => {
    expect(provesEmail(googleAccount('someone.else@gmail.com', [INVITED]), INVITED)).toBe(false);
  });

  it('when the address is only in otherMails of an account that is not Google-federated, then nothing is proven', () => {
    const local = { signInType: 'userName', issuer: 'clients.onmicrosoft.com', issuerAssignedId: 'mallory' };
    expect(provesEmail({ objectId: 'oid-1', mail: INVITED, otherMails: [INVITED], identities: [local] }, INVITED)).toBe(
      false,
    );
  });
});
