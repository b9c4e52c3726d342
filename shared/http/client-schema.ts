/**
 * The request and response shapes of client files (`/api/clients`), as zod schemas: the functions validate with
 * them and the OpenAPI document is generated from them. Phone numbers are read by the phone-number library in the
 * use case (the edge reaches no adapter): here they are text of a reasonable length.
 */
import { z } from 'zod';
// zod's refusals in the service's words (zod-messages.ts), set wherever zod parses input.
import './zod-messages.js';
import { CIVILITIES, CLIENT_FILE_STATUSES, SMS_DELIVERY_STATUSES } from '../domain/client-file.js';
import { LOCALES } from '../domain/locale.js';
import type { ClientSheet } from '../domain/use-cases/client-files.js';
import { addressSchema, companySchema, emailField, invitationJson, invitationSchema } from './invitation-schema.js';

/** Names and labels are shown in pages: no control characters, no lone surrogates. */
const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !CONTROL_OR_LONE_SURROGATE.test(v), 'must not contain control characters');

const phoneText = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(40, 'must be at most 40 characters')
  .describe('A phone number, international (+33 6 12 34 56 78) or French (06 12 34 56 78); answered in E.164');

const usableUntil = z.iso.date('must be a date, YYYY-MM-DD').describe('The last day the app may be used (inclusive)');

export const MAX_SECONDARY_EMAILS = 5;
const secondaryEmails = z
  .array(emailField)
  .max(MAX_SECONDARY_EMAILS, `must hold at most ${MAX_SECONDARY_EMAILS} addresses`)
  .describe('Addresses that receive mail only (never sign in)');

export const mobileAppRequestSchema = z
  .object({ offered: z.boolean(), usableUntil: usableUntil.optional() })
  .strict()
  .meta({ id: 'MobileAppRequest' });

/** `POST /api/clients`: a prospect, as a professional types it. */
export const clientRequestSchema = z
  .object({
    civility: z.enum(CIVILITIES).optional(),
    firstName: text(100),
    lastName: text(100),
    email: emailField.optional().describe('The primary address (unique among the provider\u2019s clients)'),
    secondaryEmails: secondaryEmails.optional(),
    phone: phoneText.optional(),
    address: addressSchema.optional(),
    department: text(100).optional().describe('A French département ("33 - Gironde") or a department label'),
    referrer: text(100).optional(),
    advisor: text(100).optional(),
    locale: z.enum(LOCALES).optional(),
    mobileApp: mobileAppRequestSchema.optional(),
  })
  .strict()
  .meta({ id: 'ClientRequest' });

export type ClientRequest = z.output<typeof clientRequestSchema>;

/** `PATCH /api/clients/{id}`: the fields given replace the file's; `null` clears an optional one. */
export const clientChangesSchema = z
  .object({
    civility: z.enum(CIVILITIES).nullable().optional(),
    firstName: text(100).optional(),
    lastName: text(100).optional(),
    email: emailField.nullable().optional(),
    secondaryEmails: secondaryEmails.optional(),
    phone: phoneText.nullable().optional(),
    address: addressSchema.nullable().optional(),
    department: text(100).nullable().optional(),
    referrer: text(100).nullable().optional(),
    advisor: text(100).nullable().optional(),
    locale: z.enum(LOCALES).optional(),
    mobileApp: z
      .object({ offered: z.boolean().optional(), usableUntil: usableUntil.nullable().optional() })
      .strict()
      .optional(),
  })
  .strict()
  .meta({ id: 'ClientChanges' });

export type ClientChanges = z.output<typeof clientChangesSchema>;

/** `GET /api/clients?q=`. */
export const searchQuerySchema = z
  .object({
    q: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .describe('A name (each word the beginning of a first- or last-name word, any order), an email or a phone'),
  })
  .strict();

export const clientSummarySchema = z
  .object({
    id: z.uuid(),
    status: z.enum(CLIENT_FILE_STATUSES),
    civility: z.enum(CIVILITIES).optional(),
    firstName: z.string(),
    lastName: z.string(),
    email: z.string().optional(),
    phone: z.string().optional(),
    state: z.string().describe('Can the person sign in here: `prospect` before they did, then `active`'),
    address: z
      .object({ line1: z.string().optional(), postalCode: z.string().optional(), city: z.string().optional() })
      .optional(),
  })
  .meta({ id: 'ClientSummary' });

export const searchAnswerSchema = z
  .object({
    items: z.array(clientSummarySchema).describe('In name order'),
    truncated: z.boolean().describe('More clients match than `items` holds: refine the search'),
  })
  .meta({ id: 'ClientSearch' });

const iso = z.iso.datetime();

