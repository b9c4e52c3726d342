/**
 * The account emails (shared/web/account-emails.ts): each kind in French and English, HTML and text parts, the
 * reset link only in the reset email, never a password, everything escaped; and the dispatcher's log lines, which
 * never hold the link or the address.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { dispatchAccountEmailHandler } from '../../functions/handlers/dispatch-account-email.js';
import type { AccountEmail } from '../../shared/domain/account-email.js';
import { LOCALES } from '../../shared/domain/locale.js';
import { queueAccountEmail } from '../../shared/domain/use-cases/account-emails.js';
import { renderAccountEmail } from '../../shared/web/account-emails.js';
import { accountEmailWorld } from '../support/account-email-fakes.js';

const SERVICE = 'Portail GFMS';
const URL = 'https://onboarding.test/api/ResetPassword?token=k3y_-secret';
const AT = new Date('2026-12-01T14:05:00.000Z');
const TO = 'zoe.faure@example.com';
/** What a reader of the HTML part sees: no tags, entities decoded. */
const visible = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

const emails = (locale: 'fr' | 'en'): Record<AccountEmail['kind'], AccountEmail> => ({
  'reset-link': { kind: 'reset-link', to: TO, locale, url: URL, expiresAt: new Date(AT.getTime() + 30 * 60_000) },
  'reset-refused': {
    kind: 'reset-refused',
    to: TO,
    locale,
    reason: 'blocked',
    since: new Date('2026-11-02T10:00:00Z'),
    providerName: 'GFMS',
    supportEmail: 'support@gfms.example',
  },
  'password-changed': { kind: 'password-changed', to: TO, locale, at: AT, how: 'reset' },
  'temporary-password': { kind: 'temporary-password', to: TO, locale, at: AT, providerName: 'GFMS' },
  'two-step-help': {
    kind: 'two-step-help',
    to: 'advisor@gfms.example',
    locale,
    at: AT,
    providerName: 'GFMS',
    clientName: 'Claire Martin',
    clientEmail: TO,
  },
  'two-step-off': { kind: 'two-step-off', to: TO, locale, at: AT, providerName: 'GFMS' },
  'sign-in-email-code': {
    kind: 'sign-in-email-code',
    to: TO,
    locale,
    code: '482913',
    expiresAt: new Date(AT.getTime() + 15 * 60_000),
  },
  'sign-in-email-changed': {
    kind: 'sign-in-email-changed',
    to: TO,
    locale,
    at: AT,
    newEmailMasked: 'n•••@example.org',
  },
});

const expected = {
  fr: {
    'reset-link': [
      /^Réinitialiser votre mot de passe Portail GFMS$/,
      ['valable 30\u00a0minutes', 'ne sert qu’une fois', 'ignorez cet e-mail'],
    ],
    'reset-refused': [
      /^Votre demande de réinitialisation du mot de passe/,
      ['GFMS a bloqué son accès le 2 novembre 2026.', 'support@gfms.example', 'aucun lien'],
    ],
    'password-changed': [
      /^Votre mot de passe Portail GFMS a été modifié$/,
      ['1er décembre 2026 à 15:05 (heure de Paris)', 'lien de réinitialisation', 'Si ce n’était pas vous'],
    ],
    'temporary-password': [
      /^Un mot de passe temporaire a été défini/,
      ['Un professionnel de GFMS', 'à votre prochaine connexion', 'jamais envoyé par e-mail'],
    ],
    'two-step-help': [
      /^Claire Martin demande la désactivation de la vérification en deux étapes$/,
      ['Claire Martin (', 'client de GFMS', '«\u00a0Désactiver la vérification en deux étapes\u00a0»'],
    ],
    'two-step-off': [
      /^La vérification en deux étapes a été désactivée sur votre compte Portail GFMS$/,
      ['Un professionnel de GFMS a désactivé', '1er décembre 2026 à 15:05', 'contactez GFMS tout de suite'],
    ],
    'sign-in-email-code': [
      /^Votre code pour vous connecter à Portail GFMS avec cette adresse$/,
      ['482913', '15\u00a0minutes', 'rien ne change sans le code'],
    ],
    'sign-in-email-changed': [
      /^L’adresse de connexion à Portail GFMS a changé$/,
      ['se connecte avec n•••@example.org', '1er décembre 2026 à 15:05', 'contactez tout de suite votre prestataire'],
    ],
  },
  en: {
    'reset-link': [
      /^Reset your Portail GFMS password$/,
      ['valid for 30 minutes', 'works only once', 'ignore this email'],
    ],
    'reset-refused': [
      /^Your Portail GFMS password reset request$/,
      ['GFMS blocked its access on 2 November 2026.', 'support@gfms.example', 'holds no link'],
    ],
    'password-changed': [
      /^Your Portail GFMS password was changed$/,
      ['1 December 2026 at 15:05 (Paris time)', 'with a reset link', 'If it was not you'],
    ],
    'temporary-password': [
      /^A temporary password was set/,
      ['A professional of GFMS', 'next time you sign in', 'never sent by email'],
    ],
    'two-step-help': [
      /^Claire Martin asks for two-step verification to be turned off$/,
      ['Claire Martin (', 'a client of GFMS', '"Turn off two-step verification"'],
    ],
    'two-step-off': [
      /^Two-step verification was turned off on your Portail GFMS account$/,
      ['A professional of GFMS turned off', '1 December 2026 at 15:05', 'contact GFMS now'],
    ],
    'sign-in-email-code': [
      /^Your code to sign in to Portail GFMS with this address$/,
      ['482913', 'works for 15 minutes', 'nothing changes without the code'],
    ],
    'sign-in-email-changed': [
      /^The address you sign in to Portail GFMS with has changed$/,
      ['signs in with n•••@example.org', '1 December 2026 at 15:05', 'contact your provider now'],
    ],
  },
} as const;

