/**
 * The ports the use cases depend on. Adapters implement them over Table Storage, Queue Storage, ACS and Entra;
 * unit tests implement them in memory.
 */
import type { BatchHeader, BatchRow, BatchSummary, ChunkOutcome, RejectedRow } from './bulk.js';
import type {
  ClientAccount,
  ClientProfile,
  ClientRecord,
  OwnedCompany,
  ProviderAccess,
  VerifiedIdentity,
} from './client.js';
import type { DirectoryAccount } from './directory-account.js';
import type { Invitation } from './invitation.js';
import type { Locale } from './locale.js';
import type { DispatchRequest, OutboxEntry, OutboxReason, SendWindow } from './outbox.js';
import type { ResetToken } from './password-reset.js';
import type { Professional, Provider } from './provider.js';
import type { PendingEmailChange } from './sign-in-email.js';
import type { TimelineEvent } from './timeline.js';
import type { TwoStepState } from './two-step.js';

export interface Clock {
  now(): Date;
}

export interface Ids {
  newId(): string;
  /** The same GUID for the same name, every time: a retried bulk row gets the invitation id it had. */
  derive(namespace: string, name: string): string;
}

/** Invitation link keys: random, only their hash is stored, compared in constant time. */
export interface LinkKeys {
  issue(): { key: string; hash: string };
  hash(key: string): string;
  same(hashA: string, hashB: string): boolean;
  /** Encrypts a key for the outbox (the dispatcher needs it to write the link) and back. */
  seal(key: string): string;
  open(sealed: string): string;
}

/** A value with the ETag it was read with: one-time transitions write with it (If-Match). */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/** The claim a pending invitation holds on (provider, email): at most one at a time. */
export interface EmailClaim {
  providerId: string;
  email: string;
  invitationId: string;
  claimedAt: Date;
  etag: string;
}

export interface InvitationListing {
  invitationIds: string[];
  nextCursor?: string;
}

/**
 * What a provider's listing can be narrowed to by its rows alone — the summary columns and the creation time of the
 * row key — so the store filters server-side and reads no invitation to do it. The summary may lag its invitation by
 * one write (docs/console.md): callers check what they show against the invitation itself.
 */
export interface ListingConditions {
  /** Still pending (neither accepted, completed nor revoked), expired or not; or not pending. */
  pending?: boolean;
  /** Its link stops working strictly after this instant. */
  expiresAfter?: Date;
  /** Its link stops working at or before this instant. */
  expiresBy?: Date;
  /** Its latest email could not be delivered, or not. */
  deliveryFailed?: boolean;
  /** Accepted at or after this instant (completed since or not). */
  acceptedSince?: Date;
  /** Created at or after this instant. */
  createdFrom?: Date;
  /** Created strictly before this instant. */
  createdBefore?: Date;
}

/** Newest first (the listing's key order) or oldest first (read in time windows: docs/console.md). */
export type ListingOrder = 'newest' | 'oldest';

/** No invitation was created before this: where an oldest-first listing without `createdFrom` starts looking. */
export const LISTING_ORIGIN = new Date('2020-01-01T00:00:00.000Z');

/** The listing options of `InvitationStore.list`. */
export interface ListingOptions {
  /** The normalized address. */
  email?: string;
  cursor?: string;
  limit: number;
  where?: ListingConditions;
  order?: ListingOrder;
}

/**
 * What the console's counts need of one invitation, as its provider's listing row carries it (a projection the store
 * keeps in step with the invitation's writes): still pending (neither accepted, completed nor revoked), until when,
 * whether its latest email could not be delivered, and when it was accepted.
 */
export interface InvitationSummary {
  invitationId: string;
  pending: boolean;
  expiresAt: Date;
  deliveryFailed: boolean;
  acceptedAt?: Date;
}

/** Who claims (provider, email): the invitation, listed under its creation time; claimed then, unless `claimedAt`. */
export type EmailClaimant = Pick<Invitation, 'providerId' | 'email' | 'id' | 'createdAt' | 'expiresAt'> & {
  claimedAt?: Date;
};

/** How many claims `claimEmails` takes in one write (a Table transaction holds 100 entities: a claim and a listing row each). */
export const MAX_CLAIMS_TOGETHER = 50;

