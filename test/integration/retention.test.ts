/**
 * The retention job (docs/privacy.md) against the integration stack's Azurite, through the Table adapter: old rows
 * seeded with the Table SDK (dates in the past) next to fresh ones, then a dry run (counts, nothing changes), a real
 * run (old rows anonymized or deleted, fresh ones untouched), a second real run (counts 0, the same state), and a run
 * stopped after one page going on from its checkpoint. Batches and client files are written by their own Table
 * adapters: an old bulk batch goes whole (its rows and listing row), an old prospect is erased with its index rows,
 * device, identification code and invitation, while a recent batch, a recent prospect, an old prospect invited again
 * (its invitation live) and an old client's file stay as they were. The tables are this file's own (a prefix per run), so the
 * counts are exact whatever other tests write meanwhile.
 */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { tableAccountEmailStore } from '../../shared/adapters/table/account-email-store.js';
import { tableBatchStore } from '../../shared/adapters/table/batch-store.js';
import { tableClientFileStore } from '../../shared/adapters/table/client-file-store.js';
import { tableClientStore } from '../../shared/adapters/table/client-store.js';
import { listingKey, tableInvitationStore } from '../../shared/adapters/table/invitation-store.js';
import { hashedKey } from '../../shared/adapters/table/keys.js';
import { tableResetTokenStore } from '../../shared/adapters/table/reset-token-store.js';
import { tableRetentionStore } from '../../shared/adapters/table/retention-store.js';
import { type TableName, tableFactory } from '../../shared/adapters/table/tables.js';
import type { BatchHeader, BatchRow } from '../../shared/domain/bulk.js';
import type { ClientFile } from '../../shared/domain/client-file.js';
import { RETENTION_KINDS } from '../../shared/domain/retention.js';
import { applyRetention } from '../../shared/domain/use-cases/apply-retention.js';
import { runScript, stackFileCopy } from '../support/commands.js';
import { FakeClock, professionalUser } from '../support/fakes.js';
import { stackDeps } from '../support/onboarding-store.js';