describe('account email templates', () => {
  for (const locale of LOCALES) {
    for (const kind of Object.keys(emails(locale)) as Array<AccountEmail['kind']>) {
      it(`${kind} in ${locale}: its subject and words, in the HTML and the text parts`, () => {
        const rendered = renderAccountEmail(emails(locale)[kind], SERVICE);
        const [subject, phrases] = expected[locale][kind];
        expect(rendered.subject).toMatch(subject);
        expect(rendered.html).toContain(`<html lang="${locale}"`);
        for (const phrase of phrases) {
          expect(rendered.text).toContain(phrase);
          expect(visible(rendered.html)).toContain(phrase);
        }
        if (kind === 'reset-link') {
          expect(rendered.text).toContain(`\n${URL}\n`);
          expect(rendered.html).toContain(`href="${URL}"`);
        } else {
          expect(rendered.text).not.toMatch(/https?:/);
          expect(rendered.html).not.toMatch(/href="https?:/);
        }
      });
    }
  }

  it('each reason of a refused reset says why, and a merged account names the other address as given (masked)', () => {
    const base = emails('en')['reset-refused'] as Extract<AccountEmail, { kind: 'reset-refused' }>;
    const merged = renderAccountEmail({ ...base, reason: 'merged', mergedIntoEmail: 'z•••@example.org' }, SERVICE);
    expect(merged.text).toContain('This account was merged into the account z•••@example.org on 2 November 2026.');
    const inactive = renderAccountEmail({ ...base, reason: 'provider-inactive' }, SERVICE);
    expect(inactive.text).toContain('GFMS stopped using the service on 2 November 2026.');
    const unnamed = renderAccountEmail({ kind: 'reset-refused', to: TO, locale: 'fr', reason: 'blocked' }, SERVICE);
    expect(unnamed.text).toContain('Votre prestataire a bloqué son accès.');
    expect(unnamed.text).toContain('contactez votre prestataire');
  });

  it('escapes names in the HTML and keeps the subject on one line', () => {
    const rendered = renderAccountEmail(
      { kind: 'temporary-password', to: TO, locale: 'en', at: AT, providerName: '<b>Evil</b>\r\nBcc: x' },
      'Portal\nX',
    );
    expect(rendered.html).not.toContain('<b>Evil</b>');
    expect(rendered.html).toContain('&lt;b&gt;Evil&lt;/b&gt;');
    expect(rendered.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses a reset link that is not http(s)', () => {
    const email = { ...emails('fr')['reset-link'], url: 'javascript:alert(1)' } as AccountEmail;
    expect(() => renderAccountEmail(email, SERVICE)).toThrow(/javascript/);
  });
});

describe('DispatchAccountEmail log lines', () => {
  it('name the email, never its link nor its address, whatever happens to it', async () => {
    const world = accountEmailWorld();
    const lines: string[] = [];
    const context = () =>
      new azf.InvocationContext({
        invocationId: 'inv-account-email',
        functionName: 'DispatchAccountEmail',
        logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')),
      });
    const id = await queueAccountEmail(world.deps, emails('fr')['reset-link']);
    world.email.answer(
      { kind: 'throttled', reason: 'ACS answered 429 (throttled)', retryAfterSeconds: 1 },
      { kind: 'transient-failure', reason: 'ACS answered 503' },
    );
    for (let i = 0; i < 3; i++) {
      await dispatchAccountEmailHandler(world.queue.last.request, context(), world.deps);
      world.clock.advance(10_000);
    }
    await dispatchAccountEmailHandler({ emailId: 'not-a-guid' }, context(), world.deps);
    expect(world.store.rows.get(id)!.value.status).toBe('sent');
    const log = lines.join('\n');
    expect(log).toContain('account-email.throttled');
    expect(log).toContain('account-email.retry-scheduled');
    expect(log).toContain('account-email.sent');
    expect(log).toContain('account-email.message.malformed');
    expect(log).toContain(id);
    expect(log).not.toContain('k3y_-secret');
    expect(log).not.toContain('ResetPassword');
    expect(log).not.toContain(TO);
  });
});
