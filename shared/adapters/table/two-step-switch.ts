/**
 * Two-step verification's switch in `ClientAccounts` (the contract shared with enrollment, docs/two-step-help.md):
 * in the account's partition (`tid|oid`), the row `two-step` (`Status` 'pending' | 'on', `Secret`, `Data`, written by
 * enrollment) and the row `two-step-changed` (`At`: when it was last turned on or off). Turning off deletes the
 * `two-step` row If-Match the version read as 'on' (a concurrent change wins: read again), then keeps the latest
 * `At` in `two-step-changed` — the same keep-latest write as `password-changed` (client-store.ts).
 */

import type { TwoStepSwitch } from '../../domain/ports.js';
import { isConflict, isNotFound, isPreconditionFailed, storage, type TableFactory } from './tables.js';

export const TWO_STEP_ROW = 'two-step';
export const TWO_STEP_CHANGED_ROW = 'two-step-changed';
const TRIES = 5;

export function tableTwoStepSwitch(tables: TableFactory): TwoStepSwitch {
  const table = () => tables('ClientAccounts');
  const read = async (key: string) => {
    try {
      return await (await table()).getEntity<{ Status?: string }>(key, TWO_STEP_ROW, {
        queryOptions: { select: ['Status'] },
      });
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const keepLatest = async (key: string, at: Date) => {
    const t = await table();
    for (let attempt = 0; attempt < TRIES; attempt++) {
      let current: { At?: Date; etag: string } | undefined;
      try {
        current = await t.getEntity<{ At?: Date }>(key, TWO_STEP_CHANGED_ROW);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      if (current?.At && new Date(current.At).getTime() >= at.getTime()) return;
      try {
        if (current) {
          await t.updateEntity({ partitionKey: key, rowKey: TWO_STEP_CHANGED_ROW, At: at }, 'Replace', {
            etag: current.etag,
          });
        } else {
          await t.createEntity({ partitionKey: key, rowKey: TWO_STEP_CHANGED_ROW, At: at });
        }
        return;
      } catch (error) {
        if (!isConflict(error) && !isPreconditionFailed(error)) throw error;
      }
    }
    throw new Error(`the ${TWO_STEP_CHANGED_ROW} row kept moving`);
  };
  return {
    isOn: (key) => storage(async () => (await read(key))?.Status === 'on'),
    turnOff: (key, at) =>
      storage(async () => {
        for (let attempt = 0; attempt < TRIES; attempt++) {
          const row = await read(key);
          if (row?.Status !== 'on') return false;
          try {
            await (await table()).deleteEntity(key, TWO_STEP_ROW, { etag: row.etag });
          } catch (error) {
            // Gone meanwhile (someone else turned it off) or changed (re-enrolled): read it again.
            if (isNotFound(error) || isPreconditionFailed(error)) continue;
            throw error;
          }
          await keepLatest(key, at);
          return true;
        }
        throw new Error(`the ${TWO_STEP_ROW} row kept moving`);
      }),
  };
}
