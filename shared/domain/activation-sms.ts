/**
 * The activation SMS (seed 000's "Envoyer par SMS", SECURITY.md): who may receive one (a mobile number of an allowed
 * country, always the number on the client file), how many (per phone, client, professional, provider and the
 * service's daily budget), and the outbox that sends it once. The code itself travels only sealed, on the file, for
 * the dispatcher; the queue message is a pointer.
 */
import type { ActivationCode, ClientFile } from './client-file.js';
import type { Locale } from './locale.js';
import type { PhoneNumber } from './phone-number.js';
import type { SlidingRule } from './ports.js';
import type { Provider } from './provider.js';

/** SECURITY.md: an activation code is valid 10 minutes. */
export const ACTIVATION_CODE_TTL_MS = 10 * 60_000;

/**
 * SECURITY.md's default allow-list: France, Belgium, Switzerland, Luxembourg, Monaco, Canada and the French overseas
 * codes (ISO 3166-1 alpha-2, as the numbering plans name them).
 */
export const DEFAULT_SMS_COUNTRIES = [
  'FR',
  'BE',
  'CH',
  'LU',
  'MC',
  'CA',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'BL',
  'MF',
  'WF',
  'PF',
  'NC',
] as const;

/**
 * Whether an SMS may go to this number: a mobile line (or a plan that does not tell mobile from fixed, such as
 * Canada's) in an allowed country. Anything else is refused: SMS pumping targets premium and fixed ranges.
 */
export function smsAllowed(phone: PhoneNumber | undefined, countries: readonly string[]): boolean {
  if (!phone?.country || !countries.includes(phone.country)) return false;
  return phone.line === 'mobile' || phone.line === 'fixed-line-or-mobile';
}

/** Calling codes of the allowed countries, longest first, so the mask keeps the whole code. */
const CALLING_CODES = ['352', '377', '590', '594', '596', '262', '508', '681', '687', '689', '33', '32', '41', '1'];

/** `+33612345634` → `+33 6 •• •• •• 34`: the calling code, the first digit and the last two stay readable. */
export function maskedPhone(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  if (digits.length < 6) return '••';
  const cc = CALLING_CODES.find((code) => digits.startsWith(code)) ?? digits.slice(0, 1);
  const rest = digits.slice(cc.length);
  const hidden = Math.max(1, Math.ceil((rest.length - 3) / 2));
  return `+${cc} ${rest[0]} ${Array.from({ length: hidden }, () => '••').join(' ')} ${rest.slice(-2)}`;
}

const DAY = 24 * 60 * 60;

/**
 * SECURITY.md's SMS limits, each sliding (`Limits.takeSliding`: at most so many in ANY 24 hours or 60 seconds, never
 * twice that around a window's edge). The phone's two rules share one key. The global budget (a setting, 2,000 by
 * default) is a daily budget per UTC day (`Limits.take`), as a bill is.
 */
export const SMS_LIMITS = {
  phone: [
    { limit: 1, windowSeconds: 60 },
    { limit: 5, windowSeconds: DAY },
  ],
  client: [{ limit: 5, windowSeconds: DAY }],
  professional: [{ limit: 50, windowSeconds: DAY }],
  provider: [{ limit: 500, windowSeconds: DAY }],
} as const satisfies Record<string, readonly SlidingRule[]>;
export const DEFAULT_SMS_DAILY_BUDGET = 2000;

/** The daily SMS budget's alert levels (`alert-sms-budget-80`, `alert-sms-budget-100`), in percent. */
export type SmsBudgetLevel = 80 | 100;

/**
 * The level the day's budget reaches with the SMS counted `used`-th, if any: 80 % at the first count at or above
 * 80 % of the budget, 100 % at the budget itself (with a budget so small that both fall on one count, 100 %). Each
 * count is given to exactly one SMS (`Limits.take`), so each level is reached once a day.
 */
export function smsBudgetReached(used: number | undefined, budget: number): SmsBudgetLevel | undefined {
  if (used === undefined) return undefined;
  if (used === budget) return 100;
  if (used === Math.ceil(budget * 0.8)) return 80;
  return undefined;
}

