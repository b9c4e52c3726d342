/**
 * Account emails end to end, on a stack of their own (these tests inject ACS failures and kill the dispatcher): an
 * email queued through the `AccountEmails` port (the production adapters, in this process, on the stack's settings)
 * is sent by the host's DispatchAccountEmail to the local ACS's mailbox, in its language; a dispatcher that dies after
 * ACS accepted the email, before recording it, does not make it arrive twice; a throttling ACS delays it without
 * losing it or spending an attempt. The host's log never holds a link or a full address.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSettings } from '../../shared/config.js';
import { buildDeps, type Deps } from '../../shared/deps.js';
import type { AccountEmail } from '../../shared/domain/account-email.js';
import type { AccountEmailRecord, AccountEmailRequest } from '../../shared/domain/account-email-outbox.js';
import { dispatchAccountEmail, queueAccountEmail } from '../../shared/domain/use-cases/account-emails.js';
import { type FaultStack, startFaultStack } from '../support/fault-stack.js';
import { actAsTheAppOn } from '../support/stack.js';

let faults: FaultStack;
let deps: Deps;

beforeAll(async () => {
  faults = await startFaultStack('test-account-emails');
  // The dispatcher runs here too: this process is the app's (ACS through its managed identity).
  actAsTheAppOn(faults.stack.managedIdentity);
  deps = buildDeps(parseSettings(faults.stack.settings));
}, 60_000);

afterAll(async () => {
  await faults?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;
const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}${(counter++).toString(36)}@example.com`;
const resetUrl = () => `https://onboarding.test/api/ResetPassword?token=secret-${Date.now().toString(36)}${counter++}`;
const ACCEPTED = /^(sent|delivered)$/;
const LOG = path.resolve(import.meta.dirname, '../../.dev/test-account-emails/stack.log');

async function row(id: string): Promise<AccountEmailRecord | undefined> {
  return (await deps.accountEmailDispatch.store.get(id))?.value;
}

/** Queues through the production adapters, keeping the pointer out of the queue (this process dispatches it). */
async function queueHeld(email: AccountEmail): Promise<{ id: string; pointer: AccountEmailRequest }> {
  let pointer: AccountEmailRequest | undefined;
  const held = {
    ...deps.accountEmailDispatch,
    queue: {
      ...deps.accountEmailDispatch.queue,
      schedule: async (request: AccountEmailRequest) => {
        pointer = request;
      },
    },
  };
  const id = await queueAccountEmail(held, email);
  return { id, pointer: pointer! };
}

