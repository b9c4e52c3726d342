/**
 * Forgot password against the local stack (docs/passwords.md). The answers of `POST /api/ResetPassword` are the same
 * — status, body, headers — for an address with an account, one without, and one past its limits, in JSON and from
 * the form; the page of the link changes nothing; a weak password is refused with the rules not met; a good one is
 * set in the local Entra (the old password stops working), the page redirects to the sign-in, and the link is then
 * used; of two concurrent confirms exactly one sets the password; no log line of the host holds the password, the
 * token or a full address. The per-IP limit runs last: every request of this file comes from the same address.
 *
 * The journey takes the link from the email in the local ACS's mailbox; the race and the expired links are issued
 * through the app's own store, as the worker issues them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESET_TOKEN_TTL_MS } from '../../shared/domain/password-reset.js';
import { createClientAccount, signInThroughEntra, Visitor } from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { api, mailbox, uniqueEmail, waitForMessage } from '../support/stack.js';

/** The log of the integration stack (test/support/global-setup.ts). */
const STACK_LOG = path.resolve(import.meta.dirname, '../../.dev/test-integration/stack.log');

const OLD_PASSWORD = 'Old-Bicycle-2029';
const NEW_PASSWORD = 'Green-Kayak-4711';
/** What each test put in a request or a page, none of which may reach a log line. */
const secrets: string[] = [OLD_PASSWORD, NEW_PASSWORD];
const addresses: string[] = [];

/** A link for the account, stored as the worker stores it; returns its token. */
async function issueLink(email: string, objectId: string, issuedAt = new Date()): Promise<string> {
  const { worker } = stackDeps().passwordReset;
  const { key, hash } = worker.keys.issue();
  await worker.tokens.issue({
    hash,
    clientKey: `${worker.clientTenantId}|${objectId}`,
    objectId,
    owner: { email, firstName: 'Claire', lastName: 'Dupont' },
    locale: 'en',
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + RESET_TOKEN_TTL_MS),
  });
  secrets.push(key);
  return key;
}

async function account(label: string) {
  const email = uniqueEmail(label);
  addresses.push(email);
  const objectId = await createClientAccount(email, OLD_PASSWORD, 'Claire Dupont');
  return { email, objectId };
}

async function signsIn(email: string, password: string): Promise<boolean> {
  try {
    await signInThroughEntra(new Visitor(), { email, password });
    return true;
  } catch {
    return false;
  }
}

/** `POST /api/ResetPassword` in JSON: what the caller sees, but the date. */
async function askJson(email: string, sent: Record<string, string> = {}) {
  const response = await fetch(api('/ResetPassword'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sent },
    body: JSON.stringify({ email }),
  });
  const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== 'date'));
  return { status: response.status, headers, body: await response.text() };
}

/** The email form, as the page posts it. */
async function askForm(email: string) {
  const answer = await new Visitor().post(api('/ResetPassword'), { email, lang: 'en' });
  const headers = Object.fromEntries([...answer.headers].filter(([name]) => name !== 'date'));
  return { status: answer.status, headers, body: answer.body };
}

