/**
 * An in-memory `TwoStepStore` (the Table adapter's semantics: If-Match writes, a stale ETag or a missing row is
 * DomainError `concurrent-update`, `recordChange` keeps the latest instant) and a world to drive the two-step use
 * cases with a clock the test moves.
 */
import { nodeTwoStepCrypto } from '../../shared/adapters/totp.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { TwoStepRecord, TwoStepStore, Versioned } from '../../shared/domain/ports.js';
import { base32Decode, totp } from '../../shared/domain/two-step.js';
import type { TwoStepDeps } from '../../shared/domain/use-cases/two-step.js';

const moved = () => new DomainError('concurrent-update', 'The two-step record changed meanwhile; read it again.');

export function memoryTwoStepStore(): TwoStepStore & {
  rows: Map<string, Versioned<TwoStepRecord>>;
  changes: Map<string, Date>;
} {
  const rows = new Map<string, Versioned<TwoStepRecord>>();
  const changes = new Map<string, Date>();
  let version = 0;
  const put = (key: string, record: TwoStepRecord) => {
    const stored = { value: structuredClone(record), etag: `W/"${++version}"` };
    rows.set(key, stored);
    return structuredClone(stored);
  };
  return {
    rows,
    changes,
    read: async (key) => {
      const row = rows.get(key);
      return row && structuredClone(row);
    },
    create: async (key, record) => {
      if (rows.has(key)) throw moved();
      return put(key, record);
    },
    replace: async (key, record, etag) => {
      if (rows.get(key)?.etag !== etag) throw moved();
      return put(key, record);
    },
    remove: async (key, etag) => {
      if (rows.get(key)?.etag !== etag) throw moved();
      rows.delete(key);
    },
    recordChange: async (key, at) => {
      const current = changes.get(key);
      if (!current || current.getTime() < at.getTime()) changes.set(key, at);
    },
    changedAt: async (key) => changes.get(key),
  };
}

export function twoStepWorld(start = new Date('2026-11-30T10:00:05Z')) {
  let now = start;
  const store = memoryTwoStepStore();
  const deps: TwoStepDeps = { clock: { now: () => now }, store, crypto: nodeTwoStepCrypto };
  return {
    deps,
    store,
    now: () => now,
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
    /** The app's code at an instant (now by default), for a secret in base32. */
    code: (secret: string, at: Date = now) => totp(nodeTwoStepCrypto, base32Decode(secret)!, at),
  };
}
