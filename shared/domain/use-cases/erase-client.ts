/**
 * The right to erasure, by a professional (issue 15 item 3, docs/privacy.md "Erasure"): a prospect's file at their
 * provider goes — the file, its search index rows, its devices and its identification code — and every invitation of
 * the provider to the file's addresses is erased (`erasure.ts`: anonymized, its link dead, its emails, events and
 * counters deleted, the address's claim released). Invitations first, the file last: a run cut short leaves the file,
 * so running it again finishes the work, and a second erasure of an erased invitation changes nothing.
 *
 * A file whose person has signed in (a client) is refused with `409 client-has-account` for now: erasing a client also
 * means their account's record at the provider, their sessions, and their Entra account when no provider keeps them.
 */
import { erasedEvent, erasedInvitation } from '../erasure.js';
import { DomainError } from '../errors.js';
import type { InvitationStore } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import { type ClientExportDeps, invitationIdsOf } from './client-export.js';
import { findOwnClientFile } from './client-files.js';

/** Erasures of one invitation that lost a race to another write, tried again up to this many times. */
const WRITE_TRIES = 3;

export type ErasureDeps = Pick<ClientExportDeps, 'clock' | 'files'> & {
  invitations: ClientExportDeps['invitations'] & Pick<InvitationStore, 'erase'>;
};

export interface ErasureReport {
  clientId: string;
  invitationsErased: number;
}

export async function eraseClientFile(
  deps: ErasureDeps,
  professional: ActingProfessional,
  clientId: string,
): Promise<ErasureReport> {
  const found = await findOwnClientFile(deps, professional, clientId);
  const file = found.value;
  if (file.accountKey) {
    throw new DomainError(
      'client-has-account',
      'This person has signed in: only a prospect’s file can be erased here for now.',
      { clientId: file.id },
    );
  }
  const { ids } = await invitationIdsOf(deps, file);
  let invitationsErased = 0;
  for (const id of ids) {
    if (await eraseInvitation(deps, professional, id)) invitationsErased += 1;
  }
  await deps.files.erase(found);
  return { clientId: file.id, invitationsErased };
}

async function eraseInvitation(deps: ErasureDeps, professional: ActingProfessional, id: string): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.invitations.get(id);
    if (!current || current.value.providerId !== professional.providerId) return false;
    const now = deps.clock.now();
    try {
      await deps.invitations.erase(current, erasedInvitation(current.value, now), erasedEvent(now, professional.name));
      return true;
    } catch (error) {
      const raced = error instanceof DomainError && error.code === 'concurrent-update';
      if (!raced || attempt >= WRITE_TRIES) throw error;
    }
  }
}
