/**
 * Fault tests of inviting (SECURITY.md, "Reliability"), against stacks of their own because they kill and restart
 * the Functions host: ACS throttling and outage through the local ACS's failure injection, a crash between the
 * invitation's write and its email, a crash after ACS accepted an email but before it was recorded, a storage
 * outage in front of InviteUser, and concurrent dispatches and resends. Real SDKs, real queues, real tables.
 *
 * Injected ACS failures hit whatever send comes next, and a failed-for-good email takes 16 s of backoff (1+1+2+4+8 s,
 * the shortest the settings allow), so that case has a stack to itself and runs beside the others: three lanes,
 * each sequential, side by side.
 */
import azf from '@azure/functions';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import { inviteUserHandler } from '../../functions/handlers/invite-user.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps, type Deps } from '../../shared/deps.js';
import type { DispatchRequest } from '../../shared/domain/outbox.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { dispatchInvitationEmail } from '../../shared/domain/use-cases/dispatch-invitation-email.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { edge } from '../../shared/http/handler.js';
import { bulkInvitations } from '../../shared/http/invitation-bulk.js';
import { type FaultStack, startFaultStack } from '../support/fault-stack.js';
import { actAsTheAppOn } from '../support/stack.js';
import { storageOutage } from '../support/storage-outage.js';

/** A dedicated stack and production dependencies in this process on its settings (as its host builds them). */
interface Lane {
  faults: FaultStack;
  deps: Deps;
}

let failing: Lane;
let main: Lane;

async function lane(name: string): Promise<Lane> {
  const faults = await startFaultStack(name);
  return { faults, deps: buildDeps(parseSettings(faults.stack.settings)) };
}

beforeAll(async () => {
  [failing, main] = await Promise.all([lane('test-faults-acs'), lane('test-faults')]);
  // The dispatchers run here on the main lane: this process is its app's (ACS through its managed identity).
  actAsTheAppOn(main.faults.stack.managedIdentity);
}, 60_000);

