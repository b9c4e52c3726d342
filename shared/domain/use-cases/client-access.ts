/**
 * Block and unblock (seed 004: "bloqué par un professionnel"): a professional takes a client's access at their
 * provider away, with an optional reason, or gives it back. Who and when are kept; doing it twice changes nothing.
 *
 * Two copies, one truth. The client file (`ClientFile.access`, the provider's partition) is what the professional
 * sets and the sheet shows; the account's provider record (`ClientRecord.access`, ClientAccounts) is what sign-in and
 * every signed-in page read (`decideAccess`, `checkSession`). The file is written first, then the record: a failure
 * between the two leaves the file ahead, never behind, and is repaired by
 *
 * - the professional's retry: blocking a blocked file writes nothing to the file and brings the record in step;
 * - the client's next sign-in: `repairClientFiles` reads each record's file anyway, and `syncAccessFromFiles` copies
 *   a file's access over a record that says otherwise (and the decision is made on the file's);
 * - acceptance: a prospect blocked before it had an account gets its new record blocked (`syncAccessFromFiles`).
 *
 * Only a file whose access was set says anything: a file with none leaves its record as it is.
 */
import type { ClientProfile, ClientRecord, ProviderAccess } from '../client.js';
import { sameAccess } from '../client-access.js';
import type { ClientFile } from '../client-file.js';
import { DomainError } from '../errors.js';
import type { ClientStore } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import {
  type ClientFileDeps,
  type ClientSheet,
  clientSheet,
  type FileLinkOutcome,
  findOwnClientFile,
} from './client-files.js';

export interface ClientAccessDeps extends ClientFileDeps {
  /** The accounts' provider records, the copy sign-in reads. */
  accounts: Pick<ClientStore, 'setAccess'>;
}

export interface AccessChange {
  action: 'block' | 'unblock';
  /** Why, for the provider's professionals (never shown to the client). */
  reason?: string | undefined;
}

export interface AccessChangeResult {
  sheet: ClientSheet;
  /** False when the client was already so (nothing written but, maybe, the record brought in step). */
  changed: boolean;
  access: ProviderAccess;
}

const WRITE_TRIES = 3;
const isCode = (error: unknown, code: DomainError['code']) => error instanceof DomainError && error.code === code;

/**
 * Blocks or unblocks the provider's client `clientId`: the file, then the account's record when the person has
 * signed in. A merged client is neither (`client-merged`): its access lives in the client it was merged into.
 */
export async function changeClientAccess(
  deps: ClientAccessDeps,
  professional: ActingProfessional,
  clientId: string,
  change: AccessChange,
): Promise<AccessChangeResult> {
  const wanted = change.action === 'block' ? 'blocked' : 'active';
  for (let attempt = 1; ; attempt++) {
    const current = await findOwnClientFile(deps, professional, clientId);
    const file = current.value;
    const record = file.accountKey ? await recordOf(deps, file) : undefined;
    if (file.access?.status === 'merged' || record?.access.status === 'merged') {
      throw new DomainError('client-merged', 'This client was merged into another client: act on that one.');
    }
    const fileStatus = file.access?.status ?? 'active';
    // Already so on the file: keep who and when; the record only follows (a retry after a cut-short change).
    const kept = fileStatus === wanted && (file.access || record?.access.status !== 'blocked');
    const now = deps.clock.now();
    const access: ProviderAccess = kept
      ? (file.access ?? record?.access ?? { status: 'active', since: file.createdAt })
      : { status: wanted, since: now, by: professional.name, ...(change.reason ? { reason: change.reason } : {}) };
    try {
      if (!kept) await deps.files.replace({ ...file, access, updatedAt: now }, current);
    } catch (error) {
      if (isCode(error, 'concurrent-update') && attempt < WRITE_TRIES) continue;
      throw error;
    }
    if (record && file.accountKey && !sameAccess(record.access, access) && (!kept || file.access)) {
      await deps.accounts.setAccess(file.accountKey, file.providerId, access);
    }
    const sheet = await clientSheet(deps, professional, clientId);
    return { sheet, changed: !kept, access };
  }
}

async function recordOf(deps: ClientAccessDeps, file: ClientFile): Promise<ClientRecord | undefined> {
  const profile = await deps.clients.profile(file.accountKey!);
  return profile?.records.find((r) => r.providerId === file.providerId);
}

/** A record whose file says another access, and what the file says. */
export interface AccessRepair {
  providerId: string;
  access: ProviderAccess;
  /** Whether the record could be rewritten (false: the decision still follows the file; the next sign-in retries). */
  written: boolean;
}

/**
 * Brings the account's records in step with their files, as a sign-in's `repairClientFiles` (or an acceptance's
 * link) read them — `outcomes[i]` is the file of `profile.records[i]`. Returns the profile as the decision must see
 * it (each record with its file's access) and what was repaired. A write that fails is reported, never thrown.
 */
export async function syncAccessFromFiles(
  accounts: Pick<ClientStore, 'setAccess'>,
  profile: ClientProfile,
  outcomes: readonly (FileLinkOutcome | undefined)[],
): Promise<{ profile: ClientProfile; repairs: AccessRepair[] }> {
  const stale = profile.records.flatMap((record, i) => {
    const outcome = outcomes[i];
    const access = outcome && 'access' in outcome ? outcome.access : undefined;
    return access && !sameAccess(record.access, access) ? [{ providerId: record.providerId, access }] : [];
  });
  if (stale.length === 0) return { profile, repairs: [] };
  const repairs = await Promise.all(
    stale.map(async ({ providerId, access }): Promise<AccessRepair> => {
      try {
        const written = await accounts.setAccess(profile.account.key, providerId, access);
        return { providerId, access, written };
      } catch {
        return { providerId, access, written: false };
      }
    }),
  );
  const records = profile.records.map((record) => {
    const repair = repairs.find((r) => r.providerId === record.providerId);
    return repair ? { ...record, access: repair.access } : record;
  });
  return { profile: { ...profile, records }, repairs };
}
