/**
 * SendActivationSms: a fresh activation code for a client, sent by SMS to the number on the client file (never one
 * from the request). Two callers:
 *
 * - a professional, from the client sheet (`sendActivationSms`): every refusal is an answer (`client-not-found`,
 *   `app-not-offered`, `no-phone`, `phone-not-allowed`, `rate-limited` with Retry-After, `sms-budget-exhausted`);
 *   their send also lifts the activation lock (SECURITY.md: it lasts until a professional sends a new code);
 * - the mobile app, anonymous, with the identification code (`sendActivationSmsFromApp`): the caller learns
 *   nothing — the function answers the same whatever happened — and an SMS goes out only when everything allows it.
 *
 * Exactly once through an outbox, as email: the pointer is queued first (a little delayed), then the file is written
 * If-Match with the new code's HMAC, the code sealed for the dispatcher and the SMS as `queued`. A pointer whose
 * write never landed names an SMS the file does not hold: the dispatcher drops it. A new code replaces the old one
 * on the file, so the old code stops working at once.
 */
import {
  ACTIVATION_CODE_TTL_MS,
  appUsable,
  type CodeSealer,
  maskedPhone,
  SMS_LIMITS,
  type SmsBudgetLevel,
  type SmsDispatchRequest,
  type SmsQueue,
  smsAllowed,
  smsBudgetReached,
  smsLimitKeys,
} from '../activation-sms.js';
import { fileAccessRefusal } from '../client-access.js';
import {
  type ClientCodes,
  type ClientFile,
  type ClientFileStore,
  IDENTIFICATION_CODE_ALPHABET,
  IDENTIFICATION_CODE_LENGTH,
} from '../client-file.js';
import { DomainError } from '../errors.js';
import type { PhoneNumbers } from '../phone-number.js';
import type { Clock, Ids, Limits, ProviderDirectory, SlidingRule, Versioned } from '../ports.js';
import type { ActingProfessional } from '../provider.js';

/** Pointers are queued before the file is written: a short delay lets the write land first. */
export const SMS_DISPATCH_DELAY_SECONDS = 1;

export interface SendActivationSmsDeps {
  clock: Clock;
  ids: Ids;
  clientFiles: ClientFileStore;
  codes: ClientCodes;
  sealer: CodeSealer;
  phones: PhoneNumbers;
  limits: Limits;
  smsQueue: SmsQueue;
  /** The file's provider: no code for a client whose access there is gone (docs/access.md). */
  providers: Pick<ProviderDirectory, 'get'>;
  /** Where SMS may go (ISO 3166-1 alpha-2). */
  smsCountries: readonly string[];
  /** SMS the whole service may send in 24 h. */
  smsDailyBudget: number;
}

export interface ActivationSmsSent {
  /** The masked destination (`+33 6 •• •• •• 34`). */
  sentTo: string;
  expiresAt: Date;
  /** Set when this SMS brought the service's daily budget to 80 % or 100 % (the caller logs it for the alerts). */
  budgetReached?: SmsBudgetLevel;
}

/** Why the app's request sent nothing (for the logs only: the app never learns it). */
export type AppSmsOutcome =
  | { kind: 'queued'; clientId: string; providerId: string; budgetReached?: SmsBudgetLevel }
  | {
      kind: 'not-sent';
      reason:
        | 'unknown-code'
        | 'app-not-offered'
        | 'no-phone'
        | 'phone-not-allowed'
        | 'activation-locked'
        | 'access-refused'
        | 'rate-limited'
        | 'sms-budget-exhausted'
        | 'concurrent-update';
    };

type Caller = { kind: 'professional'; professional: ActingProfessional } | { kind: 'app' };

/** The professional's path: the file of their provider, every refusal answered. */
export async function sendActivationSms(
  deps: SendActivationSmsDeps,
  professional: ActingProfessional,
  clientId: string,
): Promise<ActivationSmsSent> {
  const stored = await deps.clientFiles.get(professional.providerId, clientId);
  if (!stored) throw new DomainError('client-not-found', 'No client file with this id for your provider.');
  const file = stored.value;
  if (!appUsable(file, deps.clock.now())) {
    throw new DomainError(
      'app-not-offered',
      'The mobile app is not offered to this client (or no longer: its usable-until date is past).',
    );
  }
  if (!file.identificationCode) {
    throw new DomainError(
      'app-not-offered',
      'The client file has no identification code yet: offer the mobile app on it (edit the file) first.',
    );
  }
  const access = fileAccessRefusal(file, await deps.providers.get(file.providerId));
  if (access) {
    throw new DomainError(
      'client-access-refused',
      access.reason === 'blocked'
        ? 'This client is blocked: unblock them before sending an activation code.'
        : access.reason === 'merged'
          ? 'This client was merged into another client: send the code from that one.'
          : 'Your provider no longer uses the service: no activation code can be sent.',
      { reason: access.reason, ...(access.since ? { since: access.since.toISOString() } : {}) },
    );
  }
  if (!file.phone) throw new DomainError('no-phone', 'The client file has no mobile number: add one first.');
  if (!smsAllowed(deps.phones.parse(file.phone), deps.smsCountries)) {
    throw new DomainError(
      'phone-not-allowed',
      "SMS go only to mobile numbers of the service's allowed countries; this number is not one.",
    );
  }
  const taken = await takeLimits(deps, file, { kind: 'professional', professional });
  if (taken.refusal) throw taken.refusal;
  const sent = await issue(deps, stored, { kind: 'professional', professional });
  return taken.budgetReached ? { ...sent, budgetReached: taken.budgetReached } : sent;
}