describe('account emails', () => {
  it('when an email is queued through the port, then it reaches the mailbox once, in its language, and the row is settled without its link', async () => {
    const french = uniqueEmail('reset');
    const english = uniqueEmail('changed');
    const url = resetUrl();
    const expiresAt = new Date(Date.now() + 30 * 60_000);
    // The port's own code path, returning the row's id to look at.
    const id = await queueAccountEmail(deps.accountEmailDispatch, {
      kind: 'reset-link',
      to: french,
      locale: 'fr',
      url,
      expiresAt,
    });
    await deps.accountEmails.queue({
      kind: 'password-changed',
      to: english,
      locale: 'en',
      at: new Date(),
      how: 'profile',
    });

    await expect.poll(() => faults.mailbox(french), { timeout: 15_000, interval: 200 }).toHaveLength(1);
    await expect.poll(() => faults.mailbox(english), { timeout: 15_000, interval: 200 }).toHaveLength(1);
    const [reset] = await faults.mailbox(french);
    expect(reset!.subject).toMatch(/^Réinitialiser votre mot de passe /);
    expect(reset!.text).toContain(`\n${url}\n`);
    expect(reset!.text).toContain('30\u00a0minutes');
    const [changed] = await faults.mailbox(english);
    expect(changed!.subject).toMatch(/password was changed$/);
    expect(changed!.text).toContain('from your profile');

    await expect.poll(async () => (await row(id))?.status, { timeout: 10_000 }).toMatch(ACCEPTED);
    const settled = await row(id);
    expect(settled).toMatchObject({ kind: 'reset-link', attempts: 1 });
    expect(settled?.sealedSecret).toBeUndefined();
    expect(settled?.repeatability).toBeUndefined();
    expect(JSON.stringify(settled)).not.toContain(url);
    // The local ACS's delivery report reaches EmailDeliveryReport, which records it on the row.
    await expect.poll(async () => (await row(id))?.report?.status, { timeout: 10_000 }).toBe('Delivered');
    expect((await row(id))?.status).toBe('delivered');
  });

  it('when the host is killed right after an email was queued, then after a restart exactly one email arrives', async () => {
    const to = uniqueEmail('killed');
    await deps.accountEmails.queue({ kind: 'password-changed', to, locale: 'fr', at: new Date(), how: 'reset' });
    const host = faults.stack.functionsHost;
    host.kill('SIGKILL');
    await faults.stack.restartFunctions();
    expect(host.signalCode).toBe('SIGKILL');
    await expect.poll(() => faults.mailbox(to), { timeout: 15_000, interval: 200 }).toHaveLength(1);
    await sleep(2_000);
    expect(await faults.mailbox(to)).toHaveLength(1);
  }, 30_000);

  it('when the dispatcher dies after ACS accepted the email but before it was recorded, then the redelivered pointer sends nothing new and the email is recorded', async () => {
    const to = uniqueEmail('crash');
    const { id, pointer } = await queueHeld({
      kind: 'temporary-password',
      to,
      locale: 'fr',
      at: new Date(),
      providerName: 'GFMS',
    });
    const store = deps.accountEmailDispatch.store;
    const dying = {
      ...deps.accountEmailDispatch,
      store: {
        ...store,
        replace: async (next: AccountEmailRecord, current: Parameters<typeof store.replace>[1]) => {
          if (next.status === 'sent') throw new Error('the process died');
          return store.replace(next, current);
        },
      },
    };
    await expect(dispatchAccountEmail(dying, pointer)).rejects.toThrow('the process died');
    expect(await faults.mailbox(to)).toHaveLength(1);

    // The pointer comes back to a fresh dispatcher: the row's repeatability pair again, and ACS sends it once (unless
    // the delivery report, half a second behind, settled the row first: then nothing is sent at all).
    const again = await dispatchAccountEmail(deps.accountEmailDispatch, pointer);
    expect(['sent', 'already-settled']).toContain(again.kind);
    await expect.poll(async () => (await row(id))?.status, { timeout: 15_000 }).toMatch(ACCEPTED);
    await sleep(1_500);
    const mails = await faults.mailbox(to);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(/^Un mot de passe temporaire a été défini/);
    expect((await row(id))?.attempts).toBe(1);
  });

  it('when 10 dispatchers run one pointer at once, then one email goes out and the row says so', async () => {
    const to = uniqueEmail('concurrent');
    const { id, pointer } = await queueHeld({
      kind: 'password-changed',
      to,
      locale: 'en',
      at: new Date(),
      how: 'reset',
    });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => dispatchAccountEmail(deps.accountEmailDispatch, pointer)),
    );
    for (const result of results) {
      // A dispatcher the shared send slots put off ('paced') queues the pointer again; it finds the email settled.
      if (result.status === 'fulfilled') expect(['sent', 'already-settled', 'paced']).toContain(result.value.kind);
      else expect(result.reason).toMatchObject({ code: 'concurrent-update' });
    }
    expect(results.some((r) => r.status === 'fulfilled' && r.value.kind === 'sent')).toBe(true);
    await sleep(1_000);
    expect(await faults.mailbox(to)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: expect.stringMatching(ACCEPTED), attempts: 1 });
  });

  it('when ACS throttles, then the email waits for Retry-After without spending an attempt, is never parked, and arrives once', async () => {
    const to = uniqueEmail('throttled');
    await faults.failNextSends({ count: 3, status: 429, retryAfterSeconds: 1 });
    const id = await queueAccountEmail(deps.accountEmailDispatch, {
      kind: 'reset-refused',
      to,
      locale: 'en',
      reason: 'blocked',
      providerName: 'GFMS',
      since: new Date('2026-11-02T10:00:00Z'),
      supportEmail: 'support@gfms.example',
    });
    await expect.poll(() => faults.mailbox(to), { timeout: 30_000, interval: 200 }).toHaveLength(1);
    expect(await faults.pendingFailures()).toEqual([]);
    const [mail] = await faults.mailbox(to);
    expect(mail!.text).toContain('GFMS blocked its access on 2 November 2026.');
    await expect.poll(async () => (await row(id))?.status, { timeout: 10_000 }).toMatch(ACCEPTED);
    expect((await row(id))?.attempts).toBe(1);
    await sleep(1_500);
    expect(await faults.mailbox(to)).toHaveLength(1);
  }, 45_000);

  it('when emails were sent, then no line of the host’s log holds a link or a full address', async () => {
    const log = (await readFile(LOG, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('[functions]'))
      .join('\n');
    expect(log).toContain('account-email.sent');
    expect(log).not.toMatch(/ResetPassword\?token=/);
    expect(log).not.toMatch(/(reset|changed|crash|throttled|killed|concurrent)\.[a-z0-9]+@example\.com/);
  });
});
