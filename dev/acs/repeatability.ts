/**
 * Repeatable requests of the Email send API, as documented (learn.microsoft.com/rest/api/communication/repeatable-requests,
 * OASIS Repeatable Requests 1.0): `Repeatability-Request-Id` (a GUID) and `Repeatability-First-Sent` (IMF-fixdate),
 * tracked 5 minutes from the first-sent time. A bad id or date → 400; a first-sent older than 5 minutes → 412; the same
 * id with another request → 400; the same request while the first is still being processed → 409; else the first
 * answer again when it was 2xx or 4xx, and a new execution when it was 5xx. Answers carry `Repeatability-Result`.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type AcsAnswer, acsError } from './http.js';

export const REPEATABILITY_WINDOW_MS = 5 * 60 * 1000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

interface Tracked {
  fingerprint: string;
  firstSentAt: number;
  /** Undefined while the first request is still being processed. */
  answer?: AcsAnswer;
}

/** What to do with a request: answer at once, or run it and `complete` the tracking with its answer. */
export type Repeatability =
  | { kind: 'not-repeatable' }
  | { kind: 'answer'; answer: AcsAnswer; result: 'accepted' | 'rejected' }
  | { kind: 'execute'; complete(answer: AcsAnswer): void };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class RepeatableRequests {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly now: () => number = Date.now) {}

  check(headers: IncomingHttpHeaders, body: Buffer): Repeatability {
    const id = header(headers, 'repeatability-request-id');
    const firstSent = header(headers, 'repeatability-first-sent');
    if (id === undefined && firstSent === undefined) return { kind: 'not-repeatable' };
    const reject = (status: number, code: string, message: string): Repeatability => ({
      kind: 'answer',
      answer: acsError(status, code, message),
      result: 'rejected',
    });
    if (id === undefined || !GUID.test(id)) {
      return reject(400, 'InvalidRepeatabilityRequestId', 'Repeatability-Request-Id must be a GUID.');
    }
    const firstSentAt = firstSent !== undefined && IMF_FIXDATE.test(firstSent) ? Date.parse(firstSent) : Number.NaN;
    if (!Number.isFinite(firstSentAt)) {
      return reject(400, 'InvalidRepeatabilityFirstSent', 'Repeatability-First-Sent must be an IMF-fixdate in GMT.');
    }
    const now = this.now();
    this.forgetExpired(now);
    if (now - firstSentAt > REPEATABILITY_WINDOW_MS) {
      return reject(412, 'PreconditionFailed', 'Repeatability first sent header is not within 5 minutes window.');
    }
    const key = id.toLowerCase();
    const fingerprint = createHash('sha256').update(firstSent!).update('\n').update(body).digest('base64');
    const previous = this.tracked.get(key);
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        return reject(
          400,
          'RepeatabilityRequestMismatch',
          'The Repeatability-Request-Id was already used for a different request.',
        );
      }
      if (!previous.answer) {
        return reject(
          409,
          'Conflict',
          'The original request with this Repeatability-Request-Id is still being processed.',
        );
      }
      if (previous.answer.status < 500) return { kind: 'answer', answer: previous.answer, result: 'accepted' };
    }
    const entry: Tracked = { fingerprint, firstSentAt };
    this.tracked.set(key, entry);
    return {
      kind: 'execute',
      complete: (answer) => {
        // A 5xx is not kept: the same request runs again when it is repeated.
        if (answer.status >= 500) this.tracked.delete(key);
        else entry.answer = answer;
      },
    };
  }

  clear(): void {
    this.tracked.clear();
  }

  private forgetExpired(now: number): void {
    for (const [key, entry] of this.tracked) {
      if (entry.answer && now - entry.firstSentAt > REPEATABILITY_WINDOW_MS) this.tracked.delete(key);
    }
  }
}
