/**
 * The portal's shell (seed 001): "Connecté en tant que <email> — <company>" at the top of every signed-in page with
 * a close button named "Fermer l’avis" / "Close the notice" (a form post: no script), the same words at the bottom
 * (not closable), and "Changer de compte" / "Switch account" — in French by default, in English, closed or open.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../shared/domain/locale.js';
import { html } from '../../shared/http/html.js';
import { renderCompanyPickerPage, renderWelcomePage } from '../../shared/web/company-pages.js';
import { renderPage } from '../../shared/web/layout.js';
import { CLOSE_NOTICE_PATH, type SignedInShell, SWITCH_ACCOUNT_PATH } from '../../shared/web/portal-shell.js';
import { renderProfilePage } from '../../shared/web/profile-pages.js';

const shell = (overrides: Partial<SignedInShell> = {}): SignedInShell => ({
  email: 'mohamed-nour@example.com',
  place: 'Atelier Nour',
  noticeClosed: false,
  csrfToken: 'csrf-token',
  back: '/api/Welcome?lang=fr',
  switchAccount: true,
  ...overrides,
});

const welcome = (locale: Locale, signedIn: SignedInShell) =>
  renderWelcomePage({
    locale,
    provider: { name: 'GFMS', platformName: 'My rConnect', supportEmail: 'support@gfms.example' },
    client: { firstName: 'Nour', lastName: 'Benali' },
    links: [],
    csrfToken: 'csrf-token',
    signedIn,
  }).value;

/** The text of an element found by a marker attribute, tags removed and entities decoded. */
function textOf(page: string, marker: string): string | undefined {
  const found = new RegExp(`<p [^>]*${marker}[^>]*>([\\s\\S]*?)</p>`).exec(page);
  return found?.[1]
    ?.replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The forms of the page that post to `action`. */
const formsTo = (page: string, action: string) =>
  [...page.matchAll(/<form [^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)].filter((m) => m[1] === action);

describe('the signed-in notice', () => {
  it('when a page is rendered in French (the default), then the notice says "Connecté en tant que <email> — <company>", top and bottom', () => {
    const page = welcome('fr', shell());
    expect(textOf(page, 'data-signed-in-notice="top"')).toBe(
      'Connecté en tant que mohamed-nour@example.com \u2014 Atelier Nour',
    );
    expect(textOf(page, 'data-signed-in-notice="bottom"')).toBe(
      'Connecté en tant que mohamed-nour@example.com \u2014 Atelier Nour',
    );
    const [close] = formsTo(page, CLOSE_NOTICE_PATH);
    expect(close?.[2]).toMatch(/<button type="submit"[^>]* aria-label="Fermer l\u2019avis">Fermer /);
    expect(close?.[2]).toContain('name="csrf" value="csrf-token"');
    expect(close?.[2]).toContain('name="back" value="/api/Welcome?lang=fr"');
    // The top notice in the banner (top of the page), the bottom one in the footer, before the platform's name.
    expect(page.indexOf('data-signed-in-notice="top"')).toBeLessThan(page.indexOf('</header>'));
    expect(page.indexOf('data-signed-in-notice="bottom"')).toBeGreaterThan(page.indexOf('<footer'));
    expect(page.indexOf('data-signed-in-notice="bottom"')).toBeLessThan(page.indexOf('<p>My rConnect</p>'));
  });

  it('when a page is rendered in English, then "Signed in as …" and a "Close" button named "Close the notice"', () => {
    const page = welcome('en', shell({ back: '/api/Welcome?lang=en' }));
    expect(textOf(page, 'data-signed-in-notice="top"')).toBe(
      'Signed in as mohamed-nour@example.com \u2014 Atelier Nour',
    );
    expect(textOf(page, 'data-signed-in-notice="bottom"')).toBe(
      'Signed in as mohamed-nour@example.com \u2014 Atelier Nour',
    );
    expect(formsTo(page, CLOSE_NOTICE_PATH)[0]?.[2]).toMatch(/ aria-label="Close the notice">Close /);
  });

  it('when the notice was closed in this session, then only the bottom one is left, with no close button', () => {
    const page = welcome('fr', shell({ noticeClosed: true }));
    expect(page).not.toContain('data-signed-in-notice="top"');
    expect(formsTo(page, CLOSE_NOTICE_PATH)).toHaveLength(0);
    expect(textOf(page, 'data-signed-in-notice="bottom"')).toContain('mohamed-nour@example.com');
  });

  it('when no company is chosen yet (the picker), then the notice names the email alone', () => {
    const page = renderCompanyPickerPage({
      locale: 'en',
      choices: [],
      csrfToken: 'csrf-token',
      action: '/api/SignIn/choose',
      signedIn: shell({ place: undefined }),
    }).value;
    expect(textOf(page, 'data-signed-in-notice="top"')).toBe('Signed in as mohamed-nour@example.com');
    expect(page).not.toContain('data-signed-in-place');
  });

  it('when the email or company holds markup, then it is shown as text', () => {
    const page = welcome('en', shell({ email: '"><script>x</script>@example.com', place: '<b>Co</b>' }));
    expect(page).not.toContain('<script>x');
    expect(page).not.toContain('<b>Co</b>');
    expect(page).toContain('&lt;b&gt;Co&lt;/b&gt;');
  });

  it('when a page is not a signed-in portal page (no shell), then it has neither notice nor switch', () => {
    const bare = renderPage({ locale: 'fr', title: 'Invitation', body: html`<p>Bonjour</p>` }).value;
    expect(bare).not.toContain('data-signed-in-notice');
    expect(bare).not.toContain(SWITCH_ACCOUNT_PATH);
  });
});

describe('"Switch account"', () => {
  for (const [locale, word] of [
    ['fr', 'Changer de compte'],
    ['en', 'Switch account'],
  ] as const) {
    it(`when a portal page is rendered in ${locale}, then it has a "${word}" form post with the session's CSRF token`, () => {
      const page = renderProfilePage({
        locale,
        profile: { signInEmail: 'mohamed-nour@example.com', displayName: 'Nour B.', providers: [], companies: [] },
        csrfToken: 'csrf-token',
        signedIn: shell(),
      }).value;
      const [form] = formsTo(page, SWITCH_ACCOUNT_PATH);
      expect(form?.[0]).toContain('method="post"');
      expect(form?.[2]).toContain('name="csrf" value="csrf-token"');
      expect(form?.[2]).toContain(`>${word}</button>`);
    });
  }

  it('when the page does not offer it (Create Company, mid-onboarding), then the notice is there but not the switch', () => {
    const page = welcome('fr', shell({ switchAccount: false }));
    expect(formsTo(page, SWITCH_ACCOUNT_PATH)).toHaveLength(0);
    expect(page).toContain('data-signed-in-notice="top"');
  });
});
