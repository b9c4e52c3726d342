/**
 * The devices of a client: the app's calls with its device credential (`GET /api/devices/current`, `GET
 * /api/me/companies`), and revocation by a professional (the client sheet's "revoke"). A credential is good only
 * while its device row is not revoked, the account's password has not changed since it was issued, and the app is
 * still the client's to use: each call checks them all, so revoking takes effect at the next call.
 */
import { type AccessChoice, decideAccess, objectIdOfKey } from '../client.js';
import { accessRefusedError } from '../client-access.js';
import type { ClientFile, Device } from '../client-file.js';
import { LAST_SEEN_EVERY_MS, requireUsableApp, type VerifiedDeviceClaims } from '../device-activation.js';
import { DomainError } from '../errors.js';
import { credentialPredatesChange } from '../password-change.js';
import type { ActingProfessional, Provider } from '../provider.js';
import { type DeviceDeps, requireAccess } from './activate-device.js';

export interface CurrentDevice {
  clientId: string;
  deviceId: string;
  mobileApp: { usableUntil?: string };
}

const unauthenticated = () =>
  new DomainError('unauthenticated', 'A valid device credential is required (Authorization: Bearer <deviceToken>).');

/**
 * A credential issued before the account's password last changed: the answer of a revoked device (`device-revoked`,
 * 401), so the app asks for its codes again; only the detail says why.
 */
const passwordChanged = () =>
  new DomainError(
    'device-revoked',
    'The password of your account changed since this device was activated; activate it again.',
  );

/**
 * Refuses a credential issued before the account's password last changed: the product's own change (recorded on
 * the account, one point read) or Entra's (Graph's `lastPasswordChangeDateTime`, cached: `deps.passwordChanges`).
 * A file without an account (a prospect) has no password.
 */
export async function requireCredentialAfterPasswordChange(
  deps: Pick<DeviceDeps, 'accounts' | 'passwordChanges' | 'twoStep'>,
  accountKey: string | undefined,
  issuedAt: Date,
): Promise<void> {
  if (!accountKey) return;
  // Two-step turned on or off since: the same answer (its own point read, asked with the others).
  const twoStep = deps.twoStep.store.changedAt(accountKey);
  twoStep.catch(() => undefined);
  // Both asked at once; the product's own record decides first, so a Graph outage never hides a known change.
  const directory = deps.passwordChanges.latestChange(objectIdOfKey(accountKey));
  directory.catch(() => undefined);
  if (credentialPredatesChange(issuedAt, await deps.accounts.passwordChangedAt(accountKey))) throw passwordChanged();
  if (credentialPredatesChange(issuedAt, await directory)) throw passwordChanged();
  if (credentialPredatesChange(issuedAt, await twoStep)) {
    throw new DomainError(
      'device-revoked',
      'Two-step verification of your account changed since this device was activated; activate it again.',
    );
  }
}

/**
 * The device a credential names, if it may still be used: a bad, expired or unknown credential is `unauthenticated`,
 * a revoked device, or a credential issued before the account's password last changed, `device-revoked` (both 401),
 * Graph unreachable past the cache's grace `dependency-unavailable` (503, the credential kept), an app no longer
 * offered or usable its 403, a client whose access at the provider is gone (blocked, merged, provider inactive)
 * `access-refused` (403, with why). Records when it was last seen (at most once an hour) and the app's version when
 * it changed.
 */
