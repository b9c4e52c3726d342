/**
 * The account emails a use case queued, in memory (unit tests of the domain only); and the account-email
 * dispatcher's fakes (its queue, a readable sealer, a world of fakes with the production composer).
 */
import type { AccountEmail, AccountEmails } from '../../shared/domain/account-email.js';
import type { AccountEmailQueue, AccountEmailRequest } from '../../shared/domain/account-email-outbox.js';
import type { DispatchAccountEmailDeps } from '../../shared/domain/use-cases/account-emails.js';
import { accountEmailComposer } from '../../shared/web/account-emails.js';
import { FakeAccountEmailStore, FakeClock, FakeEmailPacer, FakeEmailSender, FakeIds } from './fakes.js';

export class FakeAccountEmails implements AccountEmails {
  readonly queued: AccountEmail[] = [];
  down = false;

  async queue(email: AccountEmail): Promise<void> {
    if (this.down) throw new Error('the account-email queue is down');
    this.queued.push(structuredClone(email));
  }

  of(kind: AccountEmail['kind']): AccountEmail[] {
    return this.queued.filter((e) => e.kind === kind);
  }
}

/** The `account-emails` queue in memory: pointers scheduled (with their delay) and parked. */
export class FakeAccountEmailQueue implements AccountEmailQueue {
  readonly scheduled: Array<{ request: AccountEmailRequest; delaySeconds: number }> = [];
  readonly parked: Array<{ request: AccountEmailRequest; reason: string }> = [];
  down = false;

  async schedule(request: AccountEmailRequest, delaySeconds: number): Promise<void> {
    if (this.down) throw new Error('the account-emails queue is down');
    this.scheduled.push({ request: structuredClone(request), delaySeconds });
  }

  async park(request: AccountEmailRequest, reason: string): Promise<void> {
    this.parked.push({ request: structuredClone(request), reason });
  }

  get last() {
    const last = this.scheduled.at(-1);
    if (!last) throw new Error('nothing was scheduled');
    return last;
  }
}

/** A readable "sealer": `sealed:<text>`; opening anything else fails as a rotated-out key would. */
export const fakeLinkSealer = {
  seal: (text: string) => `sealed:${Buffer.from(text).toString('base64url')}`,
  open: (sealed: string) => {
    if (!sealed.startsWith('sealed:')) throw new Error('no configured key opens it');
    return Buffer.from(sealed.slice('sealed:'.length), 'base64url').toString('utf8');
  },
};

/** The dispatcher's world: the production composer over fakes of the store, queue, sender, pacer and clock. */
export function accountEmailWorld(options: { quota?: { perMinute: number; perHour: number } } = {}) {
  const clock = new FakeClock(new Date('2026-12-01T09:00:00.000Z'));
  const store = new FakeAccountEmailStore();
  const queue = new FakeAccountEmailQueue();
  const email = new FakeEmailSender();
  const pacer = new FakeEmailPacer(clock, options.quota ?? { perMinute: 6000, perHour: 360000 });
  const deps: DispatchAccountEmailDeps = {
    clock,
    ids: new FakeIds(),
    store,
    queue,
    sealer: fakeLinkSealer,
    composer: accountEmailComposer('Portail GFMS'),
    email,
    pacer,
    retryBaseSeconds: 5,
  };
  return { clock, store, queue, email, pacer, deps };
}
