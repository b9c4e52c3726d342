/**
 * API.md: every page passes an axe-core check — here the onboarding and sign-in pages as the e2e stack SERVES them,
 * reached in real Chromium along a real journey: the landing page, Create Company (as shown, then re-rendered by
 * the server with errors), the welcome page, the signed-out page, the company picker, the access-refused page and
 * the sign-in problem pages (another account; a callback without its sign-in). The context bypasses the CSP only so
 * that axe can be injected; the pages' own scripts run as usual.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { type Browser, type BrowserContext, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { invitationFor, invite } from '../support/invitations.js';
import { createClientAccount } from '../support/onboarding-http.js';
import { callbackAs, setAccess } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const COMPANY = {
  name: 'Axe Maintenance',
  registrationNumber: '73282932000074',
  address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
};

describe.runIf(!chromiumMissing())('onboarding pages as served, checked by axe-core in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const person = { email: uniqueEmail('axe'), password: 'Axe-Client-Pass-1', oid: '' };
  let link = '';

  /** Signs in at the local Entra's page (English), consenting if it asks. */
  async function signInAtEntra(email: string, password: string, consent = false) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (consent) await page.getByRole('button', { name: 'Yes' }).click();
  }

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ bypassCSP: true, ignoreHTTPSErrors: true });
    page = await context.newPage();
    person.oid = await createClientAccount(person.email, person.password, 'Axel Client');
    const created = await invite(invitationFor(person.email, { sendEmail: false, locale: 'en', company: COMPANY }));
    expect(created.status).toBe(201);
    link = String(created.body.acceptUrl);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('when the landing page of the invitation link is served (en, then fr), then axe finds no violation', async () => {
    await page.goto(`${link}&lang=fr`);
    await expect.poll(() => page.getByRole('button', { name: "Accepter l'invitation" }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(link);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when Create Company is served after the sign-in, then axe finds no violation', async () => {
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await signInAtEntra(person.email, person.password, true);
    await page.waitForURL(/\/api\/CreateCompany$/);
    await expect.poll(() => page.getByRole('button', { name: /Create company/ }).isEnabled()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the server re-renders Create Company with errors, then the errors are shown and axe finds no violation', async () => {
    await page.getByLabel(/Company name/).fill('A');
    await page.getByLabel(/Postal code/).fill('7500');
    // The page's script keeps the button disabled; the form is sent anyway, as without JavaScript.
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/CreateCompany') && r.request().method() === 'POST'),
      page.evaluate(() => (document.getElementById('company-form') as HTMLFormElement).submit()),
    ]);
    await page.waitForLoadState('load');
    await expect.poll(() => page.locator('[aria-invalid="true"]').count()).toBe(2);
    await expect.poll(() => page.locator('.error-summary').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the welcome page is served, then axe finds no violation', async () => {
    await page.getByLabel(/Company name/).fill(COMPANY.name);
    await page.getByLabel(/Postal code/).fill('75002');
    await expect.poll(() => page.getByRole('button', { name: /Create company/ }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: /Create company/ }).click();
    await page.waitForURL(/\/api\/Welcome$/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the signed-out page is served, then axe finds no violation', async () => {
    await page.getByRole('button', { name: /Sign out/ }).click();
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/signed out/i);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the company picker is served to a client of two providers, then axe finds no violation', async () => {
    // The person is also Agence Horizon's client: its invitation accepted by them (the callback in this process).
    const second = await invite(
      invitationFor(person.email, {
        sendEmail: false,
        locale: 'en',
        company: { ...COMPANY, name: 'Axe Horizon SCI' },
      }),
      { as: 'other-provider' },
    );
    expect(second.status).toBe(201);
    const identity = { tenantId: stack().entra.external.tenantId, objectId: person.oid, email: person.email };
    expect((await callbackAs(second.body.id, identity)).response.status).toBe(303);

    await page.goto(api('/SignIn?prompt=login&lang=en'));
    await signInAtEntra(person.email, person.password);
    await page.waitForURL(/\/api\/SignIn\/choose$/);
    await expect.poll(() => page.getByRole('radio').count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the access-refused page is served (the client blocked by both providers), then axe finds no violation', async () => {
    const partition = `${stack().entra.external.tenantId}|${person.oid}`;
    for (const providerId of ['gfms', 'agence-horizon']) {
      await setAccess(partition, providerId, { status: 'blocked', since: new Date(), by: 'Camille Passé' });
    }
    await page.goto(api('/SignIn?prompt=login&lang=en'));
    await signInAtEntra(person.email, person.password);
    await expect.poll(() => page.locator('h1').innerText()).toBe('Your access has been suspended');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the "another account" sign-in problem page is served, then axe finds no violation', async () => {
    const invited = uniqueEmail('axe-invited');
    await createClientAccount(invited, 'Axe-Invited-Pass-1');
    const created = await invite(invitationFor(invited, { sendEmail: false, locale: 'en' }));
    await page.goto(String(created.body.acceptUrl));
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await signInAtEntra(person.email, person.password);
    await expect.poll(() => page.locator('h1').innerText()).toBe('You signed in with another account');
    await expect.poll(() => page.getByRole('button', { name: /Sign in as/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('when the "could not be completed" sign-in problem page is served (a callback without its sign-in, en and fr), then axe finds no violation', async () => {
    for (const lang of ['en', 'fr']) {
      const answer = await page.goto(api(`/AcceptInvitation/callback?code=x&state=y&lang=${lang}`));
      expect(answer?.status()).toBe(400);
      expect(await axeViolations(page)).toEqual([]);
    }
  });
});