export async function currentDevice(
  deps: Pick<DeviceDeps, 'clock' | 'files' | 'credentials' | 'providers' | 'accounts' | 'passwordChanges' | 'twoStep'>,
  token: string | undefined,
  appVersion?: string,
): Promise<CurrentDevice & { device: Device; file: ClientFile }> {
  const now = deps.clock.now();
  const claims: VerifiedDeviceClaims | undefined = token ? await deps.credentials.verify(token, now) : undefined;
  if (!claims) throw unauthenticated();
  const [file, read] = await Promise.all([
    deps.files.get(claims.providerId, claims.clientId),
    deps.files.device(claims.providerId, claims.clientId, claims.deviceId),
  ]);
  if (!file || !read) throw unauthenticated();
  let device = read.value;
  if (device.revokedAt) {
    throw new DomainError('device-revoked', 'This device was disconnected from your account; activate it again.');
  }
  await requireCredentialAfterPasswordChange(deps, file.value.accountKey, claims.issuedAt);
  requireUsableApp(file.value.mobileApp, now);
  await requireAccess(deps, file.value);
  const versionChanged = appVersion !== undefined && appVersion !== device.appVersion;
  if (versionChanged || now.getTime() - device.lastSeenAt.getTime() >= LAST_SEEN_EVERY_MS) {
    const seen: Device = { ...device, lastSeenAt: now, ...(appVersion ? { appVersion } : {}) };
    try {
      device = (await deps.files.replaceDevice(claims.providerId, claims.clientId, seen, read.etag)).value;
    } catch (error) {
      // Someone wrote the device meanwhile (a revocation, another call's "seen"): theirs stands, ours is not needed.
      if (!(error instanceof DomainError && error.code === 'concurrent-update')) throw error;
    }
  }
  return {
    clientId: claims.clientId,
    deviceId: claims.deviceId,
    mobileApp: { ...(file.value.mobileApp.usableUntil ? { usableUntil: file.value.mobileApp.usableUntil } : {}) },
    device,
    file: file.value,
  };
}

/** One place the app may work in: a provider the person is the client of, and one of their companies there. */
export interface DeviceCompany {
  providerId: string;
  providerName: string;
  companyId?: string;
  companyName?: string;
}

/**
 * `GET /api/me/companies`: the (provider, company) places the credential's account reaches — the company picker's
 * decision (`decideAccess`: a blocked or merged place, a provider no longer using the service, left out), so an app
 * whose person is the client of several providers, or owns several companies, lets them pick one. The credential is
 * checked as `currentDevice` checks it (and the call counts as the device seen). A file without an account (a
 * prospect given the app) reaches its own provider only.
 */
export async function deviceCompanies(
  deps: Pick<DeviceDeps, 'clock' | 'files' | 'credentials' | 'providers' | 'accounts' | 'passwordChanges' | 'twoStep'>,
  token: string | undefined,
  appVersion?: string,
): Promise<{ current: CurrentDevice; companies: DeviceCompany[] }> {
  const { device: _device, file, ...current } = await currentDevice(deps, token, appVersion);
  const profile = file.accountKey ? await deps.accounts.profile(file.accountKey) : undefined;
  const providerIds = [...new Set([file.providerId, ...(profile?.records.map((r) => r.providerId) ?? [])])];
  const found = await Promise.all(providerIds.map((id) => deps.providers.get(id)));
  const providers = new Map(found.filter((p): p is Provider => Boolean(p)).map((p) => [p.id, p]));
  const nameOf = (providerId: string) => providers.get(providerId)?.name ?? providerId;
  if (!profile) return { current, companies: [{ providerId: file.providerId, providerName: nameOf(file.providerId) }] };
  const decision = decideAccess(profile, providers);
  if (decision.kind === 'refused') {
    throw accessRefusedError(decision, decision.providerId ? providers.get(decision.providerId) : undefined);
  }
  const named = (choice: AccessChoice): DeviceCompany => {
    const company = profile.companies.find((c) => c.id === choice.companyId);
    return {
      providerId: choice.providerId,
      providerName: nameOf(choice.providerId),
      ...(company ? { companyId: company.id, companyName: company.company.name } : {}),
    };
  };
  return { current, companies: decision.choices.map(named) };
}

const ROUNDS = 5;

/**
 * A professional disconnects one of their provider's client's devices: its credential stops working at its next
 * call. Revoking a revoked device answers it as it is. Another provider's client, or a device not the client's:
 * not found.
 */
export async function revokeDevice(
  deps: Pick<DeviceDeps, 'clock' | 'files'>,
  professional: ActingProfessional,
  clientId: string,
  deviceId: string,
): Promise<Device> {
  const file = await deps.files.get(professional.providerId, clientId);
  if (!file) throw new DomainError('client-not-found', 'No such client.');
  for (let round = 0; ; round++) {
    const read = await deps.files.device(professional.providerId, clientId, deviceId);
    if (!read) throw new DomainError('device-not-found', 'No such device for this client.');
    if (read.value.revokedAt) return read.value;
    const revoked: Device = { ...read.value, revokedAt: deps.clock.now(), revokedBy: professional.oid };
    try {
      return (await deps.files.replaceDevice(professional.providerId, clientId, revoked, read.etag)).value;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'concurrent-update' && round < ROUNDS - 1) continue;
      throw error;
    }
  }
}
