/**
 * Fakes of the activation SMS's ports (shared/domain/activation-sms.ts) and a small world for its use cases: the
 * in-memory client file store, predictable codes, the fake clock and limits, the real phone-number library.
 */

import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import type {
  CodeSealer,
  SmsDispatchRequest,
  SmsMessage,
  SmsOutcome,
  SmsPacer,
  SmsQueue,
  SmsSender,
} from '../../shared/domain/activation-sms.js';
import { DEFAULT_SMS_COUNTRIES } from '../../shared/domain/activation-sms.js';
import type { ClientFile } from '../../shared/domain/client-file.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Professional } from '../../shared/domain/provider.js';
import type { DispatchSmsDeps } from '../../shared/domain/use-cases/dispatch-activation-sms.js';
import type { SendActivationSmsDeps } from '../../shared/domain/use-cases/send-activation-sms.js';
import { activationSmsComposer } from '../../shared/web/activation-sms.js';
import { FakeClientCodes, InMemoryClientFileStore } from './client-file-fakes.js';
import {
  FakeClock,
  FakeIdempotencyStore,
  FakeIds,
  FakeLimits,
  FakeProviderDirectory,
  GFMS,
  professionalUser,
} from './fakes.js';

const copy = <T>(value: T): T => structuredClone(value);

export class FakeSmsQueue implements SmsQueue {
  readonly scheduled: Array<{ request: SmsDispatchRequest; delaySeconds: number }> = [];
  readonly parked: Array<{ request: SmsDispatchRequest; reason: string }> = [];
  constructor(private readonly journal: string[] = []) {}
  async schedule(request: SmsDispatchRequest, delaySeconds: number): Promise<void> {
    this.journal.push(`schedule ${request.smsId}`);
    this.scheduled.push({ request: copy(request), delaySeconds });
  }
  async park(request: SmsDispatchRequest, reason: string): Promise<void> {
    this.parked.push({ request: copy(request), reason });
  }
  get last() {
    const last = this.scheduled.at(-1);
    if (!last) throw new Error('nothing was scheduled');
    return last;
  }
}

/** Answers each send with the next scripted outcome (then `sent`); `delivered` is what a phone would receive. */
export class FakeSmsSender implements SmsSender {
  readonly calls: SmsMessage[] = [];
  readonly script: Array<SmsOutcome | (() => Promise<SmsOutcome>)> = [];
  constructor(private readonly journal: string[] = []) {}
  answer(...outcomes: Array<SmsOutcome | (() => Promise<SmsOutcome>)>): this {
    this.script.push(...outcomes);
    return this;
  }
  async send(message: SmsMessage): Promise<SmsOutcome> {
    this.journal.push(`send ${message.smsId}`);
    this.calls.push(copy(message));
    const next = this.script.shift() ?? { kind: 'sent' };
    return typeof next === 'function' ? next() : next;
  }
  /** ACS executes a repeated repeatability request id once. */
  get delivered(): SmsMessage[] {
    const seen = new Set<string>();
    return this.calls.filter((m) => !seen.has(m.repeatability.requestId) && seen.add(m.repeatability.requestId));
  }
}

export class FakeSmsPacer implements SmsPacer {
  delays: number[] = [];
  async reserve() {
    return { delaySeconds: this.delays.shift() ?? 0 };
  }
}

/** Readable sealing: `sealed:<code>`; `open` refuses anything else, as a rotated-out key would. */
export const fakeSealer: CodeSealer = {
  seal: (code) => `sealed:${code}`,
  open: (sealed) => {
    if (!sealed.startsWith('sealed:')) throw new Error('cannot open');
    return sealed.slice('sealed:'.length);
  },
};

export function clientFile(overrides: Partial<ClientFile> = {}): ClientFile {
  const at = new Date('2025-03-01T09:00:00.000Z');
  const id = overrides.id ?? 'c0000000-0000-4000-8000-000000000001';
  return {
    id,
    providerId: GFMS.id,
    status: 'prospect',
    civility: 'mrs',
    firstName: 'Claire',
    lastName: 'Dupré',
    // Each file its own address: a provider's files never share one.
    emails: { primary: `claire.dupre.${id}@example.com`, secondary: [] },
    phone: '+33612345634',
    locale: 'fr',
    mobileApp: { offered: true, usableUntil: '2026-12-31' },
    identificationCode: 'K7M2XQ9P',
    activationFailures: { recent: [] },
    createdAt: at,
    createdBy: 'oid-tamer',
    updatedAt: at,
    ...overrides,
  };
}

export function smsWorld() {
  const journal: string[] = [];
  const clock = new FakeClock();
  const ids = new FakeIds();
  const files = new InMemoryClientFileStore();
  const codes = new FakeClientCodes();
  const limits = new FakeLimits(clock);
  const queue = new FakeSmsQueue(journal);
  const sender = new FakeSmsSender(journal);
  const pacer = new FakeSmsPacer();
  const providers = new FakeProviderDirectory();
  const origReplace = files.replace.bind(files);
  files.replace = async (file, etag) => {
    journal.push(`write ${file.activation?.sms.id ?? '-'} ${file.activation?.sms.status ?? '-'}`);
    return origReplace(file, etag);
  };
  const send: SendActivationSmsDeps = {
    clock,
    ids,
    clientFiles: files,
    codes,
    sealer: fakeSealer,
    phones: phoneNumbers,
    limits,
    smsQueue: queue,
    providers,
    smsCountries: DEFAULT_SMS_COUNTRIES,
    smsDailyBudget: 2000,
  };
  const dispatch: DispatchSmsDeps = {
    clock,
    clientFiles: files,
    providers,
    sealer: fakeSealer,
    composer: activationSmsComposer,
    sms: sender,
    smsQueue: queue,
    pacer,
    retryBaseSeconds: 5,
  };
  /** Stores a file and claims its identification code, as the clients' store does. */
  const put = async (file: ClientFile = clientFile()) => {
    if (file.identificationCode) await files.claimIdentificationCode(file.identificationCode, file.providerId, file.id);
    return files.create(file);
  };
  return { journal, clock, ids, files, codes, limits, queue, sender, pacer, providers, send, dispatch, put };
}

/**
 * What the SendActivationSms edge needs, over an `smsWorld`: the dev professional of GFMS behind the bearer token
 * `good` (anything else is 401), no idempotent replays recorded yet, the app's version settings.
 */
export function sendActivationSmsEdgeDeps(w: ReturnType<typeof smsWorld>) {
  const providers = new FakeProviderDirectory();
  providers.grant({ tenantId: professionalUser.tenantId, subject: 'tenant' }, GFMS.id);
  const { providerId: _p, ...professional } = professionalUser;
  return {
    auth: {
      professionalTokens: {
        async verify(header: string | null | undefined): Promise<Professional> {
          if (header !== 'Bearer good') throw new DomainError('unauthenticated', 'Invalid bearer token.');
          return professional;
        },
      },
      providers,
    },
    activationSms: { send: w.send, dispatch: w.dispatch, reports: { clientFiles: w.files } },
    idempotency: new FakeIdempotencyStore(),
    settings: { MOBILE_APP_MINIMUM_VERSION: '1.0.0', MOBILE_APP_LATEST_VERSION: '1.0.0' },
  };
}
