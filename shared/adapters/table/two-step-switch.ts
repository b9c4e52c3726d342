/**
 * Two-step verification's switch in `ClientAccounts` (the contract shared with enrollment, docs/two-step-help.md):
 * in the account's partition (`tid|oid`), the row `two-step` (`Status` 'pending' | 'on', `Secret`, `Data`, written by
 * enrollment) and the row `two-step-changed` (`At`: when it was last turned on or off). Turning off deletes the
 * `two-step` row If-Match the version read as 'on' (a concurrent change wins: read again), then keeps the latest
 * `At` in `two-step-changed` — the same keep-latest write as `password-changed` (client-store.ts).
 */

import type { TwoStepSwitch } from '../../domain/ports.js';
import { isNotFound, isPreconditionFailed, keepLatestInstant, storage, type TableFactory } from './tables.js';

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
          await keepLatestInstant(await table(), key, TWO_STEP_CHANGED_ROW, at);
          return true;
        }
        throw new Error(`the ${TWO_STEP_ROW} row kept moving`);
      }),
  };
}