/** The limiter keys (the Limits adapter hashes them: a phone number is never written as it is). */
export const smsLimitKeys = {
  phone: (e164: string) => `sms|phone|${e164}`,
  client: (providerId: string, clientId: string) => `sms|client|${providerId}|${clientId}`,
  professional: (providerId: string, oid: string) => `sms|professional|${providerId}|${oid}`,
  provider: (providerId: string) => `sms|provider|${providerId}`,
  global: () => 'sms|global',
};

/**
 * Whether the mobile app may be used by this client today: offered, and `usableUntil` (a calendar day, inclusive,
 * UTC) not past.
 */
export function appUsable(file: Pick<ClientFile, 'mobileApp'>, now: Date): boolean {
  if (!file.mobileApp.offered) return false;
  const until = file.mobileApp.usableUntil;
  return !until || now.toISOString().slice(0, 10) <= until;
}

/** The queue message of `sms-outbox`: a pointer to the file's current SMS, never its content. */
export interface SmsDispatchRequest {
  providerId: string;
  clientId: string;
  /** The `activation.sms.id` this message sends; any other (a newer code) is not sent by it. */
  smsId: string;
  /** When the pointer was first queued (before the file was written). */
  queuedAt: string;
  /** Throttled sends in a row (429 from ACS or a paced slot): spaces the waits, never an attempt. */
  throttled?: number;
  /** The send slot the pacer reserved for this SMS: sent then without reserving again. */
  slotAt?: string;
}

export interface SmsQueue {
  /** Queues a pointer, visible after `delaySeconds`. */
  schedule(request: SmsDispatchRequest, delaySeconds: number): Promise<void>;
  /** Parks a pointer whose SMS could not be sent (the poison queue). */
  park(request: SmsDispatchRequest, reason: string): Promise<void>;
}

/** The SMS as the sender needs it. `tag` names provider, client and SMS so the delivery report finds the file. */
export interface SmsMessage {
  smsId: string;
  to: string;
  text: string;
  tag: string;
  /** ACS repeatability: the request id is the SMS id; the first-sent instant is kept on the file. */
  repeatability: { requestId: string; firstSentAt: Date };
}

/** As `EmailOutcome`: accepted, throttled (429, never an attempt), passing failure, refused for good. */
export type SmsOutcome =
  | { kind: 'sent'; messageId?: string }
  | { kind: 'throttled'; reason: string; retryAfterSeconds?: number }
  | { kind: 'transient-failure'; reason: string; retryAfterSeconds?: number; renewWindow?: boolean }
  | { kind: 'permanent-failure'; reason: string };

export interface SmsSender {
  send(message: SmsMessage): Promise<SmsOutcome>;
}

/** Reserves the next send slot of the SMS sender's quota, shared by every instance: seconds until it. */
export interface SmsPacer {
  reserve(): Promise<{ delaySeconds: number }>;
}

/** Seals the activation code for the dispatcher (and opens it there). */
export interface CodeSealer {
  seal(code: string): string;
  /** Throws when no configured key opens it. */
  open(sealed: string): string;
}

/** Writes the SMS text (the templates live at the edge, in shared/web). */
export interface ActivationSmsComposer {
  compose(input: { locale: Locale; provider: Provider; code: string; identificationCode: string }): string;
}

/** The tag of an SMS: `act1|<provider>|<client>|<sms id>` (ids only: the tag travels in the delivery report). */
export function smsTag(providerId: string, clientId: string, smsId: string): string {
  return `act1|${providerId}|${clientId}|${smsId}`;
}

export function parseSmsTag(tag: string): { providerId: string; clientId: string; smsId: string } | undefined {
  const [version, providerId, clientId, smsId, ...rest] = tag.split('|');
  if (version !== 'act1' || !providerId || !clientId || !smsId || rest.length) return undefined;
  return { providerId, clientId, smsId };
}

/** Whether the SMS of this code still waits to be sent (queued, or retrying after a passing failure). */
export function smsPending(activation: ActivationCode | undefined): boolean {
  return activation?.sms.status === 'queued' || activation?.sms.status === 'retrying';
}
