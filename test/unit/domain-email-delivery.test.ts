import { describe, expect, it } from 'vitest';
import type { DispatchRequest } from '../../shared/domain/outbox.js';
import { dispatchInvitationEmail } from '../../shared/domain/use-cases/dispatch-invitation-email.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { renewInvitation } from '../../shared/domain/use-cases/manage-invitations.js';
import {
  type EmailDeliveryReport,
  recordEmailDeliveryReport,
} from '../../shared/domain/use-cases/record-email-delivery.js';
import { type FakeWorld, fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';

async function sentInvitation(world: FakeWorld, options: { batchId?: string; batchIndex?: number } = {}) {
  const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails(), options);
  const pointer: DispatchRequest = world.queue.last.request;
  expect(await dispatchInvitationEmail(world.deps, pointer, 0)).toEqual({ kind: 'sent' });
  world.journal.length = 0;
  return { invitationId: invitation.id, pointer };
}

const report = (messageId: string, overrides: Partial<EmailDeliveryReport> = {}): EmailDeliveryReport => ({
  messageId,
  status: 'Delivered',
  at: new Date('2025-03-03T09:00:05.000Z'),
  ...overrides,
});

const record = (world: FakeWorld, r: EmailDeliveryReport) => recordEmailDeliveryReport(world.deps, r);

