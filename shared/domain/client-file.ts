/**
 * The client file: what one provider holds on a person it serves (seed 000's "fiche client"), whether the person
 * has signed in yet (`client`) or not (`prospect`, typed in by a professional). It is provider-scoped: the API's
 * client id is the file's id, and another provider's file does not exist for a professional (404).
 *
 * A file carries the mobile app's side (seed 000's "Appli mobile" tab): whether the app is offered and until when,
 * the identification code (an identifier: it names the client to the app, unique across the service so the app's
 * anonymous requests need nothing else), the current activation code (a secret: only its HMAC, SECURITY.md), and the
 * devices activated with it.
 *
 * This module holds the shapes and the ports every part of the clients capability shares; the rules live beside
 * it (`client-search.ts`, `activation.ts`, the use cases).
 */
import type { ProviderAccess } from './client.js';
import type { Invitation, PostalAddress } from './invitation.js';
import type { Locale } from './locale.js';
import type { Versioned } from './ports.js';

export const CIVILITIES = ['mr', 'mrs'] as const;
/** M. / Mme — the sheet shows it in the page's language. */
export type Civility = (typeof CIVILITIES)[number];

export const CLIENT_FILE_STATUSES = ['prospect', 'client'] as const;
/** `prospect` until the person signs in for this provider (accepts an invitation), then `client`. */
export type ClientFileStatus = (typeof CLIENT_FILE_STATUSES)[number];

/** Seed 000: "peut utiliser l'application jusqu'au …". `usableUntil` is a calendar day (`YYYY-MM-DD`), inclusive. */
export interface MobileApp {
  offered: boolean;
  usableUntil?: string;
}

/**
 * Seed 004's addresses: the one the person signs in with (known once they have signed in: their account's), the
 * primary one the provider writes to (the invitation's, or the one a professional typed), and secondary addresses
 * that only receive mail. All normalized (`normalizeEmail`).
 */
export interface ClientEmails {
  signIn?: string;
  primary?: string;
  secondary: string[];
}

/** One release of a file's addresses: what its sheet's history says. */
export interface EmailRelease {
  at: Date;
  /** The professional's name, or `ops` (the provider command). */
  by: string;
  /** The addresses released, masked (`c•••@example.com`). */
  addresses: string[];
  /** The account's sign-in in Entra was freed too (its email sign-in identity renamed). */
  account: boolean;
}

/** The delivery of the latest activation SMS, as ACS and its delivery report tell it. */
export const SMS_DELIVERY_STATUSES = ['queued', 'retrying', 'sent', 'delivered', 'failed'] as const;
export type SmsDeliveryStatus = (typeof SMS_DELIVERY_STATUSES)[number];

/**
 * The current activation code of a client (SECURITY.md: 6 digits, HMAC at rest, 10 minutes, single use, a new code
 * invalidates the old, 5 wrong tries spend it). Never the code itself.
 */
export interface ActivationCode {
  /** HMAC-SHA256 of the code under the server's activation key, base64url. */
  hash: string;
  issuedAt: Date;
  expiresAt: Date;
  /** Wrong codes typed against this code; at 5 it is spent. */
  wrongTries: number;
  /** Set when a device was activated with it (single use). */
  usedAt?: Date;
  /** Who asked for it: a professional (oid) or the app (`app`). */
  requestedBy: string;
  /**
   * The code itself, sealed (AES-GCM, like the invitation link key in the email outbox) for the SMS dispatcher only,
   * and erased once the SMS is settled (sent or abandoned).
   */
  sealedCode?: string;
  /**
   * The SMS that carries it: its id (a GUID: the repeatability request id of the send), the repeatability first-sent
   * instant once a send was tried, sends tried, masked destination, delivery status and when it last changed.
   */
  sms: {
    id: string;
    sentTo: string;
    status: SmsDeliveryStatus;
    at: Date;
    attempts: number;
    firstSentAt?: Date;
    detail?: string;
  };
}

/**
 * The client's activation failures, counted across codes (SECURITY.md: 10 per client per 24 h lock activation until
 * a professional sends a new code).
 */
export interface ActivationFailures {
  /** The instants of the latest failures, newest last, at most 10. */
  recent: Date[];
  /** Set when the 10th failure within 24 h happened; cleared when a professional sends a new code. */
  lockedAt?: Date;
}

