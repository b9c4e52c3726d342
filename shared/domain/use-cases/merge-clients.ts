/**
 * Merging two client files of one person at a provider (seed 004: several contracts, possibly with several agencies,
 * end up under one login). A professional names the file to absorb and the survivor; the survivor keeps the history of
 * both, the absorbed file is marked `merged` into it, and the absorbed login — when it is another account — loses
 * this provider (and its Entra sign-in, once no provider serves it any more). See docs/merge.md.
 *
 * The writes go in an order that a retry finishes: every step before the last is idempotent (adding what is there
 * already changes nothing), and the absorbed file is marked merged LAST — so a merge cut short leaves the absorbed
 * file unmerged, the professional's retry is not refused as "already merged", and it does the remaining steps.
 *
 * 1. the survivor's account gets the absorbed account's companies at this provider (each with the invitation that
 *    made it: the survivor's login sees both histories — the company picker offers both);
 * 2. the survivor file gets the absorbed file's addresses as secondary ones (the sheet's invitations are those of
 *    the file's addresses: the absorbed file's invitations show on the survivor's sheet);
 * 3. the absorbed file's devices are revoked;
 * 4. the absorbed account's record at this provider is marked merged, `into` the survivor's sign-in address (what
 *    the refusal page names, masked) — its open sessions are refused on their next page (`checkSession`);
 * 5. the absorbed account is disabled in Entra when no provider still serves it (`decideAccess` refuses it);
 * 6. the absorbed file: `access: { status: 'merged', since, into: <survivor id> }`. Its addresses stay on it (reserved).
 */
import { type ClientProfile, decideAccess, type ProviderAccess } from '../client.js';
import type { ClientFile, ClientFileStore } from '../client-file.js';
import { fileEmails } from '../client-search.js';
import { DomainError } from '../errors.js';
import type { ClientDirectory, ClientStore, Clock, ProviderDirectory, Versioned } from '../ports.js';
import type { ActingProfessional, Provider } from '../provider.js';

export interface MergeDeps {
  clock: Clock;
  files: Pick<ClientFileStore, 'get' | 'replace' | 'devices' | 'device' | 'replaceDevice'>;
  clients: Pick<ClientStore, 'profile' | 'addCompany' | 'setAccess'>;
  providers: Pick<ProviderDirectory, 'get'>;
  directory: Pick<ClientDirectory, 'setAccountEnabled'>;
}

export type MergedAccess = Extract<ProviderAccess, { status: 'merged' }>;

/** What a merge did: the two files as they are now, and what became of the absorbed login. */
export interface MergeOutcome {
  survivor: ClientFile;
  absorbed: ClientFile;
  /** Devices of the absorbed file revoked by this merge (not those revoked before). */
  devicesRevoked: number;
  /** Companies of the absorbed account now also the survivor's account's. */
  companiesMoved: number;
  /** The absorbed login: untouched (none, or the survivor's), merged here but still served elsewhere, or disabled. */
  absorbedAccount: 'none' | 'kept' | 'disabled';
}

/** Tries at writing a file that moved meanwhile (the change is applied again on a fresh read). */
const WRITE_TRIES = 3;

const refused = (detail: string, reason: string) => new DomainError('merge-refused', detail, { reason });
const isCode = (error: unknown, code: DomainError['code']) => error instanceof DomainError && error.code === code;

/** Before anything is written: why the merge cannot be, if it cannot. */
function checkMergeable(absorbed: ClientFile, survivor: ClientFile | undefined, providerId: string): ClientFile {
  if (absorbed.id === survivor?.id) throw refused('A client file cannot be merged into itself.', 'same-file');
  if (!survivor || survivor.providerId !== providerId) {
    throw refused('The file to merge into is not a client file of your provider.', 'other-provider');
  }
  if (absorbed.access?.status === 'merged') {
    throw refused('This client file was already merged into another one.', 'already-merged');
  }
  if (survivor.access?.status === 'merged') {
    throw refused(
      'The file to merge into was itself merged into another one: merge into that one instead.',
      'survivor-merged',
    );
  }
  if (absorbed.accountKey && !survivor.accountKey) {
    throw refused(
      'This client has signed in and the file to merge into has not: merge the prospect into this file instead.',
      'survivor-without-account',
    );
  }
  return survivor;
}

/**
 * Merges the provider's file `absorbedId` into its file `into` (see the module's comment for the steps and their
 * order). `client-not-found` for an absorbed file the provider does not have; `merge-refused` (409, with a `reason`)
 * for the same file, a survivor the provider does not have, a file already merged, a merged survivor, or a client
 * who signed in merged into a prospect.
 */
