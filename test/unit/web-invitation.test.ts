import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, LOCALES } from '../../shared/domain/locale.js';
import { escapeHtml } from '../../shared/http/html.js';
import { de, formatDate, formatDateTime } from '../../shared/web/i18n.js';
import { renderInvitationEmail } from '../../shared/web/invitation-email.js';
import {
  renderAlreadyAcceptedPage,
  renderExpiredPage,
  renderLandingPage,
  renderLinkNotFoundPage,
  renderNewLinkSentPage,
  renderNotYetAvailablePage,
} from '../../shared/web/invitation-pages.js';
import { PAGE_CSS } from '../../shared/web/layout.js';
import {
  acceptUrl,
  allPages,
  emailView,
  expiresAt,
  hostileLanding,
  landingView,
  languageSwitch,
  provider,
  XSS,
} from '../support/invitation-views.js';

/** Attributes of every tag `name` in a page, e.g. every `<input>`. */
function tags(page: string, name: string): Array<Record<string, string>> {
  return [...page.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1], a[2] ?? ''])),
  );
}

function forms(page: string): Array<{ attributes: Record<string, string>; inputs: Array<Record<string, string>> }> {
  return [...page.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((match) => ({
    attributes: tags(match[0], 'form')[0] ?? {},
    inputs: tags(match[0], 'input'),
  }));
}

describe('the invitation email', () => {
  it('when the locale is the default, then the email is in French, with a French subject', () => {
    const email = renderInvitationEmail(emailView({ locale: DEFAULT_LOCALE }));
    expect(email.subject).toBe('Tamer Mohamed-Nour (GFMS) vous invite sur My rConnect');
    expect(email.html).toContain('<html lang="fr"');
    expect(email.text).toContain('Bonjour Willy URS,');
    expect(email.text).toContain(
      'Tamer Mohamed-Nour, de GFMS, vous invite à utiliser My rConnect pour collaborer avec son équipe.',
    );
    expect(email.html).toContain('Accepter l&#39;invitation');
    expect(email.text).toContain('L’équipe My rConnect');
  });

  it('when the locale is English, then the email is in English', () => {
    const email = renderInvitationEmail(emailView({ locale: 'en' }));
    expect(email.subject).toBe('Tamer Mohamed-Nour (GFMS) invited you to My rConnect');
    expect(email.html).toContain('<html lang="en"');
    expect(email.text).toContain('Hello Willy URS,');
    expect(email.text).toContain(
      'Tamer Mohamed-Nour from GFMS has invited you to use My rConnect to collaborate with them.',
    );
    expect(email.html).toContain('>Accept the invitation</a>');
    expect(email.text).toContain('The My rConnect team');
  });

  it('when it is rendered, then it ends as seed 002 does: "Welcome aboard." just before the sign-off, in each language', () => {
    const fr = renderInvitationEmail(emailView({ locale: 'fr' }));
    expect(fr.text).toContain('Bienvenue à bord.\n\nL’équipe My rConnect\n');
    expect(fr.html).toMatch(
      /<p style="[^"]*">Bienvenue à bord\.<\/p>\s*<p style="margin:0;">L’équipe My rConnect<\/p>/,
    );
    const en = renderInvitationEmail(emailView({ locale: 'en' }));
    expect(en.text).toContain('Welcome aboard.\n\nThe My rConnect team\n');
    expect(en.html).toMatch(/<p style="[^"]*">Welcome aboard\.<\/p>\s*<p style="margin:0;">The My rConnect team<\/p>/);
  });

  it('when the provider has a documentation address, then a P.S. after the sign-off points to it: linked in the HTML, on its own line in the text, in French and English', () => {
    const documentationUrl = 'https://docs.gfms.example/my-rconnect/premiers-pas?lang=fr&v=2';
    const withDocs = { ...provider, documentationUrl };
    const fr = renderInvitationEmail(emailView({ locale: 'fr', provider: withDocs }));
    expect(fr.text).toContain(
      `L’équipe My rConnect\n\nP.-S. Besoin d’aide pour démarrer\u00a0? Consultez la documentation de My rConnect.\n${documentationUrl}\n\n--\n`,
    );
    const link = `<a href="${escapeHtml(documentationUrl)}" target="_blank" style="color:#1d4ed8;text-decoration:underline;">`;
    expect(fr.html).toContain(
      `P.-S. Besoin d’aide pour démarrer\u00a0? Consultez ${link}la documentation de My rConnect</a>.`,
    );
    expect(fr.html.indexOf('P.-S.')).toBeGreaterThan(fr.html.indexOf('L’équipe My rConnect</p>'));
    expect(fr.html.indexOf('P.-S.')).toBeLessThan(fr.html.indexOf('Si vous n’attendiez pas'));

    const en = renderInvitationEmail(emailView({ locale: 'en', provider: withDocs }));
    expect(en.text).toContain(
      `The My rConnect team\n\nP.S. Need help getting started? Check out the My rConnect documentation.\n${documentationUrl}\n\n--\n`,
    );
    expect(en.html).toContain(`P.S. Need help getting started? Check out ${link}the My rConnect documentation</a>.`);
    expect(en.html.indexOf('P.S.')).toBeGreaterThan(en.html.indexOf('The My rConnect team</p>'));
  });

  it('when the platform name starts with a vowel, then the French P.S. elides "de"', () => {
    const email = renderInvitationEmail(
      emailView({
        provider: { ...provider, platformName: 'Extranet Horizon', documentationUrl: 'https://aide.horizon.example' },
      }),
    );
    expect(email.text).toContain('Consultez la documentation d’Extranet Horizon.\nhttps://aide.horizon.example\n');
  });

  it('when the provider has no documentation address, then neither part has a P.S.', () => {
    for (const locale of LOCALES) {
      const email = renderInvitationEmail(emailView({ locale }));
      expect(email.text).not.toMatch(/P\.-?S\./);
      expect(email.html).not.toMatch(/P\.-?S\./);
    }
  });

  it('when the provider describes its platform in French and English, then each email shows the description in its own language, in the HTML and the text', () => {
    const described = {
      ...provider,
      platformDescription: 'My rConnect helps you take your service processes further.',
      platformDescriptions: {
        fr: 'My rConnect est une plateforme qui vous aide à faire passer vos processus de service au niveau supérieur.',
        en: 'My rConnect is a platform which helps you to boost your service processes and assets to the next level.',
      },
    };
    for (const locale of LOCALES) {
      const email = renderInvitationEmail(emailView({ locale, provider: described }));
      const own = described.platformDescriptions[locale];
      const invited = locale === 'fr' ? 'pour collaborer avec son équipe.' : 'to collaborate with them.';
      expect(email.text).toContain(`${invited}\n\n${own}\n\n`);
      expect(email.html).toContain(`<p style="margin:0 0 16px;">${escapeHtml(own)}</p>`);
      for (const other of [described.platformDescription, ...Object.values(described.platformDescriptions)]) {
        if (other === own) continue;
        expect(email.text).not.toContain(other);
        expect(email.html).not.toContain(escapeHtml(other));
      }
    }
  });

  it('when the provider has no description in the email’s language, then the default one is shown; with neither, none', () => {
    const onlyEnglish = {
      ...provider,
      platformDescription: 'The default words.',
      platformDescriptions: { en: 'English words.' },
    };
    const fr = renderInvitationEmail(emailView({ locale: 'fr', provider: onlyEnglish }));
    expect(fr.text).toContain('The default words.');
    expect(fr.html).toContain('The default words.');
    expect(fr.text).not.toContain('English words.');
    const silent = renderInvitationEmail(
      emailView({
        locale: 'fr',
        provider: { ...provider, platformDescription: '', platformDescriptions: { en: 'English words.' } },
        message: undefined,
      }),
    );
    expect(silent.text).not.toContain('English words.');
    expect(silent.html).not.toContain('English words.');
    expect(silent.text).toContain('collaborer avec son équipe.\n\nPour accepter');
  });

  it('when it is rendered, then the text has the full link on its own line and the HTML has it as href and as text', () => {
    for (const locale of LOCALES) {
      const email = renderInvitationEmail(emailView({ locale }));
      expect(email.text.split('\n')).toContain(acceptUrl);
      const escaped = escapeHtml(acceptUrl);
      expect(email.html.match(new RegExp(`href="${escaped.replace(/[?.]/g, '\\$&')}"`, 'g'))).toHaveLength(2);
      expect(email.html).toContain(`>${escaped}</a>`);
    }
  });

  it("when it is rendered, then it names the expiry in the reader's language and Paris time, and the support address", () => {
    const fr = renderInvitationEmail(emailView({ locale: 'fr' }));
    expect(fr.text).toContain('Cette invitation expire le 30 novembre 2026 à 19:30 (heure de Paris).');
    expect(fr.html).toContain('href="mailto:support@gfms.example"');
    const en = renderInvitationEmail(emailView({ locale: 'en' }));
    expect(en.text).toContain('This invitation expires on 30 November 2026 at 19:30 (Paris time).');
  });

  it("when there is a personal message, then it is quoted as the inviter's, with its line breaks", () => {
    const email = renderInvitationEmail(emailView({ message: 'Line one\nLine two' }));
    expect(email.html).toContain('Message de Tamer Mohamed-Nour\u00a0:');
    expect(email.html).toMatch(/<blockquote[^>]*>Line one<br>Line two<\/blockquote>/);
    expect(email.text).toContain('> Line one\n> Line two');
    const without = renderInvitationEmail(emailView({ message: undefined }));
    expect(without.html).not.toContain('<blockquote');
    expect(without.text).not.toContain('Message de');
  });

  it('when the link is resent or renewed, then the email says it replaces earlier links', () => {
    const first = renderInvitationEmail(emailView({ reason: 'invitation' }));
    expect(first.text).not.toContain('remplace');
    for (const reason of ['resent', 'new-link'] as const) {
      const email = renderInvitationEmail(emailView({ reason, locale: 'en' }));
      expect(email.text).toContain('This link replaces any link sent to you earlier');
      expect(email.html).toContain('This link replaces any link sent to you earlier');
    }
    expect(renderInvitationEmail(emailView({ reason: 'new-link' })).subject).toBe(
      'Votre nouveau lien pour rejoindre My rConnect',
    );
  });

  it('when every typed field holds markup, then the HTML escapes it all and the subject stays on one line', () => {
    const email = renderInvitationEmail(
      emailView({
        invitee: { firstName: XSS, lastName: '<img src=x onerror=alert(1)>' },
        inviterName: `${XSS}\r\nBcc: x@evil.example`,
        provider: {
          name: XSS,
          platformName: XSS,
          platformDescription: XSS,
          supportEmail: `x${XSS}@example.com`,
          documentationUrl: `https://docs.example/"><img src=x onerror=alert(1)>`,
        },
        message: `${XSS}\n<b>bold</b>`,
      }),
    );
    expect(email.html).not.toMatch(/<script|<img|<b>|onerror=alert\(1\)>/);
    expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('when the provider gave no support address, then neither the HTML nor the text offers a contact line', () => {
    const { supportEmail: _none, ...noSupport } = emailView().provider;
    const email = renderInvitationEmail(emailView({ locale: 'en', provider: noSupport }));
    expect(email.html).not.toContain('Write to our team');
    expect(email.text).not.toContain('Write to our team');
    expect(email.html).not.toContain('mailto:');
    expect(renderInvitationEmail(emailView({ locale: 'en' })).text).toContain('Write to our team');
  });

  it('when it is rendered, then the HTML is self-contained: no script, stylesheet, image or external resource', () => {
    const { html } = renderInvitationEmail(emailView());
    expect(html).not.toMatch(/<script|<link|<img|<style|url\(/i);
    expect(html).toContain('role="presentation"');
  });

  it('when the accept URL is not http(s), then rendering refuses it', () => {
    expect(() => renderInvitationEmail(emailView({ acceptUrl: 'javascript:alert(1)' }))).toThrow();
  });
});

describe('dates', () => {
  it('when a French sentence puts "de" before a name, then it is elided before a vowel, never before an h', () => {
    expect(de('Élodie')).toBe('d’Élodie');
    expect(de('Anne')).toBe('d’Anne');
    expect(de('Yves')).toBe('d’Yves');
    expect(de('Marc')).toBe('de Marc');
    expect(de('Hélène')).toBe('de Hélène');
    expect(de(3)).toBe('de 3');
  });

  it('when a date is formatted, then it reads naturally in each language, in Paris time, winter and summer', () => {
    expect(formatDate(new Date('2026-11-23T10:00:00Z'), 'fr')).toBe('23 novembre 2026');
    expect(formatDate(new Date('2026-11-23T10:00:00Z'), 'en')).toBe('23 November 2026');
    expect(formatDateTime(expiresAt, 'fr')).toBe('30 novembre 2026 à 19:30 (heure de Paris)');
    expect(formatDateTime(expiresAt, 'en')).toBe('30 November 2026 at 19:30 (Paris time)');
    expect(formatDateTime(new Date('2026-07-01T10:00:00Z'), 'en')).toBe('1 July 2026 at 12:00 (Paris time)');
    // 23:30 UTC is already the next day in Paris.
    // The first of the month is "1er" in French (Intl writes "1").
    expect(formatDate(new Date('2026-11-30T23:30:00Z'), 'fr')).toBe('1er décembre 2026');
    expect(formatDateTime(new Date('2026-07-01T10:00:00Z'), 'fr')).toBe('1er juillet 2026 à 12:00 (heure de Paris)');
    expect(formatDate(new Date('2026-07-11T10:00:00Z'), 'fr')).toBe('11 juillet 2026');
    expect(formatDate(new Date('2026-07-21T10:00:00Z'), 'fr')).toBe('21 juillet 2026');
  });
});

describe('the landing page', () => {
  it('when the locale is French, then the page says who invites whom to what, in French', () => {
    const page = renderLandingPage(landingView({ locale: 'fr' })).value;
    expect(page).toContain('<html lang="fr">');
    expect(page).toContain('<title>Votre invitation à My rConnect · My rConnect</title>');
    expect(page).toContain(
      '<strong>Tamer Mohamed-Nour</strong> (<strong>GFMS</strong>) vous invite, <strong>Willy URS</strong>, à rejoindre <strong>My rConnect</strong>.',
    );
    expect(page).toContain('willy.urs@example.com');
    expect(page).toContain('30 novembre 2026 à 19:30 (heure de Paris)');
    expect(page).toContain('Connectez-vous avec votre compte Microsoft');
    expect(page).toContain('URS Maintenance SARL');
    expect(page).toContain('12 rue des Lilas<br>Bâtiment B<br>69003 Lyon<br>France');
    expect(page).toContain('Vous pourrez les vérifier et les corriger après votre connexion.');
    expect(page).toContain('Comme convenu');
  });

  it('when the provider describes its platform in French and English, then the page shows the description of its language', () => {
    const platformDescriptions = { fr: 'Votre espace client.', en: 'Your client space.' };
    const view = (locale: 'fr' | 'en') => landingView({ locale, provider: { ...provider, platformDescriptions } });
    expect(renderLandingPage(view('fr')).value).toContain('<p class="muted">Votre espace client.</p>');
    expect(renderLandingPage(view('fr')).value).not.toContain(provider.platformDescription);
    expect(renderLandingPage(view('en')).value).toContain('<p class="muted">Your client space.</p>');
  });

  it('when the locale is English, then the page is in English', () => {
    const page = renderLandingPage(landingView({ locale: 'en' })).value;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('invites you, <strong>Willy URS</strong>, to join <strong>My rConnect</strong>.');
    expect(page).toContain('30 November 2026 at 19:30 (Paris time)');
    expect(page).toContain('>Accept the invitation</button>');
    expect(page).toContain('Sign in with your Microsoft account');
  });

  it('when it is rendered, then its one form posts the link to /api/AcceptInvitation in hidden fields', () => {
    for (const locale of LOCALES) {
      const view = landingView({ locale });
      const [form, ...others] = forms(renderLandingPage(view).value);
      expect(others).toHaveLength(0);
      expect(form?.attributes).toMatchObject({ method: 'post', action: '/api/AcceptInvitation' });
      expect(form?.inputs).toEqual([
        { type: 'hidden', name: 'invitationId', value: view.invitationId },
        { type: 'hidden', name: 'key', value: view.key },
        { type: 'hidden', name: 'lang', value: locale },
      ]);
    }
    expect(renderLandingPage(landingView()).value).toContain(
      '<button type="submit" class="button">Accepter l&#39;invitation</button>',
    );
  });

  it('when it is rendered, then the language switch links both languages and marks the current one', () => {
    const page = renderLandingPage(landingView({ locale: 'en' })).value;
    expect(page).toContain(`<a href="${escapeHtml(languageSwitch.fr)}" lang="fr" hreflang="fr">Français</a>`);
    expect(page).toContain(
      `<a href="${escapeHtml(languageSwitch.en)}" lang="en" hreflang="en" aria-current="true">English</a>`,
    );
  });

  it('when every typed field holds markup, then each is escaped on every page', () => {
    for (const locale of LOCALES) {
      for (const [name, page] of allPages(locale, hostileLanding(locale))) {
        expect(page, name).not.toMatch(/<script|<img|<b>/);
      }
      const landing = renderLandingPage(hostileLanding(locale)).value;
      // inviter, invitee, message, company name, number, VAT, address lines, city, postal code, country, phone, provider
      expect(landing.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(14);
      expect(landing).toContain('value="&quot;&gt;&lt;script&gt;');
    }
  });
});

describe('the pages of a link that cannot be used', () => {
  it('when the invitation expired, then the page says when and offers a new link by a form to the invited address', () => {
    const page = renderExpiredPage({
      locale: 'fr',
      provider,
      invitationId: 'inv-1',
      key: 'key-1',
      expiredAt: expiresAt,
      languageSwitch,
    }).value;
    expect(page).toContain('Elle a expiré le 30 novembre 2026 à 19:30 (heure de Paris).');
    expect(page).toContain('envoyé uniquement à l’adresse e-mail');
    const [form] = forms(page);
    expect(form?.attributes).toMatchObject({ method: 'post', action: '/api/InviteUser/new-link' });
    expect(form?.inputs.map((i) => [i.type, i.name, i.value])).toEqual([
      ['hidden', 'invitationId', 'inv-1'],
      ['hidden', 'key', 'key-1'],
      ['hidden', 'lang', 'fr'],
    ]);
    expect(page).toContain('M’envoyer un nouveau lien</button>');
  });

  it('when the link is unknown, wrong or revoked, then one page says so and reveals nothing else', () => {
    const first = renderLinkNotFoundPage({ locale: 'en', languageSwitch }).value;
    const second = renderLinkNotFoundPage({ locale: 'en', languageSwitch }).value;
    expect(second).toBe(first);
    expect(first).toContain('This invitation link is not valid');
    expect(first).toContain('It may have been mistyped, cancelled or replaced.');
    expect(first).toContain('Ask the person who invited you to send a new invitation.');
    expect(first).not.toMatch(/GFMS|My rConnect|<form/);
    expect(renderLinkNotFoundPage({ locale: 'fr' }).value).toContain('Ce lien d’invitation n’est pas valide');
  });

  it('when a new link was sent, then the "check your inbox" page names no address, in the same words every time', () => {
    const page = renderNewLinkSentPage({ locale: 'en' }).value;
    expect(page).toContain(
      'If this invitation can still be renewed, a new link has been sent to the email address it was sent to.',
    );
    expect(page).not.toMatch(/[\w.•-]+@[\w-]+\.|<form/);
    expect(renderNewLinkSentPage({ locale: 'fr' }).value).toContain('<h1>Consultez votre messagerie</h1>');
  });

  it('when the invitation was already accepted, then the page links to sign-in', () => {
    const page = renderAlreadyAcceptedPage({ locale: 'fr', provider, signInUrl: '/api/SignIn', languageSwitch }).value;
    expect(page).toContain('<a class="button" href="/api/SignIn">Se connecter</a>');
    expect(() =>
      renderAlreadyAcceptedPage({ locale: 'fr', provider, signInUrl: 'javascript:alert(1)', languageSwitch }),
    ).toThrow();
  });
});

describe('every page', () => {
  it('when any page is rendered, then it is a full document with a heading, no script, and every visible control labelled', () => {
    for (const locale of LOCALES) {
      for (const [name, page] of allPages(locale)) {
        expect(page, name).toMatch(/^<!doctype html>\n<html lang="(fr|en)">/);
        expect(page, name).toContain(`<html lang="${locale}">`);
        expect(page, name).toContain('<meta charset="utf-8">');
        expect(page, name).toMatch(/<h1>[^<]+<\/h1>/);
        expect(page, name).not.toMatch(/<script|\son\w+=/i);
        for (const input of [...tags(page, 'input'), ...tags(page, 'select'), ...tags(page, 'textarea')]) {
          if (input.type === 'hidden') continue;
          expect(input.id, `${name}: ${JSON.stringify(input)}`).toBeTruthy();
          expect(page, name).toContain(`<label for="${input.id}"`);
        }
      }
    }
  });

  it('when the button style is read, then it is orange with white text at 4.5:1 or more, and grey with not-allowed when disabled', () => {
    expect(PAGE_CSS).toMatch(/\.button\{[^}]*background:#c2410c;color:#fff;/);
    expect(PAGE_CSS).toMatch(/\.button:disabled[^{]*\{background:#e5e7eb;color:#4b5563;cursor:not-allowed\}/);
    expect(contrast('#c2410c', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    // The stylesheet is trusted markup: escaping it would turn its quotes into entities and void the rules.
    expect(renderNotYetAvailablePage({ locale: 'fr' }).value).toContain(`<style>${PAGE_CSS}</style>`);
    expect(contrast('#4b5563', '#e5e7eb')).toBeGreaterThanOrEqual(4.5);
  });
});

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
      const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
