import { describe, expect, it } from 'vitest';
import {
  type BatchHeader,
  type BatchRow,
  CHUNK_SIZE,
  type ChunkOutcome,
  chunkOf,
  chunkRows,
  paceInterval,
  progressOf,
} from '../../shared/domain/bulk.js';
import { DomainError } from '../../shared/domain/errors.js';
import { MAX_CLAIMS_TOGETHER } from '../../shared/domain/ports.js';
import { acceptBulk, batchProgress, inviteChunk } from '../../shared/domain/use-cases/bulk-invitations.js';
import { inviteUser, ROWS_IN_FLIGHT } from '../../shared/domain/use-cases/invite-user.js';
import { type FakeWorld, fakeWorld, GFMS, invitationDetails, professionalUser } from '../support/fakes.js';

const rowsFor = (count: number, from = 0): BatchRow[] =>
  Array.from({ length: count }, (_, i) => ({
    index: from + i,
    details: invitationDetails({ email: `person${from + i}@example.com`, firstName: `P${from + i}` }),
  }));

/** Storage fails the claim of some emails, alone or in a write with others (then the whole write fails). */
function failClaims(world: FakeWorld, failureFor: (email: string) => unknown): () => void {
  const { claimEmail, claimEmails } = world.store;
  world.store.claimEmail = async (invitation) => {
    const failure = failureFor(invitation.email);
    if (failure) throw failure;
    return claimEmail.call(world.store, invitation);
  };
  world.store.claimEmails = async (invitations) => {
    const failure = invitations.map((i) => failureFor(i.email)).find(Boolean);
    if (failure) throw failure;
    return claimEmails.call(world.store, invitations);
  };
  return () => {
    world.store.claimEmail = claimEmail;
    world.store.claimEmails = claimEmails;
  };
}

async function bulk(world: FakeWorld, rows: BatchRow[]) {
  const accepted = await acceptBulk(world.deps, professionalUser, rows, []);
  world.journal.length = 0;
  return accepted.batchId;
}

