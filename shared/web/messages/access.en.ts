/**
 * English words of the access pages added with block and unblock (docs/access.md): the sign-in codes form's one
 * message for codes that name no provider, and its way on without codes.
 */
export const en = {
  /** One message whatever was wrong (unknown client code, unknown company code, or the two not matching). */
  codesUnknown: 'These codes do not match any company. Check them in your sign-in link, or sign in without codes.',
  codesUnknownTitle: 'There is a problem',
  withoutCodes: 'Sign in without codes',
  /** Seed 001's "Easy access": sign in on a computer, or install the mobile app. */
  appTitle: 'The mobile app',
  appLead:
    'Install it on your phone. To activate it, you need your identification code and the code sent to you by text message.',
  appStoreIos: 'App Store (iPhone, iPad)',
  appStoreAndroid: 'Google Play (Android)',
  /** The provider whose name the page does not know, inside a sentence. */
  someProviderInSentence: 'the company that invited you',
  refusedBlocked: (n: { provider: string; since?: string }) =>
    n.since
      ? `Your access to this account has been blocked by ${n.provider} since ${n.since}.`
      : `Your access to this account was blocked by ${n.provider}.`,
  /** On a refusal met at sign-in (no session yet): the way on for a person who has another account. */
  otherAccount: 'Sign in with another account',
  refusedInactiveSince: (n: { provider: string; since: string }) =>
    `${n.provider} stopped using this platform on ${n.since}, so the client accounts it opened are closed.`,
};

export type AccessMessages = typeof en;
