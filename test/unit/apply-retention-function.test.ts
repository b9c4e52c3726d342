/**
 * The ApplyRetention timer's edge (functions/handlers/apply-retention.ts): it runs the job in the mode the setting
 * says and logs one line `retention.applied` with the counts per kind; in a dry run the store is left as it was.
 */
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { applyRetentionHandler } from '../../functions/handlers/apply-retention.js';
import { InMemoryClientFileStore } from '../support/client-file-fakes.js';
import { FakeClock, FakeInvitationStore, FakeRetentionStore } from '../support/fakes.js';

const NOW = new Date('2026-06-01T03:40:00.000Z');

function run(dryRun: boolean) {
  const lines: string[] = [];
  const context = new azf.InvocationContext({
    invocationId: 'retention-test',
    functionName: 'ApplyRetention',
    logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')),
  });
  const store = new FakeRetentionStore();
  store.add('old', { kind: 'limit-counters', lastUsedAt: new Date(NOW.getTime() - 49 * 3_600_000) });
  store.add('fresh', { kind: 'limit-counters', lastUsedAt: NOW });
  return {
    lines,
    store,
    done: applyRetentionHandler(
      {},
      context,
      {
        clock: new FakeClock(NOW),
        retention: store,
        files: new InMemoryClientFileStore(),
        invitations: new FakeInvitationStore(),
      },
      dryRun,
    ),
  };
}

const logged = (lines: string[]) => {
  const line = lines.find((l) => l.includes('retention.applied'));
  if (!line) throw new Error(`no retention.applied line in ${lines.join('\n')}`);
  return JSON.parse(line.slice(line.indexOf('{'))) as Record<string, unknown>;
};

describe('ApplyRetention', () => {
  it('with RETENTION_DRY_RUN, logs what it would delete and deletes nothing', async () => {
    const { lines, store, done } = run(true);
    await done;
    expect(logged(lines)).toMatchObject({
      dryRun: true,
      kinds: { 'limit-counters': { examined: 2, anonymized: 0, deleted: 1, finished: true } },
    });
    expect([...store.rows.get('limit-counters')!.keys()].sort()).toEqual(['fresh', 'old']);
  });

  it('otherwise deletes and logs the counts per kind', async () => {
    const { lines, store, done } = run(false);
    await done;
    expect(logged(lines)).toMatchObject({
      dryRun: false,
      kinds: {
        invitations: { examined: 0, anonymized: 0, deleted: 0 },
        'limit-counters': { examined: 2, anonymized: 0, deleted: 1, finished: true },
      },
    });
    expect([...store.rows.get('limit-counters')!.keys()]).toEqual(['fresh']);
  });
});