export async function mergeClientFiles(
  deps: MergeDeps,
  professional: ActingProfessional,
  absorbedId: string,
  into: string,
): Promise<MergeOutcome> {
  const providerId = professional.providerId;
  const [absorbedRead, survivorRead] = await Promise.all([
    deps.files.get(providerId, absorbedId),
    absorbedId === into ? Promise.resolve(undefined) : deps.files.get(providerId, into),
  ]);
  if (!absorbedRead || absorbedRead.value.providerId !== providerId) {
    throw new DomainError('client-not-found', 'No such client.');
  }
  const absorbed = absorbedRead.value;
  const survivor = checkMergeable(absorbed, absorbedId === into ? absorbed : survivorRead?.value, providerId);
  const now = deps.clock.now();
  const otherAccount = absorbed.accountKey && absorbed.accountKey !== survivor.accountKey ? absorbed.accountKey : '';

  // 1. The survivor's login sees the absorbed login's companies at this provider.
  const absorbedProfile = otherAccount ? await deps.clients.profile(otherAccount) : undefined;
  let companiesMoved = 0;
  if (absorbedProfile && survivor.accountKey) {
    for (const company of absorbedProfile.companies.filter((c) => c.providerId === providerId)) {
      if (await deps.clients.addCompany(survivor.accountKey, company)) companiesMoved += 1;
    }
  }

  // 2. The survivor file: the absorbed file's addresses, as secondary ones.
  const survivorNow = await updateFile(deps, providerId, survivor.id, (file) => {
    const own = [file.emails.primary, file.emails.signIn];
    const added = fileEmails(absorbed).filter((e) => !own.includes(e) && !file.emails.secondary.includes(e));
    return added.length
      ? { ...file, emails: { ...file.emails, secondary: [...file.emails.secondary, ...added] }, updatedAt: now }
      : undefined;
  });

  // 3. The absorbed file's devices stop working.
  const devicesRevoked = await revokeDevices(deps, absorbed, professional.oid, now);

  // 4 and 5. The absorbed login loses this provider, and its Entra sign-in when no provider serves it any more.
  let absorbedAccount: MergeOutcome['absorbedAccount'] = 'none';
  if (otherAccount && absorbedProfile) {
    const intoEmail = survivorNow.emails.signIn ?? survivorNow.emails.primary ?? survivorNow.id;
    await deps.clients.setAccess(otherAccount, providerId, { status: 'merged', since: now, into: intoEmail });
    absorbedAccount = (await stillServed(deps, absorbedProfile, providerId)) ? 'kept' : 'disabled';
    if (absorbedAccount === 'disabled') await deps.directory.setAccountEnabled(absorbedProfile.account.objectId, false);
  }

  // 6. Last: the absorbed file is merged (a retry before this point is not refused, and finishes the job).
  const absorbedNow = await updateFile(deps, providerId, absorbed.id, (file) => ({
    ...file,
    access: { status: 'merged', since: now, into: survivor.id },
    updatedAt: now,
  }));
  return { survivor: survivorNow, absorbed: absorbedNow, devicesRevoked, companiesMoved, absorbedAccount };
}

/** Applies `change` to the file as read, If-Match (again on a fresh read when it moved); no change: no write. */
async function updateFile(
  deps: MergeDeps,
  providerId: string,
  clientId: string,
  change: (file: ClientFile) => ClientFile | undefined,
): Promise<ClientFile> {
  for (let attempt = 1; ; attempt++) {
    const current: Versioned<ClientFile> | undefined = await deps.files.get(providerId, clientId);
    if (!current) throw new DomainError('client-not-found', 'No such client.');
    const next = change(current.value);
    if (!next) return current.value;
    try {
      return (await deps.files.replace(next, current)).value;
    } catch (error) {
      if (!isCode(error, 'concurrent-update') || attempt >= WRITE_TRIES) throw error;
    }
  }
}

async function revokeDevices(deps: MergeDeps, file: ClientFile, by: string, now: Date): Promise<number> {
  const devices = await deps.files.devices(file.providerId, file.id);
  let revoked = 0;
  for (const { id } of devices.filter((d) => !d.revokedAt)) {
    for (let attempt = 1; ; attempt++) {
      const read = await deps.files.device(file.providerId, file.id, id);
      if (!read || read.value.revokedAt) break;
      try {
        const device = { ...read.value, revokedAt: now, revokedBy: by };
        await deps.files.replaceDevice(file.providerId, file.id, device, read.etag);
        revoked += 1;
        break;
      } catch (error) {
        if (!isCode(error, 'concurrent-update') || attempt >= WRITE_TRIES) throw error;
      }
    }
  }
  return revoked;
}

/** Whether a provider other than this one still serves the account (the access decision of sign-in, without it). */
async function stillServed(deps: MergeDeps, profile: ClientProfile, mergedAt: string): Promise<boolean> {
  const others = profile.records.filter((r) => r.providerId !== mergedAt);
  const found = await Promise.all([...new Set(others.map((r) => r.providerId))].map((id) => deps.providers.get(id)));
  const providers = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p]));
  return decideAccess({ records: others, companies: profile.companies }, providers).kind === 'granted';
}

/** The merge's ports, from the client files' and onboarding's (the composition root builds no more for it). */
export function mergeDepsOf(
  files: Pick<MergeDeps, 'clock' | 'files'>,
  onboarding: { clients: MergeDeps['clients']; providers: MergeDeps['providers']; directory: MergeDeps['directory'] },
): MergeDeps {
  return {
    clock: files.clock,
    files: files.files,
    clients: onboarding.clients,
    providers: onboarding.providers,
    directory: onboarding.directory,
  };
}
