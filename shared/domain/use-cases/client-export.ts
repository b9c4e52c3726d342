/**
 * The RGPD's right of access (issue 15, docs/privacy.md): everything one provider holds on a person — the client
 * file with its devices, what the person's account says at that provider (access, first sign-in, the companies they
 * created for it), and every invitation sent to the file's addresses with its timeline — for a professional
 * (`GET /api/clients/{id}/export`, the console's "Export data"), and for the signed-in person across every provider
 * whose client they are (the profile's "Download my data"). Secrets (link keys, activation codes, device credentials)
 * are never part of it: the http layer writes the JSON with the same projections as the sheet and the invitation.
 */
import type { ClientProfile, ClientRecord } from '../client.js';
import type { ClientFile, ClientFileStore } from '../client-file.js';
import { fileEmails } from '../client-search.js';
import type { Invitation } from '../invitation.js';
import type { InvitationStore, Versioned } from '../ports.js';
import type { ActingProfessional } from '../provider.js';
import type { TimelineEvent } from '../timeline.js';
import { type ClientFileDeps, type ClientSheet, findOwnClientFile } from './client-files.js';

/** At most this many invitations per address are exported (listed newest first); `invitationsTruncated` says more. */
export const EXPORT_INVITATIONS_PER_EMAIL = 500;
/** At most this many timeline events per invitation (oldest first); `timelineTruncated` says more. */
export const EXPORT_TIMELINE_EVENTS = 1000;
/** The listing's page while exporting. */
const LISTING_PAGE = 100;

export interface ExportedInvitation {
  invitation: Invitation;
  timeline: TimelineEvent[];
  timelineTruncated: boolean;
}

/** What one provider holds on the person. */
export interface ProviderExport {
  providerId: string;
  exportedAt: Date;
  /** The sheet: the file, its devices, the access and companies at this provider (every invitation is below). */
  sheet: Omit<ClientSheet, 'etag' | 'invitations'>;
  invitations: ExportedInvitation[];
  invitationsTruncated: boolean;
}

export type ClientExportDeps = Pick<ClientFileDeps, 'clock' | 'files' | 'clients' | 'invitations'>;

/** A professional's export of one of their provider's files (another provider's: 404 `client-not-found`). */
export async function exportClientFile(
  deps: ClientExportDeps,
  professional: ActingProfessional,
  clientId: string,
): Promise<ProviderExport> {
  const found = await findOwnClientFile(deps, professional, clientId);
  const profile = found.value.accountKey ? await deps.clients.profile(found.value.accountKey) : undefined;
  return exportOf(deps, found.value, profile);
}

/**
 * The signed-in person's own data: one export per provider whose client they are (their account's records), each
 * as that provider's professional would get it. The file at a provider is the one linked to the account (found by
 * the sign-in address, or the invited one); a record whose file is gone (erased, or never written) is left out.
 */
export async function exportOwnData(deps: ClientExportDeps, profile: ClientProfile): Promise<ProviderExport[]> {
  const files = await Promise.all(profile.records.map((record) => linkedFile(deps, profile, record)));
  return Promise.all(
    files.filter((f): f is Versioned<ClientFile> => f !== undefined).map((f) => exportOf(deps, f.value, profile)),
  );
}

/**
 * The provider's file linked to the account of one of its records: found by the address the account signs in with,
 * or the one the provider invited (`record.clientId` names the account, not the file).
 */
export async function linkedFile(
  deps: { files: Pick<ClientFileStore, 'byEmail'> },
  profile: ClientProfile,
  record: ClientRecord,
): Promise<Versioned<ClientFile> | undefined> {
  for (const email of new Set([profile.account.email, record.email])) {
    const found = await deps.files.byEmail(record.providerId, email);
    if (found?.value.accountKey === profile.account.key) return found;
  }
  return undefined;
}

async function exportOf(
  deps: ClientExportDeps,
  file: ClientFile,
  profile: ClientProfile | undefined,
): Promise<ProviderExport> {
  const [devices, listed] = await Promise.all([
    deps.files.devices(file.providerId, file.id),
    invitationIdsOf(deps, file, EXPORT_INVITATIONS_PER_EMAIL),
  ]);
  const read = await Promise.all(listed.ids.map((id) => deps.invitations.get(id)));
  const invitations = read
    .map((r) => r?.value)
    .filter((i): i is Invitation => i !== undefined && i.providerId === file.providerId)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const exported = await Promise.all(
    invitations.map(async (invitation) => {
      const events = await deps.invitations.timeline(invitation.id, { limit: EXPORT_TIMELINE_EVENTS + 1 });
      return {
        invitation,
        timeline: events.slice(0, EXPORT_TIMELINE_EVENTS),
        timelineTruncated: events.length > EXPORT_TIMELINE_EVENTS,
      };
    }),
  );
  const record = profile?.records.find((r) => r.providerId === file.providerId);
  const access = file.access ?? record?.access;
  return {
    providerId: file.providerId,
    exportedAt: deps.clock.now(),
    sheet: {
      file,
      devices,
      ...(access ? { access } : {}),
      providers: profile?.records.length ?? 0,
      companies: profile?.companies.filter((c) => c.providerId === file.providerId) ?? [],
    },
    invitations: exported,
    invitationsTruncated: listed.truncated,
  };
}

/**
 * Every invitation id of the provider to the file's addresses (paged listings, newest first): at most `perEmail` of
 * each address when given (`truncated` says some were left), else all of them (erasure must reach every one).
 */
export async function invitationIdsOf(
  deps: { invitations: Pick<InvitationStore, 'list'> },
  file: ClientFile,
  perEmail?: number,
): Promise<{ ids: string[]; truncated: boolean }> {
  let truncated = false;
  const found = await Promise.all(
    fileEmails(file).map(async (email) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await deps.invitations.list(file.providerId, {
          email,
          limit: LISTING_PAGE,
          order: 'newest',
          ...(cursor ? { cursor } : {}),
        });
        ids.push(...page.invitationIds);
        cursor = page.nextCursor;
      } while (cursor && (perEmail === undefined || ids.length < perEmail));
      if (perEmail === undefined) return ids;
      if (cursor || ids.length > perEmail) truncated = true;
      return ids.slice(0, perEmail);
    }),
  );
  return { ids: [...new Set(found.flat())], truncated };
}
