/**
 * The OpenAPI description of the browser routes (the invitation's acceptance, onboarding, signing in again) and of
 * the browser modules they load: pages, forms and redirects.
 */
import { z } from 'zod';
import { COMPANY_FIELDS } from '../../domain/company-form.js';
import { LOCALES } from '../../domain/locale.js';
import { linkForm } from '../link-form-schema.js';
import {
  type HeaderDoc,
  html,
  location,
  problemSchema,
  type ResponseDoc,
  type RouteDoc,
  retryAfter,
} from '../openapi.js';

const lang = z
  .enum(LOCALES)
  .optional()
  .describe('The page\u2019s language (else the session\u2019s, the browser\u2019s, French)');
const langQuery = z.object({ lang });

/** Entra's redirect back: the sign-in's outcome (OpenID Connect authorization code flow). */
const callbackQuery = z.object({
  state: z.string().optional().describe('Must match the sign-in transaction of the cookie'),
  code: z.string().optional().describe('The authorization code, redeemed once'),
  error: z.string().optional().describe('Entra\u2019s error code (e.g. `access_denied` when the sign-in is cancelled)'),
});

const csrf = z.string().describe('The session\u2019s CSRF token, from the page\u2019s form');

/** The Create Company form: the fields of the one field specification (shared/domain/company-form.ts). */
const companyForm = z.object({
  ...Object.fromEntries(
    COMPANY_FIELDS.map((field) => {
      const text = z.string().max(field.maxLength);
      return [field.name, field.required ? text.min(field.minLength ?? 1) : text.optional()];
    }),
  ),
  csrf,
});

const setCookie = (description: string): HeaderDoc => ({ description, schema: z.string() });

/** A 303 to Entra's sign-in, with the sign-in transaction in its cookie. */
const toEntra: ResponseDoc = {
  description: 'To Entra /authorize (PKCE S256, `state`, `nonce`, `login_hint`, `ui_locales`)',
  headers: {
    Location: location('Entra\u2019s authorize URL'),
    'Set-Cookie': setCookie('`__Host-signin`: the sign-in transaction, 15 minutes'),
  },
};

const redirect = (description: string, cookie?: string): ResponseDoc => ({
  description,
  headers: { Location: location(description), ...(cookie ? { 'Set-Cookie': setCookie(cookie) } : {}) },
});

/** How a browser form post is refused: another site, not our form, no CSRF token. */
const refusedPost = {
  '403': html('Cross-site post, or not the session\u2019s CSRF token'),
  '413': html('Form too large'),
  '415': html('Not a form'),
};

const noSession = { '401': html('No session (or expired): the page says to sign in again') };

const form = 'application/x-www-form-urlencoded';

