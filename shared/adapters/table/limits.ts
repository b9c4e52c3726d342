/**
 * Counters in Table Storage (`Limits`, partition = the limiter key's SHA-256 (key scheme v1, `keys.ts`:
 * a key may name an email or an IP, never written as it is), row = window start), changed only by ETag
 * compare-and-swap: a limit holds across every instance of the app, never in process memory. A window's first hit
 * is one insert; later ones read the count and write it back If-Match (an insert that finds the row costs one more).
 * Sliding keys (`takeSliding`) keep one row of the times allowed in their longest window, changed the same way.
 */
import { type Clock, type Limits, slidingDecision } from '../../domain/ports.js';
import { hashedKey } from './keys.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

const MAX_TRIES = 8;
/** A sliding key's one row in its partition (window rows are ISO instants, so they never meet it). */
const SLIDING_ROW = 'sliding';

export function tableLimits(tables: TableFactory, clock: Clock): Limits {
  return {
    take: (limiterKey, rule) =>
      storage(async () => {
        const table = await tables('Limits');
        const key = hashedKey(limiterKey);
        const windowMs = rule.windowSeconds * 1000;
        for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
          const now = clock.now().getTime();
          const windowStart = Math.floor(now / windowMs) * windowMs;
          const rowKey = new Date(windowStart).toISOString();
          const retryAfterSeconds = Math.ceil((windowStart + windowMs - now) / 1000);
          if (rule.limit < 1) return { allowed: false, retryAfterSeconds };
          // A window's first hit is the usual case (a person clicks once): one insert, and no read, counts it.
          if (attempt === 0) {
            try {
              await table.createEntity({ partitionKey: key, rowKey, Count: 1 });
              return { allowed: true, retryAfterSeconds: 0, used: 1 };
            } catch (error) {
              if (!isConflict(error)) throw error;
            }
          }
          let row: { Count?: number; etag: string } | undefined;
          try {
            row = await table.getEntity<{ Count?: number }>(key, rowKey);
          } catch (error) {
            if (!isNotFound(error)) throw error;
          }
          try {
            if (!row) {
              await table.createEntity({ partitionKey: key, rowKey, Count: 1 });
              return { allowed: true, retryAfterSeconds: 0, used: 1 };
            }
            const count = Number(row.Count ?? 0);
            if (count >= rule.limit) return { allowed: false, retryAfterSeconds };
            await table.updateEntity({ partitionKey: key, rowKey, Count: count + 1 }, 'Merge', { etag: row.etag });
            return { allowed: true, retryAfterSeconds: 0, used: count + 1 };
          } catch (error) {
            // Someone else counted at the same time: read again and retry.
            if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
          }
        }
        // Heavy contention on one key is itself a sign of abuse: refuse rather than count loosely.
        return { allowed: false, retryAfterSeconds: 1 };
      }),
    takeSliding: (limiterKey, rules) =>
      storage(async () => {
        const table = await tables('Limits');
        const key = hashedKey(limiterKey);
        for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
          const now = clock.now().getTime();
          // The key's one row holds the times allowed (base 36 ms): its first use is one insert, and no read.
          let row: { Times?: string; etag: string } | undefined;
          if (attempt > 0) {
            try {
              row = await table.getEntity<{ Times?: string }>(key, SLIDING_ROW);
            } catch (error) {
              if (!isNotFound(error)) throw error;
            }
          }
          const times = (row?.Times ?? '')
            .split(',')
            .filter(Boolean)
            .map((t) => Number.parseInt(t, 36));
          const decision = slidingDecision(times, rules, now);
          if (!decision.allowed) return { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
          const entity = {
            partitionKey: key,
            rowKey: SLIDING_ROW,
            Times: decision.kept.map((t) => t.toString(36)).join(','),
          };
          try {
            if (!row) await table.createEntity(entity);
            else await table.updateEntity(entity, 'Replace', { etag: row.etag });
            return { allowed: true, retryAfterSeconds: 0 };
          } catch (error) {
            // The row exists (first try), or someone else counted meanwhile: read it (again) and decide.
            if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
          }
        }
        return { allowed: false, retryAfterSeconds: 1 };
      }),
  };
}
