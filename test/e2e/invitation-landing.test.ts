/**
 * The invitation link in real Chromium against the whole local stack: a real invitation's link from the mailbox
 * opens the landing page (French, then English through its language switch), the expired and not-found pages
 * render, and each passes axe-core (WCAG 2.x A/AA and best practices). The pages' CSP forbids inline and foreign
 * scripts, so the browser context bypasses CSP to let axe in. Clicking "Accepter l'invitation" shows what comes next.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { type Browser, type BrowserContext, chromiumMissing, launchChromium } from '../support/chromium.js';
import {
  expectNoSecretInLog,
  expiredInvitation,
  getInvitation,
  invitationFor,
  invite,
  linkIn,
  randomKey,
} from '../support/invitations.js';
import { api, uniqueEmail, waitForMessage } from '../support/stack.js';

async function invitationLink(label: string, locale?: 'en'): Promise<{ id: string; link: string }> {
  const email = uniqueEmail(label);
  const answer = await invite(invitationFor(email, locale ? { locale } : {}));
  expect(answer.status, answer.text).toBe(201);
  return { id: answer.body.id, link: linkIn(await waitForMessage(email)) };
}

describe.runIf(!chromiumMissing())('the invitation link in Chromium, checked by axe-core', () => {
  let browser: Browser;
  let french: BrowserContext;
  let english: BrowserContext;
  let links: Promise<Array<{ id: string; link: string }>>;
  beforeAll(async () => {
    // Both invitations' emails are awaited while Chromium starts.
    links = Promise.all([invitationLink('e2e.landing'), invitationLink('e2e.landing.en', 'en')]);
    links.catch(() => undefined);
    browser = await launchChromium();
    french = await browser.newContext({ bypassCSP: true, locale: 'fr-FR', viewport: { width: 1024, height: 900 } });
    english = await browser.newContext({ bypassCSP: true, locale: 'en-US', viewport: { width: 390, height: 844 } });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('when the link from the mailbox is opened, then the French landing page shows, passes axe, and its switch leads to the English page, which passes too', async () => {
    const { link } = (await links)[0]!;
    const page = await french.newPage();
    const response = await page.goto(link);
    expect(response?.status()).toBe(200);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Votre invitation à My rConnect');
    expect(await page.locator('p.lead').innerText()).toBe(
      'Tamer Mohamed-Nour (GFMS) vous invite, Willy Urs, à rejoindre My rConnect.',
    );
    expect(await page.getByRole('button', { name: "Accepter l'invitation" }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/[?&]lang=en$/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your invitation to My rConnect');
    expect(await page.getByRole('button', { name: 'Accept the invitation' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('when an English invitation’s link is opened on a phone-sized screen, then the page is English and passes axe', async () => {
    const { link } = (await links)[1]!;
    const page = await english.newPage();
    expect((await page.goto(link))?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your invitation to My rConnect');
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('when an expired link is opened, then the expired page and its "Send me a new link" form pass axe in both languages', async () => {
    const { link } = await expiredInvitation(uniqueEmail('e2e.expired'));
    const page = await french.newPage();
    expect((await page.goto(link))?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Cette invitation a expiré');
    expect(await page.getByRole('button', { name: 'M’envoyer un nouveau lien' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);

    expect((await page.goto(`${link}&lang=en`))?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This invitation has expired');
    expect(await page.getByRole('button', { name: 'Send me a new link' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  it('when an unknown link is opened, then the not-found page speaks the browser’s language and passes axe', async () => {
    const url = api(`/InviteUser?invitationId=${crypto.randomUUID()}&key=${randomKey()}`);
    for (const [context, title] of [
      [french, 'Ce lien d’invitation n’est pas valide'],
      [english, 'This invitation link is not valid'],
    ] as const) {
      const page = await context.newPage();
      expect((await page.goto(url))?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
      expect(await axeViolations(page)).toEqual([]);
      await page.close();
    }
  });

  it('when "Accepter l\'invitation" is clicked, then the invitation records "opened" and the Entra sign-up page shows', async () => {
    const email = uniqueEmail('e2e.accept');
    const created = await invite(invitationFor(email));
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await page.goto(linkIn(await waitForMessage(email)));
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/AcceptInvitation')),
      page.getByRole('button', { name: "Accepter l'invitation" }).click(),
    ]);
    expect(answer.status()).toBe(303);
    // A new email: the local Entra shows its sign-up page, in French, with the invited address.
    await expect.poll(() => page.getByLabel('E-mail').inputValue()).toBe(email);
    const timeline = (await getInvitation(created.body.id as string)).body.timeline ?? [];
    expect(timeline.filter((e: { event: string }) => e.event === 'opened')).toHaveLength(1);
    await page.context().close();
  });

  it('when "Send me a new link" is clicked on the expired page, then the check-your-inbox page shows and a new link arrives', async () => {
    const email = uniqueEmail('e2e.renew');
    const { link } = await expiredInvitation(email);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${link}&lang=en`);
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/InviteUser/new-link')),
      page.getByRole('button', { name: 'Send me a new link' }).click(),
    ]);
    // POST/redirect/GET: the post answers 303 to the check-your-inbox page, which a reload shows again.
    expect(answer.status()).toBe(303);
    await page.waitForURL(/\/api\/InviteUser\/new-link\?sent=1/);
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Check your inbox');
    const renewed = linkIn(await waitForMessage(email));
    expect(renewed).not.toBe(link);
    await page.context().close();
  });

  it('when the browser tests have run, then no key or token of theirs is in the stack log', async () => {
    await expectNoSecretInLog('e2e');
  });
});
