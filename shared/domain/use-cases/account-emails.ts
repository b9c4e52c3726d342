/**
 * Account emails (issue 12): `accountEmailOutbox(deps)` is the `AccountEmails` port the use cases call, and
 * `dispatchAccountEmail` the dispatcher that sends each one once.
 *
 * Queueing writes the pointer first (visible after a second), then the row: a row never exists without a pointer to
 * send it, so its sealed link is always erased by a dispatcher; a pointer whose row never appears (the write failed,
 * and `queue` threw) is dropped after a grace period.
 *
 * Dispatching reads the row, skips it when settled, gives up on an email no longer worth sending (a reset link
 * past its expiry, a notice older than a day), opens the link, composes the email in its language, takes one of the
 * email send slots every invitation also takes (one ACS resource, one quota), writes the repeatability pair on the
 * row before the send (so a send retried after a crash is executed once by ACS), and records the outcome. 429 waits
 * for Retry-After in a new message and is never an attempt; passing failures are retried with bounded backoff, at
 * most 5 attempts, then the email fails and its pointer is parked. A settled row loses its sealed link and its pair.
 */
import type { AccountEmail, AccountEmails } from '../account-email.js';
import {
  type AccountEmailComposer,
  type AccountEmailQueue,
  type AccountEmailRecord,
  type AccountEmailRequest,
  type AccountEmailStore,
  type LinkSealer,
  secretOf,
  sendableUntil,
  withoutSecret,
  withSecret,
} from '../account-email-outbox.js';
import { DomainError } from '../errors.js';
import {
  describeReport,
  MAX_SEND_ATTEMPTS,
  nextSendWindow,
  reportOutcome,
  retryDelaySeconds,
  type SendWindow,
  throttleDelaySeconds,
} from '../outbox.js';
import type { Clock, EmailOutcome, EmailPacer, EmailSender, Ids, Versioned } from '../ports.js';

/** How long after it is queued a pointer becomes visible: the row is written meanwhile. */
export const POINTER_DELAY_SECONDS = 1;
/** A pointer whose row has not appeared after this long was never written (its `queue` call failed). */
export const ORPHAN_ACCOUNT_EMAIL_POINTER_MS = 2 * 60_000;
const ORPHAN_RECHECK_SECONDS = 5;
/** A paced slot this close is taken as now. */
const SLOT_TOLERANCE_MS = 1_000;

export interface QueueAccountEmailDeps {
  clock: Clock;
  ids: Ids;
  store: AccountEmailStore;
  queue: AccountEmailQueue;
  sealer: LinkSealer;
}

export interface DispatchAccountEmailDeps extends QueueAccountEmailDeps {
  composer: AccountEmailComposer;
  email: EmailSender;
  /** The email send slots shared with invitations. */
  pacer: EmailPacer;
  /** First retry delay of a failed send, doubled at each try. */
  retryBaseSeconds: number;
}

/** The `AccountEmails` port over the outbox. */
export function accountEmailOutbox(deps: QueueAccountEmailDeps): AccountEmails {
  return {
    queue: async (email) => {
      await queueAccountEmail(deps, email);
    },
  };
}

export async function queueAccountEmail(deps: QueueAccountEmailDeps, email: AccountEmail): Promise<string> {
  const id = deps.ids.newId();
  const now = deps.clock.now();
  await deps.queue.schedule({ emailId: id, queuedAt: now.toISOString() }, POINTER_DELAY_SECONDS);
  const secret = secretOf(email);
  const record: AccountEmailRecord = {
    id,
    kind: email.kind,
    status: 'pending',
    attempts: 0,
    createdAt: now,
    content: withoutSecret(email),
    ...(secret === undefined ? {} : { sealedSecret: deps.sealer.seal(secret) }),
  };
  await deps.store.create(record);
  return id;
}

export type AccountEmailResult =
  | { kind: 'sent' }
  | { kind: 'already-settled' }
  | { kind: 'waiting-for-write' }
  | { kind: 'orphan-dropped' }
  | { kind: 'paced'; delaySeconds: number }
  | { kind: 'throttled'; delaySeconds: number; reason: string }
  | { kind: 'retry-scheduled'; delaySeconds: number; reason: string }
  | { kind: 'failed'; reason: string };

const basePointer = (r: AccountEmailRequest): AccountEmailRequest => ({ emailId: r.emailId, queuedAt: r.queuedAt });

