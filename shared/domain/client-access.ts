/**
 * A client's access at one provider, as its client file holds it (seed 004: blocked by a professional, merged into
 * another client, or the provider no longer using the service). The file is where professionals set it (block,
 * unblock, merge); the account's provider record (`ClientRecord.access`) is the copy sign-in and every page read, kept
 * in step by the access use cases (`use-cases/client-access.ts`). The mobile app's calls read the file itself, so
 * they ask here.
 */
import type { AccessDecision, ProviderAccess } from './client.js';
import type { ClientFile } from './client-file.js';
import { DomainError } from './errors.js';
import type { Provider } from './provider.js';

export type AccessRefusal = Extract<AccessDecision, { kind: 'refused' }>;

/** The access a file gives at its provider: the file's own, or active when none was ever set. */
export function fileAccess(file: Pick<ClientFile, 'access' | 'createdAt'>): ProviderAccess {
  return file.access ?? { status: 'active', since: file.createdAt };
}

/**
 * Why this file's person may not use the service at its provider, or undefined when they may: merged, blocked, then
 * the provider inactive (or gone) — the order of `decideAccess`.
 */
export function fileAccessRefusal(
  file: Pick<ClientFile, 'access' | 'providerId'>,
  provider: Pick<Provider, 'status' | 'inactiveSince'> | undefined,
): AccessRefusal | undefined {
  const access = file.access;
  if (access?.status === 'merged') {
    return {
      kind: 'refused',
      reason: 'merged',
      providerId: file.providerId,
      since: access.since,
      mergedInto: access.into,
    };
  }
  if (access?.status === 'blocked') {
    return { kind: 'refused', reason: 'blocked', providerId: file.providerId, since: access.since };
  }
  if (provider?.status !== 'active') {
    const since = provider?.inactiveSince;
    return { kind: 'refused', reason: 'provider-inactive', providerId: file.providerId, ...(since ? { since } : {}) };
  }
  return undefined;
}

/**
 * The mobile app's refusal after proof (a device credential, or the right activation code): `access-refused` (403)
 * with why, since when, and whom to contact — the provider's name and support address. Never the merged-into address
 * (the app has no page to mask it on).
 */
export function accessRefusedError(refusal: AccessRefusal, provider: Provider | undefined): DomainError {
  const name = provider?.name ?? 'your provider';
  const message =
    refusal.reason === 'blocked'
      ? `Your access was blocked by ${name}${refusal.since ? ` since ${refusal.since.toISOString().slice(0, 10)}` : ''}; contact them to get it back.`
      : refusal.reason === 'merged'
        ? 'This client account was merged into another one: activate the app with the codes of that account.'
        : `${name} no longer uses this service: contact them.`;
  return new DomainError('access-refused', message, {
    reason: refusal.reason,
    ...(refusal.since ? { since: refusal.since.toISOString() } : {}),
    ...(provider ? { provider: provider.name } : {}),
    ...(provider?.supportEmail ? { contact: provider.supportEmail } : {}),
  });
}

/** Two access statuses say the same (status, since, by, reason, into). */
export function sameAccess(a: ProviderAccess | undefined, b: ProviderAccess | undefined): boolean {
  if (!a || !b) return a === b;
  const flat = (x: ProviderAccess) =>
    JSON.stringify([
      x.status,
      x.since.getTime(),
      'by' in x ? (x.by ?? null) : null,
      'reason' in x ? (x.reason ?? null) : null,
      'into' in x ? x.into : null,
    ]);
  return flat(a) === flat(b);
}