/** The app's path: nothing it asks tells it anything; an SMS goes out only when everything allows it. */
export async function sendActivationSmsFromApp(
  deps: SendActivationSmsDeps,
  identificationCode: string,
): Promise<AppSmsOutcome> {
  const code = identificationCode.trim().toUpperCase();
  const wellFormed =
    code.length === IDENTIFICATION_CODE_LENGTH && [...code].every((c) => IDENTIFICATION_CODE_ALPHABET.includes(c));
  const stored = wellFormed ? await deps.clientFiles.byIdentificationCode(code) : undefined;
  if (!stored) return { kind: 'not-sent', reason: 'unknown-code' };
  const file = stored.value;
  if (!appUsable(file, deps.clock.now())) return { kind: 'not-sent', reason: 'app-not-offered' };
  if (!file.phone) return { kind: 'not-sent', reason: 'no-phone' };
  if (!smsAllowed(deps.phones.parse(file.phone), deps.smsCountries)) {
    return { kind: 'not-sent', reason: 'phone-not-allowed' };
  }
  // A client without access at the provider could not use a code: nothing is sent (and the answer is the same).
  if (fileAccessRefusal(file, await deps.providers.get(file.providerId))) {
    return { kind: 'not-sent', reason: 'access-refused' };
  }
  // A locked activation stays locked until a professional sends a code: a code from the app could not be used.
  if (file.activationFailures.lockedAt) return { kind: 'not-sent', reason: 'activation-locked' };
  const { refusal, budgetReached } = await takeLimits(deps, file, { kind: 'app' });
  if (refusal)
    return { kind: 'not-sent', reason: refusal.code === 'rate-limited' ? 'rate-limited' : 'sms-budget-exhausted' };
  try {
    await issue(deps, stored, { kind: 'app' });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'concurrent-update') {
      return { kind: 'not-sent', reason: 'concurrent-update' };
    }
    throw error;
  }
  return {
    kind: 'queued',
    clientId: file.id,
    providerId: file.providerId,
    ...(budgetReached ? { budgetReached } : {}),
  };
}

/**
 * Counts this SMS against every limit, the narrowest first, so a request refused by the phone's minute spends
 * nothing of the wider ones; the service's budget last, so only SMS every other limit allows spend it.
 */
async function takeLimits(
  deps: SendActivationSmsDeps,
  file: ClientFile,
  caller: Caller,
): Promise<
  { refusal: DomainError; budgetReached?: undefined } | { refusal?: undefined; budgetReached?: SmsBudgetLevel }
> {
  const phone = file.phone!;
  const rules: Array<readonly [string, readonly SlidingRule[]]> = [
    [smsLimitKeys.phone(phone), SMS_LIMITS.phone],
    [smsLimitKeys.client(file.providerId, file.id), SMS_LIMITS.client],
  ];
  if (caller.kind === 'professional') {
    rules.push([smsLimitKeys.professional(file.providerId, caller.professional.oid), SMS_LIMITS.professional]);
  }
  rules.push([smsLimitKeys.provider(file.providerId), SMS_LIMITS.provider]);
  for (const [key, keyRules] of rules) {
    const taken = await deps.limits.takeSliding(key, keyRules);
    if (!taken.allowed) {
      return {
        refusal: new DomainError('rate-limited', 'Too many activation SMS; try again later.', {
          retryAfterSeconds: taken.retryAfterSeconds,
        }),
      };
    }
  }
  const budget = await deps.limits.take(smsLimitKeys.global(), {
    limit: deps.smsDailyBudget,
    windowSeconds: 24 * 60 * 60,
  });
  if (!budget.allowed) {
    return {
      refusal: new DomainError(
        'sms-budget-exhausted',
        "The service's daily SMS budget is spent; SMS resume when it renews.",
        { retryAfterSeconds: budget.retryAfterSeconds },
      ),
    };
  }
  const budgetReached = smsBudgetReached(budget.used, deps.smsDailyBudget);
  return budgetReached ? { budgetReached } : {};
}

/** Queues the pointer, then writes the new code on the file (If-Match). */
async function issue(
  deps: SendActivationSmsDeps,
  stored: Versioned<ClientFile>,
  caller: Caller,
): Promise<ActivationSmsSent> {
  const file = stored.value;
  const now = deps.clock.now();
  const { code, hash } = deps.codes.issueActivationCode();
  const smsId = deps.ids.newId();
  const expiresAt = new Date(now.getTime() + ACTIVATION_CODE_TTL_MS);
  const sentTo = maskedPhone(file.phone!);
  const pointer: SmsDispatchRequest = {
    providerId: file.providerId,
    clientId: file.id,
    smsId,
    queuedAt: now.toISOString(),
  };
  await deps.smsQueue.schedule(pointer, SMS_DISPATCH_DELAY_SECONDS);
  const next: ClientFile = {
    ...file,
    activation: {
      hash,
      issuedAt: now,
      expiresAt,
      wrongTries: 0,
      requestedBy: caller.kind === 'professional' ? caller.professional.oid : 'app',
      sealedCode: deps.sealer.seal(code),
      sms: { id: smsId, sentTo, status: 'queued', at: now, attempts: 0 },
    },
    // A professional's send is a fresh start: the lock lifts and the failures are forgotten (they spoke with the
    // client; an attacker cannot ask for it). The app's own request changes neither.
    activationFailures: caller.kind === 'professional' ? { recent: [] } : file.activationFailures,
    updatedAt: now,
  };
  await deps.clientFiles.replace(next, stored);
  return { sentTo, expiresAt };
}