describe('bulk invitations', () => {
  it('when a bulk is accepted, then its rows are stored in chunks of 100 and each chunk is queued once', async () => {
    const world = fakeWorld();
    const rows = rowsFor(250);
    const accepted = await acceptBulk(world.deps, professionalUser, rows, [{ index: 250, errors: [] }]);
    expect(accepted).toMatchObject({ accepted: 250, rejected: [{ index: 250 }] });
    expect(world.batchQueue.enqueued).toEqual([0, 1, 2].map((chunk) => ({ batchId: accepted.batchId, chunk })));
    expect(await world.batches.header(accepted.batchId)).toMatchObject({ total: 251, accepted: 250, chunks: 3 });
    expect((await world.batches.chunk(accepted.batchId, 2))?.value.rows).toHaveLength(50);
  });

  it('when a chunk is invited, then each row gets an invitation whose id derives from the batch and the row', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(3));
    const outcome = await inviteChunk(world.deps, batchId, 0);
    expect(outcome).toMatchObject({ status: 'done', created: 3, refused: [] });
    for (const index of [0, 1, 2]) {
      const invitation = world.store.invitation(world.ids.derive(batchId, String(index)));
      expect(invitation).toMatchObject({ email: `person${index}@example.com`, batchId, batchIndex: index });
    }
    expect(world.ids.derive(batchId, '1')).toBe(world.ids.derive(batchId, '1'));
    expect(world.ids.derive(batchId, '1')).not.toBe(world.ids.derive('other-batch', '1'));
  });

  it('when a chunk is invited, then its emails are paced from one reservation, none sooner than 1 s', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, [
      ...rowsFor(2),
      { index: 2, details: invitationDetails({ email: 'quiet@example.com', sendEmail: false }) },
      ...rowsFor(1, 3),
    ]);
    const outcome = await inviteChunk(world.deps, batchId, 0);
    expect(world.pacer.reservations).toEqual([3]);
    expect(world.queue.scheduled.map((s) => s.delaySeconds)).toEqual([1, 2, 4]);
    // Of the 4 invitations created, 3 send an email: the batch waits for 3 emails, not 4.
    expect(outcome).toMatchObject({ created: 4, emailed: 3 });
    const progress = await batchProgress(world.deps, professionalUser, batchId);
    expect(progress).toMatchObject({ created: 4, emailed: 3, delivery: { sent: 0, failed: 0, pending: 4 } });
  });

  it('when a finished chunk is processed again, then nothing is invited twice', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(3));
    const first = await inviteChunk(world.deps, batchId, 0);
    const writes = world.journal.length;
    const again = await inviteChunk(world.deps, batchId, 0);
    expect(again).toEqual(first);
    expect(world.journal).toHaveLength(writes);
    expect(world.store.invitations.size).toBe(3);
    expect(world.queue.scheduled).toHaveLength(3);
  });

  it('when a chunk stopped before recording its outcome, then processing it again re-finds what it wrote', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(3));
    const finish = world.batches.finishChunk.bind(world.batches);
    world.batches.finishChunk = async () => {
      throw new Error('the process died');
    };
    await expect(inviteChunk(world.deps, batchId, 0)).rejects.toThrow('the process died');
    world.batches.finishChunk = finish;

    const outcome = await inviteChunk(world.deps, batchId, 0);
    expect(outcome).toMatchObject({ status: 'done', created: 3, refused: [] });
    expect(world.store.invitations.size).toBe(3);
    expect([...world.store.outbox.values()]).toHaveLength(3);
    expect(world.queue.scheduled).toHaveLength(3);
    expect((await world.batches.outcomes(batchId))[0]).toMatchObject({ status: 'done', created: 3 });
  });

  it('when a chunk of 100 fresh rows is invited, then its claims are taken in two writes of 50, not one per row', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(CHUNK_SIZE));
    expect(await inviteChunk(world.deps, batchId, 0)).toMatchObject({ created: CHUNK_SIZE, refused: [] });
    const claims = world.journal.filter((line) => line.startsWith('claim'));
    expect(claims.filter((line) => line.startsWith('claim together'))).toHaveLength(CHUNK_SIZE / MAX_CLAIMS_TOGETHER);
    expect(claims.filter((line) => !line.startsWith('claim together'))).toEqual([]);
    expect(world.store.claims.size).toBe(CHUNK_SIZE);
  });

  it('when one email of a group is held already, then each row of that group claims on its own and only that row is refused', async () => {
    const world = fakeWorld();
    await inviteUser(world.deps, professionalUser, invitationDetails({ email: 'person3@example.com' }));
    const batchId = await bulk(world, rowsFor(5));
    const outcome = await inviteChunk(world.deps, batchId, 0);
    expect(outcome).toMatchObject({ created: 4, refused: [{ index: 3, code: 'invitation-pending' }] });
    expect(world.journal).toContain(
      'claim together person0@example.com person1@example.com person2@example.com person3@example.com person4@example.com',
    );
    expect(world.journal.filter((line) => /^claim person\d@/.test(line))).toHaveLength(5);
  });

  it('when a chunk is invited, then at most ROWS_IN_FLIGHT rows are written at the same time, and more than one', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(20));
    const create = world.store.create.bind(world.store);
    let inFlight = 0;
    let most = 0;
    world.store.create = async (...args) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      try {
        return await create(...args);
      } finally {
        inFlight--;
      }
    };
    expect(await inviteChunk(world.deps, batchId, 0)).toMatchObject({ created: 20 });
    expect(most).toBe(ROWS_IN_FLIGHT);
  });

  it('when a chunk died between a claim and its invitation, then the retry writes that invitation once', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(3));
    const create = world.store.create.bind(world.store);
    let calls = 0;
    world.store.create = async (...args) => {
      calls += 1;
      if (calls === 2) throw new Error('the process died');
      return create(...args);
    };
    await expect(inviteChunk(world.deps, batchId, 0)).rejects.toThrow('the process died');
    // The other rows of the chunk went on; the chunk failed after they settled, so the queue retries it.
    expect(world.store.invitations.size).toBe(2);

    expect(await inviteChunk(world.deps, batchId, 0)).toMatchObject({ created: 3, refused: [] });
    expect(world.store.invitations.size).toBe(3);
    for (const index of [0, 1, 2]) {
      expect(world.store.outboxRows(world.ids.derive(batchId, String(index)))).toHaveLength(1);
    }
  });

  it('when rows are refused as invitations, then they are listed with their code and email and the others go on', async () => {
    const world = fakeWorld();
    const existing = await inviteUser(
      world.deps,
      professionalUser,
      invitationDetails({ email: 'person1@example.com' }),
    );
    const batchId = await bulk(world, rowsFor(3));
    const outcome = await inviteChunk(world.deps, batchId, 0);
    expect(outcome).toMatchObject({
      created: 2,
      refused: [
        { index: 1, code: 'invitation-pending', email: 'person1@example.com', invitationId: existing.invitation.id },
      ],
    });
  });

  it('when storage refuses one row’s writes, then that row is refused as invitation-not-stored and the chunk completes', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(3));
    // What Azure (or the adapter's check of its rules) answers a key it refuses: a 400, on every try.
    failClaims(world, (email) =>
      email === 'person1@example.com'
        ? Object.assign(new Error('OutOfRangeInput: the RowKey holds a character Azure refuses'), { statusCode: 400 })
        : undefined,
    );
    const failed: number[] = [];
    const outcome = await inviteChunk(world.deps, batchId, 0, (index) => failed.push(index));
    expect(outcome).toMatchObject({
      status: 'done',
      created: 2,
      refused: [{ index: 1, code: 'invitation-not-stored', email: 'person1@example.com' }],
    });
    expect(failed).toEqual([1]);
    expect(world.store.invitations.size).toBe(2);
    expect(await batchProgress(world.deps, professionalUser, batchId)).toMatchObject({
      status: 'completed',
      created: 2,
      refused: [{ index: 1, code: 'invitation-not-stored' }],
    });
  });

  it('when storage is out (503, 429) or a row fails otherwise, then the chunk fails and is retried whole', async () => {
    for (const failure of [
      new DomainError('dependency-unavailable', 'Storage is not available right now.'),
      Object.assign(new Error('Too many requests'), { statusCode: 429 }),
      new Error('the process died'),
    ]) {
      const world = fakeWorld();
      const batchId = await bulk(world, rowsFor(2));
      const restore = failClaims(world, () => failure);
      await expect(inviteChunk(world.deps, batchId, 0)).rejects.toBe(failure);
      restore();
      expect(await inviteChunk(world.deps, batchId, 0)).toMatchObject({ created: 2, refused: [] });
    }
  });

  it('when the provider became inactive, then every row is refused, not thrown', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(2));
    world.providers.put({ ...GFMS, status: 'inactive' });
    const outcome = await inviteChunk(world.deps, batchId, 0);
    expect(outcome?.refused.map((r) => r.code)).toEqual(['provider-inactive', 'provider-inactive']);
    expect(world.store.invitations.size).toBe(0);
  });

  it('when the batch or chunk is unknown, then nothing happens', async () => {
    const world = fakeWorld();
    expect(await inviteChunk(world.deps, 'nope', 0)).toBeUndefined();
    const batchId = await bulk(world, rowsFor(1));
    expect(await inviteChunk(world.deps, batchId, 7)).toBeUndefined();
  });

  it('when another provider asks for a batch’s progress, then it does not exist for them', async () => {
    const world = fakeWorld();
    const batchId = await bulk(world, rowsFor(1));
    await expect(batchProgress(world.deps, { ...professionalUser, providerId: 'horizon' }, batchId)).rejects.toThrow(
      DomainError,
    );
    expect((await batchProgress(world.deps, professionalUser, batchId)).batchId).toBe(batchId);
  });
});

