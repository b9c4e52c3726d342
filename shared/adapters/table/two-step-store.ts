/**
 * Two-step verification in the client's partition of `ClientAccounts` (docs/two-step.md): row `two-step` with
 * `Status` (`pending`, `on`), `Secret` (the TOTP secret sealed with AES-256-GCM under TWO_STEP_KEYS: never stored in
 * plaintext) and `Data` (JSON: recovery code hashes, the last accepted step, the failures and the lock); row
 * `two-step-changed` with `At` (keep-latest, as `password-changed`). Writes are If-Match the row as read.
 */
import { DomainError } from '../../domain/errors.js';
import type { TwoStepRecord, TwoStepStore } from '../../domain/ports.js';
import type { TwoStepState } from '../../domain/two-step.js';
import type { TextSealer } from '../sealed-text.js';
import {
  isConflict,
  isNotFound,
  isPreconditionFailed,
  keepLatestInstant,
  storage,
  type TableFactory,
} from './tables.js';

export const TWO_STEP_ROW = 'two-step';
export const TWO_STEP_CHANGED_ROW = 'two-step-changed';

const moved = (cause: unknown) =>
  new DomainError('concurrent-update', 'Two-step verification changed meanwhile; read it again.', {}, { cause });

interface Row {
  Status?: string;
  Secret?: string;
  Data?: string;
}

export function tableTwoStepStore(tables: TableFactory, sealer: TextSealer): TwoStepStore {
  const table = () => tables('ClientAccounts');
  const toRow = (key: string, record: TwoStepRecord) => ({
    partitionKey: key,
    rowKey: TWO_STEP_ROW,
    Status: record.status,
    Secret: sealer.seal(record.secret),
    Data: JSON.stringify(record.state),
  });
  const fromRow = (row: Row): TwoStepRecord => ({
    status: row.Status === 'on' ? 'on' : 'pending',
    secret: sealer.open(String(row.Secret ?? '')),
    state: { recoveryHashes: [], failures: [], ...(JSON.parse(String(row.Data ?? '{}')) as Partial<TwoStepState>) },
  });
  const written = (record: TwoStepRecord, etag: string | undefined) => {
    if (!etag) throw new Error('the two-step row was written without an ETag');
    return { value: record, etag };
  };
  return {
    read: (key) =>
      storage(async () => {
        try {
          const row = await (await table()).getEntity<Row>(key, TWO_STEP_ROW);
          return { value: fromRow(row), etag: row.etag };
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
    create: (key, record) =>
      storage(async () => {
        try {
          return written(record, (await (await table()).createEntity(toRow(key, record))).etag);
        } catch (error) {
          if (isConflict(error)) throw moved(error);
          throw error;
        }
      }),
    replace: (key, record, etag) =>
      storage(async () => {
        try {
          return written(record, (await (await table()).updateEntity(toRow(key, record), 'Replace', { etag })).etag);
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) throw moved(error);
          throw error;
        }
      }),
    remove: (key, etag) =>
      storage(async () => {
        try {
          await (await table()).deleteEntity(key, TWO_STEP_ROW, { etag });
        } catch (error) {
          if (isPreconditionFailed(error) || isNotFound(error)) throw moved(error);
          throw error;
        }
      }),
    recordChange: (key, at) => storage(async () => keepLatestInstant(await table(), key, TWO_STEP_CHANGED_ROW, at)),
    changedAt: (key) =>
      storage(async () => {
        try {
          const row = await (await table()).getEntity<{ At?: Date | string }>(key, TWO_STEP_CHANGED_ROW, {
            queryOptions: { select: ['At'] },
          });
          return row.At ? new Date(row.At) : undefined;
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
      }),
  };
}
