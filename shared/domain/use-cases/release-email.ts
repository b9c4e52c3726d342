/**
 * Releasing a file's addresses (seed 004: "Communiquez avec un Hexpert afin de demander la libération du courriel";
 * issue 15 item 5; docs/merge.md "Releasing the addresses"): a merged file keeps its addresses reserved, and a login
 * that no provider serves any more keeps its address in Entra — so the person cannot sign up again with it. A
 * professional of the provider (or ops, through the provider command) frees them:
 *
 * 1. the login, when the file has one and no provider serves it any more: Entra's email sign-in identity (and `mail`)
 *    renamed to a made-up address (`released-<object id>@released.invalid`), so a new account can sign up with the
 *    real one; the account's record follows. A login still served by a provider is refused (`release-refused`,
 *    `account-in-use`): freeing its address would lock the person out there.
 * 2. last, the file: its addresses dropped (its index rows with them), and its history saying when, by whom, which
 *    addresses (masked). A run cut before this point finds the file as it was and finishes.
 *
 * Only a merged file, or the file of a login no provider serves, can be released (`not-releasable`): a live client's
 * address is theirs, and a prospect's holds nothing in Entra (its file is simply edited or erased).
 */
import { type ClientProfile, decideAccess } from '../client.js';
import type { ClientFile, ClientFileStore } from '../client-file.js';
import { fileEmails } from '../client-search.js';
import { maskedAddress } from '../email-address.js';
import { DomainError } from '../errors.js';
import type { ClientDirectory, ClientStore, Clock, ProviderDirectory } from '../ports.js';
import type { Provider } from '../provider.js';
import { findOwnClientFile } from './client-files.js';

/** A file written concurrently is read again up to this many times. */
const WRITE_TRIES = 3;

export interface ReleaseEmailDeps {
  clock: Clock;
  files: Pick<ClientFileStore, 'get' | 'replace'>;
  clients: Pick<ClientStore, 'profile' | 'changeAccountEmail'>;
  providers: Pick<ProviderDirectory, 'get'>;
  directory: Pick<ClientDirectory, 'changeSignInEmail'>;
}

export interface ReleaseOutcome {
  clientId: string;
  /** The addresses freed, masked. */
  addresses: string[];
  /** The login's sign-in address in Entra was freed too. */
  account: boolean;
}

/** The actor's name when ops release an address through the provider command (its pages say who in words). */
export const RELEASED_BY_OPS = 'ops';

/** The made-up sign-in address a released login keeps: unique (its object id), never deliverable (`.invalid`). */
export const releasedAddress = (objectId: string) => `released-${objectId}@released.invalid`;

const refused = (reason: 'not-releasable' | 'account-in-use' | 'nothing-to-release', detail: string) =>
  new DomainError('release-refused', detail, { reason });

export async function releaseEmail(
  deps: ReleaseEmailDeps,
  actor: { providerId: string; name: string },
  clientId: string,
): Promise<ReleaseOutcome> {
  const found = await findOwnClientFile(deps, actor, clientId);
  const file = found.value;
  const addresses = fileEmails(file);
  const profile = file.accountKey ? await deps.clients.profile(file.accountKey) : undefined;
  const served = profile ? await servedAnywhere(deps, profile) : false;
  if (served) {
    throw refused('account-in-use', 'This login can still sign in at a provider: its address cannot be released.');
  }
  const merged = file.access?.status === 'merged';
  if (!merged && !file.accountKey) {
    throw refused('not-releasable', 'Only a merged file, or the file of a login no provider serves, is released.');
  }
  const loginHoldsAddress = profile !== undefined && !profile.account.email.endsWith('@released.invalid');
  if (addresses.length === 0 && !loginHoldsAddress) {
    throw refused('nothing-to-release', 'The file holds no address any more: it was released already.');
  }

  // 1. The login: Entra's sign-in name, then the account's record.
  if (profile && loginHoldsAddress) {
    const placeholder = releasedAddress(profile.account.objectId);
    if ((await deps.directory.changeSignInEmail(profile.account.objectId, placeholder)) === 'taken') {
      throw new Error('the released placeholder address is taken in the directory');
    }
    await deps.clients.changeAccountEmail(profile.account.key, placeholder);
  }
  const released = [...new Set([...addresses, ...(loginHoldsAddress ? [profile.account.email] : [])])];

  // 2. Last, the file: no address left, its history saying so.
  const now = deps.clock.now();
  const release = {
    at: now,
    by: actor.name,
    addresses: released.map(maskedAddress),
    account: loginHoldsAddress,
  };
  await updateFile(deps, found.value.providerId, clientId, (current) => ({
    ...current,
    emails: { secondary: [] },
    emailReleases: [...(current.emailReleases ?? []), release],
    updatedAt: now,
  }));
  return { clientId, addresses: release.addresses, account: loginHoldsAddress };
}

/** Whether some provider still lets this login in (the sign-in's own access decision, over every record). */
async function servedAnywhere(deps: ReleaseEmailDeps, profile: ClientProfile): Promise<boolean> {
  const ids = [...new Set(profile.records.map((r) => r.providerId))];
  const found = await Promise.all(ids.map((id) => deps.providers.get(id)));
  const providers = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p]));
  return decideAccess({ records: profile.records, companies: profile.companies }, providers).kind === 'granted';
}

async function updateFile(
  deps: ReleaseEmailDeps,
  providerId: string,
  clientId: string,
  change: (file: ClientFile) => ClientFile,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.files.get(providerId, clientId);
    if (!current) throw new DomainError('client-not-found', 'No such client.');
    try {
      await deps.files.replace(change(current.value), current);
      return;
    } catch (error) {
      const raced = error instanceof DomainError && error.code === 'concurrent-update';
      if (!raced || attempt >= WRITE_TRIES) throw error;
    }
  }
}