/**
 * The "Accept" clicks an invitation counted in one fixed window (its counter lives beside it, one row rewritten from
 * window to window). `etag` is the stored counter's, whatever its window; absent when the invitation has none yet.
 */
export interface ClickCount {
  count: number;
  etag?: string;
}

export interface InvitationStore {
  /** Claims (provider, email) for an invitation and lists it for the provider; refuses if already claimed. */
  claimEmail(invitation: EmailClaimant): Promise<{ claimed: true } | { claimed: false; holder: EmailClaim }>;
  /**
   * Claims the emails of several invitations of one provider (distinct emails, at most `MAX_CLAIMS_TOGETHER`) in one
   * write, all or none: false, with nothing written, when any of them is claimed already.
   */
  claimEmails(invitations: EmailClaimant[]): Promise<boolean>;
  /**
   * Replaces a claim, if it is unchanged since read (If-Match): a stale one (its invitation expired, revoked or never
   * written), or the invitation's own, taken again by a renewal (`claimedAt`).
   */
  takeOverClaim(
    stale: EmailClaim,
    invitation: Pick<EmailClaimant, 'id' | 'createdAt' | 'expiresAt' | 'claimedAt'>,
  ): Promise<boolean>;
  /** Gives up a claim this invitation holds (its write failed): the next request is not blocked by a phantom. */
  releaseClaim(invitation: Pick<Invitation, 'providerId' | 'email' | 'id' | 'createdAt'>): Promise<void>;
  /** Writes a new invitation, its outbox row and its first events in one transaction. */
  create(invitation: Invitation, outbox: OutboxEntry | undefined, events: TimelineEvent[]): Promise<void>;
  get(invitationId: string): Promise<Versioned<Invitation> | undefined>;
  /**
   * The email ACS knows by this message id (an outbox row's id, its ACS operation id) and its invitation. Every
   * outbox row can be found so: the invitation's own email in its partition, later ones through an index the store
   * keeps. Nothing found for a message this service never sent.
   */
  findByMessageId(messageId: string): Promise<{ invitation?: Versioned<Invitation>; outbox?: Versioned<OutboxEntry> }>;
  /**
   * Writes one outbox row alone, If-Match its ETag (the repeatability pair of the send about to be made). Throws a
   * DomainError `concurrent-update` when the row changed (or went) since it was read; resolves to the row as written.
   */
  updateOutbox(current: Versioned<OutboxEntry>, next: OutboxEntry): Promise<Versioned<OutboxEntry>>;
  /** The invitation and one of its outbox rows, in one read. */
  getWithOutbox(
    invitationId: string,
    outboxId: string,
  ): Promise<{ invitation?: Versioned<Invitation>; outbox?: Versioned<OutboxEntry> }>;
  /**
   * Writes a changed invitation (If-Match its ETag), with new events and outbox changes, in one transaction.
   * Throws a DomainError `concurrent-update` when the invitation or the outbox row changed since it was read.
   * Resolves to the invitation's new ETag.
   */
  update(
    current: Versioned<Invitation>,
    next: Invitation,
    changes: {
      events?: TimelineEvent[];
      newOutbox?: OutboxEntry;
      outbox?: { current: Versioned<OutboxEntry>; next: OutboxEntry };
      /**
       * The provider's listing row is brought in step by the caller's next write in the provider's partition (an
       * acceptance: `ClientFileStore.create` with `listingOf`), not here: one write there instead of two.
       */
      listingWithClientFile?: boolean;
    },
  ): Promise<string>;
  /**
   * Marks an accepted invitation completed without reading it, If-Match the ETag the caller remembers (the status
   * and completion time are their own columns). False when it changed since: read it and use `update`.
   */
  markCompleted(invitationId: string, etag: string, completedAt: Date, event: TimelineEvent): Promise<boolean>;
  /**
   * The invitation and its "Accept" clicks counted in the window that starts at `windowStart`, in one read (a
   * counter of an earlier window counts 0 here).
   */
  getWithClicks(
    invitationId: string,
    windowStart: Date,
  ): Promise<{ invitation?: Versioned<Invitation>; clicks: ClickCount }>;
  /**
   * Counts one more click in the window (If-Match the counter as read; created when none was stored) and appends its
   * event, in one transaction, without touching the invitation. Throws a DomainError `concurrent-update`, with nothing
   * written, when another click was counted since the read.
   */
  countClick(invitationId: string, windowStart: Date, read: ClickCount, event: TimelineEvent): Promise<void>;
  /** Appends an event without touching the invitation (e.g. "opened": no read needed, no contention). */
  appendEvent(invitationId: string, event: TimelineEvent): Promise<void>;
  /**
   * Erases an invitation (the right to erasure, `erasure.ts`): its row becomes `erased` If-Match `current`, every other
   * row of its partition (its emails, events, click counter) goes and one `erased` event stays; the provider's listing
   * row forgets the address, and the (provider, address) claim goes when it is this invitation's.
   */
  erase(current: Versioned<Invitation>, erased: Invitation, event: TimelineEvent): Promise<void>;
  /** Its events, oldest first: at most `limit` of them (by default `TIMELINE_READ_LIMIT`), never an unbounded read. */
  timeline(invitationId: string, options?: { limit?: number }): Promise<TimelineEvent[]>;
  /**
   * The provider's invitations, newest first (or oldest first); `email` narrows to one address, `where` to what the
   * listing rows say (server-side). A cursor continues the listing in the order it was given for.
   */
  list(providerId: string, options: ListingOptions): Promise<InvitationListing>;
  /**
   * Every invitation of the provider as its listing row summarizes it (the console's counts): one query of the
   * provider's partition, a few columns per row. Rows whose invitation was never written are left out.
   */
  summaries(providerId: string): Promise<InvitationSummary[]>;
}

