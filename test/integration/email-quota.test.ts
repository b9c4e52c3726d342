/**
 * ACS's sending quota, end to end on a stack of its own (the quota is lowered, which would slow every other suite):
 * the local ACS refuses sends over the quota with 429 and Retry-After, as ACS does, and the invitation emails over it
 * wait and go out once the quota frees — no attempt spent, nothing failed or parked, one email each, and not one
 * status poll of the send operations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultStack, startFaultStack } from '../support/fault-stack.js';

let lane: FaultStack;

beforeAll(async () => {
  lane = await startFaultStack('test-email-quota');
}, 60_000);

afterAll(async () => {
  await lane?.stop();
});

interface QuotaUsage {
  sendsPerMinute: number;
  sendsLastMinute: number;
  statusLastHour: number;
}

async function quota(method: 'GET' | 'PUT', body?: unknown): Promise<QuotaUsage> {
  const response = await fetch(`${lane.stack.info.acs.controlUrl}/quota`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (response.status !== 200) throw new Error(`ACS control answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as QuotaUsage;
}

interface InvitationView {
  delivery: { status: string; attempts: number; lastError?: string };
  timeline: Array<{ event: string; detail?: string }>;
}

async function view(id: string): Promise<InvitationView> {
  const answer = await lane.call('GET', `/invitations/${id}`);
  if (answer.status !== 200) throw new Error(`GetInvitation answered ${answer.status}`);
  return answer.body as unknown as InvitationView;
}

describe('when ACS’s quota is smaller than the emails to send', () => {
  it('when three invitations are made under a quota of two emails a minute, then the third waits for the quota instead of failing, and arrives once', async () => {
    const statusBefore = (await quota('GET')).statusLastHour;
    // Two a "minute" of 10 s (the local ACS's control may shorten the window; the 429 + Retry-After are the same).
    await quota('PUT', { sendsPerMinute: 2, sendsPerHour: 100, minuteWindowSeconds: 10 });
    const stamp = Date.now().toString(36);
    const emails = [1, 2, 3].map((n) => `quota.${n}.${stamp}@example.com`);
    const ids: string[] = [];
    for (const email of emails) {
      const answer = await lane.call('POST', '/InviteUser', { email, firstName: 'Zoé', lastName: 'Faure' });
      expect(answer.status).toBe(201);
      ids.push(String(answer.body.id));
    }
    const arrived = async () => (await Promise.all(emails.map((e) => lane.mailbox(e)))).map((m) => m.length);

    // Two go out at once; the third is refused (429) and waits in a new message.
    await expect.poll(async () => (await arrived()).reduce((a, b) => a + b, 0), { timeout: 20_000 }).toBe(2);
    const waiting = await Promise.all(ids.map(view));
    const held = waiting.filter((v) => v.delivery.status === 'retrying');
    expect(held).toHaveLength(1);
    expect(held[0]!.delivery).toMatchObject({ attempts: 0, lastError: 'ACS answered 429 (throttled)' });
    expect(held[0]!.timeline.map((e) => e.event)).toContain('email.throttled');

    // Once the window slides, it goes out: one email each, one attempt each, nothing failed or parked.
    await expect.poll(arrived, { timeout: 90_000, interval: 1_000 }).toEqual([1, 1, 1]);
    for (const id of ids) {
      await expect
        .poll(async () => (await view(id)).delivery, { timeout: 10_000 })
        .toMatchObject({ status: 'delivered', attempts: 1 });
      expect((await view(id)).timeline.map((e) => e.event)).not.toContain('email.failed');
    }
    expect((await lane.poison()).filter((m) => ids.includes(String(m.invitationId)))).toEqual([]);
    // The dispatcher never polls a send operation's status (it has its own quota): the delivery report says the rest.
    expect((await quota('GET')).statusLastHour).toBe(statusBefore);
  }, 130_000);
});