afterAll(async () => {
  await Promise.all([failing?.faults.stop(), main?.faults.stop()]);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** ACS accepted the email: `sent`, or already `delivered` when its report came in (half a second later, locally). */
const ACCEPTED = /^(sent|delivered)$/;
let counter = 0;
const uniqueEmail = (label: string) => `${label}.${Date.now().toString(36)}${(counter++).toString(36)}@example.com`;

async function invite({ faults }: Lane, email: string): Promise<string> {
  const answer = await faults.call('POST', '/InviteUser', { email, firstName: 'Zoé', lastName: 'Faure' });
  if (answer.status !== 201) throw new Error(`InviteUser answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return String(answer.body.id);
}

interface InvitationView {
  delivery: { status: string; attempts: number; lastError?: string; sentAt?: string };
  timeline: Array<{ event: string; detail?: string }>;
}

async function view({ faults }: Lane, id: string): Promise<InvitationView> {
  const answer = await faults.call('GET', `/invitations/${id}`);
  if (answer.status !== 200) throw new Error(`GetInvitation answered ${answer.status}`);
  return answer.body as unknown as InvitationView;
}

const emailEvents = (v: InvitationView) => v.timeline.map((e) => e.event).filter((e) => e.startsWith('email.'));

/** The professional the in-process use cases act as: the field-service app of GFMS. */
function actingApp({ faults }: Lane): ActingProfessional {
  const { workforce } = faults.stack.info.entra;
  return {
    tenantId: workforce.tenantId,
    oid: 'fault-tests',
    appId: workforce.professionalClient.clientId,
    name: workforce.professionalClient.clientId,
    kind: 'app',
    roles: ['Invitations.Send'],
    providerId: 'gfms',
  };
}

/** Writes an invitation through the production adapters, keeping its dispatch pointer out of the queue. */
async function inviteHeld(l: Lane, email: string): Promise<{ invitationId: string; pointer: DispatchRequest }> {
  let pointer: DispatchRequest | undefined;
  const hold = async (request: DispatchRequest) => {
    pointer = request;
  };
  const held = { ...l.deps.invitations, dispatch: { ...l.deps.invitations.dispatch, schedule: hold } };
  const { invitation } = await inviteUser(held, actingApp(l), {
    email,
    firstName: 'Zoé',
    lastName: 'Faure',
    locale: 'fr',
    expiresInDays: 7,
    sendEmail: true,
  });
  return { invitationId: invitation.id, pointer: pointer! };
}

describe.concurrent('invitation faults', () => {
  describe('when ACS fails for good (a stack of its own)', () => {
    it.sequential('when ACS fails for good, then after 5 tries the invitation shows why, the pointer is parked, and a resend after recovery sends one email', async ({
      expect,
    }) => {
      const l = failing;
      const email = uniqueEmail('broken');
      await l.faults.failNextSends({ count: 10, status: 500 });
      const id = await invite(l, email);

      await expect
        .poll(async () => (await view(l, id)).delivery, { timeout: 35_000, interval: 500 })
        .toMatchObject({ status: 'failed', attempts: 5, lastError: expect.stringMatching(/ACS answered 500/) });
      const v = await view(l, id);
      expect(emailEvents(v)).toEqual([
        'email.queued',
        'email.retrying',
        'email.retrying',
        'email.retrying',
        'email.retrying',
        'email.failed',
      ]);
      const parked = (await l.faults.poison()).filter((m) => m.invitationId === id);
      expect(parked).toEqual([expect.objectContaining({ reason: expect.stringMatching(/ACS answered 500/) })]);
      expect(await l.faults.mailbox(email)).toEqual([]);

      await l.faults.recover();
      const resent = await l.faults.call('POST', `/invitations/${id}/resend`);
      expect(resent.status).toBe(200);
      await expect.poll(() => l.faults.mailbox(email), { timeout: 10_000, interval: 200 }).toHaveLength(1);
      await expect
        .poll(async () => (await view(l, id)).delivery, { timeout: 5_000 })
        .toMatchObject({ status: expect.stringMatching(ACCEPTED), attempts: 1 });
    }, 50_000);
  });

  describe('when ACS throttles, the host dies, or things happen at once', () => {
    it.sequential('when ACS answers 429 six times, then the email waits for Retry-After each time, spends no attempt, is never parked, and arrives once', async ({
      expect,
    }) => {
      const l = main;
      const email = uniqueEmail('throttled');
      await l.faults.failNextSends({ count: 6, status: 429, retryAfterSeconds: 1 });
      const start = Date.now();
      const id = await invite(l, email);

      await expect.poll(() => l.faults.mailbox(email), { timeout: 40_000, interval: 200 }).toHaveLength(1);
      // First dispatch after 1 s, then six waits of at least Retry-After (1 s) each.
      expect(Date.now() - start).toBeGreaterThanOrEqual(7_000);
      await expect
        .poll(async () => (await view(l, id)).delivery, { timeout: 5_000 })
        .toMatchObject({ status: expect.stringMatching(ACCEPTED), attempts: 1 });
      const v = await view(l, id);
      // The delivery report may already have come (`email.delivered` after `email.sent`): ACCEPTED allows both.
      expect(emailEvents(v).filter((e) => e !== 'email.delivered')).toEqual([
        'email.queued',
        'email.throttled',
        'email.sent',
      ]);
      expect(emailEvents(v).slice(3)).toEqual(emailEvents(v).length > 3 ? ['email.delivered'] : []);
      expect(v.timeline.find((e) => e.event === 'email.throttled')?.detail).toMatch(
        /^ACS answered 429 \(throttled\): next try in 1 s, not counted as an attempt$/,
      );
      expect(await l.faults.pendingFailures()).toEqual([]);
      expect((await l.faults.poison()).filter((m) => m.invitationId === id)).toEqual([]);
      expect(await l.faults.mailbox(email)).toHaveLength(1);
    }, 60_000);

    it.sequential('when the host is killed between the invitation’s write and its email, then after a restart exactly one email arrives', async ({
      expect,
    }) => {
      const l = main;
      const email = uniqueEmail('killed-before-send');
      const id = await invite(l, email);
      const host = l.faults.stack.functionsHost;
      host.kill('SIGKILL');
      // The pointer was queued 1 s ahead: nothing could have been sent before the kill.
      expect(await l.faults.mailbox(email)).toEqual([]);
      await l.faults.stack.restartFunctions();
      expect(host.signalCode).toBe('SIGKILL');

      await expect.poll(() => l.faults.mailbox(email), { timeout: 15_000, interval: 200 }).toHaveLength(1);
      await sleep(3_000);
      expect(await l.faults.mailbox(email)).toHaveLength(1);
      expect((await view(l, id)).delivery).toMatchObject({ status: expect.stringMatching(ACCEPTED), attempts: 1 });
    }, 30_000);

    it.sequential('when the dispatcher dies after ACS accepted the email but before it was recorded, then the redelivered pointer sends nothing new and the email is recorded', async ({
      expect,
    }) => {
      const l = main;
      const email = uniqueEmail('killed-after-send');
      // The pointer stays ours until the "crash": the dispatcher that dies is this process's, with production deps.
      const { invitationId, pointer } = await inviteHeld(l, email);
      const dying = {
        ...l.deps.dispatch,
        invitations: {
          ...l.deps.dispatch.invitations,
          update: async () => {
            throw new Error('the process was killed');
          },
        },
      };
      await expect(dispatchInvitationEmail(dying, pointer)).rejects.toThrow('the process was killed');
      expect(await l.faults.mailbox(email)).toHaveLength(1);
      const row = await l.deps.invitations.invitations.getWithOutbox(invitationId, pointer.outboxId);
      expect(row.outbox?.value).toMatchObject({ status: 'pending', attempts: 0 });

      // The queue redelivers the pointer to the host: same outbox row, so the same repeatability pair, and ACS sends once.
      await l.deps.invitations.dispatch.schedule(pointer, 0);
      await expect
        .poll(async () => (await view(l, invitationId)).delivery, { timeout: 15_000 })
        .toMatchObject({ status: expect.stringMatching(ACCEPTED), attempts: 1 });
      await sleep(1_000);
      expect(await l.faults.mailbox(email)).toHaveLength(1);
    }, 30_000);

    it.sequential('when 20 dispatchers run one pointer at once, then one email goes out and the invitation says sent', async ({
      expect,
    }) => {
      const l = main;
      const email = uniqueEmail('concurrent-dispatch');
      const { invitationId, pointer } = await inviteHeld(l, email);
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => dispatchInvitationEmail(l.deps.dispatch, pointer)),
      );
      for (const result of results) {
        if (result.status === 'fulfilled') expect(['sent', 'already-sent']).toContain(result.value.kind);
        else expect(result.reason).toMatchObject({ code: 'concurrent-update' });
      }
      expect(results.some((r) => r.status === 'fulfilled' && r.value.kind === 'sent')).toBe(true);
      await sleep(500);
      expect(await l.faults.mailbox(email)).toHaveLength(1);
      const stored = await l.deps.invitations.invitations.getWithOutbox(invitationId, pointer.outboxId);
      expect(stored.outbox?.value.status).toMatch(ACCEPTED);
      expect(stored.outbox?.value.sealedKey).toBeUndefined();
      expect(stored.invitation?.value.delivery).toMatchObject({ status: expect.stringMatching(ACCEPTED), attempts: 1 });
    }, 30_000);

    it.sequential('when 10 resends of one invitation race, then each succeeds or gets 409 concurrent-update, and only the last link works', async ({
      expect,
    }) => {
      const l = main;
      const email = uniqueEmail('concurrent-resend');
      const id = await invite(l, email);
      await expect.poll(() => l.faults.mailbox(email), { timeout: 10_000, interval: 200 }).toHaveLength(1);

      const answers = await Promise.all(
        Array.from({ length: 10 }, () => l.faults.call('POST', `/invitations/${id}/resend`)),
      );
      const won = answers.filter((a) => a.status === 200);
      const lost = answers.filter((a) => a.status !== 200);
      const seen = JSON.stringify(answers.map((a) => [a.status, (a.body as { code?: string } | undefined)?.code]));
      expect(won.length, seen).toBeGreaterThanOrEqual(1);
      for (const answer of lost) {
        expect(answer.status).toBe(409);
        expect(answer.body).toMatchObject({ code: 'concurrent-update' });
      }
      const stored = (await l.deps.invitations.invitations.get(id))!.value;
      expect(stored.keyVersion).toBe(1 + won.length);

      // The current key's email arrives; every other link the mailbox holds says a newer invitation was sent.
      const links = async () => {
        const mails = await l.faults.mailbox(email);
        return Promise.all(
          mails.map(async (mail) => {
            const link = /https?:\/\/\S+\/api\/InviteUser\?\S+/.exec(mail.text)?.[0].replace(/[)>.,]+$/, '');
            const page = await fetch(`${link}&lang=en`);
            return { status: page.status, text: await page.text() };
          }),
        );
      };
      await expect
        .poll(async () => (await links()).filter((p) => p.status === 200).length, { timeout: 10_000, interval: 300 })
        .toBe(1);
      await expect.poll(async () => (await view(l, id)).delivery.status, { timeout: 5_000 }).toMatch(ACCEPTED);
      const pages = await links();
      expect(pages.length).toBeGreaterThanOrEqual(2);
      for (const page of pages.filter((p) => p.status !== 200)) {
        expect(page.status).toBe(410);
        expect(page.text).toContain('A newer invitation was sent to you');
      }
    }, 30_000);
  });

  describe('when storage is down', () => {
    const context = () => new azf.InvocationContext({ invocationId: 'fault-inv', functionName: 'InviteUser' });

    /** InviteUser as its registration composes it, on production deps whose storage goes through the outage proxy. */
    function inviteUserThrough(
      connectionString: string,
      change: (local: Deps) => Deps['invitations'] = (local) => local.invitations,
    ) {
      const { faults } = failing;
      const local = buildDeps(parseSettings({ ...faults.stack.settings, AzureWebJobsStorage: connectionString }));
      const invitations = change(local);
      const handler = edge(inviteUserHandler, () => ({
        settings: local.settings,
        auth: local.auth,
        invitations,
        idempotency: local.idempotency,
        sessions: local.sessions,
        onboarding: local.onboarding,
        bulk: bulkInvitations(invitations),
      }));
      return async (email: string) =>
        handler(
          new azf.HttpRequest({
            method: 'POST',
            url: `${faults.stack.settings.PUBLIC_BASE_URL}/api/InviteUser`,
            headers: { authorization: `Bearer ${await faults.token()}`, 'content-type': 'application/json' },
            body: { string: JSON.stringify({ email, firstName: 'Zoé', lastName: 'Faure', sendEmail: false }) },
          }),
          context(),
        );
    }

    function expectUnavailable(
      expect: ExpectStatic,
      answer: Awaited<ReturnType<ReturnType<typeof inviteUserThrough>>>,
    ) {
      expect(answer.status).toBe(503);
      const headers = answer.headers as Record<string, string>;
      expect(headers['Content-Type']).toMatch(/^application\/problem\+json/);
      expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
      expect(JSON.parse(String(answer.body))).toMatchObject({ status: 503, code: 'dependency-unavailable' });
    }

    /** The invitations stored for an email, read through storage that works. */
    async function storedFor(email: string) {
      const store = failing.deps.invitations.invitations;
      const { invitationIds } = await store.list('gfms', { email, limit: 10 });
      return (await Promise.all(invitationIds.map((id) => store.get(id)))).filter((found) => found !== undefined);
    }

    it.sequential('when storage is unreachable, then InviteUser answers 503 problem+json with Retry-After, never 500, and writes nothing', async ({
      expect,
    }) => {
      const outage = await storageOutage(failing.faults.stack.info.storage.connectionString);
      try {
        const post = inviteUserThrough(outage.connectionString);
        const email = uniqueEmail('storage-down');
        outage.down();
        const started = Date.now();
        expectUnavailable(expect, await post(email));
        expect(Date.now() - started).toBeLessThan(30_000);

        outage.up();
        const store = failing.deps.invitations.invitations;
        expect((await store.list('gfms', { email, limit: 10 })).invitationIds).toEqual([]);
        // Nothing was left behind: the same request succeeds at once once storage is back.
        expect((await post(email)).status).toBe(201);
      } finally {
        await outage.close();
      }
    }, 40_000);

    it.sequential('when storage fails in the middle of the write, then 503 with Retry-After and no invitation exists', async ({
      expect,
    }) => {
      const outage = await storageOutage(failing.faults.stack.info.storage.connectionString);
      try {
        const post = inviteUserThrough(outage.connectionString, (local) => ({
          ...local.invitations,
          invitations: {
            ...local.invitations.invitations,
            create: (...args) => {
              outage.down();
              return local.invitations.invitations.create(...args);
            },
          },
        }));
        const email = uniqueEmail('storage-drops');
        expectUnavailable(expect, await post(email));
        outage.up();
        expect(await storedFor(email)).toEqual([]);
      } finally {
        await outage.close();
      }
    }, 40_000);
  });
});
