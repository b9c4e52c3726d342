/**
 * Seed 002's rule in real Chromium: "if something is wrong, the button is grey and this step cannot be validated;
 * change the data until the button turns orange". The Create Company page and its two modules are served by a tiny
 * server on 127.0.0.1 with the real page CSP (`script-src 'self'`, no inline script), the modules through the real
 * assets function code. Then axe-core checks this page and the other pages after sign-in, in both languages.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetResponse } from '../../functions/handlers/assets.js';
import { type CompanyInput, validateCompany } from '../../shared/domain/company-form.js';
import { LOCALES, type Locale } from '../../shared/domain/locale.js';
import { pageHeaders } from '../../shared/http/security-headers.js';
import {
  renderAccessRefusedPage,
  renderSignInProblemPage,
  renderSignInStartPage,
} from '../../shared/web/access-pages.js';
import {
  COMPANY_FORM_SCRIPT_SRC,
  defaultWelcomeLinks,
  renderCompanyPickerPage,
  renderCreateCompanyPage,
  renderWelcomePage,
} from '../../shared/web/company-pages.js';
import { axeViolations } from '../support/axe.js';
import { type Browser, type BrowserContext, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { PLAIN_SIGN_IN_PROBLEMS } from '../support/invitation-views.js';
import { api } from '../support/stack.js';

const GREY = 'rgb(229, 231, 235)';
const ORANGE = 'rgb(194, 65, 12)'; // #c2410c
const provider = { name: 'GFMS', platformName: 'My rConnect', supportEmail: 'support@gfms.example' };

/** The provider's data with two mistakes: a SIRET with a wrong digit and a 4-digit French postal code. */
const prefill: CompanyInput = {
  name: 'Atelier Durand',
  registrationNumber: '732 829 320 00075',
  vatNumber: '',
  phone: '+33 1 23 45 67 89',
  line1: '12 rue de la Paix',
  line2: '',
  postalCode: '7500',
  city: 'Paris',
  country: 'FR',
};

function createCompanyPage(locale: Locale): string {
  return renderCreateCompanyPage({
    locale,
    provider,
    client: { firstName: 'Willy', lastName: 'URS', email: 'willy.urs@example.com' },
    values: prefill,
    csrfToken: 'csrf-e2e',
    action: '/api/CreateCompany',
    scriptSrc: COMPANY_FORM_SCRIPT_SRC,
  }).value;
}

/** The other pages after sign-in, by name, for axe. */
function otherPages(locale: Locale): Array<[string, string]> {
  const since = new Date('2026-03-02T10:00:00Z');
  const pages: Array<[string, string]> = [
    [
      'welcome',
      renderWelcomePage({
        locale,
        provider,
        client: { firstName: 'Willy', lastName: 'URS' },
        company: { name: 'Atelier Durand' },
        links: defaultWelcomeLinks(locale, 'https://portal.example'),
        csrfToken: 'c',
      }).value,
    ],
    [
      'picker',
      renderCompanyPickerPage({
        locale,
        choices: [
          { value: 'a', providerName: 'GFMS', companyName: 'Atelier Durand' },
          { value: 'b', providerName: 'Agence du Parc', companyName: 'SCI Les Tilleuls' },
        ],
        csrfToken: 'c',
        action: '/api/SignIn/choose',
      }).value,
    ],
    ['sign-in codes', renderSignInStartPage({ locale, action: '/api/SignIn', client: 'C123' }).value],
  ];
  for (const reason of ['blocked', 'merged', 'provider-inactive', 'no-access'] as const) {
    const view = {
      locale,
      reason,
      providerName: 'GFMS',
      platformName: 'My rConnect',
      since,
      mergedIntoEmail: 'w•••@example.com',
    };
    pages.push([
      `refused ${reason}`,
      renderAccessRefusedPage({ ...view, supportEmail: 'support@gfms.example', csrfToken: 'c' }).value,
    ]);
  }
  for (const problem of ['wrong-account', ...PLAIN_SIGN_IN_PROBLEMS] as const) {
    const retryForm =
      problem === 'wrong-account'
        ? { action: '/api/AcceptInvitation', fields: { invitationId: 'i', key: 'k' } }
        : undefined;
    const view = {
      locale,
      problem,
      invitedEmail: 'willy.urs@example.com',
      signedInEmail: 'other@example.com',
      retryForm,
      providerName: 'GFMS',
    };
    pages.push([`sign-in problem ${problem}`, renderSignInProblemPage(view).value]);
  }
  return pages;
}

