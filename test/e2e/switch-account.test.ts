/**
 * "Switch account" and the signed-in notice in Chromium against the stack (seed 001, issue 14 item 4): a client of
 * GFMS and Agence Horizon signs in at the local Entra, picks a company, and the notice names their address and that
 * company, at the top and at the bottom; closing it keeps it closed on the next pages of the session; "Switch
 * account" goes back to the picker with no visit to Entra, and the other company is taken; a new sign-in shows the
 * notice again. A client with one place who switches is signed out (a copy of the old cookie is refused) and meets
 * Entra's account choice (`prompt=select_account`).
 */
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { type BrowserContext, chromiumMissing, type Page } from '../support/chromium.js';
import { consoleBrowser, overflow } from '../support/console-browser.js';
import { invitationFor, invite } from '../support/invitations.js';
import { createClientAccount, onboardThroughEntra } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const PASSWORD = 'Switch-E2e-12345';
const address = { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' };

/** A client onboarded over HTTP at GFMS (and at Agence Horizon too when `horizon`), with a company at each. */
async function onboardedClient(label: string, horizon: boolean) {
  const email = uniqueEmail(label);
  await createClientAccount(email, PASSWORD, 'Willy Urs');
  const at = async (as: 'user' | 'other-provider', company: string) => {
    const created = await invite(
      invitationFor(email, { sendEmail: false, locale: 'en', company: { name: company, address } }),
      { as },
    );
    expect(created.status).toBe(201);
    await onboardThroughEntra(String(created.body.acceptUrl), { email, password: PASSWORD });
  };
  await at('user', 'Urs GFMS SARL');
  if (horizon) await at('other-provider', 'Urs Horizon SCI');
  return email;
}

/** Signs in from the portal's sign-in link at the local Entra's page (English). */
async function signIn(page: Page, email: string) {
  await page.goto(api('/SignIn?prompt=login&lang=en'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/api\/(Welcome|SignIn\/choose)/);
}

const notice = (page: Page, where: 'top' | 'bottom') => page.locator(`[data-signed-in-notice="${where}"]`);

async function pick(page: Page, company: string) {
  await page.getByLabel(new RegExp(company)).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(/\/api\/Welcome/);
}

async function checked(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  expect(await overflow(page)).toBe(0);
}

describe.runIf(!chromiumMissing())('switch account and the signed-in notice, in Chromium', () => {
  const chromium = consoleBrowser();
  const options = { bypassCSP: true, ignoreHTTPSErrors: true, viewport: { width: 320, height: 720 } };
  const entraOrigin = () => new URL(stack().entra.external.authority).origin;

  /** Every request the context makes to the local Entra from now on. */
  function entraVisits(context: BrowserContext): string[] {
    const visits: string[] = [];
    context.on('request', (request) => {
      if (request.url().startsWith(entraOrigin())) visits.push(request.url());
    });
    return visits;
  }

  it('when a client of two providers closes the notice and switches company, then no new sign-in, the notice stays closed, and a new sign-in shows it again', async () => {
    const email = await onboardedClient('switch-two', true);
    const context = await chromium().newContext(options);
    const page = await context.newPage();
    await signIn(page, email);

    // The picker: no company chosen yet, so the notice names the address alone.
    expect(page.url()).toContain('/api/SignIn/choose');
    expect(await notice(page, 'top').innerText()).toBe(`Signed in as ${email}`);
    await pick(page, 'Urs GFMS SARL');
    expect(await notice(page, 'top').innerText()).toBe(`Signed in as ${email} \u2014 Urs GFMS SARL`);
    expect(await notice(page, 'bottom').innerText()).toBe(`Signed in as ${email} \u2014 Urs GFMS SARL`);
    await checked(page);

    // Closed, it stays closed on the next pages; the bottom one stays.
    await page.getByRole('button', { name: 'Close the notice' }).click();
    await page.waitForURL(/\/api\/Welcome\?lang=en$/);
    expect(await notice(page, 'top').count()).toBe(0);
    expect(await notice(page, 'bottom').innerText()).toContain('Urs GFMS SARL');
    await page.goto(api('/Profile?lang=fr'));
    expect(await notice(page, 'top').count()).toBe(0);
    expect(await notice(page, 'bottom').innerText()).toBe(`Connecté en tant que ${email} \u2014 Urs GFMS SARL`);

    // "Changer de compte": the picker again, without Entra.
    const visits = entraVisits(context);
    await page.getByRole('button', { name: 'Changer de compte' }).click();
    await page.waitForURL(/\/api\/SignIn\/choose/);
    await page.goto(api('/SignIn/choose?lang=en'));
    await pick(page, 'Urs Horizon SCI');
    expect(visits).toEqual([]);
    expect(await notice(page, 'bottom').innerText()).toBe(`Signed in as ${email} \u2014 Urs Horizon SCI`);
    expect(await notice(page, 'top').count()).toBe(0);

    // A new sign-in is a new session: the notice is back.
    await signIn(page, email);
    expect(await notice(page, 'top').innerText()).toBe(`Signed in as ${email}`);
    await context.close();
  });

  it('when a client with one place switches account, then the session ends and Entra shows its account choice', async () => {
    const email = await onboardedClient('switch-one', false);
    const context = await chromium().newContext(options);
    const page = await context.newPage();
    await signIn(page, email);
    expect(await notice(page, 'top').innerText()).toBe(`Signed in as ${email} \u2014 Urs GFMS SARL`);
    const before = (await context.cookies()).find((c) => c.name === '__Host-session');
    expect(before).toBeDefined();

    const visits = entraVisits(context);
    await page.getByRole('button', { name: 'Switch account' }).click();
    await page.waitForURL((url) => url.origin === entraOrigin());
    expect(new URL(visits[0]!).searchParams.get('prompt')).toBe('select_account');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Pick an account');
    expect(await page.getByRole('link', { name: 'Use another account' }).count()).toBe(1);
    expect((await context.cookies()).some((c) => c.name === '__Host-session')).toBe(false);

    // A copy of the old session's cookie is refused: the switch ended it as signing out does.
    const replay = await fetch(api('/Welcome?lang=en'), {
      headers: { cookie: `${before!.name}=${before!.value}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(401);

    // Picking the account of Entra's session signs in again: a new session, the notice shown.
    await page.getByRole('button', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) }).click();
    await page.waitForURL(/\/api\/Welcome/);
    expect(await notice(page, 'top').innerText()).toBe(`Signed in as ${email} \u2014 Urs GFMS SARL`);
    await context.close();
  });
});
