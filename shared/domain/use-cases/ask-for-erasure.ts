/**
 * The right to erasure asked by the person (issue 15 item 3, docs/privacy.md "Erasure asked by the client"): from the
 * profile, a signed-in client asks every provider whose client they are to erase their data. The request is written on
 * each provider's file (`erasureRequestedAt`), which the sheet shows its professionals with "Erase"; a provider that
 * has not erased the file `ERASURE_REQUEST_DAYS` later has it erased by the retention job — and once no provider
 * keeps the person, their account goes too (erase-client.ts). Asking again changes nothing: the first date stands.
 */
import type { ClientProfile } from '../client.js';
import type { ClientFileStore } from '../client-file.js';
import { DomainError } from '../errors.js';
import type { Clock } from '../ports.js';
import { linkedFile } from './client-export.js';

/** A provider has this long to act on a request (the RGPD's one month) before the retention job erases the file. */
export const ERASURE_REQUEST_DAYS = 30;

/** A file written concurrently is read again up to this many times. */
const WRITE_TRIES = 3;

export interface AskForErasureDeps {
  clock: Clock;
  files: Pick<ClientFileStore, 'byEmail' | 'replace'>;
}

/** When the person asked, if they did (the earliest date among their files). */
export async function erasureRequestedAt(
  deps: Pick<AskForErasureDeps, 'files'>,
  profile: ClientProfile,
): Promise<Date | undefined> {
  const files = await Promise.all(profile.records.map((r) => linkedFile(deps, profile, r)));
  const dates = files.map((f) => f?.value.erasureRequestedAt).filter((d): d is Date => d instanceof Date);
  return dates.length === 0 ? undefined : new Date(Math.min(...dates.map((d) => d.getTime())));
}

/** Writes the request on each provider's file of the account; resolves to how many files carry it. */
export async function askForErasure(
  deps: AskForErasureDeps,
  profile: ClientProfile,
): Promise<{ providers: number; requestedAt: Date }> {
  const now = deps.clock.now();
  let providers = 0;
  for (const record of profile.records) {
    for (let attempt = 1; ; attempt++) {
      const found = await linkedFile(deps, profile, record);
      if (!found) break;
      if (found.value.erasureRequestedAt) {
        providers += 1;
        break;
      }
      try {
        await deps.files.replace({ ...found.value, erasureRequestedAt: now, updatedAt: now }, found);
        providers += 1;
        break;
      } catch (error) {
        const raced = error instanceof DomainError && error.code === 'concurrent-update';
        if (!raced || attempt >= WRITE_TRIES) throw error;
      }
    }
  }
  return { providers, requestedAt: now };
}
