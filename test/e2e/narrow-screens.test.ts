/**
 * Every client page, every console page and the invitation emails on a 320 px wide screen (issue 9, defect 13), in real Chromium: with
 * long addresses, long names and long company names, nothing scrolls sideways (`scrollWidth` ≤ 320) and every long
 * value the page shows lies fully inside the viewport — wrapped, not clipped. Pages are rendered by their own
 * functions and loaded with `setContent`, so no server is needed; the e2e project's global setup starts the stack
 * anyway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyInput, CompanyProblems } from '../../shared/domain/company-form.js';
import { LOCALES, type Locale } from '../../shared/domain/locale.js';
import {
  renderAccessRefusedPage,
  renderSignInProblemPage,
  renderSignInStartPage,
} from '../../shared/web/access-pages.js';
import {
  COMPANY_FORM_SCRIPT_SRC,
  renderCompanyPickerPage,
  renderCreateCompanyPage,
  renderWelcomePage,
} from '../../shared/web/company-pages.js';
import { renderInvitationEmail } from '../../shared/web/invitation-email.js';
import {
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
import type { SignedInShell } from '../../shared/web/portal-shell.js';
import { renderSignedOutPage } from '../../shared/web/signed-out-page.js';
import { type Browser, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { consolePages } from '../support/console-views.js';
import {
  emailView,
  expiresAt,
  landingView,
  languageSwitch,
  PLAIN_SIGN_IN_PROBLEMS,
} from '../support/invitation-views.js';

const WIDTH = 320;

/** The address of the issue: 40 characters, no place to break. */
const INVITEE_EMAIL = 'claire.dupont.1796030516@contoso.example';
/** The account someone signed in with instead, longer still. */
const OTHER_EMAIL = 'marie-amelie.de-la-fontaine-beaumarchais.1796030516@services-techniques.contoso.example';
const SUPPORT_EMAIL = 'assistance.clients.plateforme@gfms-services-techniques-internationaux.example';
const MERGED_EMAIL = 'c•••@services-techniques-internationaux.contoso.example';
const FIRST_NAME = 'Marie-Amélie-Françoise-Bénédicte';
const LAST_NAME = 'de La Fontaine-Beaumarchais-Villeneuve-Saint-Georges';
const INVITER = 'Jean-Baptiste-Emmanuel Delacroix-Montmorency-Laval';
const PROVIDER_NAME = 'GFMS-Services-Techniques-Internationaux-Maintenance-Industrielle';
const PLATFORM_NAME = 'MyRConnectServicesClientsProfessionnels';
const DOCUMENTATION_URL = `https://documentation.gfms-services-techniques-internationaux.example/${'premiers-pas/'.repeat(8)}`;
const COMPANY_NAME = 'Société-Nouvelle-de-Maintenance-Industrielle-et-Frigorifique-du-Grand-Est SARL';
const OTHER_COMPANY = 'Établissements-Durand-Dupont-Lefebvre-Chauffage-Climatisation-Ventilation SAS';

const provider: ProviderView = {
  name: PROVIDER_NAME,
  platformName: PLATFORM_NAME,
  platformDescription: `${PLATFORM_NAME} aide ${PROVIDER_NAME} et ses clients à suivre leurs équipements.`,
  supportEmail: SUPPORT_EMAIL,
};

const companyValues: CompanyInput = {
  name: COMPANY_NAME,
  registrationNumber: '73282932000075',
  vatNumber: 'FR00732829320',
  phone: '+33123456789012345678',
  line1: '12 rue du Général-de-Gaulle-et-de-la-Libération-Nationale-Bâtiment-B-Escalier-C',
  line2: 'Zone-Industrielle-des-Grandes-Terres-de-Saint-Rémy-de-Provence',
  postalCode: '7500',
  city: 'Saint-Rémy-de-Provence-sur-Durance-la-Grande',
  country: 'FR',
};
const companyProblems: CompanyProblems = {
  registrationNumber: 'invalid-siret',
  vatNumber: 'vat-mismatch',
  phone: 'invalid-phone',
  postalCode: 'invalid-postal-code',
};

