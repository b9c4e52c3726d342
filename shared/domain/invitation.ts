/**
 * The invitation: a provider's offer to a person at an email address to become its client. Its life:
 * pending → accepted → completed, or revoked; a pending invitation past its expiry is expired (derived, never
 * stored, so no timer is needed). The link key is a secret: only its hash is kept, and a resend rotates it —
 * the previous keys' hashes are kept so an old link can say that a newer invitation was sent.
 */
import { DomainError } from './errors.js';
import type { Locale } from './locale.js';

/** Every status, once: the schemas at the edge list them from here (`z.enum(INVITATION_STATUSES)`). */
export const INVITATION_STATUSES = ['pending', 'accepted', 'completed', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
export type StoredInvitationStatus = Exclude<InvitationStatus, 'expired'>;
/**
 * Where the invitation's current email is: `queued`, `retrying` (a passing failure, or waiting for ACS's quota),
 * `sent` (ACS accepted it), then `delivered` or `failed` from its delivery report (or `failed` when ACS never
 * accepted it); `not-requested` when the professional delivers the link.
 */
export const DELIVERY_STATUSES = ['queued', 'retrying', 'sent', 'delivered', 'failed', 'not-requested'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DEFAULT_EXPIRY_DAYS = 7;
export const MIN_EXPIRY_DAYS = 1;
export const MAX_EXPIRY_DAYS = 30;
/** How many superseded key hashes an invitation remembers (enough for any sane number of resends). */
const REMEMBERED_KEYS = 10;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface PostalAddress {
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** The company data the provider entered, which the client confirms at "Create company". */
export interface CompanyDraft {
  name: string;
  registrationNumber?: string;
  vatNumber?: string;
  address?: PostalAddress;
  phone?: string;
}

export interface Delivery {
  status: DeliveryStatus;
  attempts: number;
  lastError?: string;
  lastAttemptAt?: Date;
  sentAt?: Date;
}

export interface Inviter {
  oid: string;
  name: string;
}

/**
 * Where an invitation holds dates (`delivery.sentAt`: a field of its delivery): its JSON forms — the stored row, the
 * sign-in cookie — carry them as strings, and whoever reads one back turns exactly these into dates again.
 */
export const INVITATION_DATES = [
  'createdAt',
  'expiresAt',
  'openedAt',
  'acceptedAt',
  'completedAt',
  'revokedAt',
  'delivery.lastAttemptAt',
  'delivery.sentAt',
] as const;

export interface Invitation {
  id: string;
  providerId: string;
  /** Normalized (see email-address.ts). */
  email: string;
  firstName: string;
  lastName: string;
  locale: Locale;
  phone?: string;
  company?: CompanyDraft;
  message?: string;
  invitedBy: Inviter;
  createdAt: Date;
  expiresAt: Date;
  status: StoredInvitationStatus;
  keyHash: string;
  keyVersion: number;
  supersededKeyHashes: string[];
  delivery: Delivery;
  openedAt?: Date;
  acceptedAt?: Date;
  completedAt?: Date;
  revokedAt?: Date;
  clientId?: string;
  batchId?: string;
  /** The row of the bulk this invitation came from. */
  batchIndex?: number;
}

export interface InvitationDetails {
  email: string;
  firstName: string;
  lastName: string;
  locale: Locale;
  phone?: string;
  company?: CompanyDraft;
  message?: string;
  expiresInDays: number;
  sendEmail: boolean;
  /** For app-only callers (a back office relaying a person's request): the name of that person. */
  inviterName?: string;
}

/** A change the invitation's status does not allow: refused as `invitation-<status>` (`invitation-accepted`, …). */
function refusedWhile(status: InvitationStatus, message: string): DomainError {
  return new DomainError(`invitation-${status}`, message);
}

export function checkExpiryDays(days: number): void {
  if (!Number.isInteger(days) || days < MIN_EXPIRY_DAYS || days > MAX_EXPIRY_DAYS) {
    throw new DomainError(
      'validation-failed',
      `expiresInDays must be a whole number from ${MIN_EXPIRY_DAYS} to ${MAX_EXPIRY_DAYS}.`,
    );
  }
}

export function createInvitation(
  details: InvitationDetails,
  context: {
    id: string;
    providerId: string;
    invitedBy: Inviter;
    now: Date;
    keyHash: string;
    batchId?: string;
    batchIndex?: number;
  },
): Invitation {
  checkExpiryDays(details.expiresInDays);
  const { expiresInDays, sendEmail, inviterName: _relayed, ...rest } = details;
  return {
    ...rest,
    id: context.id,
    providerId: context.providerId,
    invitedBy: context.invitedBy,
    createdAt: context.now,
    expiresAt: new Date(context.now.getTime() + expiresInDays * DAY_MS),
    status: 'pending',
    keyHash: context.keyHash,
    keyVersion: 1,
    supersededKeyHashes: [],
    delivery: { status: sendEmail ? 'queued' : 'not-requested', attempts: 0 },
    ...(context.batchId ? { batchId: context.batchId } : {}),
    ...(context.batchIndex === undefined ? {} : { batchIndex: context.batchIndex }),
  };
}

/** The status a person sees: a pending invitation past its expiry is expired. */
export function effectiveStatus(invitation: Invitation, now: Date): InvitationStatus {
  return invitation.status === 'pending' && now.getTime() >= invitation.expiresAt.getTime()
    ? 'expired'
    : invitation.status;
}

/** Whether this invitation still blocks another pending invitation to the same email for the same provider. */
export function isOpen(invitation: Invitation, now: Date): boolean {
  return effectiveStatus(invitation, now) === 'pending';
}

/** Resend: a new key (the old link stops working and says why), a new expiry, a new email. */
export function resend(
  invitation: Invitation,
  context: { now: Date; keyHash: string; expiresInDays: number },
): Invitation {
  checkExpiryDays(context.expiresInDays);
  const status = effectiveStatus(invitation, context.now);
  if (status !== 'pending' && status !== 'expired') {
    throw refusedWhile(status, `An invitation that is ${status} cannot be resent.`);
  }
  return {
    ...invitation,
    status: 'pending',
    keyHash: context.keyHash,
    keyVersion: invitation.keyVersion + 1,
    supersededKeyHashes: [invitation.keyHash, ...invitation.supersededKeyHashes].slice(0, REMEMBERED_KEYS),
    expiresAt: new Date(context.now.getTime() + context.expiresInDays * DAY_MS),
    delivery: { status: 'queued', attempts: 0 },
  };
}

export function revoke(invitation: Invitation, now: Date): Invitation {
  const status = effectiveStatus(invitation, now);
  if (status === 'revoked') return invitation;
  if (status !== 'pending' && status !== 'expired') {
    throw refusedWhile(status, `An invitation that is ${status} cannot be revoked.`);
  }
  return { ...invitation, status: 'revoked', revokedAt: now };
}

/** What a link (invitation id + key) leads to. Unknown ids, wrong keys and revoked invitations look the same. */
export type LinkOutcome =
  | { kind: 'valid'; invitation: Invitation }
  | { kind: 'expired'; invitation: Invitation }
  | { kind: 'superseded'; invitation: Invitation }
  | { kind: 'already-accepted'; invitation: Invitation }
  | { kind: 'not-found' };

export function followLink(
  invitation: Invitation | undefined,
  presentedKeyHash: string,
  now: Date,
  sameHash: (a: string, b: string) => boolean,
): LinkOutcome {
  if (!invitation) return { kind: 'not-found' };
  if (!sameHash(invitation.keyHash, presentedKeyHash)) {
    const superseded = invitation.supersededKeyHashes.some((h) => sameHash(h, presentedKeyHash));
    return superseded && invitation.status !== 'revoked' ? { kind: 'superseded', invitation } : { kind: 'not-found' };
  }
  switch (effectiveStatus(invitation, now)) {
    case 'pending':
      return { kind: 'valid', invitation };
    case 'expired':
      return { kind: 'expired', invitation };
    case 'accepted':
    case 'completed':
      return { kind: 'already-accepted', invitation };
    case 'revoked':
      return { kind: 'not-found' };
  }
}

/** The invitation's first click-through by a person (not a scanner's GET) is recorded once. */
export function markOpened(invitation: Invitation, now: Date): Invitation {
  return invitation.openedAt ? invitation : { ...invitation, openedAt: now };
}

/** The invited person signed in with the invited address: the invitation is theirs. Exactly once (see the store). */
export function accept(invitation: Invitation, context: { now: Date; clientId: string }): Invitation {
  const status = effectiveStatus(invitation, context.now);
  if (status !== 'pending') {
    throw refusedWhile(status, `An invitation that is ${status} cannot be accepted.`);
  }
  return { ...invitation, status: 'accepted', acceptedAt: context.now, clientId: context.clientId };
}

/**
 * Whether `clientId`'s onboarding by this invitation may go back to Create Company: it accepted the invitation and
 * the company is not created yet. Another person's invitation, a completed, revoked or pending one never does.
 */
export function awaitsCompanyOf(invitation: Invitation, clientId: string): boolean {
  return invitation.status === 'accepted' && invitation.clientId === clientId;
}

/** The client confirmed the company: onboarding is over. */
export function complete(invitation: Invitation, now: Date): Invitation {
  if (invitation.status === 'completed') return invitation;
  if (invitation.status !== 'accepted') {
    throw refusedWhile(invitation.status, `An invitation that is ${invitation.status} cannot be completed.`);
  }
  return { ...invitation, status: 'completed', completedAt: now };
}
