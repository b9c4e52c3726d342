/**
 * The words of Google sign-in in the local Entra ID, in English and French: the sign-in page's "Sign in with Google"
 * link and the stand-in of Google's consent page (`google-stand-in.ts`), which says plainly that it is not Google.
 */
import { html, type Markup } from './html.js';
import type { Locale } from './messages.js';

const en = {
  signInWithGoogle: 'Sign in with Google',
  banner: 'Google sign-in · local stand-in',
  title: 'Sign in with Google (local stand-in)',
  notice:
    'This page stands in for Google in the local stack. It is not Google: no Google account is used and nothing leaves this machine. Say which Google account signs in, as Google would tell Microsoft Entra External ID.',
  intro: (app: string) => `Continue to ${app} with this Google account.`,
  email: 'Google account email',
  verified: 'Google says this email address is verified',
  continue: 'Continue with Google',
  back: 'Back to the other ways to sign in',
  errorEmail: 'Enter the Google account’s email address.',
  errorNotOffered: 'This application does not offer sign-in with Google.',
};

export type GoogleMessages = typeof en;

const fr: GoogleMessages = {
  signInWithGoogle: 'Se connecter avec Google',
  banner: 'Connexion Google · simulation locale',
  title: 'Se connecter avec Google (simulation locale)',
  notice:
    'Cette page remplace Google dans l’environnement local. Ce n’est pas Google : aucun compte Google n’est utilisé et rien ne quitte cette machine. Indiquez quel compte Google se connecte, comme Google le dirait à Microsoft Entra External ID.',
  intro: (app) => `Continuer vers ${app} avec ce compte Google.`,
  email: 'Adresse e-mail du compte Google',
  verified: 'Google indique que cette adresse e-mail est vérifiée',
  continue: 'Continuer avec Google',
  back: 'Revenir aux autres moyens de connexion',
  errorEmail: 'Saisissez l’adresse e-mail du compte Google.',
  errorNotOffered: 'Cette application ne propose pas la connexion avec Google.',
};

export function googleMessages(locale: Locale): GoogleMessages {
  return locale === 'fr' ? fr : en;
}

/** The sign-in and sign-up pages' way to Google, when the app's user flow offers it. */
export function googleLink(locale: Locale, basePath: string, txId: string): Markup {
  return html`<p><a href="${basePath}/google?tx=${txId}">${googleMessages(locale).signInWithGoogle}</a></p>`;
}