/** The signed-in part of portal pages (seed 001's notice, "Switch account"), with the long address and company. */
const signedIn = (overrides: Partial<SignedInShell> = {}): SignedInShell => ({
  email: OTHER_EMAIL,
  place: COMPANY_NAME,
  noticeClosed: false,
  csrfToken: 'csrf',
  back: '/api/Welcome?lang=fr',
  switchAccount: true,
  ...overrides,
});

interface Case {
  name: string;
  markup: string;
  /** Long values the page shows as text: each one must lie fully inside the viewport. */
  mustFit: string[];
}

function pages(locale: Locale): Case[] {
  const invitationId = '7ecbaadb-3c74-4d57-90aa-7d0678fd81f6';
  const key = 'q2V5LXNlY3JldC1rZXk';
  const landing = landingView({
    locale,
    invitee: { firstName: FIRST_NAME, lastName: LAST_NAME, email: INVITEE_EMAIL },
    inviterName: INVITER,
    provider,
    message: `Bonjour ${FIRST_NAME},\nvoici votre accès : ${INVITEE_EMAIL}`,
    company: {
      name: COMPANY_NAME,
      registrationNumber: companyValues.registrationNumber,
      vatNumber: companyValues.vatNumber,
      address: {
        line1: companyValues.line1,
        line2: companyValues.line2,
        postalCode: '13210',
        city: companyValues.city,
        country: 'FR',
      },
      phone: companyValues.phone,
    },
  });
  const problem = (name: string, view: Parameters<typeof renderSignInProblemPage>[0], mustFit: string[]): Case => ({
    name: `sign-in problem page (${name})`,
    markup: renderSignInProblemPage(view).value,
    mustFit,
  });
  const refused = (view: Omit<Parameters<typeof renderAccessRefusedPage>[0], 'locale'>, mustFit: string[]): Case => ({
    name: `access refused page (${view.reason})`,
    markup: renderAccessRefusedPage({
      locale,
      providerName: PROVIDER_NAME,
      platformName: PLATFORM_NAME,
      supportEmail: SUPPORT_EMAIL,
      since: expiresAt,
      csrfToken: 'csrf',
      languageSwitch,
      ...view,
    }).value,
    mustFit,
  });
  const retry = { action: '/api/AcceptInvitation', fields: { invitationId, key, lang: locale } };
  return [
    {
      name: 'landing page',
      markup: renderLandingPage(landing).value,
      mustFit: [
        INVITEE_EMAIL,
        SUPPORT_EMAIL,
        FIRST_NAME,
        LAST_NAME,
        INVITER,
        PROVIDER_NAME,
        PLATFORM_NAME,
        COMPANY_NAME,
      ],
    },
    {
      name: 'expired page',
      markup: renderExpiredPage({ locale, provider, invitationId, key, expiredAt: expiresAt, languageSwitch }).value,
      mustFit: [SUPPORT_EMAIL, PROVIDER_NAME, PLATFORM_NAME],
    },
    {
      name: 'new link sent page',
      markup: renderNewLinkSentPage({ locale, languageSwitch }).value,
      mustFit: [],
    },
    { name: 'new link limited page', markup: renderNewLinkLimitedPage({ locale }).value, mustFit: [] },
    {
      name: 'newer invitation page',
      markup: renderNewerInvitationPage({ locale, provider }).value,
      mustFit: [SUPPORT_EMAIL, PROVIDER_NAME, PLATFORM_NAME],
    },
    {
      name: 'accept limited page',
      markup: renderAcceptLimitedPage({ locale, retryAfterSeconds: 1800 }).value,
      mustFit: [],
    },
    {
      name: 'superseded page',
      markup: renderSupersededPage({ locale, provider, languageSwitch }).value,
      mustFit: [SUPPORT_EMAIL, PROVIDER_NAME, PLATFORM_NAME],
    },
    {
      name: 'already accepted page',
      markup: renderAlreadyAcceptedPage({ locale, provider, signInUrl: '/api/SignIn', languageSwitch }).value,
      mustFit: [SUPPORT_EMAIL, PLATFORM_NAME],
    },
    { name: 'link not found page', markup: renderLinkNotFoundPage({ locale, languageSwitch }).value, mustFit: [] },
    { name: 'not yet available page', markup: renderNotYetAvailablePage({ locale }).value, mustFit: [] },
    {
      name: 'error page',
      markup: renderErrorPage({
        locale,
        title: locale === 'fr' ? 'Une erreur est survenue' : 'Something went wrong',
        message: `${INVITEE_EMAIL}\n${OTHER_EMAIL}`,
        languageSwitch,
      }).value,
      mustFit: [INVITEE_EMAIL, OTHER_EMAIL],
    },
    {
      name: 'sign-in start page',
      markup: renderSignInStartPage({
        locale,
        action: '/api/SignIn',
        client: 'CLIENT-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789-ABCDEFGH',
        societe: 'SOCIETE-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789-ABCDEF',
        languageSwitch,
      }).value,
      mustFit: [],
    },
    problem(
      'wrong account',
      {
        locale,
        problem: 'wrong-account',
        invitedEmail: INVITEE_EMAIL,
        signedInEmail: OTHER_EMAIL,
        retryForm: retry,
        providerName: PROVIDER_NAME,
        platformName: PLATFORM_NAME,
        languageSwitch,
      },
      [INVITEE_EMAIL, OTHER_EMAIL, PLATFORM_NAME],
    ),
    problem(
      'email not verified',
      {
        locale,
        problem: 'email-not-verified',
        invitedEmail: INVITEE_EMAIL,
        retryForm: retry,
        providerName: PROVIDER_NAME,
        platformName: PLATFORM_NAME,
        languageSwitch,
      },
      [INVITEE_EMAIL, PLATFORM_NAME],
    ),
    ...PLAIN_SIGN_IN_PROBLEMS.map((name) =>
      problem(
        name,
        { locale, problem: name, providerName: PROVIDER_NAME, platformName: PLATFORM_NAME, languageSwitch },
        name === 'expired' || name === 'revoked' ? [PROVIDER_NAME, PLATFORM_NAME] : [PLATFORM_NAME],
      ),
    ),
    refused({ reason: 'blocked' }, [PROVIDER_NAME, PLATFORM_NAME, SUPPORT_EMAIL]),
    refused({ reason: 'merged', mergedIntoEmail: MERGED_EMAIL }, [MERGED_EMAIL, PLATFORM_NAME, SUPPORT_EMAIL]),
    refused({ reason: 'provider-inactive' }, [PROVIDER_NAME, PLATFORM_NAME, SUPPORT_EMAIL]),
    refused({ reason: 'no-access' }, [PLATFORM_NAME, SUPPORT_EMAIL]),
    {
      name: 'Create Company page, with the server’s problems shown',
      markup: renderCreateCompanyPage({
        locale,
        provider,
        client: { firstName: FIRST_NAME, lastName: LAST_NAME, email: INVITEE_EMAIL },
        values: companyValues,
        problems: companyProblems,
        csrfToken: 'csrf',
        action: '/api/CreateCompany',
        scriptSrc: COMPANY_FORM_SCRIPT_SRC,
        languageSwitch,
        signedIn: signedIn({ place: PROVIDER_NAME, switchAccount: false }),
      }).value,
      mustFit: [INVITEE_EMAIL, FIRST_NAME, LAST_NAME, PROVIDER_NAME, PLATFORM_NAME, SUPPORT_EMAIL],
    },
    {
      name: 'company picker page',
      markup: renderCompanyPickerPage({
        locale,
        choices: [
          { value: 'a', providerName: PROVIDER_NAME, companyName: COMPANY_NAME },
          { value: 'b', providerName: PROVIDER_NAME, companyName: OTHER_COMPANY },
        ],
        csrfToken: 'csrf',
        action: '/api/ChooseCompany',
        languageSwitch,
        signedIn: signedIn({ place: undefined }),
      }).value,
      mustFit: [COMPANY_NAME, OTHER_COMPANY, PROVIDER_NAME, OTHER_EMAIL],
    },
    {
      name: 'welcome page',
      markup: renderWelcomePage({
        locale,
        provider,
        client: { firstName: FIRST_NAME, lastName: LAST_NAME },
        company: { name: COMPANY_NAME },
        links: [{ href: 'https://portal.example/equipment', label: 'Équipements-et-interventions-planifiées' }],
        csrfToken: 'csrf',
        languageSwitch,
        signedIn: signedIn(),
      }).value,
      // The signed-in notice (seed 001) names the long address and company, at the top and at the bottom.
      mustFit: [FIRST_NAME, COMPANY_NAME, PLATFORM_NAME, SUPPORT_EMAIL, OTHER_EMAIL],
    },
    {
      name: 'welcome page, its signed-in notice closed',
      markup: renderWelcomePage({
        locale,
        provider,
        client: { firstName: FIRST_NAME, lastName: LAST_NAME },
        company: { name: COMPANY_NAME },
        links: [],
        csrfToken: 'csrf',
        languageSwitch,
        signedIn: signedIn({ noticeClosed: true }),
      }).value,
      mustFit: [COMPANY_NAME, OTHER_EMAIL],
    },
    { name: 'signed out page', markup: renderSignedOutPage({ locale, signInUrl: '/api/SignIn' }).value, mustFit: [] },
  ];
}

