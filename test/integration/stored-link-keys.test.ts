/**
 * SECURITY.md, "Invitation links": the link key is never stored, only its SHA-256; the one copy the outbox carries
 * until the email is sent is sealed. Checked where it matters: the raw rows at Azurite, read as someone with read
 * access to the storage account would see them — every table and every queued message, not only the invitation's
 * partition — for a key returned by the API (`sendEmail: false`), for keys that went out by email (the first one and
 * a resend's), and for the sealed key of an outbox row caught before its email is sent.
 */
import { createHash } from 'node:crypto';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { QueueServiceClient } from '@azure/storage-queue';
import { describe, expect, inject, it } from 'vitest';
import { createLinkKeys } from '../../shared/adapters/link-keys.js';
import { parseSettings } from '../../shared/config.js';
import type { DispatchRequest } from '../../shared/domain/outbox.js';
import { dispatchInvitationEmail } from '../../shared/domain/use-cases/dispatch-invitation-email.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { FakeEmailSender } from '../support/fakes.js';
import {
  call,
  depsAt,
  gfmsProfessional,
  type InvitationJson,
  invitationFor,
  invite,
  keyOf,
  linkIn,
  waitForInvitation,
} from '../support/invitations.js';
import { stackDeps } from '../support/onboarding-store.js';
import { stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const sha256 = (key: string) => createHash('sha256').update(key, 'utf8').digest('base64url');

/** Every spelling of the key's 32 bytes someone reading storage could recognise (and the link's form of it). */
function spellings(key: string): string[] {
  const bytes = Buffer.from(key, 'base64url');
  return [key, bytes.toString('base64'), bytes.toString('hex'), encodeURIComponent(key)];
}

interface RawRow {
  table: string;
  partitionKey: string;
  rowKey: string;
  [column: string]: unknown;
}

const storage = () => ({
  connectionString: stack().storage.connectionString,
  options: { allowInsecureConnection: true },
});

/** Every row of every table, straight from Azurite. */
async function everyRow(): Promise<RawRow[]> {
  const { connectionString, options } = storage();
  const rows: RawRow[] = [];
  for await (const { name } of TableServiceClient.fromConnectionString(connectionString, options).listTables()) {
    const table = TableClient.fromConnectionString(connectionString, name!, options);
    for await (const row of table.listEntities<Record<string, unknown>>()) {
      rows.push({ ...row, table: name!, partitionKey: String(row.partitionKey), rowKey: String(row.rowKey) });
    }
  }
  expect(rows.some((row) => row.table === 'Invitations')).toBe(true);
  return rows;
}

/** The messages waiting in every queue (what a peek shows), as text, base64-decoded too. */
async function everyQueuedMessage(): Promise<string[]> {
  const service = QueueServiceClient.fromConnectionString(stack().storage.connectionString);
  const texts: string[] = [];
  for await (const queue of service.listQueues()) {
    const { peekedMessageItems } = await service.getQueueClient(queue.name).peekMessages({ numberOfMessages: 32 });
    for (const m of peekedMessageItems) texts.push(m.messageText, Buffer.from(m.messageText, 'base64').toString());
  }
  return texts;
}

/** No stored row, and no queued message, holds the key in any spelling. */
async function expectStoredNowhere(key: string): Promise<RawRow[]> {
  const rows = await everyRow();
  const messages = await everyQueuedMessage();
  for (const spelling of spellings(key)) {
    const holders = rows.filter((row) => JSON.stringify(row).includes(spelling));
    expect(
      holders.map((row) => `${row.table} ${row.partitionKey} ${row.rowKey}`),
      `rows holding the key (${spelling})`,
    ).toEqual([]);
    expect(
      messages.filter((text) => text.includes(spelling)),
      `queued messages holding the key (${spelling})`,
    ).toEqual([]);
  }
  return rows;
}

/** The raw rows of one invitation: its partition in `Invitations`, and every other row naming its id. */
const rowsOf = (rows: RawRow[], invitationId: string) =>
  rows.filter((row) => row.partitionKey === invitationId || JSON.stringify(row).includes(invitationId));

/**
 * How many emails of the invitation were delivered (its timeline's `email.delivered`, from the local ACS's report):
 * after that nothing else writes the invitation, so a resend does not race the dispatcher or the report.
 */
const delivered = (invitation: InvitationJson) =>
  invitation.timeline?.filter((e) => e.event === 'email.delivered').length ?? 0;

const dataOf = (row: RawRow | undefined) => JSON.parse(String(row?.Data)) as Record<string, unknown>;

describe('link keys at rest', () => {
  it('when an invitation is created with sendEmail:false, then its key is in no stored row and no queued message; its invitation row holds the SHA-256', async () => {
    const created = await invite(invitationFor(uniqueEmail('stored.nomail'), { sendEmail: false }));
    expect(created.status, created.text).toBe(201);
    const key = keyOf(created.body.acceptUrl!);

    const rows = await expectStoredNowhere(key);
    const mine = rowsOf(rows, created.body.id);
    expect(mine.map((row) => `${row.table} ${row.rowKey.split('|')[0]}`)).toEqual(
      expect.arrayContaining(['Invitations invitation', 'ProviderIndex email', 'ProviderIndex invitation']),
    );
    const invitation = mine.find((row) => row.table === 'Invitations' && row.rowKey === 'invitation');
    expect(dataOf(invitation).keyHash).toBe(sha256(key));
    // No email: no outbox row, so no sealed copy either.
    expect(mine.filter((row) => row.rowKey.startsWith('outbox|'))).toEqual([]);
  });

  it('when the keys of an invitation go out by email (its first and a resend’s), then neither is in any stored row or queued message; only their SHA-256 are kept', async () => {
    const email = uniqueEmail('stored.mailed');
    const created = await invite(invitationFor(email));
    expect(created.status, created.text).toBe(201);
    expect(created.body.acceptUrl).toBeUndefined();
    const first = keyOf(linkIn(await waitForMessage(email)));
    await waitForInvitation(created.body.id, (i) => delivered(i) === 1, 20_000);

    const resent = await call('POST', `/invitations/${created.body.id}/resend`, { body: {} });
    expect(resent.status, resent.text).toBeLessThan(300);
    const second = keyOf(linkIn(await waitForMessage(email, (m) => !m.text.includes(first))));
    expect(second).not.toBe(first);
    await waitForInvitation(created.body.id, (i) => delivered(i) === 2, 20_000);

    await expectStoredNowhere(first);
    const rows = await expectStoredNowhere(second);
    const mine = rowsOf(rows, created.body.id);
    const invitation = dataOf(mine.find((row) => row.table === 'Invitations' && row.rowKey === 'invitation'));
    expect(invitation.keyHash).toBe(sha256(second));
    expect(invitation.supersededKeyHashes).toEqual([sha256(first)]);
    // Once sent, the outbox rows keep no sealed copy.
    const outbox = mine.filter((row) => row.table === 'Invitations' && row.rowKey.startsWith('outbox|'));
    expect(outbox).toHaveLength(2);
    for (const row of outbox) expect(dataOf(row), row.rowKey).not.toHaveProperty('sealedKey');
  }, 60_000);

  it('when an outbox row is caught before its email is sent, then it holds the key sealed (not the key, no spelling of it, opening back to it), and once sent, not even that', async () => {
    // The production use case and stores, with the dispatch pointer kept here: the row stays as written.
    const scheduled: DispatchRequest[] = [];
    const deps = {
      ...depsAt(0),
      dispatch: { schedule: async (p: DispatchRequest) => void scheduled.push(p), park: async () => {} },
    };
    const { invitation, key } = await inviteUser(deps, gfmsProfessional, {
      email: uniqueEmail('stored.sealed'),
      firstName: 'Willy',
      lastName: 'Urs',
      locale: 'fr',
      expiresInDays: 7,
      sendEmail: true,
    });
    expect(scheduled).toHaveLength(1);

    const rows = await expectStoredNowhere(key);
    const outbox = rowsOf(rows, invitation.id).filter((row) => row.rowKey.startsWith('outbox|'));
    expect(outbox).toHaveLength(1);
    const sealed = dataOf(outbox[0]).sealedKey;
    expect(typeof sealed).toBe('string');
    expect(sealed).not.toBe(key);
    expect(createLinkKeys(parseSettings(inject('stackSettings')).SESSION_KEYS).open(String(sealed))).toBe(key);
    expect(dataOf(rowsOf(rows, invitation.id).find((row) => row.rowKey === 'invitation')).keyHash).toBe(sha256(key));

    // The production dispatcher sends it (to a sender kept here: no delivery report comes to erase the key
    // instead): the email carries the key, and the settled row no longer holds the sealed copy.
    const email = new FakeEmailSender();
    const dispatchDeps = { ...stackDeps().dispatch, ...deps, email };
    expect(await dispatchInvitationEmail(dispatchDeps, scheduled[0]!, 0)).toEqual({ kind: 'sent' });
    expect(email.calls).toHaveLength(1);
    expect(email.calls[0]!.text).toContain(`key=${key}`);
    const settled = rowsOf(await expectStoredNowhere(key), invitation.id).filter((row) =>
      row.rowKey.startsWith('outbox|'),
    );
    expect(dataOf(settled[0])).toMatchObject({ status: 'sent' });
    expect(dataOf(settled[0])).not.toHaveProperty('sealedKey');
  });
});
