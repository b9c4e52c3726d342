/**
 * The JSON of a client export (`GET /api/clients/{id}/export`, the console's "Export data", the profile's "Download
 * my data"): the sheet and every invitation with its timeline, in the projections the API already answers with
 * (`clientSheetJson`, `invitationJson`), so no secret (link key hash, activation code, device credential) reaches it.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';
import type { ProviderExport } from '../domain/use-cases/client-export.js';
import { clientSheetJson, clientSheetSchema } from './client-schema.js';
import { invitationJson, invitationSchema } from './invitation-schema.js';

/** The version of the document's shape, so a reader can tell a later one. */
export const CLIENT_EXPORT_FORMAT = 'client-export/1';

export const providerExportSchema = z
  .object({
    format: z.literal(CLIENT_EXPORT_FORMAT),
    exportedAt: z.iso.datetime(),
    providerId: z.string(),
    client: clientSheetSchema.omit({ invitations: true }),
    invitations: z.array(invitationSchema).describe('Every invitation to the file’s addresses, newest first'),
    invitationsTruncated: z
      .literal(true)
      .optional()
      .describe('Present when an address had more than 500 invitations (the newest 500 are here)'),
  })
  .meta({ id: 'ClientExport' });

export type ProviderExportJson = z.infer<typeof providerExportSchema>;

export const ownDataSchema = z
  .object({
    format: z.literal(CLIENT_EXPORT_FORMAT),
    exportedAt: z.iso.datetime(),
    signInEmail: z.string(),
    providers: z.array(providerExportSchema),
  })
  .meta({ id: 'OwnDataExport' });

export function providerExportJson(exported: ProviderExport): ProviderExportJson {
  const now = exported.exportedAt;
  const { invitations: _none, ...client } = clientSheetJson({ ...exported.sheet, invitations: [] }, now);
  return {
    format: CLIENT_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    providerId: exported.providerId,
    client,
    invitations: exported.invitations.map((e) =>
      invitationJson(e.invitation, now, {
        timeline: e.timeline,
        ...(e.timelineTruncated ? { timelineTruncated: true } : {}),
      }),
    ),
    ...(exported.invitationsTruncated ? { invitationsTruncated: true as const } : {}),
  };
}

/** The download's file name: ASCII, the date of the export. */
export function exportFileName(kind: 'client' | 'my-data', exportedAt: Date, id?: string): string {
  const day = exportedAt.toISOString().slice(0, 10);
  return kind === 'client' ? `client-${id}-${day}.json` : `my-data-${day}.json`;
}