/** A phone or tablet activated with the codes: it holds a device credential naming this id. */
export interface Device {
  id: string;
  activatedAt: Date;
  lastSeenAt: Date;
  appVersion?: string;
  /** From the app's request, for people to recognise it ("iPhone de Claire"); never trusted. */
  label?: string;
  revokedAt?: Date;
  revokedBy?: string;
}

/** One line of the file's two-step history (the sheet's). */
export interface TwoStepEvent {
  event: 'turned-off';
  at: Date;
  /** The professional's name, as the console or their token gave it. */
  by: string;
  reason?: string;
}

/** The sheet keeps this many two-step events (the file is one entity, at most 1 MiB). */
export const TWO_STEP_EVENTS_KEPT = 20;

export interface ClientFile {
  id: string;
  providerId: string;
  status: ClientFileStatus;
  civility?: Civility;
  firstName: string;
  lastName: string;
  emails: ClientEmails;
  /** E.164, as the phone-number library formatted it. */
  phone?: string;
  /** The postal address the provider keeps (seed 000's columns: address, postal code, city). */
  address?: PostalAddress;
  /** A French département code or a free department label, as the provider uses it (seed 000's "Département"). */
  department?: string;
  /** Who referred the client ("Apporteur"). */
  referrer?: string;
  /** The advisor in charge ("Conseiller"): a name as the provider writes it. */
  advisor?: string;
  locale: Locale;
  mobileApp: MobileApp;
  /**
   * 8 characters of `IDENTIFICATION_CODE_ALPHABET`, unique across the service; given once, never changed. Seed 000:
   * the person is given it with the app — so a file gets it when the mobile app is first offered on it (created or
   * edited with `mobileApp.offered`), and a file the app was never offered on has none.
   */
  identificationCode?: string;
  /** The signed-in person (`tid|oid`), once linked by an accepted invitation. */
  accountKey?: string;
  /**
   * Access at this provider as its professionals set it (block, unblock, merge), with who and when; absent: active.
   * Sign-in reads the account's provider record (`ClientRecord.access`, ClientAccounts): the access use cases write
   * both.
   */
  access?: ProviderAccess;
  /**
   * What professionals did to the account's two-step verification (docs/two-step-help.md), oldest first, the latest
   * `TWO_STEP_EVENTS_KEPT` only: who turned it off, when, and why when they said.
   */
  twoStepEvents?: TwoStepEvent[];
  /**
   * The file's addresses released (seed 004, "demander la libération du courriel"; release-email.ts), oldest first:
   * when, by whom, and the addresses as they were, masked. A released file holds no address any more.
   */
  emailReleases?: EmailRelease[];
  /** The invitation that made the prospect a client, if any. */
  invitationId?: string;
  /** First sign-in to the portal for this provider (accepting the invitation). */
  firstSignInAt?: Date;
  /**
   * The person asked, from their profile, for their data to be erased (docs/privacy.md "Erasure asked by the client"):
   * a professional of the provider erases the file, or the retention job does `ERASURE_REQUEST_DAYS` later.
   */
  erasureRequestedAt?: Date;
  /** The mobile app's first connection (seed 000's "Première connexion"): the first device activated. */
  appFirstConnectionAt?: Date;
  activation?: ActivationCode;
  activationFailures: ActivationFailures;
  createdAt: Date;
  /** The professional (oid) who created it, or `invitation` when an accepted invitation did. */
  createdBy: string;
  updatedAt: Date;
}

/** SECURITY.md: no 0/O, 1/I/L. 31 characters; 8 of them give 31^8 ≈ 8.5 × 10^11 codes. */
export const IDENTIFICATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const IDENTIFICATION_CODE_LENGTH = 8;

/** One row of a search's answer: the seed's columns, enough to list without reading the file. */
export interface ClientSummary {
  id: string;
  status: ClientFileStatus;
  civility?: Civility;
  firstName: string;
  lastName: string;
  /** The primary address (or the sign-in one when there is no primary). */
  email?: string;
  phone?: string;
  /** Seed 000's "État": can the person sign in at this provider (`active`, `blocked`, …) — `prospect` before. */
  state: string;
  address?: { line1?: string; postalCode?: string; city?: string };
}

