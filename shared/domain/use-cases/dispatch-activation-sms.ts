/**
 * DispatchActivationSms: given a pointer from `sms-outbox`, send that activation SMS once. It sends only the SMS the
 * file holds now (`activation.sms.id` is the pointer's) and only while it is not settled; the code is opened from its
 * sealed form, the text written in the file's language, and the send is repeatable with ACS (`repeatabilityRequestId`
 * = the SMS id, `repeatabilityFirstSent` written on the file before the send), so a send retried after a crash is
 * executed once by ACS. The sender's quota is paced (a shared slot per SMS), 429 / Retry-After is honoured without
 * counting an attempt, passing failures are retried with bounded backoff (at most 5 attempts), and a code that
 * expires before its SMS could leave is not sent. Once settled (sent or failed), the sealed code is erased.
 */
import {
  type ActivationSmsComposer,
  type CodeSealer,
  type SmsDispatchRequest,
  type SmsOutcome,
  type SmsPacer,
  type SmsQueue,
  type SmsSender,
  smsPending,
  smsTag,
} from '../activation-sms.js';
import type { ActivationCode, ClientFile, ClientFileStore } from '../client-file.js';
import { DomainError } from '../errors.js';
import { MAX_SEND_ATTEMPTS, retryDelaySeconds, throttleDelaySeconds, WINDOW_REUSE_MS } from '../outbox.js';
import type { Clock, ProviderDirectory, Versioned } from '../ports.js';

/** A pointer whose SMS has not appeared on the file after this long was never written (its request failed). */
export const ORPHAN_SMS_POINTER_MS = 2 * 60_000;
const ORPHAN_RECHECK_SECONDS = 5;
/** A paced slot this close is taken as now. */
const SLOT_TOLERANCE_MS = 1_000;

export interface DispatchSmsDeps {
  clock: Clock;
  clientFiles: ClientFileStore;
  providers: ProviderDirectory;
  sealer: CodeSealer;
  composer: ActivationSmsComposer;
  sms: SmsSender;
  smsQueue: SmsQueue;
  pacer: SmsPacer;
  /** First retry delay of a failed send, doubled at each try. */
  retryBaseSeconds: number;
}

export type SmsDispatchResult =
  | { kind: 'sent' }
  | { kind: 'already-settled' }
  | { kind: 'superseded' }
  | { kind: 'waiting-for-write' }
  | { kind: 'orphan-dropped' }
  | { kind: 'paced'; delaySeconds: number }
  | { kind: 'throttled'; delaySeconds: number; reason: string }
  | { kind: 'retry-scheduled'; delaySeconds: number; reason: string }
  | { kind: 'failed'; reason: string };

const basePointer = (r: SmsDispatchRequest): SmsDispatchRequest => ({
  providerId: r.providerId,
  clientId: r.clientId,
  smsId: r.smsId,
  queuedAt: r.queuedAt,
});

export async function dispatchActivationSms(
  deps: DispatchSmsDeps,
  request: SmsDispatchRequest,
  jitter = Math.random() * 0.2,
): Promise<SmsDispatchResult> {
  const stored = await deps.clientFiles.get(request.providerId, request.clientId);
  const now = deps.clock.now();
  const activation = stored?.value.activation;
  if (!stored || !activation || activation.sms.id !== request.smsId) {
    // A newer code (issued after this pointer was queued) replaced this one: its own pointer sends it.
    if (activation && activation.issuedAt.getTime() >= Date.parse(request.queuedAt)) return { kind: 'superseded' };
    if (now.getTime() - Date.parse(request.queuedAt) < ORPHAN_SMS_POINTER_MS) {
      await deps.smsQueue.schedule(request, ORPHAN_RECHECK_SECONDS);
      return { kind: 'waiting-for-write' };
    }
    return { kind: 'orphan-dropped' };
  }
  if (!smsPending(activation)) return { kind: 'already-settled' };
  if (now.getTime() >= activation.expiresAt.getTime()) {
    const reason = request.throttled
      ? 'the code expired while its SMS waited for the sender quota'
      : 'the code expired before its SMS could be sent';
    return fail(deps, stored, request, reason);
  }
  const file = stored.value;
  const provider = await deps.providers.get(file.providerId);
  if (!provider || !activation.sealedCode || !file.phone || !file.identificationCode) {
    const reason = !provider
      ? 'the provider is unknown'
      : !file.phone
        ? 'the file has no phone'
        : !file.identificationCode
          ? 'the file has no identification code'
          : 'the code is missing';
    return fail(deps, stored, request, reason);
  }
  let code: string;
  try {
    code = deps.sealer.open(activation.sealedCode);
  } catch {
    return fail(deps, stored, request, 'the code cannot be opened with the configured keys');
  }

  // Pacing: one slot of the sender's quota per SMS, reserved once; a later slot waits in a new delayed message.
  if (request.slotAt) {
    const wait = Date.parse(request.slotAt) - now.getTime();
    if (wait > SLOT_TOLERANCE_MS) {
      const delaySeconds = Math.ceil(wait / 1000);
      await deps.smsQueue.schedule(request, delaySeconds);
      return { kind: 'paced', delaySeconds };
    }
  } else {
    const { delaySeconds } = await deps.pacer.reserve();
    if (delaySeconds > 0) {
      const slotAt = new Date(now.getTime() + delaySeconds * 1000).toISOString();
      await deps.smsQueue.schedule({ ...request, slotAt }, delaySeconds);
      return { kind: 'paced', delaySeconds };
    }
  }

  // The repeatability pair goes on the file before the send: a retry after a crash repeats it, ACS sends once.
  const firstSentAt = activation.sms.firstSentAt;
  const windowUsable =
    firstSentAt &&
    now.getTime() - firstSentAt.getTime() < WINDOW_REUSE_MS &&
    firstSentAt.getTime() <= now.getTime() + 60_000;
  let current = stored;
  if (!windowUsable) {
    const written = await writeSms(deps, current, request, { firstSentAt: now });
    if (!written) return { kind: 'already-settled' };
    current = written;
  }
  const pair = { requestId: activation.sms.id, firstSentAt: current.value.activation!.sms.firstSentAt! };
  const text = deps.composer.compose({
    locale: file.locale,
    provider,
    code,
    identificationCode: file.identificationCode,
  });
  const outcome = await deps.sms.send({
    smsId: activation.sms.id,
    to: file.phone,
    text,
    tag: smsTag(file.providerId, file.id, activation.sms.id),
    repeatability: pair,
  });
  return record(deps, current, request, outcome, jitter);
}

