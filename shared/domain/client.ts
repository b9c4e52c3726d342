/**
 * Clients: people served by providers, keyed by their Entra identity (tenant id, object id) once they have signed
 * in — never by email. One person may be the client of several providers (a record per provider, each with its
 * access status) and own companies. Whether they may sign in is decided here, after they authenticated, so a
 * refusal says why without telling strangers anything (seed 004: blocked, merged, provider inactive).
 */
import type { CompanyDraft } from './invitation.js';
import type { Provider } from './provider.js';

/** Who signed in, as the verified ID token says. `email` is present only when Entra verified it. */
export interface VerifiedIdentity {
  tenantId: string;
  objectId: string;
  email?: string;
  name?: string;
  /** When Entra last asked the person for their password (the ID token's `auth_time`), when it says. */
  authTime?: Date;
}

export const clientKey = (identity: Pick<VerifiedIdentity, 'tenantId' | 'objectId'>) =>
  `${identity.tenantId}|${identity.objectId}`;

/** The account's object id in a client key (`tid|oid`). */
export const objectIdOfKey = (key: string) => key.slice(key.indexOf('|') + 1);

export interface ClientAccount {
  /** `tid|oid` */
  key: string;
  clientId: string;
  tenantId: string;
  objectId: string;
  email: string;
  displayName: string;
  createdAt: Date;
}

export type ProviderAccess =
  | {
      status: 'active';
      since: Date;
      /** Who gave it back (unblock), and why, when a professional did. */
      by?: string;
      reason?: string;
    }
  | { status: 'blocked'; since: Date; by: string; reason?: string }
  | { status: 'merged'; since: Date; into: string };

/** What one provider knows of the client. */
export interface ClientRecord {
  providerId: string;
  clientId: string;
  invitationId?: string;
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  access: ProviderAccess;
  firstSignInAt: Date;
  createdAt: Date;
}

/** A company the client created at the end of onboarding, and owns. */
export interface OwnedCompany {
  id: string;
  providerId: string;
  invitationId: string;
  role: 'owner';
  company: CompanyDraft;
  createdAt: Date;
}

export interface ClientProfile {
  account: ClientAccount;
  records: ClientRecord[];
  companies: OwnedCompany[];
  /**
   * Every portal session of the account that started before this instant (whole seconds) is ended: a password
   * changed or reset, access taken away (`endClientSessions`).
   */
  sessionsEndedAt?: Date;
  /** Two-step verification is on (its `two-step` row confirmed): sign-in asks for a code (docs/two-step.md). */
  twoStepOn?: boolean;
}

export type RefusalReason = 'blocked' | 'merged' | 'provider-inactive' | 'no-access';

/** Where a signed-in client may go: one of their (provider, company) pairs. */
export interface AccessChoice {
  providerId: string;
  companyId?: string;
}

export type AccessDecision =
  | { kind: 'granted'; choices: AccessChoice[] }
  | { kind: 'refused'; reason: RefusalReason; providerId?: string; since?: Date; mergedInto?: string };

/**
 * Granted when at least one provider record is active and its provider active; otherwise the most telling refusal:
 * merged (use the other account), then blocked (ask the provider), then provider inactive. `wanted` (the seed-003
 * codes) narrows the choices when it matches.
 */
export function decideAccess(
  profile: Pick<ClientProfile, 'records' | 'companies'> | undefined,
  providers: ReadonlyMap<string, Provider>,
  wanted: { providerId?: string; companyId?: string } = {},
): AccessDecision {
  if (!profile || profile.records.length === 0) return { kind: 'refused', reason: 'no-access' };
  const usable = profile.records.filter(
    (r) => r.access.status === 'active' && providers.get(r.providerId)?.status === 'active',
  );
  if (usable.length === 0) {
    const merged = profile.records.find((r) => r.access.status === 'merged');
    if (merged?.access.status === 'merged') {
      return {
        kind: 'refused',
        reason: 'merged',
        providerId: merged.providerId,
        since: merged.access.since,
        mergedInto: merged.access.into,
      };
    }
    const blocked = profile.records.find((r) => r.access.status === 'blocked');
    if (blocked)
      return { kind: 'refused', reason: 'blocked', providerId: blocked.providerId, since: blocked.access.since };
    const inactive = profile.records[0]!;
    const since = providers.get(inactive.providerId)?.inactiveSince;
    return {
      kind: 'refused',
      reason: 'provider-inactive',
      providerId: inactive.providerId,
      ...(since ? { since } : {}),
    };
  }
  const choices: AccessChoice[] = usable.flatMap((record) => {
    const companies = profile.companies.filter((c) => c.providerId === record.providerId);
    return companies.length
      ? companies.map((c) => ({ providerId: record.providerId, companyId: c.id }))
      : [{ providerId: record.providerId }];
  });
  const narrowed = choices.filter(
    (c) =>
      (!wanted.providerId || c.providerId === wanted.providerId) &&
      (!wanted.companyId || c.companyId === wanted.companyId),
  );
  return { kind: 'granted', choices: narrowed.length ? narrowed : choices };
}

/**
 * Where the client's onboarding stopped before Create Company (seed 002: the invitation is completed only when the
 * company is created): a provider whose record the client holds by an invitation, still active, where they own no
 * company yet. Told by the profile alone — what every sign-in and signed-in page reads anyway — so knowing it costs no
 * read; whether that invitation may be resumed is decided on the invitation itself (`resumeOnboarding`).
 */
export function awaitingCompany(
  profile: Pick<ClientProfile, 'records' | 'companies'>,
  providerId: string,
): { providerId: string; invitationId: string } | undefined {
  const record = profile.records.find((r) => r.providerId === providerId);
  if (!record?.invitationId || record.access.status !== 'active') return undefined;
  if (profile.companies.some((c) => c.providerId === providerId)) return undefined;
  return { providerId, invitationId: record.invitationId };
}