export interface DispatchQueue {
  /** Queues a pointer to an outbox row, visible after `delaySeconds`. */
  schedule(request: DispatchRequest, delaySeconds: number): Promise<void>;
  /** Parks a pointer whose email could not be sent, for ops to look at (the poison queue). */
  park(request: DispatchRequest, reason: string): Promise<void>;
}

export interface ProviderDirectory {
  get(providerId: string): Promise<Provider | undefined>;
  /** The provider a professional acts for (by user, by calling app, or for the whole tenant). */
  providerOf(professional: Professional): Promise<string | undefined>;
  /** The provider whose client code (seed 003's `client=`) this is, in any case; undefined when none has it. */
  byAgencyCode(clientCode: string): Promise<Provider | undefined>;
}

export interface EmailMessage {
  /** The ACS operation id (a GUID): ACS's id of the email, and the `messageId` of its delivery report. */
  messageId: string;
  /** Idempotency: ACS executes the same repeatability pair once within its 5-minute window. */
  repeatability: SendWindow;
  to: { address: string; displayName: string };
  subject: string;
  html: string;
  text: string;
}

/**
 * What ACS made of a send. `sent`: accepted (202), delivery follows. `throttled`: over the quota (429), refused for
 * now — never an attempt. `transient-failure`: no answer, 408, 5xx, or a repeatability window ACS no longer
 * tracks (412, `renewWindow`). `permanent-failure`: refused (4xx).
 */
export type EmailOutcome =
  | { kind: 'sent' }
  | { kind: 'throttled'; reason: string; retryAfterSeconds?: number }
  | { kind: 'transient-failure'; reason: string; retryAfterSeconds?: number; renewWindow?: boolean }
  | { kind: 'permanent-failure'; reason: string };

export interface EmailSender {
  /** Sends and returns once ACS has answered the send itself: never waits on the operation's status. */
  send(message: EmailMessage): Promise<EmailOutcome>;
}

export interface InvitationEmailContent {
  subject: string;
  html: string;
  text: string;
}

/** Writes the invitation email (templates live at the edge, in shared/web). */
export interface InvitationEmailComposer {
  compose(input: {
    invitation: Invitation;
    provider: Provider;
    acceptUrl: string;
    reason: OutboxReason;
  }): InvitationEmailContent;
}

/** Public links the service writes (from the configured base URL, never from a request's Host header). */
export interface Links {
  acceptInvitation(invitationId: string, key: string): string;
}

