/**
 * In memory: the reset-password links (`ResetTokenStore`, held to the Table adapter's contract by
 * test/integration/store-contract-reset-tokens.test.ts) and the queue of reset requests.
 */
import type { ResetRequest, ResetRequestQueue, ResetToken } from '../../shared/domain/password-reset.js';
import type { ResetTokenStore, Versioned } from '../../shared/domain/ports.js';

export class InMemoryResetTokenStore implements ResetTokenStore {
  private readonly rows = new Map<string, { token: ResetToken; etag: string }>();
  private readonly latest = new Map<string, string>();
  private version = 0;
  /** Every call, in order (`issue`, `find`, `spend`, `restore`, `forgetAccount`). */
  readonly calls: string[] = [];

  private nextEtag() {
    this.version += 1;
    return `W/"${this.version}"`;
  }

  async issue(token: ResetToken): Promise<void> {
    this.calls.push('issue');
    this.rows.set(token.hash, { token: structuredClone(token), etag: this.nextEtag() });
    this.latest.set(token.clientKey, token.hash);
  }

  async find(hash: string): Promise<(Versioned<ResetToken> & { latest: boolean }) | undefined> {
    this.calls.push('find');
    const row = this.rows.get(hash);
    if (!row) return undefined;
    return { value: structuredClone(row.token), etag: row.etag, latest: this.latest.get(row.token.clientKey) === hash };
  }

  async spend(current: Versioned<ResetToken>, at: Date): Promise<string | undefined> {
    this.calls.push('spend');
    const row = this.rows.get(current.value.hash);
    if (!row || row.etag !== current.etag || row.token.usedAt) return undefined;
    row.token = { ...row.token, usedAt: new Date(at.getTime()) };
    row.etag = this.nextEtag();
    return row.etag;
  }

  async restore(hash: string, etag: string): Promise<boolean> {
    this.calls.push('restore');
    const row = this.rows.get(hash);
    if (!row || row.etag !== etag) return false;
    const { usedAt: _used, ...unused } = row.token;
    row.token = unused;
    row.etag = this.nextEtag();
    return true;
  }

  async forgetAccount(clientKey: string): Promise<void> {
    this.calls.push('forgetAccount');
    for (const [hash, row] of this.rows) if (row.token.clientKey === clientKey) this.rows.delete(hash);
    this.latest.delete(clientKey);
  }
}

export class FakeResetRequestQueue implements ResetRequestQueue {
  readonly sent: ResetRequest[] = [];
  async send(request: ResetRequest): Promise<void> {
    this.sent.push(structuredClone(request));
  }
}