describe.runIf(!chromiumMissing())('the Create Company form in Chromium, under the real page CSP', () => {
  let browser: Browser;
  let server: http.Server;
  let base: string;
  const posted: URLSearchParams[] = [];
  const assetsServed: string[] = [];

  beforeAll(async () => {
    server = http.createServer(async (request, response) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const locale: Locale = url.searchParams.get('lang') === 'en' ? 'en' : 'fr';
      const page = (status: number, body: string) => {
        response.writeHead(status, { ...pageHeaders(), 'Content-Type': 'text/html; charset=utf-8' });
        response.end(body);
      };
      if (url.pathname === '/api/CreateCompany' && request.method === 'GET')
        return page(200, createCompanyPage(locale));
      if (url.pathname === '/api/CreateCompany' && request.method === 'POST') {
        let body = '';
        for await (const chunk of request) body += chunk;
        posted.push(new URLSearchParams(body));
        response.writeHead(303, { Location: '/api/Welcome' });
        return response.end();
      }
      if (url.pathname === '/inline') return page(200, '<!doctype html><title>x</title><script>1</script>');
      if (url.pathname === '/api/Welcome') return page(200, otherPages(locale)[0]![1]);
      if (url.pathname.startsWith('/api/assets/')) {
        const path = url.pathname.slice('/api/assets/'.length);
        const answer = await assetResponse(path);
        if (answer.status === 200) assetsServed.push(path);
        response.writeHead(answer.status ?? 200, answer.headers as Record<string, string>);
        return response.end(answer.body as string);
      }
      // Chromium asks every site for an icon; an answer keeps its 404 out of the console errors checked below.
      if (url.pathname === '/favicon.ico') return response.writeHead(204).end();
      response.writeHead(404, { 'Content-Type': 'text/plain' });
      response.end('Not found');
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  /** A context that reports every console error, page error and CSP violation. */
  async function watchedContext(options: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, ...options });
    await context.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    const problems: string[] = [];
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
        problems.push(`${message.text()} ${message.location().url}`);
      }
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return { context, page, problems };
  }

  const background = (page: Page) =>
    page.locator('#company-submit').evaluate((button) => getComputedStyle(button).backgroundColor);

  it('when the prefill is wrong, then the button is grey until every field is fixed, then orange, then grey again', async () => {
    const { context, page, problems } = await watchedContext();
    await page.goto(`${base}/api/CreateCompany`);
    const button = page.getByRole('button', { name: 'Créer la société' });
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await background(page)).toBe(GREY);
    expect(assetsServed).toEqual(
      expect.arrayContaining(['web/assets/company-form.client.js', 'domain/company-form.js']),
    );
    // Nothing is shouted before it is touched; the status line names what to fix.
    await expect.poll(() => page.locator('#company-postalCode-error').textContent()).toBe('');
    const status = page.locator('#company-form-status');
    expect(await status.textContent()).toContain('À corriger\u00a0: Numéro d’immatriculation, Code postal.');
    await page.screenshot({ path: '/tmp/create-company-invalid.png', fullPage: true });

    const postalCode = page.getByLabel('Code postal');
    await postalCode.fill('750');
    await postalCode.press('Tab');
    await expect
      .poll(() => page.locator('#company-postalCode-error').textContent())
      .toBe('Ce code postal ne correspond pas au pays choisi (par exemple 75008).');
    expect(await postalCode.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#company-registrationNumber-error').textContent()).toBe('');
    await page.screenshot({ path: '/tmp/create-company-touched.png', fullPage: true });

    await postalCode.fill('75002');
    await page.getByLabel('Numéro d’immatriculation').fill('732 829 320 00074');
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(await background(page)).toBe(ORANGE);
    expect(await postalCode.getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('#company-postalCode-error').textContent()).toBe('');
    expect(await status.textContent()).toContain('Tout est valide');
    await page.screenshot({ path: '/tmp/create-company-valid.png', fullPage: true });

    const phone = page.getByLabel('Téléphone');
    await phone.fill('+33 12');
    await expect.poll(() => button.isDisabled()).toBe(true);
    expect(await background(page)).toBe(GREY);
    await phone.fill('01 23 45 67 89');
    await expect.poll(() => button.isEnabled()).toBe(true);
    // The rules follow the country: 75002 is no Belgian postal code.
    await page.getByLabel('Pays').selectOption('BE');
    await expect.poll(() => button.isDisabled()).toBe(true);
    await page.getByLabel('Pays').selectOption('FR');
    await expect.poll(() => button.isEnabled()).toBe(true);

    await button.click();
    await page.waitForURL(`${base}/api/Welcome`);
    const form = posted.at(-1)!;
    expect(form.get('csrf')).toBe('csrf-e2e');
    const result = validateCompany(Object.fromEntries(form));
    expect(result.ok && result.company).toMatchObject({ registrationNumber: '73282932000074', phone: '+33123456789' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('when Enter is pressed while the button is grey, then every problem is shown and the first wrong field gets focus', async () => {
    const { context, page, problems } = await watchedContext();
    await page.goto(`${base}/api/CreateCompany?lang=en`);
    await expect.poll(() => page.getByRole('button', { name: 'Create company' }).isDisabled()).toBe(true);
    await page.getByLabel('City').press('Enter');
    await expect.poll(() => page.locator('#company-registrationNumber-error').textContent()).toContain('SIRET');
    expect(await page.locator('#company-postalCode-error').textContent()).toContain('for example 75008');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('company-registrationNumber');
    expect(posted.filter((p) => p.get('lang') === 'en')).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('when a page breaks the CSP, then the watcher used above reports it (so its silence means something)', async () => {
    const { context, page, problems } = await watchedContext();
    await page.goto(`${base}/inline`);
    await expect.poll(() => problems.some((p) => /Content Security Policy|CSP violation/.test(p))).toBe(true);
    await context.close();
  });

  it('when JavaScript is off, then the button is enabled and orange, and the server decides', async () => {
    const { context, page } = await watchedContext({ javaScriptEnabled: false });
    await page.goto(`${base}/api/CreateCompany`);
    const button = page.getByRole('button', { name: 'Créer la société' });
    expect(await button.isEnabled()).toBe(true);
    expect(await background(page)).toBe(ORANGE);
    await context.close();
  });

  it('when the page is checked by axe-core, before and after problems are shown, then it finds no violation', async () => {
    // Only axe needs the CSP bypassed (it is injected as a script); the page's own script runs as it would anyway.
    const context: BrowserContext = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 1024, height: 900 },
    });
    const page = await context.newPage();
    for (const locale of LOCALES) {
      await page.goto(`${base}/api/CreateCompany?lang=${locale}`);
      await expect.poll(() => page.locator('#company-submit').isDisabled()).toBe(true);
      expect(await axeViolations(page), `${locale} untouched`).toEqual([]);
      await page.locator('#company-postalCode').fill('1');
      await page.locator('#company-postalCode').press('Enter');
      await expect.poll(() => page.locator('#company-postalCode-error').textContent()).not.toBe('');
      expect(await axeViolations(page), `${locale} with problems`).toEqual([]);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/api/CreateCompany`);
    await page.screenshot({ path: '/tmp/create-company-mobile.png', fullPage: true });
    await context.close();
  });

  it('when the other pages after sign-in are checked by axe-core in both languages, then it finds no violation', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    for (const locale of LOCALES) {
      for (const [name, markup] of otherPages(locale)) {
        await page.setContent(markup, { waitUntil: 'load' });
        expect(await axeViolations(page), `${name} (${locale})`).toEqual([]);
        if (locale === 'fr' && (name === 'welcome' || name === 'refused blocked')) {
          await page.screenshot({ path: `/tmp/${name.replace(' ', '-')}.png`, fullPage: true });
        }
      }
    }
    await context.close();
  });

  it('when the running Functions host is asked for the assets, then the catch-all route serves the allow-list only', async () => {
    const script = await fetch(api('/assets/web/assets/company-form.client.js'));
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("from '../../domain/company-form.js'");
    expect((await fetch(api('/assets/domain/company-form.js'))).status).toBe(200);
    expect((await fetch(api('/assets/domain/invitation.js'))).status).toBe(404);
    expect((await fetch(api('/assets/web/assets/../../config.js'))).status).toBe(404);
    expect((await fetch(api('/assets/domain/..%2Fconfig.js'))).status).toBe(404);
  });
});