/** Counters held in shared storage (ETag compare-and-swap), so limits hold across instances. */
export interface Limits {
  /**
   * One more on the key's fixed window, when the limit allows: `used` is then the window's count with this one (the
   * SMS budget tells 80 % and 100 % from it, each reached by exactly one taker).
   */
  take(
    key: string,
    rule: { limit: number; windowSeconds: number },
  ): Promise<{ allowed: boolean; retryAfterSeconds: number; used?: number }>;
  /**
   * Every rule at once on one key, each sliding: at most `limit` allowed in any `windowSeconds` (not a fixed window,
   * which lets twice the limit through around its edge). Allowed only when every rule allows, and then counted once;
   * refused with the seconds until every rule would allow. One row per key holds the times allowed in the longest
   * window, so it is for small limits (`MAX_SLIDING_LIMIT`); a budget of thousands per day uses `take`.
   */
  takeSliding(key: string, rules: readonly SlidingRule[]): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export interface SlidingRule {
  limit: number;
  windowSeconds: number;
}

/** The largest sliding limit: its times must fit one Table property (64 KiB), 9 characters each. */
export const MAX_SLIDING_LIMIT = 2000;

/**
 * What `takeSliding` decides, given the times (ms) already allowed on the key: the pure rule both the Table adapter and
 * the fake apply. Times older than the longest window are dropped.
 */
export function slidingDecision(
  times: readonly number[],
  rules: readonly SlidingRule[],
  now: number,
): { allowed: boolean; retryAfterSeconds: number; kept: number[] } {
  const longest = Math.max(...rules.map((r) => r.windowSeconds)) * 1000;
  const kept = times.filter((t) => t > now - longest).sort((a, b) => a - b);
  let waitMs = 0;
  for (const rule of rules) {
    if (rule.limit > MAX_SLIDING_LIMIT) throw new Error(`a sliding limit is at most ${MAX_SLIDING_LIMIT}`);
    const windowMs = rule.windowSeconds * 1000;
    const inWindow = kept.filter((t) => t > now - windowMs);
    if (inWindow.length < rule.limit) continue;
    // The hit whose leaving the window brings the count under the limit.
    const leaving = inWindow[inWindow.length - rule.limit] ?? now;
    waitMs = Math.max(waitMs, leaving + windowMs - now);
  }
  if (waitMs > 0 || rules.some((r) => r.limit < 1)) {
    const never = rules.some((r) => r.limit < 1);
    const seconds = never ? Math.max(...rules.map((r) => r.windowSeconds)) : Math.ceil(waitMs / 1000);
    return { allowed: false, retryAfterSeconds: Math.max(1, seconds), kept };
  }
  return { allowed: true, retryAfterSeconds: 0, kept: [...kept, now] };
}

/** Where bulk invitations wait, chunk by chunk, and how far they got. */
export interface BatchStore {
  /** Stores a batch whole or not at all: a batch is visible once its header is (written last). */
  create(header: BatchHeader, chunks: Map<number, BatchRow[]>): Promise<void>;
  header(batchId: string): Promise<BatchSummary | undefined>;
  /** The rows refused when the bulk was accepted, in index order. */
  rejected(batchId: string): Promise<RejectedRow[]>;
  chunk(batchId: string, chunk: number): Promise<Versioned<{ rows: BatchRow[]; outcome: ChunkOutcome }> | undefined>;
  /** Records a chunk's outcome If-Match; false when someone else recorded it first. */
  finishChunk(batchId: string, chunk: number, etag: string, outcome: ChunkOutcome): Promise<boolean>;
  outcomes(batchId: string): Promise<ChunkOutcome[]>;
  /** Counts one email of the batch as sent or failed (compare-and-swap on the chunk's row). */
  countDelivery(batchId: string, chunk: number, outcome: 'sent' | 'failed'): Promise<void>;
  /** The provider's latest batches, newest first, at most `limit` (a key range of the provider's listing, no scan). */
  recent(providerId: string, limit: number): Promise<BatchSummary[]>;
}

export interface BatchQueue {
  enqueueChunk(batchId: string, chunk: number): Promise<void>;
}

/** Reserves send times for a run of emails, shared by every instance: returns the delay of the first one. */
export interface EmailPacer {
  reserve(count: number): Promise<{ firstDelaySeconds: number; intervalSeconds: number }>;
}

/** One sign-in attempt's secrets: kept in the browser's encrypted transaction cookie, never in storage. */
export interface SignInAttempt {
  state: string;
  nonce: string;
  codeVerifier: string;
  codeChallenge: string;
}

/** Entra sign-in of clients (the external tenant): authorize URLs, and redeeming a code for a verified identity. */
export interface ClientSignIn {
  newAttempt(): SignInAttempt;
  /** Compares two `state` values in constant time. */
  sameState(a: string, b: string): boolean;
  authorizeUrl(request: {
    attempt: SignInAttempt;
    redirectPath: string;
    loginHint?: string;
    /** `select_account`: Entra shows its account choice instead of reusing its single sign-on session. */
    prompt?: 'create' | 'login' | 'select_account';
    /** OIDC `max_age` (seconds): Entra asks for the password again when the person's sign-in is older. */
    maxAge?: number;
    locale: string;
  }): Promise<string>;
  /**
   * The tenant's end-session URL (OpenID Connect RP-initiated logout, `<authority>/oauth2/v2.0/logout`): Entra ends
   * its own single sign-on session, then sends the browser to `postLogoutRedirectPath` on this site — a path
   * registered as a redirect URI of the app, else Entra stays on its own signed-out page — with `state` back.
   */
  signOutUrl(request: { postLogoutRedirectPath: string; state: string; locale: string }): string;
  /**
   * Redeems the code (PKCE) and verifies the ID token itself: signature, issuer and tenant, audience, lifetime, nonce.
   * Throws DomainError `sign-in-failed` when anything does not hold.
   */
  redeem(request: { code: string; attempt: SignInAttempt; redirectPath: string }): Promise<VerifiedIdentity>;
}

/** A professional signed in to the console: who (as the bearer path builds them) and the name they sign in with. */
export type SignedInProfessional = Professional & { username?: string };

/**
 * Entra sign-in of professionals to the console (the workforce tenant): authorize URLs, and redeeming a code for a
 * verified professional — the ID token's `oid`, `tid`, `name`, `preferred_username` and the app `roles` assigned to
 * them on the console's app registration.
 */
export interface ProfessionalSignIn {
  newAttempt(): SignInAttempt;
  /** Compares two `state` values in constant time. */
  sameState(a: string, b: string): boolean;
  authorizeUrl(request: {
    attempt: SignInAttempt;
    redirectPath: string;
    prompt?: 'login';
    locale: string;
  }): Promise<string>;
  /**
   * The tenant's end-session URL (OpenID Connect RP-initiated logout, `<authority>/oauth2/v2.0/logout`): Entra ends
   * its own single sign-on session, then sends the browser to `postLogoutRedirectPath` on this site — a path
   * registered as a redirect URI of the app, else Entra stays on its own signed-out page — with `state` back.
   */
  signOutUrl(request: { postLogoutRedirectPath: string; state: string; locale: string }): string;
  /**
   * Redeems the code (PKCE) and verifies the ID token itself: signature, issuer and tenant, audience, lifetime, nonce.
   * Throws DomainError `sign-in-failed` when anything does not hold.
   */
  redeem(request: { code: string; attempt: SignInAttempt; redirectPath: string }): Promise<SignedInProfessional>;
}

/** The client tenant's directory (Graph): does this email already have an account? */
export interface ClientDirectory {
  hasAccount(email: string): Promise<boolean>;
  /**
   * Deletes the account (Graph `DELETE /users/{id}`: Entra keeps it 30 days among its deleted items, then deletes it
   * for good); false when no account has this id (deleted already).
   */
  deleteAccount(objectId: string): Promise<boolean>;
  /** The account with this object id as the directory shows it (its `mail` and sign-in identities); undefined if none. */
  account(objectId: string): Promise<DirectoryAccount | undefined>;
  /**
   * The account that signs in with this (normalized) address: an `emailAddress` sign-in identity equal to it, the
   * only proof that the address is the account's (`provesEmail`); undefined when none does.
   */
  accountSigningInWith(email: string): Promise<DirectoryAccount | undefined>;
  /**
   * Sets the account's password (Graph `passwordProfile`); `forceChangeAtNextSignIn` makes the next sign-in ask for a
   * new one. Graph refusing the password (its complexity rule) → `password-rejected`; no such account → `no-account`.
   * Setting a password ends the account's refresh tokens in Entra, as `revokeSessions` does.
   */
  setPassword(objectId: string, password: string, options: { forceChangeAtNextSignIn: boolean }): Promise<void>;
  /** Ends every refresh token and session cookie Entra issued to the account (`revokeSignInSessions`). */
  revokeSessions(objectId: string): Promise<void>;
  /** Enables or disables the account's sign-in (`accountEnabled`); no such account → `no-account`. */
  setAccountEnabled(objectId: string, enabled: boolean): Promise<void>;
  /**
   * When the account's password was last set, by anyone (Graph `lastPasswordChangeDateTime`, whole seconds): the
   * product, a professional's temporary password, or Entra's own self-service reset. Undefined when no account has
   * this id (or Graph knows no date).
   */
  lastPasswordChange(objectId: string): Promise<Date | undefined>;
  /**
   * Makes `email` the account's sign-in address: its email sign-in identity (Graph's PATCH replaces the whole
   * `identities` collection, so every other identity is sent back as it is) and its `mail`; an account without any
   * local sign-in (Google only) gets no identity added, only its `mail`. `taken` (nothing changed) when another account
   * already has that sign-in name; no such account → DomainError `no-account`.
   */
  changeSignInEmail(objectId: string, email: string): Promise<'changed' | 'taken'>;
}

export interface ClientStore {
  /** The account, its provider records and companies: one partition, one read. */
  profile(key: string): Promise<ClientProfile | undefined>;
  /**
   * Creates the account if new and the provider record if absent (an existing record keeps its access status).
   * `accountCreated`: this call created the account with its record — a person new to the service, of whom nothing
   * else (two-step, devices) can exist yet.
   */
  recordAcceptance(account: ClientAccount, record: ClientRecord): Promise<{ accountCreated: boolean }>;
  /**
   * Rewrites the access of the account's record for this provider (If-Match the row as read, read again when it
   * moved): false, with nothing written, when the account has no record for it.
   */
  setAccess(key: string, providerId: string, access: ProviderAccess): Promise<boolean>;
  /** Adds a company; returns false when it already exists (a double submit). */
  addCompany(key: string, company: OwnedCompany): Promise<boolean>;
  /**
   * The profile, and whether this session of the client was ended — the same one-partition read as `profile` (the
   * markers of the client's other sessions are not read). A marker without an account: no profile, `ended` true.
   */
  profileInSession(key: string, sid: string): Promise<{ profile: ClientProfile | undefined; ended: boolean }>;
  /** Marks the session as ended in the client's partition (again: no change). */
  markEnded(key: string, session: SessionRef): Promise<void>;
  /** Forgets a session's marker (already gone: no change). */
  forgetEnded(key: string, sid: string): Promise<void>;
  /**
   * Ends every session of the account that started before `at` (whole seconds): one row in the client's partition,
   * which `profile` and `profileInSession` read as `sessionsEndedAt`. A later instant replaces an earlier one; an
   * earlier one changes nothing.
   */
  endSessionsBefore(key: string, at: Date): Promise<void>;
  /**
   * Records that the product changed the account's password at `at` (one row in the client's partition): device
   * credentials issued before it stop working. A later instant replaces an earlier one; an earlier one changes nothing.
   */
  recordPasswordChange(key: string, at: Date): Promise<void>;
  /** The latest instant recorded by `recordPasswordChange` (one point read), or undefined. */
  passwordChangedAt(key: string): Promise<Date | undefined>;
  /**
   * Erasure at one provider: deletes the account's record for it and the companies the client created for it (gone
   * already: no change). The account and what it holds for other providers stay.
   */
  forgetProvider(key: string, providerId: string): Promise<void>;
  /** Erasure of the whole account: deletes every row of its partition (none left: no change). */
  forgetAccount(key: string): Promise<void>;
  /** The pending change of the account's sign-in email (one point read: row `email-change`), or undefined. */
  emailChange(key: string): Promise<Versioned<PendingEmailChange> | undefined>;
  /**
   * Writes the pending change of the sign-in email. Without `current`, a new one replaces whatever was pending
   * (upsert); with `current`, If-Match its ETag — false, nothing written, when it changed or went meanwhile.
   */
  saveEmailChange(key: string, change: PendingEmailChange, current?: Versioned<PendingEmailChange>): Promise<boolean>;
  /** Forgets the pending change; with `current`, If-Match (false when it moved). Gone already: true. */
  forgetEmailChange(key: string, current?: Versioned<PendingEmailChange>): Promise<boolean>;
  /** Rewrites the account's sign-in email (the `account` row, If-Match as read, read again when it moved); no account: false. */
  changeAccountEmail(key: string, email: string): Promise<boolean>;
}

/** A client's two-step verification as kept (docs/two-step.md): the secret (base32) and what counts the codes. */
export interface TwoStepRecord {
  /** `pending` while enrolling (the secret shown, no code confirmed yet), `on` once confirmed. */
  status: 'pending' | 'on';
  secret: string;
  state: TwoStepState;
}

/**
 * Two-step verification in the client's partition (`ClientAccounts`, rows `two-step` and `two-step-changed`): the
 * secret sealed at rest by the adapter, the state as JSON. Every write of the record is If-Match the record as read
 * (a DomainError `concurrent-update` when it moved or went), so two requests with the same code cannot both pass.
 */
export interface TwoStepStore {
  /** The record (one point read), or undefined. */
  read(key: string): Promise<Versioned<TwoStepRecord> | undefined>;
  /** Writes a new record: `concurrent-update` when one exists. */
  create(key: string, record: TwoStepRecord): Promise<Versioned<TwoStepRecord>>;
  /** Rewrites the record If-Match `etag`. */
  replace(key: string, record: TwoStepRecord, etag: string): Promise<Versioned<TwoStepRecord>>;
  /** Deletes the record If-Match `etag`. */
  remove(key: string, etag: string): Promise<void>;
  /**
   * Records that two-step was turned on or off at `at` (row `two-step-changed`, keep-latest): device credentials
   * issued before it stop working.
   */
  recordChange(key: string, at: Date): Promise<void>;
  /** The latest instant recorded by `recordChange` (one point read), or undefined. */
  changedAt(key: string): Promise<Date | undefined>;
}

/** How long an `Idempotency-Key` answer is replayed (API.md: 24 h). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The first answer to a request with an `Idempotency-Key`, replayed to its retries. */
export interface RememberedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyRecord =
  | { state: 'in-progress'; fingerprint: string; createdAt: Date; etag: string }
  | { state: 'done'; fingerprint: string; createdAt: Date; etag: string; response: RememberedResponse };

/** Remembered answers per (scope, key): one request runs, its retries get its answer. */
export interface IdempotencyStore {
  /** Claims the key for a new request; or returns what is already recorded under it. */
  begin(
    scope: string,
    key: string,
    fingerprint: string,
    now: Date,
  ): Promise<{ claimed: true; etag: string } | { claimed: false; record: IdempotencyRecord }>;
  /** Takes over a record older than the window (If-Match). */
  restart(scope: string, key: string, fingerprint: string, now: Date, etag: string): Promise<string | undefined>;
  finish(scope: string, key: string, fingerprint: string, createdAt: Date, response: RememberedResponse): Promise<void>;
  abandon(scope: string, key: string): Promise<void>;
  /** Deletes every record begun before this instant (past the window, nothing replays them); returns how many rows. */
  purge(before: Date): Promise<number>;
}

/** A session that has not run its course: its id and when it would end on its own. */
export interface SessionRef {
  sid: string;
  endsAt: Date;
  /** When the session was opened (whole seconds); absent in records that only need to end it. */
  startedAt?: Date;
}

/**
 * Sessions ended before their time (signing out): one record each, checked on every request that reads a session,
 * and kept no longer than the session could have lived.
 */
export interface EndedSessions {
  /**
   * Records that the session has ended, and whose it was (again: no change). A professional's console session names
   * no client: it has no marker in a client's partition, only this record.
   */
  end(session: SessionRef, clientKey?: string): Promise<void>;
  /** One point read: has this session been ended? */
  isEnded(session: SessionRef): Promise<boolean>;
  /**
   * The records `purge(before)` would delete, with their client (records written before clients were kept: none),
   * so that the client's marker can go first.
   */
  expired(before: Date): Promise<{ session: SessionRef; clientKey?: string }[]>;
  /** Deletes the records of sessions that would have ended before this instant anyway; returns how many. */
  purge(before: Date): Promise<number>;
}

/**
 * Reset-password links (docs/passwords.md): stored by their token's hash, with the account's latest link, so a newer
 * link makes older ones stop working. Keys never carry the token or any text a person typed.
 */
export interface ResetTokenStore {
  /** Stores a new link and makes it the account's latest: older links of the account stop working. */
  issue(token: ResetToken): Promise<void>;
  /** The link with this hash, and whether it is still its account's latest; undefined when unknown. */
  find(hash: string): Promise<(Versioned<ResetToken> & { latest: boolean }) | undefined>;
  /**
   * Marks the link used at `at`, If-Match the version read: exactly one of concurrent callers gets true (a changed or
   * gone link: false, nothing written). Resolves to the new version's ETag, or undefined when refused.
   */
  spend(current: Versioned<ResetToken>, at: Date): Promise<string | undefined>;
  /** Gives a spent link back (If-Match the ETag `spend` returned): the password could not be set. */
  restore(hash: string, etag: string): Promise<boolean>;
  /** Erasure of the account: deletes every reset link issued to it and its latest-link pointer (none: no change). */
  forgetAccount(clientKey: string): Promise<void>;
}

/**
 * Table backups (docs/runbook.md): exports every table of the app to blob storage under the backup's id, page by
 * page, the manifest written last; resolves to the manifest.
 */
export interface TableBackups {
  backUp(id: string): Promise<import('./table-backup.js').BackupManifest>;
}

/**
 * The poison queues (docs/runbook.md): where the Functions host moves a message its function kept failing on, and
 * where the dispatchers park what they give up on. Queue Storage reports message counts per queue only through the
 * queue itself (its metrics are the account's), so `WatchPoisonQueues` reads each queue's approximate count.
 */
export interface PoisonQueues {
  /** Each poison queue's approximate message count (0 for a queue not created yet). */
  waiting(): Promise<Array<{ queue: string; messages: number }>>;
}

/**
 * Two-step verification as the professionals' "turn it off" sees it (docs/two-step-help.md): the `two-step` row of
 * the account's partition (`ClientAccounts`), on iff its `Status` is `on`. Turning it off deletes that row (If-Match
 * the row read) and records when in `two-step-changed` (device credentials issued before it stop working).
 */
export interface TwoStepSwitch {
  isOn(key: string): Promise<boolean>;
  /** Turns it off at `at`: false (nothing written) when it was not on. */
  turnOff(key: string, at: Date): Promise<boolean>;
}

/** A professional of a provider as the console last saw them sign in (docs/two-step-help.md). */
export interface KnownProfessional {
  tenantId: string;
  oid: string;
  name: string;
  /** The address they sign in with, when the ID token gave one that reads as an email address. */
  email?: string;
  /** Whether they held `Clients.Manage` at that sign-in. */
  manages: boolean;
  /** The console's language at that sign-in (the emails to them are written in it). */
  locale: Locale;
  seenAt: Date;
}

/** The professionals who signed in to the console, per provider: whom a client's request for help goes to. */
export interface ProfessionalRoster {
  record(providerId: string, professional: KnownProfessional): Promise<void>;
  /** The provider's professionals, any order (a provider has few). */
  list(providerId: string): Promise<KnownProfessional[]>;
}

/**
 * The rows the retention job walks (docs/privacy.md): each kind read in pages from a cursor, what the rules need of
 * each row, and the action applied to one row. A checkpoint per kind lets a run that stopped go on where it stopped.
 */
export interface RetentionStore {
  /** One page of a kind's rows from `cursor` (undefined: the first); `next` is undefined after the last page. */
  page(
    kind: import('./retention.js').RetentionKind,
    cursor: string | undefined,
    size: number,
  ): Promise<{ rows: import('./retention.js').RetentionCandidate[]; next?: string }>;
  /**
   * Anonymizes or deletes the row (`ref` from `page`), in place of its personal data; false when there was nothing
   * left to do (the row went, or was anonymized, meanwhile) or the row was written again since `page` read it (a
   * deleted row is the version read, never a newer one: it is examined afresh on the next run). Never partial: a row is rewritten whole. A batch goes with
   * every row it has; a prospect is never acted on here (the use case erases it through its stores).
   */
  apply(
    kind: import('./retention.js').RetentionKind,
    ref: string,
    action: 'anonymize' | 'delete',
    now: Date,
  ): Promise<boolean>;
  /** Where the last run of this kind stopped (undefined: at the start). */
  checkpoint(kind: import('./retention.js').RetentionKind): Promise<string | undefined>;
  /** Records where the run is (undefined: the kind is done, the next run starts over). */
  saveCheckpoint(kind: import('./retention.js').RetentionKind, cursor: string | undefined, at: Date): Promise<void>;
}