describe('bulk progress', () => {
  const header: BatchHeader = {
    id: 'b',
    providerId: 'gfms',
    professional: professionalUser,
    createdAt: new Date('2025-03-03T09:00:00Z'),
    total: 205,
    accepted: 200,
    rejected: [{ index: 3, errors: [{ pointer: '#/email', detail: 'must be a valid email address' }] }],
    chunks: 2,
  };
  const outcome = (o: Partial<ChunkOutcome>): ChunkOutcome => ({
    status: 'done',
    created: 0,
    refused: [],
    sent: 0,
    deliveryFailed: 0,
    ...o,
  });

  it('when every chunk is done, then completed with the sums', () => {
    const progress = progressOf(header, [
      outcome({ created: 99, refused: [{ index: 7, code: 'already-client' }], sent: 90, deliveryFailed: 2 }),
      outcome({ created: 100, sent: 10 }),
    ]);
    expect(progress).toMatchObject({
      batchId: 'b',
      status: 'completed',
      total: 205,
      accepted: 200,
      created: 199,
      refused: [{ index: 7, code: 'already-client' }],
      delivery: { sent: 100, failed: 2, pending: 97 },
    });
    expect(progress.rejected).toHaveLength(1);
  });

  it('when a chunk is pending or missing, then processing', () => {
    expect(progressOf(header, [outcome({}), outcome({ status: 'pending' })]).status).toBe('processing');
    expect(progressOf(header, [outcome({})]).status).toBe('processing');
  });

  it('when more emails were counted than created, then pending never goes below zero', () => {
    expect(progressOf(header, [outcome({ created: 1, sent: 2 }), outcome({})]).delivery.pending).toBe(0);
  });

  it('when rows are chunked, then a row’s chunk follows from its index alone', () => {
    expect([0, 99, 100, 250].map(chunkOf)).toEqual([0, 0, 1, 2]);
    const chunks = chunkRows(rowsFor(3, 98));
    expect([...chunks.keys()]).toEqual([0, 1]);
    expect(chunks.get(1)?.map((r) => r.index)).toEqual([100]);
    expect(CHUNK_SIZE).toBe(100);
  });

  it('when pacing to the quota, then the stricter of per-minute and per-hour wins', () => {
    expect(paceInterval({ perMinute: 30, perHour: 100 })).toBe(36);
    expect(paceInterval({ perMinute: 30, perHour: 100_000 })).toBe(2);
  });
});
