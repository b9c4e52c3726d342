/**
 * The right to erasure, by a professional (issue 15 item 3, docs/privacy.md "Erasure"): a prospect's file at their
 * provider goes — the file, its search index rows, its devices and its identification code — and every invitation of
 * the provider to the file's addresses is erased (`erasure.ts`: anonymized, its link dead, its emails, events and
 * counters deleted, the address's claim released). Invitations first, the file last: a run cut short leaves the file,
 * so running it again finishes the work, and a second erasure of an erased invitation changes nothing.
 *
 * A file whose person has signed in (a client) takes their account with it, as far as this provider goes: after the
 * invitations, the account's record at the provider and the companies the client created for it go (`forgetProvider`),
 * which ends every portal session at this provider (`accessAt` finds no record there) — the client keeps their access
 * at the others. When no provider keeps a record of the account any more, the account goes too: the Entra account
 * (Graph), then every row of the account's partition (two-step, session markers, password change), its reset links and
 * its account emails. The file is still last: a run cut anywhere before it finds the file again and finishes.
 */
import type { AccountEmailStore } from '../account-email-outbox.js';
import { objectIdOfKey } from '../client.js';
import type { ClientFile } from '../client-file.js';
import { fileEmails } from '../client-search.js';
import { erasedEvent, erasedInvitation } from '../erasure.js';
import { DomainError } from '../errors.js';
import type { ClientDirectory, ClientStore, InvitationStore, ResetTokenStore } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import { type ClientExportDeps, invitationIdsOf } from './client-export.js';
import { findOwnClientFile } from './client-files.js';

/** Erasures of one invitation that lost a race to another write, tried again up to this many times. */
const WRITE_TRIES = 3;

export type ErasureDeps = Pick<ClientExportDeps, 'clock' | 'files'> & {
  invitations: ClientExportDeps['invitations'] & Pick<InvitationStore, 'erase'>;
  clients: Pick<ClientStore, 'profile' | 'forgetProvider' | 'forgetAccount'>;
  directory: Pick<ClientDirectory, 'deleteAccount'>;
  resetTokens: Pick<ResetTokenStore, 'forgetAccount'>;
  accountEmails: Pick<AccountEmailStore, 'forgetNaming'>;
};

export interface ErasureReport {
  clientId: string;
  invitationsErased: number;
  /**
   * The person's account, when they had signed in: `kept` while another provider still has them as a client,
   * `deleted` when this erasure removed it (the Entra account and everything the service kept of it). For the logs:
   * the professional is not told whether other providers serve the person.
   */
  account?: 'kept' | 'deleted';
}

export async function eraseClientFile(
  deps: ErasureDeps,
  professional: ActingProfessional,
  clientId: string,
): Promise<ErasureReport> {
  return eraseFileAt(deps, { providerId: professional.providerId, name: professional.name }, clientId);
}

/**
 * The erasure of one of a provider's files, by whoever acts for it: a professional, or the retention job completing
 * a person's own request (`name` is what the erased invitations' event says). Another provider's file: not found.
 */
export async function eraseFileAt(
  deps: ErasureDeps,
  actor: { providerId: string; name: string },
  clientId: string,
): Promise<ErasureReport> {
  const found = await findOwnClientFile(deps, actor, clientId);
  const file = found.value;
  const { ids } = await invitationIdsOf(deps, file);
  let invitationsErased = 0;
  for (const id of ids) {
    if (await eraseInvitation(deps, actor, id)) invitationsErased += 1;
  }
  const account = file.accountKey ? await forgetAccountAt(deps, file, file.accountKey) : undefined;
  await deps.files.erase(found);
  return { clientId: file.id, invitationsErased, ...(account ? { account } : {}) };
}

/**
 * The account's part of an erasure at the file's provider: its record there goes; when that was the last record, the
 * whole account goes — Entra's first (the person can no longer sign in), then the rows, the partition last, so a run
 * cut short finds the account without records and deletes what is left.
 */
async function forgetAccountAt(deps: ErasureDeps, file: ClientFile, key: string): Promise<'kept' | 'deleted'> {
  await deps.clients.forgetProvider(key, file.providerId);
  const profile = await deps.clients.profile(key);
  if (profile && profile.records.length > 0) return 'kept';
  await deps.directory.deleteAccount(objectIdOfKey(key));
  const addresses = new Set([...fileEmails(file), ...(profile ? [profile.account.email] : [])]);
  for (const address of addresses) await deps.accountEmails.forgetNaming(address);
  await deps.resetTokens.forgetAccount(key);
  await deps.clients.forgetAccount(key);
  return 'deleted';
}

async function eraseInvitation(
  deps: ErasureDeps,
  actor: { providerId: string; name: string },
  id: string,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.invitations.get(id);
    if (!current || current.value.providerId !== actor.providerId) return false;
    const now = deps.clock.now();
    try {
      await deps.invitations.erase(current, erasedInvitation(current.value, now), erasedEvent(now, actor.name));
      return true;
    } catch (error) {
      const raced = error instanceof DomainError && error.code === 'concurrent-update';
      if (!raced || attempt >= WRITE_TRIES) throw error;
    }
  }
}