export async function dispatchAccountEmail(
  deps: DispatchAccountEmailDeps,
  request: AccountEmailRequest,
  jitter = Math.random() * 0.2,
): Promise<AccountEmailResult> {
  const stored = await deps.store.get(request.emailId);
  const now = deps.clock.now();
  if (!stored) {
    if (now.getTime() - Date.parse(request.queuedAt) < ORPHAN_ACCOUNT_EMAIL_POINTER_MS) {
      await deps.queue.schedule(request, ORPHAN_RECHECK_SECONDS);
      return { kind: 'waiting-for-write' };
    }
    return { kind: 'orphan-dropped' };
  }
  const record = stored.value;
  if (record.status !== 'pending') return { kind: 'already-settled' };
  if (now.getTime() >= sendableUntil(record).getTime()) {
    const what =
      record.kind === 'reset-link'
        ? 'the link expired'
        : record.kind === 'sign-in-email-code'
          ? 'the code expired'
          : 'the notice became too old';
    const reason = request.throttled
      ? `${what} while its email waited for the ACS quota`
      : `${what} before its email could be sent`;
    return fail(deps, stored, request, reason);
  }
  let secret: string | undefined;
  if (record.sealedSecret) {
    try {
      secret = deps.sealer.open(record.sealedSecret);
    } catch {
      return fail(deps, stored, request, 'the secret cannot be opened with the configured keys');
    }
  }
  const email = withSecret(record.content, secret);
  if (!email) return fail(deps, stored, request, 'the secret is missing');
  const content = deps.composer.compose(email);

  // Pacing: one of the email send slots (shared with invitations), reserved once; a later slot waits in a new message.
  if (request.slotAt) {
    const wait = Date.parse(request.slotAt) - now.getTime();
    if (wait > SLOT_TOLERANCE_MS) {
      const delaySeconds = Math.ceil(wait / 1000);
      await deps.queue.schedule(request, delaySeconds);
      return { kind: 'paced', delaySeconds };
    }
  } else {
    const { firstDelaySeconds } = await deps.pacer.reserve(1);
    if (firstDelaySeconds > 0) {
      const slotAt = new Date(now.getTime() + firstDelaySeconds * 1000).toISOString();
      await deps.queue.schedule({ ...request, slotAt }, firstDelaySeconds);
      return { kind: 'paced', delaySeconds: firstDelaySeconds };
    }
  }

  // The pair goes on the row before the send: a send retried after a crash repeats it, and ACS sends once.
  const { window, opened } = nextSendWindow(record, request, now, () => deps.ids.newId());
  let current = stored;
  if (opened) {
    // Another dispatcher of the same row may be sending right now: on a conflict the host retries this message later.
    const written = await write(deps, current, { repeatability: window }, { retryOnConflict: false });
    if (!written) return { kind: 'already-settled' };
    current = written;
  }
  const outcome = await deps.email.send({
    messageId: record.id,
    repeatability: window,
    to: { address: record.content.to, displayName: '' },
    ...content,
  });
  return recordOutcome(deps, current, request, window, outcome, jitter);
}

async function recordOutcome(
  deps: DispatchAccountEmailDeps,
  current: Versioned<AccountEmailRecord>,
  request: AccountEmailRequest,
  window: SendWindow,
  outcome: EmailOutcome,
  jitter: number,
): Promise<AccountEmailResult> {
  const now = deps.clock.now();
  if (outcome.kind === 'throttled') {
    const throttled = (request.throttled ?? 0) + 1;
    const delaySeconds = throttleDelaySeconds(throttled, outcome.retryAfterSeconds, jitter, deps.retryBaseSeconds);
    if (throttled === 1) {
      const written = await write(deps, current, { lastError: outcome.reason });
      if (!written) return { kind: 'already-settled' };
    }
    // ACS remembers a refused request id: the next send opens a new pair.
    await deps.queue.schedule(
      { ...basePointer(request), throttled, rejectedRequestId: window.requestId },
      delaySeconds,
    );
    return { kind: 'throttled', delaySeconds, reason: outcome.reason };
  }
  const attempts = current.value.attempts + 1;
  if (outcome.kind === 'sent') {
    const written = await write(deps, current, { status: 'sent', attempts, sentAt: now, lastError: undefined });
    return written ? { kind: 'sent' } : { kind: 'already-settled' };
  }
  if (outcome.kind === 'permanent-failure' || attempts >= MAX_SEND_ATTEMPTS) {
    return fail(deps, current, request, outcome.reason, attempts);
  }
  const delaySeconds = retryDelaySeconds(attempts, outcome.retryAfterSeconds, jitter, deps.retryBaseSeconds);
  const written = await write(deps, current, { attempts, lastError: outcome.reason });
  if (!written) return { kind: 'already-settled' };
  // No answer or a 5xx: the outcome is unknown, so the retry repeats the pair; a refused window is renewed.
  await deps.queue.schedule(
    outcome.renewWindow ? { ...basePointer(request), rejectedRequestId: window.requestId } : basePointer(request),
    delaySeconds,
  );
  return { kind: 'retry-scheduled', delaySeconds, reason: outcome.reason };
}

