/**
 * Addresses the email rule accepts but Azure refuses in a table key (`#`, `/`, `?` in the local part; `|` too, the
 * separator of our keys), through the whole local stack: invited once (201, then 409 `invitation-pending`), found by
 * `email=`, invited in a bulk whose every row is created, and stored under keys that never carry the address as typed
 * (key scheme v1: its SHA-256). `a\b@example.com` is not an address by the rule (a backslash is not RFC 5322 atext
 * outside a quoted local part): a clear 400, never a 500.
 */
import { createHash } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { call, type InvitationJson, invitationFor, invite, listInvitations, sleep } from '../support/invitations.js';
import { stack } from '../support/stack.js';

const SPECIALS = ['#', '/', '?', '|'];
const addressWith = (special: string, label: string) =>
  `a${special}b.${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;

const providerIndex = () =>
  TableClient.fromConnectionString(stack().storage.connectionString, 'ProviderIndex', {
    allowInsecureConnection: true,
  });

/** The claim row's key is the address's SHA-256 (scheme v1); no key of the provider's index carries the address. */
async function expectKeysWithoutAddress(email: string, invitationId: string): Promise<void> {
  const rows: Array<{ partitionKey?: string; rowKey?: string }> = [];
  for await (const row of providerIndex().listEntities({
    queryOptions: { filter: `InvitationId eq '${invitationId}'` },
  }))
    rows.push(row);
  expect(rows).toHaveLength(2);
  expect(rows.map((r) => r.rowKey)).toContain(`email|v1:${createHash('sha256').update(email).digest('base64url')}`);
  for (const row of rows) expect(`${row.partitionKey}|${row.rowKey}`).not.toContain(email.slice(2, email.indexOf('@')));
}

interface Progress {
  status: 'processing' | 'completed';
  created: number;
  refused: Array<{ index: number; code: string }>;
  rejected: unknown[];
}

describe('addresses holding characters Azure refuses in table keys', () => {
  it.each(SPECIALS)(
    'when an address holds %s, then it is invited once (201, then 409 invitation-pending) and found by email=',
    async (special) => {
      const email = addressWith(special, 'single');
      const first = await invite(invitationFor(email, { sendEmail: false }));
      expect(first.status, first.text).toBe(201);
      const again = await invite(invitationFor(email, { sendEmail: false }));
      expect(again.status, again.text).toBe(409);
      expect(again.body).toMatchObject({ code: 'invitation-pending', invitationId: first.body.id });

      const listed = await listInvitations({ email });
      expect(listed.status, listed.text).toBe(200);
      expect(listed.body.items.map((i) => i.id)).toEqual([first.body.id]);

      await expectKeysWithoutAddress(email, first.body.id);
    },
  );

  it('when a bulk holds such addresses, then it completes with every row created', async () => {
    const emails = SPECIALS.map((special) => addressWith(special, 'bulk'));
    const accepted = await call<{ batchId: string; accepted: number; rejected: unknown[] }>('POST', '/InviteUser', {
      body: { invitations: emails.map((email) => invitationFor(email, { sendEmail: false })) },
    });
    expect(accepted.status, accepted.text).toBe(202);
    expect(accepted.body).toMatchObject({ accepted: emails.length, rejected: [] });

    const deadline = Date.now() + 20_000;
    let progress: Progress;
    for (;;) {
      const answer = await call<Progress>('GET', `/invitations/batches/${accepted.body.batchId}`);
      expect(answer.status, answer.text).toBe(200);
      progress = answer.body;
      if (progress.status === 'completed') break;
      if (Date.now() > deadline) throw new Error(`the batch did not complete: ${answer.text}`);
      await sleep(250);
    }
    expect(progress).toMatchObject({ status: 'completed', created: emails.length, refused: [] });
    for (const email of emails) {
      const listed = await listInvitations({ email });
      expect(listed.body.items.map((i: InvitationJson) => i.email)).toEqual([email]);
      await expectKeysWithoutAddress(email, listed.body.items[0]!.id);
    }
  });
});
