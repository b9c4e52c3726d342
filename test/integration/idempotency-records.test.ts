/**
 * What an `Idempotency-Key` leaves in storage: the remembered answer is sealed (a `sendEmail:false` answer holds the
 * link's key), its replay is still the first answer, and records past their 24 h window are deleted.
 */
import { TableClient } from '@azure/data-tables';
import { describe, expect, inject, it } from 'vitest';
import { textSealer } from '../../shared/adapters/sealed-text.js';
import { tableIdempotencyStore } from '../../shared/adapters/table/idempotency-store.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import { forgetExpiredAnswers } from '../../shared/domain/use-cases/forget-remembered-answers.js';
import { invitationFor, invite } from '../support/invitations.js';
import { stack, uniqueEmail } from '../support/stack.js';

const HOUR_MS = 60 * 60 * 1000;

/** The Idempotency table straight at Azurite, as someone with read access to storage would see it. */
const rawRows = async () => {
  const table = TableClient.fromConnectionString(stack().storage.connectionString, 'Idempotency', {
    allowInsecureConnection: true,
  });
  const rows: Record<string, unknown>[] = [];
  for await (const row of table.listEntities()) rows.push(row);
  return rows;
};

describe('remembered answers of Idempotency-Key', () => {
  it('when a sendEmail:false invitation is created with a key, then no stored row holds its link key, and the replay is the first answer', async () => {
    const idempotencyKey = crypto.randomUUID();
    const body = invitationFor(uniqueEmail('idem.sealed'), { sendEmail: false });
    const first = await invite(body, { idempotencyKey });
    expect(first.status, first.text).toBe(201);
    const linkKey = new URL(first.body.acceptUrl!).searchParams.get('key')!;
    expect(linkKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const stored = JSON.stringify(await rawRows());
    expect(stored).not.toContain(linkKey);
    expect(stored).not.toContain('acceptUrl');

    const replay = await invite(body, { idempotencyKey });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.text).toBe(first.text);
  });

  it('when records are older than 24 h, then the hourly clean-up deletes them with their pages and keeps the recent ones', async () => {
    const settings = parseSettings(inject('stackSettings'));
    const deps = buildDeps(settings);
    const store = tableIdempotencyStore(deps.tableFor, textSealer(settings.SESSION_KEYS, 'idempotency-answer'));
    const scope = `purge-${crypto.randomUUID()}`;
    const now = new Date();
    const old = new Date(now.getTime() - 25 * HOUR_MS);
    const recent = new Date(now.getTime() - 23 * HOUR_MS);
    const big = 'x'.repeat(70_000); // several pages once sealed
    const inScope = async () => (await rawRows()).filter((row) => row.partitionKey === scope).length;
    await store.begin(scope, 'recent-done', 'fp', recent);
    await store.finish(scope, 'recent-done', 'fp', recent, { status: 201, headers: {}, body: big });
    const recentRows = await inScope();
    expect(recentRows).toBeGreaterThan(2);
    await store.begin(scope, 'old-done', 'fp', old);
    await store.finish(scope, 'old-done', 'fp', old, { status: 201, headers: {}, body: big });
    await store.begin(scope, 'old-claim', 'fp', old);
    expect(await inScope()).toBe(2 * recentRows + 1);

    const { deleted } = await forgetExpiredAnswers({ clock: { now: () => now }, idempotency: store });
    expect(deleted).toBeGreaterThanOrEqual(recentRows + 1);
    expect(await inScope()).toBe(recentRows);
    const recentRecord = await store.begin(scope, 'recent-done', 'fp', now);
    expect(recentRecord).toMatchObject({ claimed: false, record: { state: 'done', response: { body: big } } });
    expect(await store.begin(scope, 'old-done', 'fp', now)).toMatchObject({ claimed: true });
    expect(await store.begin(scope, 'old-claim', 'fp', now)).toMatchObject({ claimed: true });
  });
});