export const pageRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/AcceptInvitation',
    operationId: 'acceptInvitation',
    summary: 'The landing page\u2019s "Accept": 303 to the Entra sign-in (sign-up for a new email)',
    description:
      'Records that the invitation was opened (never on a GET, which scanners make). Graph says whether the ' +
      'invited email has an account: known → sign-in with `login_hint`; unknown → `prompt=create` (sign-up).',
    tags: ['onboarding'],
    request: { contentType: form, schema: linkForm },
    responses: { '303': toEntra, ...refusedPost, '404': html('Invalid link') },
  },
  {
    method: 'post',
    path: '/AcceptInvitation/again',
    operationId: 'acceptInvitationAgain',
    summary: '"Sign in as <invited address>", offered after someone signed in with another account',
    description:
      'A new Entra sign-in for the invited email with `prompt=login`, from the transaction the callback left in ' +
      'the sign-in cookie. Same-origin posts only; the post carries no fields.',
    tags: ['onboarding'],
    cookie: 'sign-in',
    responses: {
      '303': toEntra,
      '400': html('No pending sign-in (expired): the page says to open the link again'),
      '403': html('Cross-site post'),
      '404': html('The invitation is no longer valid'),
      '429': {
        ...html('Too many clicks (per invitation or per client address)'),
        headers: { 'Retry-After': retryAfter },
      },
    },
  },
  {
    method: 'get',
    path: '/AcceptInvitation/callback',
    operationId: 'acceptInvitationCallback',
    summary: "Entra's redirect: verifies the sign-in and accepts the invitation once",
    description:
      'The state must match the sign-in cookie, the code is redeemed and the ID token verified; its email must be ' +
      'the invited one, and the account (read from Graph) must prove it: an email sign-in identity of that address. ' +
      'Then the invitation is accepted once, the client created or linked, and a session starts. Every other ' +
      'outcome is a page that says what happened.',
    tags: ['onboarding'],
    cookie: 'sign-in',
    parameters: { query: callbackQuery },
    responses: {
      '200': html('Sign-in cancelled'),
      '303': redirect('To /api/CreateCompany (or /api/Welcome once completed)', '`__Host-session`: the session'),
      '400': html('Missing, replayed or foreign state'),
      '401': html('The sign-in failed'),
      '403': {
        ...html(
          'Another account than the invited one, or one that does not prove the invited address (offers to sign in ' +
            'as the invited address)',
        ),
        headers: { 'Set-Cookie': setCookie('`__Host-signin`: the transaction of "sign in as the invited address"') },
      },
      '410': html('Expired, revoked or already accepted invitation'),
    },
  },
  {
    method: 'get',
    path: '/CreateCompany',
    operationId: 'createCompanyForm',
    summary: 'The prefilled company form',
    description: 'The company data the provider entered, prefilled; the button is enabled once every field is valid.',
    tags: ['onboarding'],
    cookie: 'session',
    parameters: { query: langQuery },
    responses: {
      '200': html('The form'),
      '303': redirect('To /api/Welcome: the company is already created'),
      ...noSession,
    },
  },
  {
    method: 'post',
    path: '/CreateCompany',
    operationId: 'createCompany',
    summary: 'Creates the company (idempotent) and completes the invitation; session + CSRF token',
    description:
      'The same rules as the page\u2019s script, again on the server. Posted twice, the company is created once.',
    tags: ['onboarding'],
    cookie: 'session',
    request: { contentType: form, schema: companyForm },
    responses: {
      '303': redirect('To /api/Welcome', '`__Host-session`: the session, now at the new company'),
      '400': {
        ...html(
          'Invalid fields: the form again with each field\u2019s message (problem+json for `Accept: application/json`)',
        ),
        also: [{ contentType: 'application/problem+json', schema: problemSchema }],
      },
      ...noSession,
      ...refusedPost,
    },
  },
  {
    method: 'get',
    path: '/Welcome',
    operationId: 'welcome',
    summary: "The client's home",
    description: 'The client\u2019s home at their current (provider, company), with the portal\u2019s links.',
    tags: ['onboarding'],
    cookie: 'session',
    parameters: { query: langQuery },
    responses: {
      '200': html('Welcome'),
      '303': redirect('To /api/SignIn/choose: no company chosen yet'),
      ...noSession,
    },
  },
  {
    method: 'get',
    path: '/SignIn',
    operationId: 'signIn',
    summary:
      'Sign in again (`client`, `societe` as in seed 003): 303 to Entra, then home, the picker or why access is refused',
    description:
      'Without parameters, the start page (the agency\u2019s codes, optional, and "Sign in"). With codes, `go` or ' +
      '`prompt=login`, on to Entra in the context of the provider the codes name; malformed codes are ignored. ' +
      'Codes typed in the start page (`form=codes`) that name no provider bring the page back (400) with one ' +
      'message, the same whatever was wrong; without codes, it goes on.',
    tags: ['sign-in'],
    parameters: {
      query: z.object({
        client: z.string().max(64).optional().describe('The agency\u2019s client code'),
        societe: z.string().max(64).optional().describe('The agency\u2019s company code'),
        go: z.string().optional().describe('Any value: straight on to Entra, without codes'),
        prompt: z.string().optional().describe('`login`: Entra asks for the password again'),
        form: z.string().optional().describe('`codes`: the codes were typed in the start page'),
        lang,
      }),
    },
    responses: {
      '200': html('The start page'),
      '303': toEntra,
      '400': html('The start page again: the codes typed name no provider'),
    },
  },
  {
    method: 'get',
    path: '/SignIn/callback',
    operationId: 'signInCallback',
    summary: "Entra's redirect after signing in again: the access decision",
    description:
      'The same verification as accepting an invitation, then the access decision on the client\u2019s records: ' +
      'home at their one (provider, company), the company picker when there are several, or a page saying why ' +
      'access is refused.',
    tags: ['sign-in'],
    cookie: 'sign-in',
    parameters: { query: callbackQuery },
    responses: {
      '200': html('Sign-in cancelled'),
      '303': redirect('To /api/Welcome, or /api/SignIn/choose', '`__Host-session`: the session'),
      '400': html('Missing, replayed or foreign state'),
      '401': html('The sign-in failed'),
      '403': html('Access refused (blocked, no client record, …), with whom to contact'),
    },
  },
  {
    method: 'get',
    path: '/SignIn/choose',
    operationId: 'chooseCompanyForm',
    summary: 'The company picker, for a client of several companies or providers',
    description: 'One choice per (provider, company) the session offers.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: langQuery },
    responses: { '200': html('The picker'), ...noSession },
  },
  {
    method: 'post',
    path: '/SignIn/choose',
    operationId: 'chooseCompany',
    summary: 'The chosen (provider, company) becomes the session\u2019s',
    description: 'A choice the session does not offer shows the picker again.',
    tags: ['sign-in'],
    cookie: 'session',
    request: {
      contentType: form,
      schema: z.object({ choice: z.string().describe('`<providerId>|<companyId>`, from the picker'), csrf }),
    },
    responses: {
      '303': redirect('To /api/Welcome, or back to the picker', '`__Host-session`: the session at the choice'),
      ...noSession,
      ...refusedPost,
    },
  },
  {
    method: 'post',
    path: '/SignOut',
    operationId: 'signOut',
    summary: 'Ends the session (CSRF token)',
    description:
      'The session is recorded as ended (a copy of the cookie is refused from then on), the cookie cleared, and the ' +
      'browser sent to the client tenant\u2019s sign-out (`<CLIENT_AUTHORITY>/oauth2/v2.0/logout`), which ends ' +
      'Entra\u2019s own session (else the next sign-in would need no password) and comes back to ' +
      '`GET /api/SignedOut` with the page\u2019s language in `state`. Without a session, the same.',
    tags: ['sign-in'],
    cookie: 'session-if-any',
    request: { contentType: form, schema: z.object({ csrf: csrf.optional() }) },
    responses: {
      '303': {
        description:
          'To the client tenant\u2019s sign-out: `post_logout_redirect_uri` (/api/SignedOut, registered on the ' +
          'app), `state` and `ui_locales` (the page\u2019s language)',
        headers: {
          Location: location('Entra\u2019s logout URL'),
          'Set-Cookie': setCookie('`__Host-session` cleared'),
        },
      },
      ...refusedPost,
    },
  },
  {
    method: 'get',
    path: '/SignedOut',
    operationId: 'signedOut',
    summary: 'The signed-out page, where the client tenant\u2019s sign-out comes back to',
    description:
      'Reads and changes nothing: the same page for anyone, in the language `state` carries (the one given to ' +
      'Entra\u2019s sign-out), else `lang`, the browser\u2019s, French.',
    tags: ['sign-in'],
    parameters: {
      query: z.object({
        state: z.enum(LOCALES).optional().describe('The page\u2019s language, as Entra\u2019s sign-out gives it back'),
        lang,
      }),
    },
    responses: { '200': html('Signed out') },
  },
  {
    method: 'post',
    path: '/SignIn/switch',
    operationId: 'switchAccount',
    summary: '"Switch account": the company picker, or a sign-in that lets the person pick another account',
    description:
      'When the account reaches several (provider, company) places, the session (same id) goes back to the company ' +
      'picker without a new sign-in. Otherwise the session ends as `POST /api/SignOut` ends it, and the browser ' +
      'goes to Entra with `prompt=select_account` (its account choice instead of its single sign-on session).',
    tags: ['sign-in'],
    cookie: 'session',
    request: { contentType: form, schema: z.object({ csrf }) },
    responses: {
      '303': {
        description: 'To /api/SignIn/choose (several places), or to Entra /authorize with `prompt=select_account`',
        headers: {
          Location: location('/api/SignIn/choose, or Entra\u2019s authorize URL'),
          'Set-Cookie': setCookie(
            '`__Host-session`: the session without a place (picker), or cleared with `__Host-signin` set (Entra)',
          ),
        },
      },
      ...noSession,
      ...refusedPost,
    },
  },
  {
    method: 'post',
    path: '/SignIn/notice',
    operationId: 'closeSignedInNotice',
    summary: 'Closes the signed-in notice at the top of the portal\u2019s pages, until the next sign-in',
    description:
      'The session remembers it (same id and expiry); a new sign-in, a new session, shows the notice again. The ' +
      'notice at the bottom of the page stays. Back to `back` when it is one of the portal\u2019s pages, else ' +
      'to /api/Welcome.',
    tags: ['sign-in'],
    cookie: 'session',
    request: {
      contentType: form,
      schema: z.object({
        csrf,
        back: z.string().max(200).optional().describe('The page the notice was closed on, e.g. `/api/Profile?lang=en`'),
      }),
    },
    responses: {
      '303': redirect('Back to the page (or /api/Welcome)', '`__Host-session`: the session, notice closed'),
      ...noSession,
      ...refusedPost,
    },
  },
  {
    method: 'get',
    path: '/SignIn/two-step/help',
    operationId: 'twoStepHelpPage',
    summary: '"Pas d\u2019accès à l\u2019application" / "No access to the app": the two-step code step\u2019s help',
    description:
      'Only for a session at the two-step code step (`twoStepPending`); explains and offers the button "Demander la ' +
      'désactivation de la vérification en deux étapes" / "Ask for two-step verification to be turned off" ' +
      '(docs/two-step-help.md).',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang }) },
    responses: {
      '200': html('The page and its button'),
      ...noSession,
      '403': html('The session is not at the two-step code step, or the client\u2019s access was refused'),
    },
  },
  {
    method: 'post',
    path: '/SignIn/two-step/help',
    operationId: 'askTwoStepHelp',
    summary: 'Asks the provider\u2019s professionals who manage clients to turn two-step verification off',
    description:
      'Emails (kind `two-step-help`) the professionals of the client\u2019s provider who hold `Clients.Manage` and ' +
      'signed in to the console, or the provider\u2019s support address; the page says who was asked (addresses ' +
      'masked). At most 3 requests per account per 24 h.',
    tags: ['sign-in'],
    cookie: 'session',
    parameters: { query: z.object({ lang }) },
    request: { contentType: form, schema: z.object({ csrf }) },
    responses: {
      '200': html('Who was asked, or that nobody is known to ask'),
      ...noSession,
      ...refusedPost,
      '429': html('3 requests in the last 24 h: the page says when to try again (`Retry-After`)'),
    },
  },
  {
    method: 'get',
    path: '/assets/{path}',
    operationId: 'getAsset',
    summary: 'The browser modules of the Create Company page',
    description:
      'An allow-list of two files: `web/assets/company-form.client.js` and the rules module it imports, ' +
      '`domain/company-form.js` (the path may hold slashes). Anything else is a 404.',
    tags: ['assets'],
    parameters: { path: z.object({ path: z.string().describe('The file, e.g. `web/assets/company-form.client.js`') }) },
    responses: {
      '200': { description: 'The module', contentType: 'text/javascript', schema: z.string() },
      '404': { description: 'Not an allowed asset', contentType: 'text/plain', schema: z.string() },
    },
  },
];