describe('email delivery reports', () => {
  it('when ACS reports the email delivered, then the invitation shows delivered and its timeline says so', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await sentInvitation(world);
    expect(await record(world, report(pointer.outboxId))).toEqual({
      kind: 'recorded',
      invitationId,
      outcome: 'delivered',
      current: true,
    });
    expect(world.store.invitation(invitationId).delivery).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(world.store.outboxRow(invitationId, pointer.outboxId)).toMatchObject({
      status: 'delivered',
      report: { status: 'Delivered', at: new Date('2025-03-03T09:00:05.000Z') },
    });
    expect(world.store.eventTypes(invitationId).at(-1)).toBe('email.delivered');
  });

  for (const status of ['Bounced', 'Failed', 'FilteredSpam', 'Quarantined', 'Suppressed']) {
    it(`when ACS reports ${status}, then the email is failed with the reason`, async () => {
      const world = fakeWorld();
      const { invitationId, pointer } = await sentInvitation(world);
      const detail = '550 5.1.1 mailbox unavailable';
      expect(await record(world, report(pointer.outboxId, { status, detail }))).toMatchObject({ outcome: 'failed' });
      expect(world.store.invitation(invitationId).delivery).toMatchObject({
        status: 'failed',
        lastError: `${status}: ${detail}`,
      });
      expect((await world.store.timeline(invitationId)).at(-1)).toMatchObject({
        event: 'email.failed',
        detail: `${status}: ${detail}`,
      });
    });
  }

  it('when the same report arrives twice, then the second changes nothing and writes nothing', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await sentInvitation(world);
    await record(world, report(pointer.outboxId));
    world.journal.length = 0;
    expect(await record(world, report(pointer.outboxId))).toEqual({ kind: 'unchanged', invitationId });
    expect(world.journal).toEqual([`find message ${pointer.outboxId}`]);
    expect(world.store.eventTypes(invitationId).filter((e) => e === 'email.delivered')).toHaveLength(1);
  });

  it('when reports arrive out of order, then the latest delivery attempt wins, whatever order they came in', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await sentInvitation(world);
    const t = (s: number) => new Date(Date.UTC(2025, 2, 3, 9, 0, s));
    await record(world, report(pointer.outboxId, { status: 'Delivered', at: t(20) }));
    expect(await record(world, report(pointer.outboxId, { status: 'Bounced', at: t(10) }))).toEqual({
      kind: 'unchanged',
      invitationId,
    });
    expect(world.store.invitation(invitationId).delivery.status).toBe('delivered');
    // A bounce reported after the delivery (an asynchronous bounce) is the latest word.
    await record(world, report(pointer.outboxId, { status: 'Bounced', at: t(30), detail: 'mailbox full' }));
    expect(world.store.invitation(invitationId).delivery).toMatchObject({
      status: 'failed',
      lastError: 'Bounced: mailbox full',
    });
  });

  it('when a report names a message this service never sent, then nothing is written', async () => {
    const world = fakeWorld();
    await sentInvitation(world);
    expect(await record(world, report('0b5c2f4e-0000-4000-8000-00000000abcd'))).toEqual({ kind: 'unknown-message' });
    expect(world.journal).toEqual(['find message 0b5c2f4e-0000-4000-8000-00000000abcd']);
  });

  it('when a report is for an email a resend superseded, then the newer email keeps the invitation’s delivery state', async () => {
    const world = fakeWorld();
    const { invitationId, pointer } = await sentInvitation(world);
    await renewInvitation(world.deps, (await world.store.get(invitationId))!, { expiresInDays: 7, reason: 'resent' });
    expect(await record(world, report(pointer.outboxId, { status: 'Bounced' }))).toMatchObject({
      kind: 'recorded',
      outcome: 'failed',
      current: false,
    });
    expect(world.store.invitation(invitationId).delivery).toEqual({ status: 'queued', attempts: 0 });
    expect(world.store.outboxRow(invitationId, pointer.outboxId).status).toBe('failed');
    expect((await world.store.timeline(invitationId)).at(-1)).toMatchObject({
      event: 'email.failed',
      detail: 'an earlier email: Bounced',
    });
  });

  it('when the report of a resent email arrives, then it finds the resend’s row by its own id', async () => {
    const world = fakeWorld();
    const { invitationId } = await sentInvitation(world);
    await renewInvitation(world.deps, (await world.store.get(invitationId))!, { expiresInDays: 7, reason: 'resent' });
    const newer = world.queue.last.request;
    await dispatchInvitationEmail(world.deps, newer, 0);
    expect(await record(world, report(newer.outboxId))).toMatchObject({ outcome: 'delivered', current: true });
    expect(world.store.invitation(invitationId).delivery.status).toBe('delivered');
  });

  it('when the report arrives before the dispatcher recorded the send (it crashed), then the email is sent and delivered, and the redelivered pointer sends nothing', async () => {
    const world = fakeWorld();
    const batches: Array<[string, number, string]> = [];
    world.batches.countDelivery = async (b, c, o) => void batches.push([b, c, o]);
    const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails(), {
      batchId: 'batch-1',
      batchIndex: 3,
    });
    const pointer = world.queue.last.request;

    expect(await record(world, report(pointer.outboxId))).toMatchObject({ kind: 'recorded', outcome: 'delivered' });
    expect(world.store.outboxRow(invitation.id, pointer.outboxId)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(world.store.outboxRow(invitation.id, pointer.outboxId)).not.toHaveProperty('sealedKey');
    expect(batches).toEqual([['batch-1', 0, 'sent']]);

    expect(await dispatchInvitationEmail(world.deps, pointer, 0)).toEqual({ kind: 'already-sent' });
    expect(world.email.calls).toEqual([]);
    expect(batches).toHaveLength(1);
  });

  it('when the dispatcher records the send while the report is being recorded, then both stand', async () => {
    const world = fakeWorld();
    const { invitation } = await inviteUser(world.deps, professionalUser, invitationDetails());
    const pointer = world.queue.last.request;
    world.store.beforeNextUpdate = async () => {
      world.store.beforeNextUpdate = undefined;
      expect(await dispatchInvitationEmail(world.deps, pointer, 0)).toEqual({ kind: 'sent' });
    };
    expect(await record(world, report(pointer.outboxId))).toMatchObject({ outcome: 'delivered' });
    expect(world.store.outboxRow(invitation.id, pointer.outboxId)).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(world.store.eventTypes(invitation.id)).toEqual(['created', 'email.queued', 'email.sent', 'email.delivered']);
  });

  it('when storage fails, then the report is not acknowledged (the error reaches Event Grid, which delivers it again)', async () => {
    const world = fakeWorld();
    const { pointer } = await sentInvitation(world);
    world.store.findByMessageId = async () => {
      throw new Error('storage is down');
    };
    await expect(record(world, report(pointer.outboxId))).rejects.toThrow('storage is down');
  });
});
