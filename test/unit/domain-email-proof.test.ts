/**
 * What proves that the owner of a directory account controls an email address (docs/decisions.md, "Binding requires
 * the email sign-in identity"): an `emailAddress…` sign-in identity of that address, or a Google-federated account
 * whose Google-verified email (`mail`, and `otherMails` as recorded at its sign-up) is that address. `mail` alone, a `userName`, a UPN or another provider prove nothing.
 */
import { describe, expect, it } from 'vitest';
import { type DirectoryAccount, provesEmail } from '../../shared/domain/directory-account.js';

const INVITED = 'claire.dupont@contoso.example';
const account = (mail: string | null, identities: DirectoryAccount['identities']): DirectoryAccount => ({
  objectId: 'oid-1',
  mail,
  identities,
});
const emailIdentity = (address: string, signInType = 'emailAddress') => ({
  signInType,
  issuer: 'clients.onmicrosoft.com',
  issuerAssignedId: address,
});
const google = { signInType: 'federated', issuer: 'google.com', issuerAssignedId: '104857600123456789012' };

describe('provesEmail', () => {
  it('when the account has an email sign-in identity of the address, then it proves it, whatever the case or spaces', () => {
    expect(provesEmail(account(null, [emailIdentity(INVITED)]), INVITED)).toBe(true);
    expect(provesEmail(account(null, [emailIdentity('Claire.Dupont@Contoso.Example')]), ` ${INVITED} `)).toBe(true);
  });

  it('when the address is internationalised, then its Unicode and punycode forms are the same address', () => {
    expect(provesEmail(account(null, [emailIdentity('willy@exämple.fr')]), 'willy@xn--exmple-cua.fr')).toBe(true);
  });

  it('when the identity is of a custom type starting with emailAddress, then it proves the address too', () => {
    expect(provesEmail(account(null, [emailIdentity(INVITED, 'emailAddress1')]), INVITED)).toBe(true);
  });

  it('when the email sign-in identity is another address, then it does not prove the invited one, even with mail set to it', () => {
    expect(provesEmail(account(INVITED, [emailIdentity('mallory@evil.example')]), INVITED)).toBe(false);
  });

  it('when the account has the address only as its mail, then nothing is proven', () => {
    expect(provesEmail(account(INVITED, []), INVITED)).toBe(false);
  });

  it('when the account signs in with a userName or a UPN, and mail is the address, then nothing is proven', () => {
    const userName = { signInType: 'userName', issuer: 'clients.onmicrosoft.com', issuerAssignedId: 'mallory' };
    const upn = { signInType: 'userPrincipalName', issuer: 'clients.onmicrosoft.com', issuerAssignedId: INVITED };
    expect(provesEmail(account(INVITED, [userName]), INVITED)).toBe(false);
    expect(provesEmail(account(INVITED, [upn]), INVITED)).toBe(false);
    // A userName that looks like the address is still a user name.
    expect(provesEmail(account(INVITED, [{ ...userName, issuerAssignedId: INVITED }]), INVITED)).toBe(false);
  });

  it('when the account is federated from Google and Google verified the address (mail and otherMails), then it proves it', () => {
    const verified = (mail: string, identities: DirectoryAccount['identities']) => ({
      ...account(mail, identities),
      otherMails: [mail],
    });
    expect(provesEmail(verified('Claire.Dupont@contoso.example', [google]), INVITED)).toBe(true);
    expect(provesEmail(verified(INVITED, [{ ...google, issuer: 'Google.com' }]), INVITED)).toBe(true);
  });

  it('when the account is federated from Google with another mail, or none, then nothing is proven', () => {
    expect(provesEmail(account('someone.else@gmail.com', [google]), INVITED)).toBe(false);
    expect(provesEmail(account(null, [google]), INVITED)).toBe(false);
  });

  it('when the account is federated from another provider with mail the address, then nothing is proven', () => {
    const facebook = { signInType: 'federated', issuer: 'facebook.com', issuerAssignedId: '1234' };
    expect(provesEmail(account(INVITED, [facebook]), INVITED)).toBe(false);
  });

  it('when the address is not an email address, then nothing is proven', () => {
    expect(provesEmail(account('not-an-email', [emailIdentity('not-an-email')]), 'not-an-email')).toBe(false);
    expect(provesEmail(account(INVITED, [emailIdentity(INVITED)]), '')).toBe(false);
  });
});