describe('POST /api/ResetPassword', () => {
  it('answers the same for an address with an account, one without, and one past its limit (JSON and form)', async () => {
    const known = await account('reset-known');
    const unknown = uniqueEmail('reset-unknown');
    addresses.push(unknown);
    const first = await askJson(known.email);
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toEqual({ status: 'accepted' });
    expect(await askJson(unknown)).toEqual(first);
    // Past the 3 a day per address (the worker sends nothing more): the answer does not change.
    for (let i = 0; i < 3; i++) expect(await askJson(known.email)).toEqual(first);

    const page = await askForm(known.email);
    expect(page.status).toBe(202);
    expect(page.body).toContain('spam');
    expect(page.body).not.toContain(known.email);
    expect(await askForm(unknown)).toEqual(page);

    // Behind the answers: 3 links for the account (the 4th and 5th requests were past its limit), none for the other.
    const resetLinks = async () => (await mailbox(known.email)).filter((m) => /ResetPassword\?token=/.test(m.text));
    await expect.poll(async () => (await resetLinks()).length, { timeout: 20_000, interval: 200 }).toBe(3);
    await expect
      .poll(async () => (await readFile(STACK_LOG, 'utf8')).split('security.limit.reset-password-address').length - 1, {
        timeout: 20_000,
        interval: 200,
      })
      .toBeGreaterThanOrEqual(2);
    expect(await resetLinks()).toHaveLength(3);
    expect(await mailbox(unknown)).toEqual([]);
    for (const m of await resetLinks()) secrets.push(/token=([A-Za-z0-9_-]{43})/.exec(m.text)![1]!);
  }, 60_000);

  it('refuses what is not an address with 400, JSON or form', async () => {
    expect((await askJson('not-an-address')).status).toBe(400);
    const page = await askForm('not-an-address');
    expect(page.status).toBe(400);
    expect(page.body).toContain('aria-invalid="true"');
  });

  it('refuses a form posted from another site', async () => {
    const answer = await new Visitor().post(
      api('/ResetPassword'),
      { email: uniqueEmail('cross-site') },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(answer.status).toBe(403);
  });
});

describe('the link and the new password', () => {
  it('the emailed link shows the form and changes nothing; a weak password is refused; a good one is set; the link is then used', async () => {
    const { email } = await account('reset-journey');
    const visitor = new Visitor();
    expect((await visitor.post(api('/ResetPassword'), { email, lang: 'en' })).status).toBe(202);
    const mail = await waitForMessage(email, (m) => /ResetPassword\?token=/.test(m.text));
    const token = /ResetPassword\?token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    secrets.push(token);
    const link = api(`/ResetPassword?token=${token}`);

    const form = await visitor.get(link);
    expect(form.status).toBe(200);
    expect(form.body).toContain('name="password"');
    expect(await visitor.get(link)).toMatchObject({ status: 200 });
    expect(await signsIn(email, OLD_PASSWORD)).toBe(true);

    const weak = await visitor.post(api('/ResetPassword/confirm'), {
      token,
      password: 'claire',
      confirmation: 'claire',
    });
    expect(weak.status).toBe(400);
    expect(weak.body).toContain('not met');
    expect(await signsIn(email, OLD_PASSWORD)).toBe(true);

    // Too short and not the same: both said at once, not one after the other.
    const weakAndDiffer = await visitor.post(api('/ResetPassword/confirm'), {
      token,
      password: 'claire',
      confirmation: 'claire1',
    });
    expect(weakAndDiffer.status).toBe(400);
    const summary = (body: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(body)?.[0] ?? '';
    expect(summary(weakAndDiffer.body)).toContain('have 8 to 256 characters');
    expect(summary(weakAndDiffer.body)).toContain('The two passwords are not the same');

    const differ = await visitor.post(api('/ResetPassword/confirm'), {
      token,
      password: NEW_PASSWORD,
      confirmation: `${NEW_PASSWORD}x`,
    });
    expect(differ.status).toBe(400);
    expect(summary(differ.body)).toContain('The two passwords are not the same');
    expect(summary(differ.body)).not.toContain('have 8 to 256 characters');

    const done = await visitor.post(api('/ResetPassword/confirm'), {
      token,
      password: NEW_PASSWORD,
      confirmation: NEW_PASSWORD,
    });
    expect(done.status, done.body.slice(0, 400)).toBe(200);
    expect(done.body).toContain('<h1>Password reset</h1>');
    expect(done.body).toContain('Your password has been updated.');
    expect(done.body).toContain('If you are not redirected, click here:');
    expect(done.body).toMatch(/<meta http-equiv="refresh" content="\d+;url=\/api\/SignIn\?go=1&amp;lang=en">/);
    expect(done.body).toContain('href="/api/SignIn?go=1&amp;lang=en"');

    const notice = await waitForMessage(email, (m) => m.subject?.includes('password was changed') ?? false);
    expect(notice.text).not.toContain(NEW_PASSWORD);
    expect(await signsIn(email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(email, OLD_PASSWORD)).toBe(false);
    expect((await visitor.get(link)).status).toBe(410);
    const again = await visitor.post(api('/ResetPassword/confirm'), { token, password: 'Another-Kayak-4712' });
    expect(again.status).toBe(410);
    expect(again.body).toContain('action="/api/ResetPassword"');
  }, 60_000);

  it('sets the password once when two confirms race', async () => {
    const { email, objectId } = await account('reset-race');
    const token = await issueLink(email, objectId);
    const passwords = ['Lilac-Harbor-0071', 'Lilac-Harbor-0072'];
    secrets.push(...passwords);
    const answers = await Promise.all(
      passwords.map((password) => new Visitor().post(api('/ResetPassword/confirm'), { token, password })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
    const winner = passwords[answers.findIndex((a) => a.status === 200)]!;
    const loser = passwords.find((p) => p !== winner)!;
    expect(await signsIn(email, winner)).toBe(true);
    expect(await signsIn(email, loser)).toBe(false);
  }, 60_000);

  it('an expired, replaced or unknown link gets its own page with the email form', async () => {
    const { email, objectId } = await account('reset-expired');
    const old = await issueLink(email, objectId, new Date(Date.now() - RESET_TOKEN_TTL_MS - 1000));
    expect((await new Visitor().get(api(`/ResetPassword?token=${old}`))).status).toBe(410);
    const replaced = await issueLink(email, objectId);
    await issueLink(email, objectId);
    const page = await new Visitor().get(api(`/ResetPassword?token=${replaced}`));
    expect(page.status).toBe(410);
    expect(page.body).toContain('name="email"');
    expect((await new Visitor().get(api(`/ResetPassword?token=${'A'.repeat(43)}`))).status).toBe(404);
    expect((await new Visitor().get(api('/ResetPassword?token=short'))).status).toBe(404);
  });
});

describe('the host’s log lines', () => {
  it('hold no password, no token and no full address of these requests', async () => {
    const log = (await readFile(STACK_LOG, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('[functions]') || line.startsWith('[Functions host]'));
    expect(log.some((line) => line.includes('password-reset.'))).toBe(true);
    for (const line of log) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      for (const address of addresses) expect(line).not.toContain(address);
    }
  });
});

describe('the per-IP limit (last: every request of this file comes from one address)', () => {
  it('beyond 20 an hour, the answer stays the same 202, whatever X-Forwarded-For the client writes itself', async () => {
    const limitHits = async () =>
      (await readFile(STACK_LOG, 'utf8'))
        .split('\n')
        .filter((line) => line.includes('security.limit.reset-password-ip')).length;
    const before = await limitHits();
    const answers = [];
    // A client-written address comes first in X-Forwarded-For (the front end appends the connection's): a new one on
    // each request must not make each request count for another address.
    for (let i = 0; i < 22; i++) {
      answers.push(await askJson(uniqueEmail('reset-ip'), { 'x-forwarded-for': `198.51.100.${i + 1}` }));
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    await expect.poll(limitHits, { timeout: 10_000 }).toBeGreaterThan(before);
  }, 60_000);
});
