/**
 * The local mailbox's HTML preview in real Chromium against the whole local stack (issue 9, defect 12): a real
 * invitation email's button shows inside the preview frame, also in a full-page capture of the message page, and
 * opens its link in a new tab; an email body's own script does not run there and nothing in the body can move the
 * mailbox page away. The mailbox's content is untrusted as far as the mailbox is concerned.
 */
import { EmailClient } from '@azure/communication-email';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_SENDER } from '../../dev/identities.js';
import { type Browser, type BrowserContext, chromiumMissing, launchChromium, type Page } from '../support/chromium.js';
import { invitationFor, invite, linkIn } from '../support/invitations.js';
import { countColour, readPng } from '../support/png.js';
import { managedIdentityCredential, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const PREVIEW = 'iframe[title="HTML version of the email"]';
/** The email button's background, #c2410c. */
const ORANGE: [number, number, number] = [194, 65, 12];

/** The message's page in the mailbox, as a developer opens it from the list. */
const messagePage = (id: string) => new URL(`messages/${encodeURIComponent(id)}.html`, stack().mailbox.url).toString();

/** Whatever the email's script or handler manages to do leaves a trace the test can read: a paragraph, a title. */
const HOSTILE_BODY = `<p>The visible part of the body.</p>
<script>
document.body.insertAdjacentHTML('beforeend', '<p id="script-ran">script ran</p>');
try { parent.document.title = 'script ran'; } catch {}
</script>
<p><button type="button" onclick="document.body.insertAdjacentHTML('beforeend', '<p id=handler-ran>handler ran</p>')">An inline handler</button></p>
<p><a href="https://elsewhere.example/" target="_top">A link that would replace the mailbox</a></p>`;

async function sendRaw(to: string, html: string): Promise<void> {
  // As the app sends: the resource's endpoint and the app's managed identity (the local ACS refuses access keys).
  const poller = await new EmailClient(stack().acs.endpoint, managedIdentityCredential()).beginSend({
    senderAddress: EMAIL_SENDER,
    content: { subject: 'A body with a script', plainText: 'A body with a script.', html },
    recipients: { to: [{ address: to }] },
  });
  await poller.pollUntilDone();
}

describe.runIf(!chromiumMissing())('the local mailbox’s HTML preview, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The message page in a browser window of its own (the local ACS speaks https with the dev CA). */
  async function open(id: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    expect((await page.goto(messagePage(id)))?.status()).toBe(200);
    return { context, page };
  }

  it('when an invitation email is opened in the mailbox, then its "Accepter l\'invitation" button shows in the preview, in a full-page capture too, and opens the link in a new tab', async () => {
    const email = uniqueEmail('e2e.mailbox.preview');
    expect((await invite(invitationFor(email))).status).toBe(201);
    const message = await waitForMessage(email, (m) => m.kind === 'email');
    const link = linkIn(message);

    const { context, page } = await open(message.id);
    const button = page.frameLocator(PREVIEW).getByRole('link', { name: "Accepter l'invitation" });
    await button.waitFor({ state: 'visible' });
    expect(await button.getAttribute('href')).toBe(link);

    // What a person (or a screenshot of the whole page) sees: the button's orange inside the frame, not a blank frame.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    const capture = readPng(await page.screenshot({ fullPage: true }));
    const orange = countColour(capture, ORANGE, box!);
    expect(orange, 'orange pixels of the button in a full-page capture').toBeGreaterThan(
      (box!.width * box!.height) / 2,
    );

    // The link opens in a new tab; the mailbox stays where it is.
    const [tab] = await Promise.all([context.waitForEvent('page'), button.click()]);
    await tab.waitForLoadState('domcontentloaded');
    expect(tab.url()).toBe(link);
    expect(page.url()).toBe(messagePage(message.id));
    await context.close();
  });

  it('when an email body holds a script, an inline handler and a link aimed at the mailbox page, then the body shows but none of them runs or moves the mailbox', async () => {
    const to = uniqueEmail('e2e.mailbox.script');
    await sendRaw(to, HOSTILE_BODY);
    const message = await waitForMessage(to);

    const { context, page } = await open(message.id);
    const opened: string[] = [];
    context.on('page', (tab) => opened.push(tab.url()));
    const frame = page.frameLocator(PREVIEW);
    await frame.getByText('The visible part of the body.').waitFor({ state: 'visible' });
    expect(await frame.locator('#script-ran').count()).toBe(0);
    expect(await page.title()).toBe('A body with a script – Local mailbox');

    await frame.getByRole('button', { name: 'An inline handler' }).click();
    expect(await frame.locator('#handler-ran').count()).toBe(0);

    await frame.getByRole('link', { name: 'A link that would replace the mailbox' }).click();
    await page.waitForLoadState();
    expect(page.url()).toBe(messagePage(message.id));
    expect(await frame.getByText('The visible part of the body.').isVisible()).toBe(true);
    expect(opened).toEqual([]);
    await context.close();
  });
});
