/**
 * Sample views of the invitation email and pages, shared by the unit tests (content, escaping) and the browser
 * tests (axe-core, screenshots). `hostile` fills every field a person can type with markup.
 */

import type { Locale } from '../../shared/domain/locale.js';
import type { SignInProblem } from '../../shared/web/access-pages.js';
import { type InvitationEmailView, renderInvitationEmail } from '../../shared/web/invitation-email.js';
import {
  type LandingView,
  type ProviderView,
  renderAcceptLimitedPage,
  renderAlreadyAcceptedPage,
  renderErrorPage,
  renderExpiredPage,
  renderLandingPage,
  renderLinkNotFoundPage,
  renderNewerInvitationPage,
  renderNewLinkLimitedPage,
  renderNewLinkSentPage,
  renderNotYetAvailablePage,
  renderSupersededPage,
} from '../../shared/web/invitation-pages.js';

export const provider: ProviderView = {
  name: 'GFMS',
  platformName: 'My rConnect',
  platformDescription: 'My rConnect is a platform which helps you take your service processes and assets further.',
  supportEmail: 'support@gfms.example',
};

export const acceptUrl =
  'https://invite.example/api/InviteUser?invitationId=7ecbaadb-3c74-4d57-90aa-7d0678fd81f6&key=q2V5LXNlY3JldC1rZXk';

/** 30 November 2026, 19:30 in Paris (UTC+1 in winter). */
export const expiresAt = new Date('2026-11-30T18:30:00Z');

export const languageSwitch = {
  fr: '/api/InviteUser?invitationId=7ecbaadb&key=k&lang=fr',
  en: '/api/InviteUser?invitationId=7ecbaadb&key=k&lang=en',
};

export function emailView(overrides: Partial<InvitationEmailView> = {}): InvitationEmailView {
  return {
    locale: 'fr',
    invitee: { firstName: 'Willy', lastName: 'URS' },
    inviterName: 'Tamer Mohamed-Nour',
    provider,
    message: 'Bonjour Willy,\nComme convenu, voici votre accès à la plateforme.',
    acceptUrl,
    expiresAt,
    reason: 'invitation',
    ...overrides,
  };
}

export function landingView(overrides: Partial<LandingView> = {}): LandingView {
  return {
    locale: 'fr',
    invitationId: '7ecbaadb-3c74-4d57-90aa-7d0678fd81f6',
    key: 'q2V5LXNlY3JldC1rZXk',
    invitee: { firstName: 'Willy', lastName: 'URS', email: 'willy.urs@example.com' },
    inviterName: 'Tamer Mohamed-Nour',
    provider,
    message: 'Bonjour Willy,\nComme convenu, voici votre accès à la plateforme.',
    company: {
      name: 'URS Maintenance SARL',
      registrationNumber: '552 100 554 00021',
      vatNumber: 'FR40552100554',
      address: { line1: '12 rue des Lilas', line2: 'Bâtiment B', postalCode: '69003', city: 'Lyon', country: 'FR' },
      phone: '+33 4 72 00 00 00',
    },
    expiresAt,
    languageSwitch,
    ...overrides,
  };
}

export const XSS = '<script>alert(1)</script>';

/** Every field a professional, a provider's settings or a link can put on a page, filled with markup. */
export function hostileLanding(locale: Locale): LandingView {
  return landingView({
    locale,
    invitationId: `"><script>alert(1)</script>`,
    key: `'${XSS}`,
    invitee: { firstName: XSS, lastName: `<img src=x onerror=alert(1)>`, email: `a${XSS}@example.com` },
    inviterName: XSS,
    provider: { name: XSS, platformName: XSS, platformDescription: XSS, supportEmail: `x${XSS}@example.com` },
    message: `${XSS}\n<b>bold</b>`,
    company: {
      name: XSS,
      registrationNumber: XSS,
      vatNumber: XSS,
      address: { line1: XSS, line2: XSS, postalCode: XSS, city: XSS, country: XSS },
      phone: XSS,
    },
  });
}

/** Every page of the invitation link in one locale, by name. */
export function allPages(locale: Locale, view: LandingView = landingView({ locale })): Array<[string, string]> {
  const { provider, invitationId, key } = view;
  return [
    ['landing', renderLandingPage(view).value],
    [
      'landing without message or company',
      renderLandingPage({ ...view, message: undefined, company: undefined }).value,
    ],
    ['expired', renderExpiredPage({ locale, provider, invitationId, key, expiredAt: expiresAt, languageSwitch }).value],
    ['new link sent', renderNewLinkSentPage({ locale, languageSwitch }).value],
    ['new link limited', renderNewLinkLimitedPage({ locale }).value],
    ['newer invitation', renderNewerInvitationPage({ locale, provider }).value],
    ['accept limited', renderAcceptLimitedPage({ locale, retryAfterSeconds: 1800 }).value],
    ['not found', renderLinkNotFoundPage({ locale, languageSwitch }).value],
    ['superseded', renderSupersededPage({ locale, provider, languageSwitch }).value],
    [
      'already accepted',
      renderAlreadyAcceptedPage({ locale, provider, signInUrl: '/api/SignIn', languageSwitch }).value,
    ],
    ['not yet available', renderNotYetAvailablePage({ locale }).value],
    ['error', renderErrorPage({ locale, title: 'Erreur', message: 'Une erreur est survenue.' }).value],
  ];
}

export function emailHtml(locale: Locale, overrides: Partial<InvitationEmailView> = {}): string {
  return renderInvitationEmail(emailView({ locale, ...overrides })).html;
}

/** The sign-in problem pages that need nothing but their problem and language ('wrong-account' also needs emails). */
export const PLAIN_SIGN_IN_PROBLEMS = [
  'cancelled',
  'expired',
  'revoked',
  'not-signed-in',
  'session-expired',
  'session-ended',
  'state-mismatch',
  'sign-in-failed',
  'invitation-page-expired',
] as const satisfies readonly SignInProblem[];
