/**
 * The request and response shapes of invitations, as zod schemas: the functions validate with them and the
 * OpenAPI document is generated from them, so the two cannot drift.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';
import { normalizeEmail } from '../domain/email-address.js';
import {
  DEFAULT_EXPIRY_DAYS,
  DELIVERY_STATUSES,
  effectiveStatus,
  INVITATION_STATUSES,
  type Invitation,
  MAX_EXPIRY_DAYS,
  MIN_EXPIRY_DAYS,
} from '../domain/invitation.js';
import { LOCALES } from '../domain/locale.js';
import type { TimelineEvent } from '../domain/timeline.js';

export const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an international number in E.164 form, e.g. +33612345678');

export const emailField = z
  .string()
  .max(254, 'must be at most 254 characters')
  .transform((value, ctx) => {
    const email = normalizeEmail(value);
    if (!email) {
      ctx.addIssue({ code: 'custom', message: 'must be a valid email address' });
      return z.NEVER;
    }
    return email;
  });

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).optional();

export const addressSchema = z
  .object({
    line1: text(200),
    line2: optionalText(200),
    postalCode: text(20),
    city: text(100),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code, e.g. FR'),
  })
  .strict()
  .meta({ id: 'PostalAddress' });

export const companySchema = z
  .object({
    name: text(200),
    registrationNumber: optionalText(50),
    vatNumber: optionalText(50),
    address: addressSchema.optional(),
    phone: e164.optional(),
  })
  .strict()
  .meta({ id: 'CompanyDraft' });

export const invitationRequestSchema = z
  .object({
    email: emailField,
    firstName: text(100),
    lastName: text(100),
    locale: z.enum(LOCALES).default('fr'),
    phone: e164.optional(),
    company: companySchema.optional(),
    expiresInDays: z
      .number()
      .int('must be a whole number')
      .min(MIN_EXPIRY_DAYS, `must be at least ${MIN_EXPIRY_DAYS}`)
      .max(MAX_EXPIRY_DAYS, `must be at most ${MAX_EXPIRY_DAYS}`)
      .default(DEFAULT_EXPIRY_DAYS),
    message: z.string().trim().max(500, 'must be at most 500 characters').optional(),
    sendEmail: z.boolean().default(true),
    inviterName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('For app-only tokens: the person the app acts for (ignored for delegated tokens)'),
  })
  .strict()
  .meta({ id: 'InvitationRequest' });

export type InvitationRequest = z.output<typeof invitationRequestSchema>;

export const MAX_BULK = 10_000;

export const bulkRequestSchema = z
  .object({
    invitations: z
      .array(z.unknown())
      .min(1, 'must hold at least one invitation')
      .max(MAX_BULK, `must hold at most ${MAX_BULK} invitations`),
  })
  .strict()
  .meta({ id: 'BulkInvitationRequest' });

/** `POST /api/invitations/{id}/resend`: an optional new lifetime. */
export const resendSchema = z
  .object({ expiresInDays: z.number().int().min(MIN_EXPIRY_DAYS).max(MAX_EXPIRY_DAYS).optional() })
  .strict()
  .meta({ id: 'ResendRequest' });

/** `GET /api/invitations?status=&email=&cursor=&limit=`. */
export const listQuerySchema = z
  .object({
    status: z.enum(INVITATION_STATUSES).optional(),
    email: emailField.optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    order: z.enum(['newest', 'oldest']).optional().describe('`newest` (default) or `oldest` first'),
    createdFrom: z.iso.datetime().optional().describe('Created at or after this instant'),
    createdBefore: z.iso.datetime().optional().describe('Created strictly before this instant'),
    expiresWithinHours: z.coerce
      .number()
      .int()
      .min(1)
      .max(720)
      .optional()
      .describe('Pending, and the link stops working within this many hours'),
    deliveryFailed: z.enum(['true']).optional().describe('`true`: the latest email could not be delivered'),
    acceptedSince: z.iso.datetime().optional().describe('Accepted (completed since or not) at or after this instant'),
  })
  .strict();

const timelineSchema = z.array(z.object({ at: z.iso.datetime(), event: z.string(), detail: z.string().optional() }));

export const invitationSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(INVITATION_STATUSES),
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    locale: z.enum(LOCALES),
    phone: z.string().optional(),
    company: companySchema.optional(),
    message: z.string().optional(),
    invitedBy: z.object({ name: z.string(), oid: z.string() }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    openedAt: z.iso.datetime().optional(),
    acceptedAt: z.iso.datetime().optional(),
    completedAt: z.iso.datetime().optional(),
    revokedAt: z.iso.datetime().optional(),
    batchId: z.string().optional(),
    delivery: z.object({
      status: z.enum(DELIVERY_STATUSES),
      attempts: z.number().int(),
      lastError: z.string().optional(),
      sentAt: z.iso.datetime().optional(),
    }),
    acceptUrl: z.url().optional(),
    timeline: timelineSchema.optional(),
    /** Present (true) when the invitation has more events than `timeline` shows (its first 200). */
    timelineTruncated: z.literal(true).optional(),
  })
  .meta({ id: 'Invitation' });

export type InvitationJson = z.infer<typeof invitationSchema>;

const iso = (d: Date | undefined) => d?.toISOString();

/**
 * The invitation as the API shows it at `now` — its effective status (a pending invitation past its expiry is
 * `expired`), never its key or key hashes.
 */
export function invitationJson(
  invitation: Invitation,
  now: Date,
  extra: {
    acceptUrl?: string | undefined;
    timeline?: TimelineEvent[] | undefined;
    timelineTruncated?: boolean | undefined;
  } = {},
): InvitationJson {
  const json: InvitationJson = {
    id: invitation.id,
    status: effectiveStatus(invitation, now),
    email: invitation.email,
    firstName: invitation.firstName,
    lastName: invitation.lastName,
    locale: invitation.locale,
    invitedBy: { name: invitation.invitedBy.name, oid: invitation.invitedBy.oid },
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
    delivery: {
      status: invitation.delivery.status,
      attempts: invitation.delivery.attempts,
      ...(invitation.delivery.lastError ? { lastError: invitation.delivery.lastError } : {}),
      ...(invitation.delivery.sentAt ? { sentAt: invitation.delivery.sentAt.toISOString() } : {}),
    },
  };
  if (invitation.phone) json.phone = invitation.phone;
  if (invitation.company) json.company = invitation.company;
  if (invitation.message) json.message = invitation.message;
  for (const key of ['openedAt', 'acceptedAt', 'completedAt', 'revokedAt'] as const) {
    const value = iso(invitation[key]);
    if (value) json[key] = value;
  }
  if (invitation.batchId) json.batchId = invitation.batchId;
  if (extra.acceptUrl) json.acceptUrl = extra.acceptUrl;
  if (extra.timeline) {
    json.timeline = extra.timeline.map((e) => ({
      at: e.at.toISOString(),
      event: e.event,
      ...(e.detail ? { detail: e.detail } : {}),
    }));
    const opened = extra.timeline.find((e) => e.event === 'opened');
    if (opened && !json.openedAt) json.openedAt = opened.at.toISOString();
    if (extra.timelineTruncated) json.timelineTruncated = true;
  }
  return json;
}
