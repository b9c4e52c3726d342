/**
 * The account emails a use case queued, in memory (unit tests of the domain only).
 */
import type { AccountEmail, AccountEmails } from '../../shared/domain/account-email.js';

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