const prefix = `Ret${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const conn = () => inject('stackSettings').AzureWebJobsStorage!;
const client = (name: TableName) =>
  TableClient.fromConnectionString(conn(), `${prefix}${name}`, { allowInsecureConnection: true });
const tables = tableFactory(client);
const used = new Set<TableName>();
const raw = async (name: TableName) => {
  used.add(name);
  return tables(name);
};

const NOW = new Date('2030-06-01T03:40:00.000Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const clock = new FakeClock(NOW);
const PROVIDER = 'provider-ret';

/** Whose invitation, to which address (default: the provider's, a Claire of its own). */
interface Invitee {
  providerId: string;
  email: string;
}

function invitationData(id: string, status: string, expiresAt: Date, revokedAt?: Date, invitee?: Invitee) {
  return {
    id,
    providerId: invitee?.providerId ?? PROVIDER,
    email: invitee?.email ?? `claire.${id.slice(0, 6)}@example.com`,
    firstName: 'Claire',
    lastName: 'Dupont',
    locale: 'fr',
    phone: '+33612345678',
    company: { name: 'Dupont SARL', vatNumber: 'FR00123456789' },
    message: 'Bonjour Claire',
    invitedBy: { oid: 'oid-1', name: 'Paul Pro' },
    createdAt: new Date(expiresAt.getTime() - 14 * DAY).toISOString(),
    expiresAt: expiresAt.toISOString(),
    status,
    keyHash: 'hash',
    keyVersion: 1,
    supersededKeyHashes: [],
    delivery: { status: 'failed', attempts: 1, lastError: 'mailbox claire@example.com is full' },
    ...(revokedAt ? { revokedAt: revokedAt.toISOString() } : {}),
    batchId: 'batch-1',
    batchIndex: 3,
  };
}

async function seedInvitation(id: string, status: string, expiresAt: Date, revokedAt?: Date, invitee?: Invitee) {
  const data = invitationData(id, status, expiresAt, revokedAt, invitee);
  const invitations = await raw('Invitations');
  await invitations.createEntity({
    partitionKey: id,
    rowKey: 'invitation',
    Data: JSON.stringify(data),
    ProviderId: data.providerId,
    Email: data.email,
    Status: status,
    CompletedAt: '',
    KeyVersion: 1,
  });
  await invitations.createEntity({
    partitionKey: id,
    rowKey: `event|${data.createdAt}|00|abcdef`,
    At: new Date(data.createdAt),
    Event: 'delivery-failed',
    Detail: 'mailbox claire@example.com is full',
  });
  await invitations.createEntity({
    partitionKey: id,
    rowKey: `outbox|${id}`,
    Data: JSON.stringify({ id, invitationId: id, status: 'failed', attempts: 1, lastError: 'claire@example.com' }),
    Status: 'failed',
  });
  await (await raw('ProviderIndex')).createEntity({
    partitionKey: data.providerId,
    rowKey: listingKey(new Date(data.createdAt), id),
    InvitationId: id,
    Email: data.email,
    Pending: status === 'pending',
  });
}

async function seed() {
  await seedInvitation('inv-old-revoked', 'revoked', ago(100 * DAY), ago(91 * DAY));
  await seedInvitation('inv-old-expired', 'pending', ago(90 * DAY));
  await seedInvitation('inv-recent-expired', 'pending', ago(89 * DAY));
  await seedInvitation('inv-completed', 'completed', ago(400 * DAY));
  const limits = await raw('Limits');
  for (let i = 0; i < 3; i++) {
    await limits.createEntity({ partitionKey: `v1:old${i}`, rowKey: ago(49 * 3_600_000).toISOString(), Count: 2 });
  }
  await limits.createEntity({ partitionKey: 'v1:fresh', rowKey: ago(3_600_000).toISOString(), Count: 1 });
  await limits.createEntity({
    partitionKey: 'v1:sliding-old',
    rowKey: 'sliding',
    Times: [ago(60 * 3_600_000), ago(50 * 3_600_000)].map((t) => t.getTime().toString(36)).join(','),
  });
  const reset = await raw('ResetTokens');
  for (const [name, expiresAt] of [
    ['old', ago(7 * DAY)],
    ['fresh', ago(DAY)],
  ] as const) {
    await reset.createEntity({
      partitionKey: `token|${name}`,
      rowKey: 'link',
      ClientKey: 'tid|oid',
      ObjectId: 'oid',
      Email: 'claire@example.com',
      Locale: 'fr',
      IssuedAt: new Date(expiresAt.getTime() - 3_600_000),
      ExpiresAt: expiresAt,
    });
  }
  // Two accounts' pointers to their latest link: one whose link expired 7 days ago (due), one a day ago.
  await reset.createEntity({ partitionKey: 'account|v1:x', rowKey: 'latest', Hash: 'fresh', ExpiresAt: ago(DAY) });
  await reset.createEntity({ partitionKey: 'account|v1:y', rowKey: 'latest', Hash: 'old', ExpiresAt: ago(7 * DAY) });
  const emails = await raw('AccountEmails');
  const email = (id: string, status: string, createdAt: Date, sentAt?: Date) =>
    emails.createEntity({
      partitionKey: id,
      rowKey: 'email',
      Kind: 'password-changed',
      Status: status,
      Data: JSON.stringify({
        id,
        status,
        createdAt: createdAt.toISOString(),
        ...(sentAt ? { sentAt: sentAt.toISOString() } : {}),
        content: { to: 'claire@example.com' },
      }),
    });
  await email('email-old', 'delivered', ago(31 * DAY), ago(30 * DAY));
  await email('email-fresh', 'sent', ago(2 * DAY), ago(2 * DAY));
  await email('email-pending', 'pending', ago(60 * DAY));
  await seedBatch('batch-old', ago(90 * DAY));
  await seedBatch('batch-recent', ago(89 * DAY));
  await seedProspects();
}

const BATCH_PROVIDER = 'provider-bulk';

/** A bulk batch as its store writes it: header, a refused row naming the person, a chunk, its delivery count, its listing row. */
async function seedBatch(id: string, createdAt: Date) {
  used.add('Batches');
  const header: BatchHeader = {
    id,
    providerId: BATCH_PROVIDER,
    professional: { ...professionalUser, providerId: BATCH_PROVIDER },
    createdAt,
    total: 2,
    accepted: 1,
    rejected: [
      { index: 2, email: `gaspard.${id}@example.com`, errors: [{ pointer: '/lastName', detail: 'Required' }] },
    ],
    chunks: 1,
  };
  const row: BatchRow = {
    index: 1,
    details: {
      email: `helene.${id}@example.com`,
      firstName: 'Hélène',
      lastName: 'Garnier',
      locale: 'fr',
      expiresInDays: 14,
      sendEmail: true,
    },
  };
  const batches = tableBatchStore(tables);
  await batches.create(header, new Map([[0, [row]]]));
  await batches.countDelivery(id, 0, 'sent');
}

const FILES_PROVIDER = 'provider-files';

function clientFile(id: string, name: string, updatedAt: Date, extra: Partial<ClientFile> = {}): ClientFile {
  return {
    id,
    providerId: FILES_PROVIDER,
    status: 'prospect',
    firstName: name,
    lastName: 'Martin',
    emails: { primary: `${name.toLowerCase()}.martin@example.com`, secondary: [] },
    phone: '+33698765432',
    locale: 'fr',
    mobileApp: { offered: true },
    activationFailures: { recent: [] },
    createdAt: new Date(updatedAt.getTime() - DAY),
    createdBy: 'oid-1',
    updatedAt,
    ...extra,
  };
}

/**
 * Four files: a prospect unchanged for exactly 12 months whose invitation was revoked before (due), with a device and
 * an identification code; a prospect unchanged for 500 days invited again (its invitation live: kept); a prospect
 * changed 364 days ago (kept); a client's file unchanged for 500 days (never due).
 */
async function seedProspects() {
  used.add('ProviderIndex');
  used.add('IdentificationCodes');
  const files = tableClientFileStore(tables);
  const write = async (file: ClientFile) => {
    if (file.identificationCode) await files.claimIdentificationCode(file.identificationCode, file.providerId, file.id);
    await files.create(file);
  };
  await write(clientFile('prospect-old', 'Alice', ago(365 * DAY), { identificationCode: 'OLDC0DE2' }));
  await files.putDevice(FILES_PROVIDER, 'prospect-old', {
    id: 'device-alice',
    activatedAt: ago(380 * DAY),
    lastSeenAt: ago(370 * DAY),
    label: 'iPhone d’Alice',
  });
  await seedInvitation('inv-prospect-old', 'revoked', ago(390 * DAY), ago(400 * DAY), {
    providerId: FILES_PROVIDER,
    email: 'alice.martin@example.com',
  });
  await write(clientFile('prospect-live', 'Bruno', ago(500 * DAY), { identificationCode: 'LIVEC0D3' }));
  await seedInvitation('inv-prospect-live', 'pending', new Date(NOW.getTime() + 5 * DAY), undefined, {
    providerId: FILES_PROVIDER,
    email: 'bruno.martin@example.com',
  });
  await write(clientFile('prospect-recent', 'Chloe', ago(364 * DAY), { identificationCode: 'REC3NTC0' }));
  await write(
    clientFile('client-old', 'Denis', ago(500 * DAY), {
      status: 'client',
      accountKey: 'tid|oid-denis',
      identificationCode: 'CL13NTC0',
    }),
  );
  // A client who asked for erasure 30 days ago; nobody at the provider erased the file. (Their account's table is
  // this file's too, created here so that the snapshots read it.)
  const accounts = await raw('ClientAccounts');
  // Two pending changes of sign-in address: one whose code stopped working a day ago (due), one a little later.
  for (const [key, expiresAt] of [
    ['tid|oid-change-old', ago(DAY)],
    ['tid|oid-change-fresh', ago(DAY - 60_000)],
  ] as const) {
    await accounts.createEntity({
      partitionKey: key,
      rowKey: 'email-change',
      Data: JSON.stringify({
        email: 'new@example.com',
        codeHash: 'h',
        requestedAt: expiresAt,
        expiresAt,
        wrongTries: 0,
      }),
    });
  }
  await write(
    clientFile('client-asked', 'Eve', ago(40 * DAY), {
      status: 'client',
      accountKey: `tid|oid-asked-${prefix}`,
      erasureRequestedAt: ago(30 * DAY),
    }),
  );
}

/** Every row of every table used, keys and properties (not the timestamps or ETags). */
async function snapshot() {
  const state: Record<string, unknown[]> = {};
  for (const name of [...used].sort()) {
    const rows: unknown[] = [];
    for await (const row of client(name).listEntities()) {
      const { etag: _etag, timestamp: _timestamp, ...rest } = row;
      rows.push(rest);
    }
    state[name] = rows;
  }
  return state;
}

afterAll(async () => {
  for (const name of [...used, 'Retention' as const]) await client(name).deleteTable();
});

describe('ApplyRetention against Table Storage', () => {
  const store = tableRetentionStore(tables);
  const files = tableClientFileStore(tables);
  const invitations = tableInvitationStore(tables);
  const deps = {
    clock,
    retention: store,
    files,
    invitations,
    // The erasure of a requested file: this file's tables, and the local Graph (the account is gone already there).
    erasure: {
      clock,
      files,
      invitations,
      clients: tableClientStore(tables),
      directory: stackDeps().onboarding.directory,
      resetTokens: tableResetTokenStore(tables),
      accountEmails: tableAccountEmailStore(tables),
    },
  };
  const expected = {
    // Erasure requests: the one file that carries one, asked 30 days ago.
    'erasure-requests': { examined: 1, anonymized: 0, deleted: 1, finished: true },
    // Prospects: the three files `prospect`; the old one due (the client's file is not read).
    prospects: { examined: 3, anonymized: 0, deleted: 1, finished: true },
    // Invitations: the old prospect's, revoked 400 days ago, is anonymized too (after its erasure, in a real run).
    invitations: { examined: 6, anonymized: 3, deleted: 0, finished: true },
    'limit-counters': { examined: 5, anonymized: 0, deleted: 4, finished: true },
    'reset-tokens': { examined: 4, anonymized: 0, deleted: 2, finished: true },
    'account-emails': { examined: 3, anonymized: 0, deleted: 1, finished: true },
    batches: { examined: 2, anonymized: 0, deleted: 1, finished: true },
    'email-changes': { examined: 2, anonymized: 0, deleted: 1, finished: true },
  };

  it('dry run, real run, real run again: counts, then the changes, then nothing more', async () => {
    await seed();
    const seeded = await snapshot();

    const dry = await applyRetention(deps, { dryRun: true, pageSize: 2 });
    expect(dry).toEqual({ dryRun: true, kinds: expected });
    expect(await snapshot()).toEqual(seeded);

    const real = await applyRetention(deps, { dryRun: false, pageSize: 2 });
    expect(real).toEqual({ dryRun: false, kinds: expected });
    const after = await snapshot();

    // Deleted: the old counters (window and sliding), the old reset link, the old account email.
    const keys = (name: string) => (after[name] as Array<{ partitionKey: string }>).map((r) => r.partitionKey);
    expect(keys('Limits')).toEqual(['v1:fresh']);
    expect(keys('ResetTokens').sort()).toEqual(['account|v1:x', 'token|fresh']);
    expect(keys('AccountEmails').sort()).toEqual(['email-fresh', 'email-pending']);
    // The pending change of sign-in address whose code stopped working a day ago; the later one stays.
    expect(keys('ClientAccounts').filter((k) => k.startsWith('tid|oid-change'))).toEqual(['tid|oid-change-fresh']);

    // Anonymized: the old invitations, their timeline details, their emails' errors, their listing rows.
    const text = (id: string) =>
      JSON.stringify([
        (after.Invitations as Array<{ partitionKey: string }>).filter((r) => r.partitionKey === id),
        (after.ProviderIndex as Array<{ InvitationId: string }>).filter((r) => r.InvitationId === id),
      ]);
    for (const id of ['inv-old-revoked', 'inv-old-expired']) {
      const rows = text(id);
      for (const personal of ['claire', 'Claire', 'Dupont', '+33612345678', 'FR00123456789', 'Bonjour']) {
        expect(rows).not.toContain(personal);
      }
      expect(rows).toContain(`anonymized-${id}@anonymized.invalid`);
      const invitation = (after.Invitations as Array<Record<string, unknown>>).find(
        (r) => r.partitionKey === id && r.rowKey === 'invitation',
      )!;
      // What the counts need stays: status, dates, batch and place in it, delivery status.
      expect(JSON.parse(String(invitation.Data))).toMatchObject({
        status: id === 'inv-old-revoked' ? 'revoked' : 'pending',
        batchId: 'batch-1',
        batchIndex: 3,
        delivery: { status: 'failed', attempts: 1 },
      });
      expect(invitation.AnonymizedAt).toEqual(NOW);
    }
    // Untouched: the invitation expired 89 days ago, the completed one.
    const before = (id: string) =>
      JSON.stringify([
        (seeded.Invitations as Array<{ partitionKey: string }>).filter((r) => r.partitionKey === id),
        (seeded.ProviderIndex as Array<{ InvitationId: string }>).filter((r) => r.InvitationId === id),
      ]);
    for (const id of ['inv-recent-expired', 'inv-completed', 'inv-prospect-live']) expect(text(id)).toBe(before(id));

    // The old batch whole: header, refused rows, chunk, delivery count, listing row; the recent one as it was.
    const ofBatch = (state: typeof seeded, id: string) =>
      (state.Batches as Array<{ partitionKey: string; rowKey: string }>).filter(
        (r) => r.partitionKey === id || r.rowKey.endsWith(`|${id}`),
      );
    expect(
      ofBatch(seeded, 'batch-old')
        .map((r) => r.rowKey.split('|')[0])
        .sort(),
    ).toEqual(['batch', 'batch', 'chunk', 'delivery', 'rejected']);
    expect(ofBatch(after, 'batch-old')).toEqual([]);
    expect(JSON.stringify(after.Batches)).not.toContain('batch-old');
    expect(ofBatch(after, 'batch-recent')).toEqual(ofBatch(seeded, 'batch-recent'));

    // The old prospect: its file, index rows (name, address, phone), device and code; the others as they were.
    const ofFile = (state: typeof seeded, id: string) =>
      (state.ProviderIndex as Array<{ partitionKey: string; rowKey: string; ClientId?: string }>).filter(
        (r) => r.partitionKey === FILES_PROVIDER && (r.ClientId === id || r.rowKey.includes(`|${id}`)),
      );
    expect(
      ofFile(seeded, 'prospect-old')
        .map((r) => r.rowKey.split('|')[0])
        .sort(),
    ).toEqual(['device', 'e', 'file', 'n', 'n', 'p']);
    expect(ofFile(after, 'prospect-old')).toEqual([]);
    // The client who asked: the file and its index rows went too.
    expect(ofFile(seeded, 'client-asked').length).toBeGreaterThan(0);
    expect(ofFile(after, 'client-asked')).toEqual([]);
    const fileRows = JSON.stringify(
      (after.ProviderIndex as Array<{ partitionKey: string }>).filter((r) => r.partitionKey === FILES_PROVIDER),
    );
    expect(fileRows).not.toContain(`e|${hashedKey('alice.martin@example.com')}`);
    expect(fileRows).not.toMatch(/alice/i);
    const codes = (state: typeof seeded) =>
      (state.IdentificationCodes as Array<{ partitionKey: string }>).map((r) => r.partitionKey).sort();
    expect(codes(seeded)).toEqual(['CL13NTC0', 'LIVEC0D3', 'OLDC0DE2', 'REC3NTC0']);
    expect(codes(after)).toEqual(['CL13NTC0', 'LIVEC0D3', 'REC3NTC0']);
    for (const id of ['prospect-live', 'prospect-recent', 'client-old']) {
      expect(ofFile(after, id).length).toBeGreaterThan(0);
      expect(ofFile(after, id)).toEqual(ofFile(seeded, id));
    }
    // Its invitation erased before it was anonymized: one `erased` event left, no email rows, nobody named.
    const erased = (after.Invitations as Array<{ partitionKey: string; rowKey: string; Event?: string }>).filter(
      (r) => r.partitionKey === 'inv-prospect-old',
    );
    expect(erased.map((r) => (r.rowKey === 'invitation' ? r.rowKey : r.Event))).toEqual(['erased', 'invitation']);
    expect(JSON.stringify(erased)).not.toMatch(/alice|martin/i);

    const again = await applyRetention(deps, { dryRun: false, pageSize: 2 });
    expect(again.kinds).toEqual({
      'erasure-requests': { examined: 0, anonymized: 0, deleted: 0, finished: true },
      prospects: { examined: 2, anonymized: 0, deleted: 0, finished: true },
      invitations: { examined: 6, anonymized: 0, deleted: 0, finished: true },
      'limit-counters': { examined: 1, anonymized: 0, deleted: 0, finished: true },
      'reset-tokens': { examined: 2, anonymized: 0, deleted: 0, finished: true },
      'account-emails': { examined: 2, anonymized: 0, deleted: 0, finished: true },
      batches: { examined: 1, anonymized: 0, deleted: 0, finished: true },
      'email-changes': { examined: 1, anonymized: 0, deleted: 0, finished: true },
    });
    expect(await snapshot()).toEqual(after);
  });

  it('a run stopped after a page goes on from its checkpoint', async () => {
    const limits = await raw('Limits');
    for (let i = 0; i < 5; i++) {
      await limits.createEntity({ partitionKey: `v1:a-resume${i}`, rowKey: ago(3 * DAY).toISOString(), Count: 1 });
    }
    const options = { dryRun: false, pageSize: 2, kinds: ['limit-counters'] as const };
    const first = await applyRetention(deps, { ...options, maxPages: 1 });
    expect(first.kinds['limit-counters']).toMatchObject({ examined: 2, deleted: 2, finished: false });
    const checkpoint = await client('Retention' as TableName).getEntity<{ Cursor: string }>(
      'checkpoint',
      'limit-counters',
    );
    expect(checkpoint.Cursor).not.toBe('');

    const rest = await applyRetention(deps, options);
    // The rows after the checkpoint only: the three resume rows left and the fresh counter.
    expect(rest.kinds['limit-counters']).toEqual({ examined: 4, anonymized: 0, deleted: 3, finished: true });
    const left: string[] = [];
    for await (const row of limits.listEntities()) left.push(String(row.partitionKey));
    expect(left).toEqual(['v1:fresh']);
    const done = await client('Retention' as TableName).getEntity<{ Cursor: string }>('checkpoint', 'limit-counters');
    expect(done.Cursor).toBe('');
  });
});

describe('a row written again between the read and the delete', () => {
  it('when a pending change of sign-in address is asked anew after the job read it, then the new request stays', async () => {
    const store = tableRetentionStore(tables);
    const accounts = await raw('ClientAccounts');
    const key = `tid|oid-asked-again-${randomUUID()}`;
    const request = (expiresAt: Date, email: string) => ({
      partitionKey: key,
      rowKey: 'email-change',
      Data: JSON.stringify({ email, codeHash: 'h', requestedAt: expiresAt, expiresAt, wrongTries: 0 }),
    });
    await accounts.createEntity(request(ago(2 * DAY), 'old@example.com'));
    const read: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.page('email-changes', cursor, 100);
      for (const row of page.rows) if (row.ref.includes(key)) read.push(row.ref);
      cursor = page.next;
    } while (cursor);
    expect(read).toHaveLength(1);

    // The client asks again: the row is replaced before the job deletes what it read.
    await accounts.upsertEntity(request(new Date(NOW.getTime() + 15 * 60_000), 'new@example.com'), 'Replace');
    expect(await store.apply('email-changes', read[0]!, 'delete', NOW)).toBe(false);
    const kept = await accounts.getEntity<{ Data: string }>(key, 'email-change');
    expect(JSON.parse(kept.Data)).toMatchObject({ email: 'new@example.com' });

    // Read again, the due version goes.
    await accounts.upsertEntity(request(ago(2 * DAY), 'old@example.com'), 'Replace');
    const again = (await store.page('email-changes', undefined, 1000)).rows.find((row) => row.ref.includes(key));
    expect(again).toBeDefined();
    expect(await store.apply('email-changes', again!.ref, 'delete', NOW)).toBe(true);
    await expect(accounts.getEntity(key, 'email-change')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('npm run retention', () => {
  const stackFile = stackFileCopy('retention');

  it('in a dry run on the local stack, prints the counts of every kind', async () => {
    const run = await runScript('retention', ['--dry-run', '--stack', stackFile()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Retention dry run \(nothing changed\) on the local stack/);
    for (const kind of RETENTION_KINDS) {
      expect(run.stdout).toMatch(new RegExp(`^  ${kind} +\\d+ +\\d+ +\\d+$`, 'm'));
    }
  });

  it('refuses an argument it does not know (exit 2)', async () => {
    const run = await runScript('retention', ['--dryrun', '--stack', stackFile()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('npm run retention -- --help');
  });
});
