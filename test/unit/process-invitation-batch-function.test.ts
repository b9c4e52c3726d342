/** The ProcessInvitationBatch function's edge: a row storage refuses is logged and refused; the chunk completes. */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { processInvitationBatchHandler } from '../../functions/handlers/process-invitation-batch.js';
import { acceptBulk } from '../../shared/domain/use-cases/bulk-invitations.js';
import { fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';

describe('ProcessInvitationBatch', () => {
  it('when storage refuses one row, then the row is logged as batch.row.failed, refused, and the chunk is done', async () => {
    const world = fakeWorld();
    const rows = ['a#b@example.com', 'c/d@example.com'].map((email, index) => ({
      index,
      details: invitationDetails({ email }),
    }));
    const { batchId } = await acceptBulk(world.deps, professionalUser, rows, []);
    const refused = () =>
      Object.assign(new Error('OutOfRangeInput: the RowKey holds a character Azure refuses'), {
        name: 'TableLimitError',
        statusCode: 400,
      });
    const { claimEmail, claimEmails } = world.store;
    world.store.claimEmail = async (invitation) => {
      if (invitation.email === 'a#b@example.com') throw refused();
      return claimEmail.call(world.store, invitation);
    };
    // Taken together with others, the refused row fails the whole write.
    world.store.claimEmails = async (invitations) => {
      if (invitations.some((i) => i.email === 'a#b@example.com')) throw refused();
      return claimEmails.call(world.store, invitations);
    };
    const lines: string[] = [];
    const context = new azf.InvocationContext({
      invocationId: 'batch-test',
      functionName: 'ProcessInvitationBatch',
      logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')),
    });

    await processInvitationBatchHandler({ batchId, chunk: 0 }, context, world.deps);

    const failed = lines.map((line) => JSON.parse(line)).filter((line) => line.event === 'batch.row.failed');
    expect(failed).toEqual([
      expect.objectContaining({
        level: 'error',
        batchId,
        chunk: 0,
        index: 0,
        error: expect.objectContaining({ name: 'TableLimitError', statusCode: 400 }),
      }),
    ]);
    expect((await world.batches.outcomes(batchId))[0]).toMatchObject({
      status: 'done',
      created: 1,
      refused: [{ index: 0, code: 'invitation-not-stored' }],
    });
  });
});