async function record(
  deps: DispatchSmsDeps,
  current: Versioned<ClientFile>,
  request: SmsDispatchRequest,
  outcome: SmsOutcome,
  jitter: number,
): Promise<SmsDispatchResult> {
  const sms = current.value.activation!.sms;
  const now = deps.clock.now();
  if (outcome.kind === 'throttled') {
    const throttled = (request.throttled ?? 0) + 1;
    const delaySeconds = throttleDelaySeconds(throttled, outcome.retryAfterSeconds, jitter, deps.retryBaseSeconds);
    if (throttled === 1) {
      const written = await writeSms(deps, current, request, { status: 'retrying', at: now, detail: outcome.reason });
      if (!written) return { kind: 'already-settled' };
    }
    await deps.smsQueue.schedule({ ...basePointer(request), throttled }, delaySeconds);
    return { kind: 'throttled', delaySeconds, reason: outcome.reason };
  }
  const attempts = sms.attempts + 1;
  if (outcome.kind === 'sent') {
    const written = await writeSms(deps, current, request, { status: 'sent', at: now, attempts, detail: undefined });
    return written ? { kind: 'sent' } : { kind: 'already-settled' };
  }
  if (outcome.kind === 'permanent-failure' || attempts >= MAX_SEND_ATTEMPTS) {
    return fail(deps, current, request, outcome.reason, attempts);
  }
  const delaySeconds = retryDelaySeconds(attempts, outcome.retryAfterSeconds, jitter, deps.retryBaseSeconds);
  const written = await writeSms(deps, current, request, {
    status: 'retrying',
    at: now,
    attempts,
    detail: outcome.reason,
    // ACS no longer tracks the pair (412): the next send opens a new first-sent instant.
    ...(outcome.renewWindow ? { firstSentAt: undefined } : {}),
  });
  if (!written) return { kind: 'already-settled' };
  await deps.smsQueue.schedule(basePointer(request), delaySeconds);
  return { kind: 'retry-scheduled', delaySeconds, reason: outcome.reason };
}

/** The dispatcher kept failing on this pointer (storage down, a bug): the SMS is recorded as failed and parked. */
export async function giveUpSms(deps: DispatchSmsDeps, request: SmsDispatchRequest, reason: string): Promise<void> {
  const stored = await deps.clientFiles.get(request.providerId, request.clientId);
  const activation = stored?.value.activation;
  if (!stored || activation?.sms.id !== request.smsId || !smsPending(activation)) {
    await deps.smsQueue.park(request, reason);
    return;
  }
  await fail(deps, stored, request, reason);
}

async function fail(
  deps: DispatchSmsDeps,
  stored: Versioned<ClientFile>,
  request: SmsDispatchRequest,
  reason: string,
  attempts = stored.value.activation!.sms.attempts,
): Promise<SmsDispatchResult> {
  const written = await writeSms(deps, stored, request, {
    status: 'failed',
    at: deps.clock.now(),
    attempts,
    detail: reason,
  });
  if (!written) return { kind: 'already-settled' };
  await deps.smsQueue.park(request, reason);
  return { kind: 'failed', reason };
}

/**
 * Writes a change of this SMS on the file, If-Match; when the file moved meanwhile (an activation attempt counted a
 * wrong code, a device was activated), the change is applied to the fresh copy, as long as the file still holds this
 * SMS and it is still pending. Undefined when it no longer does (settled by another dispatcher, or a newer code).
 * A settled SMS loses its sealed code.
 */
async function writeSms(
  deps: DispatchSmsDeps,
  stored: Versioned<ClientFile>,
  request: SmsDispatchRequest,
  change: Partial<ActivationCode['sms']>,
): Promise<Versioned<ClientFile> | undefined> {
  let current = stored;
  for (let attempt = 1; ; attempt++) {
    const activation = current.value.activation;
    if (!activation || activation.sms.id !== request.smsId || !smsPending(activation)) return undefined;
    const sms = { ...activation.sms, ...change };
    for (const key of Object.keys(sms) as Array<keyof typeof sms>) if (sms[key] === undefined) delete sms[key];
    const next: ActivationCode = { ...activation, sms };
    if (sms.status !== 'queued' && sms.status !== 'retrying') delete next.sealedCode;
    try {
      return await deps.clientFiles.replace({ ...current.value, activation: next }, current);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'concurrent-update') || attempt >= 3) throw error;
      const fresh = await deps.clientFiles.get(request.providerId, request.clientId);
      if (!fresh) return undefined;
      current = fresh;
    }
  }
}
