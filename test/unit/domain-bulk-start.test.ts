/** Starting a bulk from the rows read: the same email twice invites once, the first row winning. */
import { describe, expect, it } from 'vitest';
import type { BatchRow } from '../../shared/domain/bulk.js';
import { startBulk } from '../../shared/domain/use-cases/bulk-invitations.js';
import { fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';

const row = (index: number, email: string): BatchRow => ({ index, details: invitationDetails({ email }) });

describe('starting a bulk', () => {
  it('when an email comes back in a later row, then that row is refused with its email, naming the first, and the refusals stay in row order', async () => {
    const world = fakeWorld();
    const rows = [row(0, 'a@example.com'), row(2, 'b@example.com'), row(3, 'a@example.com'), row(5, 'a@example.com')];
    const invalid = { index: 4, errors: [{ pointer: '#/firstName', detail: 'must not be empty' }] };
    const accepted = await startBulk(world.deps, professionalUser, rows, [invalid]);
    expect(accepted.accepted).toBe(2);
    expect(accepted.rejected).toEqual([
      { index: 3, email: 'a@example.com', errors: [{ pointer: '#/email', detail: 'email is the same as in row 0' }] },
      invalid,
      { index: 5, email: 'a@example.com', errors: [{ pointer: '#/email', detail: 'email is the same as in row 0' }] },
    ]);
    const chunk = await world.batches.chunk(accepted.batchId, 0);
    expect(chunk?.value.rows.map((r) => r.index)).toEqual([0, 2]);
    expect(await world.batches.header(accepted.batchId)).toMatchObject({ total: 5, accepted: 2 });
  });
});