/**
 * The codes of the mobile app's activation (SECURITY.md): identification codes (random, from the unambiguous
 * alphabet) and activation codes (6 digits from a CSPRNG; only their HMAC under the server's activation key is
 * kept, compared in constant time).
 */
export interface ClientCodes {
  newIdentificationCode(): string;
  issueActivationCode(): { code: string; hash: string };
  /** Whether the code typed is the one whose HMAC this is (under any configured key, so keys can rotate). */
  activationCodeMatches(code: string, hash: string): boolean;
}

/** What a search asks for, already normalized by `client-search.ts`. */
export type ClientSearchTerms =
  | { kind: 'name'; tokens: string[] }
  | { kind: 'email'; email: string }
  | { kind: 'phone'; phone: string };

/** What else a file's creation writes in the provider's partition, in the same transaction. */
export interface CreateClientFileOptions {
  /**
   * An invitation just accepted whose listing row's summary is written with the file (its store was told
   * `listingWithClientFile`). A listing row that is gone stays gone; when the file cannot be created (a file holds
   * the address, or the id), the summary is written on its own all the same, then the create's error is thrown.
   */
  listingOf?: Invitation;
}

/**
 * The provider's client files, with their search index and identification codes (Table Storage, `ProviderIndex`, the
 * provider's partition, beside its invitations' claims and listing: the file, its index rows and its devices change in
 * one transaction).
 */
export interface ClientFileStore {
  /**
   * Claims an identification code across the service (a conditional insert of its own row): false when taken.
   * A claimed code whose file was never written names nothing and is never handed out again.
   */
  claimIdentificationCode(code: string, providerId: string, clientId: string): Promise<boolean>;
  /**
   * Writes a new file and its index rows at once; `concurrent-update` when the id exists, `client-exists` (with the
   * holder's `clientId`) when another file of the provider signs in with or writes to one of its addresses.
   */
  create(file: ClientFile, options?: CreateClientFileOptions): Promise<Versioned<ClientFile>>;
  get(providerId: string, clientId: string): Promise<Versioned<ClientFile> | undefined>;
  /**
   * Replaces `current` (the version the caller read: its ETag is the If-Match, its index rows are the ones to change)
   * by `file`, index rows in step, in one transaction; `concurrent-update` when it moved, `client-exists` as `create`.
   */
  replace(file: ClientFile, current: Versioned<ClientFile>): Promise<Versioned<ClientFile>>;
  /** The file an identification code names (any provider), or undefined. One point read, then the file's. */
  byIdentificationCode(code: string): Promise<Versioned<ClientFile> | undefined>;
  /** The provider's file whose primary or sign-in email is this normalized address, if any. */
  byEmail(providerId: string, email: string): Promise<Versioned<ClientFile> | undefined>;
  /** Range queries over the provider's index: at most `limit` summaries, in name order. */
  search(providerId: string, terms: ClientSearchTerms, limit: number): Promise<ClientSummary[]>;
  /**
   * Erases the file: the file, its index rows and its devices (its provider's partition, If-Match `current`) and the
   * row of its identification code. Gone already: no change.
   */
  erase(current: Versioned<ClientFile>): Promise<void>;
  /** The client's devices, newest first. */
  devices(providerId: string, clientId: string): Promise<Device[]>;
  /** Adds or replaces a device row (in the file's partition). */
  putDevice(providerId: string, clientId: string, device: Device): Promise<void>;
  /**
   * Activation's one write: replaces the file If-Match (its code marked used) and inserts the new device row in the
   * same transaction, so a device exists exactly when its code was spent on it; `concurrent-update` when it moved.
   */
  activateDevice(file: ClientFile, current: Versioned<ClientFile>, device: Device): Promise<Versioned<ClientFile>>;
  /** One device of the client, with its ETag, or undefined. One point read. */
  device(providerId: string, clientId: string, deviceId: string): Promise<Versioned<Device> | undefined>;
  /** Replaces a device row If-Match (revoked, seen); `concurrent-update` when it moved or is gone. */
  replaceDevice(providerId: string, clientId: string, device: Device, etag: string): Promise<Versioned<Device>>;
}