export const clientSheetSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(CLIENT_FILE_STATUSES).describe('`prospect` until the person signs in, then `client`'),
    civility: z.enum(CIVILITIES).optional(),
    firstName: z.string(),
    lastName: z.string(),
    locale: z.enum(LOCALES),
    emails: z.object({
      signIn: z.string().optional().describe('The address the person signs in with (once they did)'),
      primary: z.string().optional(),
      secondary: z.array(z.string()),
    }),
    phone: z.string().optional().describe('E.164'),
    address: addressSchema.optional(),
    department: z.string().optional(),
    referrer: z.string().optional(),
    advisor: z.string().optional(),
    mobileApp: z.object({
      offered: z.boolean(),
      usableUntil: z.string().optional(),
      advisor: z.string().optional(),
      firstSignInAt: iso.optional().describe("The app's first connection (the first device activated)"),
      identificationCode: z
        .string()
        .optional()
        .describe('Absent until the mobile app is offered on the file: it is given then, once, and never changes'),
      activation: z
        .object({
          lastSentAt: iso,
          expiresAt: iso,
          sentTo: z.string().describe('The number, masked'),
          delivery: z.object({ status: z.enum(SMS_DELIVERY_STATUSES), at: iso, detail: z.string().optional() }),
        })
        .optional(),
    }),
    firstSignInAt: iso.optional().describe('The first sign-in to the portal for this provider'),
    erasureRequestedAt: iso
      .optional()
      .describe(
        'The person asked from their profile for their data to be erased: erase the file (DELETE), or the retention job does 30 days later',
      ),
    access: z
      .object({
        status: z.enum(['active', 'blocked', 'merged']),
        since: iso,
        reason: z.string().optional(),
        by: z.string().optional(),
        into: z.string().optional(),
      })
      .optional()
      .describe("This provider's access (who and when): set by block and unblock, or the account's once signed in"),
    providers: z.number().int().describe('How many providers the person is a client of'),
    companies: z.array(companySchema.extend({ id: z.string(), createdAt: iso })),
    invitations: z.array(invitationSchema).describe('The latest invitations to these addresses, newest first'),
    devices: z.array(
      z.object({
        id: z.string(),
        activatedAt: iso,
        lastSeenAt: iso,
        appVersion: z.string().optional(),
        label: z.string().optional(),
        revokedAt: iso.optional(),
      }),
    ),
    createdAt: iso,
    updatedAt: iso,
  })
  .meta({ id: 'ClientSheet' });

export type ClientSheetJson = z.infer<typeof clientSheetSchema>;

/** The sheet as the API shows it at `now`: never the activation code nor its hash, the number masked. */
export function clientSheetJson(sheet: Omit<ClientSheet, 'etag'>, now: Date): ClientSheetJson {
  const { file } = sheet;
  const activation = file.activation;
  const access = sheet.access;
  return {
    id: file.id,
    status: file.status,
    ...(file.civility ? { civility: file.civility } : {}),
    firstName: file.firstName,
    lastName: file.lastName,
    locale: file.locale,
    emails: {
      ...(file.emails.signIn ? { signIn: file.emails.signIn } : {}),
      ...(file.emails.primary ? { primary: file.emails.primary } : {}),
      secondary: file.emails.secondary,
    },
    ...(file.phone ? { phone: file.phone } : {}),
    ...(file.address ? { address: file.address } : {}),
    ...(file.department ? { department: file.department } : {}),
    ...(file.referrer ? { referrer: file.referrer } : {}),
    ...(file.advisor ? { advisor: file.advisor } : {}),
    mobileApp: {
      offered: file.mobileApp.offered,
      ...(file.mobileApp.usableUntil ? { usableUntil: file.mobileApp.usableUntil } : {}),
      ...(file.advisor ? { advisor: file.advisor } : {}),
      ...(file.appFirstConnectionAt ? { firstSignInAt: file.appFirstConnectionAt.toISOString() } : {}),
      ...(file.identificationCode ? { identificationCode: file.identificationCode } : {}),
      ...(activation
        ? {
            activation: {
              lastSentAt: (activation.sms.firstSentAt ?? activation.issuedAt).toISOString(),
              expiresAt: activation.expiresAt.toISOString(),
              sentTo: activation.sms.sentTo,
              delivery: {
                status: activation.sms.status,
                at: activation.sms.at.toISOString(),
                ...(activation.sms.detail ? { detail: activation.sms.detail } : {}),
              },
            },
          }
        : {}),
    },
    ...(file.firstSignInAt ? { firstSignInAt: file.firstSignInAt.toISOString() } : {}),
    ...(file.erasureRequestedAt ? { erasureRequestedAt: file.erasureRequestedAt.toISOString() } : {}),
    ...(access
      ? {
          access: {
            status: access.status,
            since: access.since.toISOString(),
            ...(access.status !== 'merged' && access.by ? { by: access.by } : {}),
            ...(access.status !== 'merged' && access.reason ? { reason: access.reason } : {}),
            ...(access.status === 'merged' ? { into: access.into } : {}),
          },
        }
      : {}),
    providers: sheet.providers,
    companies: sheet.companies.map((c) => ({ id: c.id, createdAt: c.createdAt.toISOString(), ...c.company })),
    invitations: sheet.invitations.map((invitation) => invitationJson(invitation, now)),
    devices: sheet.devices.map((d) => ({
      id: d.id,
      activatedAt: d.activatedAt.toISOString(),
      lastSeenAt: d.lastSeenAt.toISOString(),
      ...(d.appVersion ? { appVersion: d.appVersion } : {}),
      ...(d.label ? { label: d.label } : {}),
      ...(d.revokedAt ? { revokedAt: d.revokedAt.toISOString() } : {}),
    })),
    createdAt: file.createdAt.toISOString(),
    updatedAt: file.updatedAt.toISOString(),
  };
}