/** The dispatcher kept failing on this pointer (storage down, a bug): the email is recorded as failed and parked. */
export async function giveUpAccountEmail(
  deps: DispatchAccountEmailDeps,
  request: AccountEmailRequest,
  reason: string,
): Promise<void> {
  const stored = await deps.store.get(request.emailId);
  if (stored?.value.status !== 'pending') {
    await deps.queue.park(request, reason);
    return;
  }
  await fail(deps, stored, request, reason);
}

async function fail(
  deps: DispatchAccountEmailDeps,
  stored: Versioned<AccountEmailRecord>,
  request: AccountEmailRequest,
  reason: string,
  attempts = stored.value.attempts,
): Promise<AccountEmailResult> {
  const written = await write(deps, stored, { status: 'failed', attempts, lastError: reason });
  if (!written) return { kind: 'already-settled' };
  await deps.queue.park(request, reason);
  return { kind: 'failed', reason };
}

/**
 * Writes a change of the row, If-Match, as long as it is still pending: when it changed meanwhile, the fresh copy is
 * read and the change applied to it (unless told not to: then the conflict is thrown); undefined when another
 * dispatcher settled it. A settled row loses its sealed
 * link and its repeatability pair; a field set to undefined is removed.
 */
async function write(
  deps: Pick<DispatchAccountEmailDeps, 'store'>,
  stored: Versioned<AccountEmailRecord>,
  change: Partial<AccountEmailRecord>,
  { retryOnConflict = true } = {},
): Promise<Versioned<AccountEmailRecord> | undefined> {
  let current = stored;
  for (let attempt = 1; ; attempt++) {
    if (current.value.status !== 'pending') return undefined;
    const next: AccountEmailRecord = { ...current.value, ...change };
    for (const key of Object.keys(next) as Array<keyof AccountEmailRecord>) {
      if (next[key] === undefined) delete next[key];
    }
    if (next.status !== 'pending') {
      delete next.sealedSecret;
      delete next.repeatability;
    }
    try {
      return await deps.store.replace(next, current);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'concurrent-update') || attempt >= 3) throw error;
      const fresh = await deps.store.get(current.value.id);
      if (fresh?.value.status !== 'pending') return undefined;
      if (!retryOnConflict) throw error;
      current = fresh;
    }
  }
}

/**
 * ACS's delivery report of an account email (through Event Grid, by the row's id): `Delivered` makes it `delivered`,
 * anything else `failed` with the reason. A report no newer than the one applied changes nothing; a report for a row
 * still pending proves ACS accepted it (its outcome was lost in a crash): it is recorded as sent, then as reported.
 * Undefined when no account email has this id.
 */
export async function recordAccountEmailReport(
  store: AccountEmailStore,
  report: { messageId: string; status: string; at: Date; detail?: string },
): Promise<{ emailId: string; outcome?: 'delivered' | 'failed' } | undefined> {
  let current = await store.get(report.messageId);
  for (let attempt = 1; current; attempt++) {
    const row = current.value;
    if (row.report && row.report.at.getTime() >= report.at.getTime()) return { emailId: row.id };
    const outcome = reportOutcome(report.status);
    const next: AccountEmailRecord = {
      ...row,
      status: outcome,
      attempts: Math.max(1, row.status === 'pending' ? row.attempts + 1 : row.attempts),
      sentAt: row.sentAt ?? report.at,
      report: { status: report.status, at: report.at, ...(report.detail ? { detail: report.detail } : {}) },
    };
    delete next.sealedSecret;
    delete next.repeatability;
    if (outcome === 'delivered') delete next.lastError;
    else next.lastError = describeReport(report);
    try {
      await store.replace(next, current);
      return { emailId: row.id, outcome };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'concurrent-update') || attempt >= 3) throw error;
      // The dispatcher recorded the send meanwhile: apply the report to the fresh row.
      current = await store.get(report.messageId);
    }
  }
  return undefined;
}
