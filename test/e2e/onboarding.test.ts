/**
 * Seed 002, end to end in real Chromium against the whole local stack: from the invitation email in the mailbox to
 * the welcome page, for an account Microsoft already knows (CAS 1: created through Graph, signs in with its password)
 * and for a new one (CAS 2: sign-up with the code from the mailbox, a password, consent). The Create Company button
 * is grey on an invalid form and orange once valid; the company holds the confirmed data; the client signs out and
 * signs in again with /api/SignIn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { getInvitation, invitationFor, invite, linkIn } from '../support/invitations.js';
import { clientRows } from '../support/onboarding-store.js';
import { graphToken, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const GREY = 'rgb(229, 231, 235)';
const ORANGE = 'rgb(194, 65, 12)';

async function buttonColour(page: Page, name: RegExp): Promise<string> {
  return page.getByRole('button', { name }).evaluate((b) => getComputedStyle(b).backgroundColor);
}

async function createAccountThroughGraph(email: string, password: string): Promise<void> {
  const response = await fetch(`${stack().entra.external.graphUrl}/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await graphToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      displayName: 'Known Client',
      mail: email,
      accountEnabled: true,
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
      passwordProfile: { password, forceChangePasswordNextSignIn: false },
    }),
  });
  expect(response.status).toBe(201);
}

describe.runIf(!chromiumMissing())('accepting an invitation, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('when a new person follows the email (CAS 2), signs up with the code and consents, then the company is created and they land on the welcome page', async () => {
    const email = uniqueEmail('cas2');
    const created = await invite(
      invitationFor(email, {
        company: {
          name: 'URS Maintenance',
          registrationNumber: '73282932000074',
          // A postal code the provider mistyped: the client must fix it before the button turns orange.
          address: { line1: '1 rue de la Paix', postalCode: '7500', city: 'Paris', country: 'FR' },
        },
      }),
    );
    expect(created.status).toBe(201);
    const invitationId = created.body.id as string;
    const link = linkIn(await waitForMessage(email, (m) => m.kind === 'email'));

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: "Accepter l'invitation" }).click();

    // The local Entra's sign-up (prompt=create, ui_locales=fr), email prefilled from login_hint.
    await expect.poll(() => page.getByLabel('E-mail').inputValue()).toBe(email);
    await page.getByRole('button', { name: 'Envoyer le code' }).click();
    const codeMail = await waitForMessage(
      email,
      (m) => /\b\d{6}\b/.test(m.text) && !m.text.includes('/api/InviteUser'),
    );
    const code = /\b(\d{6})\b/.exec(codeMail.text)![1]!;
    await page.getByLabel('Code de vérification').fill(code);
    await page.getByLabel('Mot de passe', { exact: true }).fill('Correct-Horse-Battery-9');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByRole('button', { name: 'Oui' }).click();

    // Create Company: prefilled with the provider's data; grey while the postal code is wrong.
    await page.waitForURL(/\/api\/CreateCompany$/);
    await expect.poll(() => page.getByLabel(/Nom de la société/).inputValue()).toBe('URS Maintenance');
    const createButton = /Créer la société/;
    await expect.poll(() => page.getByRole('button', { name: createButton }).isDisabled()).toBe(true);
    expect(await buttonColour(page, createButton)).toBe(GREY);
    await page.getByLabel(/Code postal/).fill('75002');
    await expect.poll(() => page.getByRole('button', { name: createButton }).isEnabled()).toBe(true);
    expect(await buttonColour(page, createButton)).toBe(ORANGE);
    await page.getByRole('button', { name: createButton }).click();

    await page.waitForURL(/\/api\/Welcome$/);
    expect(await page.locator('h1').innerText()).toMatch(/URS|Bienvenue|Willy/);
    expect(await page.content()).toContain('URS Maintenance');

    // The company holds the data the client confirmed (the corrected postal code), owned by the client.
    const [companyRow] = (await clientRows({ mentioning: invitationId })).filter((r) =>
      r.rowKey.startsWith('company|'),
    );
    const owned = JSON.parse(companyRow!.Data) as {
      role: string;
      company: { name: string; registrationNumber?: string; address?: { postalCode: string; city: string } };
    };
    expect(owned.role).toBe('owner');
    expect(owned.company).toMatchObject({
      name: 'URS Maintenance',
      registrationNumber: '73282932000074',
      address: { postalCode: '75002', city: 'Paris' },
    });

    const after = await getInvitation(invitationId);
    expect(after.body.status).toBe('completed');
    expect((after.body.timeline ?? []).map((e: { event: string }) => e.event)).toEqual(
      expect.arrayContaining(['opened', 'accepted', 'company.created']),
    );

    // Sign out, then sign in again with /api/SignIn: back to the welcome page with the same company.
    await page.getByRole('button', { name: /Se déconnecter/ }).click();
    await expect.poll(() => page.locator('h1').innerText()).toMatch(/déconnecté/i);
    await page.goto(`${stack().functions.baseUrl}/SignIn?prompt=login&lang=fr`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('Correct-Horse-Battery-9');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/api\/Welcome$/);
    expect(await page.content()).toContain('URS Maintenance');
    await context.close();
  });

  it('when an account Microsoft already knows follows the email (CAS 1), then it signs in with its password and creates the company', async () => {
    const email = uniqueEmail('cas1');
    const password = 'Known-Account-Pass-7';
    await createAccountThroughGraph(email, password);
    const created = await invite(
      invitationFor(email, {
        locale: 'en',
        company: {
          name: 'Known Client Ltd',
          address: { line1: '10 Downing Street', postalCode: 'SW1A 2AA', city: 'London', country: 'GB' },
        },
      }),
    );
    expect(created.status).toBe(201);
    const link = linkIn(await waitForMessage(email, (m) => m.kind === 'email'));

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    // Sign-in, not sign-up: the email is prefilled from login_hint, the password is the one created through Graph.
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();

    await page.waitForURL(/\/api\/CreateCompany$/);
    const createButton = /Create company/;
    await expect.poll(() => page.getByRole('button', { name: createButton }).isEnabled()).toBe(true);
    expect(await buttonColour(page, createButton)).toBe(ORANGE);
    await page.getByRole('button', { name: createButton }).click();
    await page.waitForURL(/\/api\/Welcome$/);
    expect(await page.content()).toContain('Known Client Ltd');
    expect((await getInvitation(created.body.id as string)).body.status).toBe('completed');
    await context.close();
  });

  it('when someone signs in with another account than the invited one, then the invitation stays pending and "sign in as" the invited address works', async () => {
    const invited = uniqueEmail('invited');
    const other = uniqueEmail('other');
    await createAccountThroughGraph(invited, 'Invited-Pass-1234');
    await createAccountThroughGraph(other, 'Other-Pass-12345');
    const created = await invite(invitationFor(invited, { locale: 'en' }));
    const link = linkIn(await waitForMessage(invited, (m) => m.kind === 'email'));

    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page.getByLabel('Email').fill(other);
    await page.getByLabel('Password', { exact: true }).fill('Other-Pass-12345');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Yes' }).click();

    await expect.poll(() => page.content()).toContain(invited);
    expect((await getInvitation(created.body.id as string)).body.status).toBe('pending');
    await page.getByRole('button', { name: /Sign in as/ }).click();
    await expect.poll(() => page.getByLabel('Email').inputValue()).toBe(invited);
    await page.getByLabel('Password', { exact: true }).fill('Invited-Pass-1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // This account signs in to the app for the first time: Entra asks for consent.
    await page.getByRole('button', { name: 'Yes' }).click();
    await page.waitForURL(/\/api\/CreateCompany$/);
    expect((await getInvitation(created.body.id as string)).body.status).toBe('accepted');
    await context.close();
  });
});