function emails(locale: Locale): Case[] {
  const view = emailView({
    locale,
    invitee: { firstName: FIRST_NAME, lastName: LAST_NAME },
    inviterName: INVITER,
    // The P.S. links the documentation under the platform's long name.
    provider: { ...provider, documentationUrl: DOCUMENTATION_URL },
    message: `Bonjour ${FIRST_NAME},\nvotre compte sera ${INVITEE_EMAIL}.`,
  });
  return (['invitation', 'resent', 'new-link'] as const).map((reason) => ({
    name: `invitation email (${reason})`,
    markup: renderInvitationEmail({ ...view, reason }).html,
    mustFit: [INVITEE_EMAIL, SUPPORT_EMAIL, FIRST_NAME, LAST_NAME, INVITER, PROVIDER_NAME, PLATFORM_NAME],
  }));
}

interface Overflow {
  scrollWidth: number;
  /** Each long value that is not fully inside the viewport, with the right edge of its text. */
  outside: Array<{ text: string; right: number; left: number }>;
  /** Long values the test expected on the page but could not find (a wrong expectation, not a layout fault). */
  missing: string[];
}

/** Measures the page as laid out: its scroll width, and where each long value's text lies (every occurrence). */
async function measure(page: Page, markup: string, mustFit: string[]): Promise<Overflow> {
  await page.setContent(markup, { waitUntil: 'load' });
  return page.evaluate(
    ({ mustFit, width }) => {
      const outside: Overflow['outside'] = [];
      const missing: string[] = [];
      for (const text of mustFit) {
        let found = 0;
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const value = node.nodeValue ?? '';
          for (let at = value.indexOf(text); at >= 0; at = value.indexOf(text, at + 1)) {
            const parent = node.parentElement;
            if (!parent || parent.closest('[hidden], title, style, script') || !parent.checkVisibility()) continue;
            found++;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + text.length);
            for (const rect of range.getClientRects()) {
              if (rect.right > width + 0.5 || rect.left < -0.5)
                outside.push({ text, right: rect.right, left: rect.left });
            }
          }
        }
        if (found === 0) missing.push(text);
      }
      return { scrollWidth: document.documentElement.scrollWidth, outside, missing };
    },
    { mustFit, width: WIDTH },
  );
}

describe.runIf(!chromiumMissing())('every client page and email on a 320 px wide screen, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await (
      await browser.newContext({ viewport: { width: WIDTH, height: 640 }, deviceScaleFactor: 1, isMobile: true })
    ).newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const locale of LOCALES) {
    for (const { name, markup, mustFit } of [...pages(locale), ...consolePages(locale), ...emails(locale)]) {
      it(`when the ${name} is shown in ${locale} with long values, then nothing scrolls sideways and every long value is inside the screen`, async () => {
        const { scrollWidth, outside, missing } = await measure(page, markup, mustFit);
        expect(missing, 'long values expected on the page').toEqual([]);
        expect(outside).toEqual([]);
        expect(scrollWidth).toBeLessThanOrEqual(WIDTH);
      });
    }
  }
});
