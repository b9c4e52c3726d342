/**
 * The pending sign-in email changes of the in-memory client store (the adapter's `email-change` row per account),
 * with ETags: `FakeClientStore` (fakes.ts) keeps them here.
 */
import type { Versioned } from '../../shared/domain/ports.js';
import type { PendingEmailChange } from '../../shared/domain/sign-in-email.js';

export class FakeEmailChanges {
  /** `key` → the pending change, with its ETag. */
  readonly rows = new Map<string, Versioned<PendingEmailChange>>();
  private etags = 0;

  get(key: string): Versioned<PendingEmailChange> | undefined {
    const found = this.rows.get(key);
    return found ? structuredClone(found) : undefined;
  }

  save(key: string, change: PendingEmailChange, current?: Versioned<PendingEmailChange>): boolean {
    if (current && this.rows.get(key)?.etag !== current.etag) return false;
    this.etags += 1;
    this.rows.set(key, { value: structuredClone(change), etag: `W/"email-change-${this.etags}"` });
    return true;
  }

  forget(key: string, current?: Versioned<PendingEmailChange>): boolean {
    const found = this.rows.get(key);
    if (!found) return true;
    if (current && found.etag !== current.etag) return false;
    this.rows.delete(key);
    return true;
  }
}
