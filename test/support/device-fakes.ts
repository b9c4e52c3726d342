/**
 * Fakes for the mobile app's device use cases: credentials that are readable strings (`device:<provider>|<client>|
 * <device>|<expiry ms>`), and a client file with the app offered and a live activation code, its HMAC as
 * `FakeClientCodes` computes it.
 */
import { nodeTwoStepCrypto } from '../../shared/adapters/totp.js';
import type { ClientFile } from '../../shared/domain/client-file.js';
import {
  DEVICE_CREDENTIAL_DAYS,
  type DeviceClaims,
  type DeviceCredentials,
  type VerifiedDeviceClaims,
} from '../../shared/domain/device-activation.js';
import { cachedPasswordChanges } from '../../shared/domain/password-change.js';
import type { DeviceDeps } from '../../shared/domain/use-cases/activate-device.js';
import { FakeClientCodes, InMemoryClientFileStore } from './client-file-fakes.js';
import { FakeClientStore, FakeClock, FakeIds, FakeProviderDirectory, GFMS } from './fakes.js';
import { FakeClientDirectory } from './onboarding-fakes.js';
import { memoryTwoStepStore } from './two-step-fakes.js';

/** The Graph cache's bound in the device unit tests: 5 minutes. */
export const PASSWORD_CHECK_MS = 5 * 60 * 1000;

export class FakeDeviceCredentials implements DeviceCredentials {
  readonly issued: DeviceClaims[] = [];
  async issue(claims: DeviceClaims, now: Date) {
    this.issued.push(claims);
    const expiresAt = new Date(now.getTime() + DEVICE_CREDENTIAL_DAYS * 24 * 60 * 60 * 1000);
    return {
      token: `device:${claims.providerId}|${claims.clientId}|${claims.deviceId}|${expiresAt.getTime()}`,
      expiresAt,
    };
  }
  async verify(token: string, now: Date): Promise<VerifiedDeviceClaims | undefined> {
    const match = /^device:([^|]+)\|([^|]+)\|([^|]+)\|(\d+)$/.exec(token);
    if (!match || Number(match[4]) <= now.getTime()) return undefined;
    // Issued DEVICE_CREDENTIAL_DAYS before it expires, to the millisecond (a real `iat` has whole seconds).
    const issuedAt = new Date(Number(match[4]) - DEVICE_CREDENTIAL_DAYS * 24 * 60 * 60 * 1000);
    return { providerId: match[1]!, clientId: match[2]!, deviceId: match[3]!, issuedAt };
  }
}

export const IDENTIFICATION_CODE = 'K7M2QX9P';
export const ACTIVATION_CODE = '482913';
const MINUTE = 60 * 1000;

/** A client of GFMS with the app offered and a code sent a minute ago (valid 10 minutes). */
export function clientFileWithCode(now: Date, overrides: Partial<ClientFile> = {}): ClientFile {
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    providerId: GFMS.id,
    status: 'client',
    civility: 'mrs',
    firstName: 'Claire',
    lastName: 'Dupont',
    emails: { primary: 'claire.dupont@example.com', secondary: [] },
    phone: '+33612345678',
    locale: 'fr',
    mobileApp: { offered: true, usableUntil: '2030-12-31' },
    identificationCode: IDENTIFICATION_CODE,
    activation: {
      hash: `hmac:${ACTIVATION_CODE}`,
      issuedAt: new Date(now.getTime() - MINUTE),
      expiresAt: new Date(now.getTime() + 9 * MINUTE),
      wrongTries: 0,
      requestedBy: 'oid-tamer',
      sms: { id: 'sms-1', sentTo: '+33 6 •• •• •• 78', status: 'delivered', at: now, attempts: 1 },
    },
    activationFailures: { recent: [] },
    createdAt: new Date(now.getTime() - 60 * MINUTE),
    createdBy: 'oid-tamer',
    updatedAt: new Date(now.getTime() - MINUTE),
    ...overrides,
  };
}

export interface DeviceWorld {
  clock: FakeClock;
  files: InMemoryClientFileStore;
  codes: FakeClientCodes;
  credentials: FakeDeviceCredentials;
  providers: FakeProviderDirectory;
  /** The accounts (the product's password changes, the profiles `GET /api/me/companies` reads). */
  accounts: FakeClientStore;
  /** The client tenant's directory (Graph's `lastPasswordChangeDateTime`), on the world's clock. */
  directory: FakeClientDirectory;
  /** The accounts' two-step verification (its code at activation, its changes ending credentials). */
  twoStepStore: ReturnType<typeof memoryTwoStepStore>;
  deps: DeviceDeps;
  /** Writes the file and claims its identification code. */
  seed(file: ClientFile): Promise<void>;
  /** The file as stored now. */
  file(clientId?: string): Promise<ClientFile>;
}

export function deviceWorld(): DeviceWorld {
  const clock = new FakeClock();
  const files = new InMemoryClientFileStore();
  const codes = new FakeClientCodes();
  const credentials = new FakeDeviceCredentials();
  const providers = new FakeProviderDirectory();
  const accounts = new FakeClientStore();
  const twoStepStore = memoryTwoStepStore();
  const directory = new FakeClientDirectory(() => clock.now());
  const passwordChanges = cachedPasswordChanges(directory, clock, { freshForMs: PASSWORD_CHECK_MS });
  const deps: DeviceDeps = {
    clock,
    ids: new FakeIds(),
    files,
    codes,
    credentials,
    providers,
    accounts,
    passwordChanges,
    twoStep: { clock, store: twoStepStore, crypto: nodeTwoStepCrypto },
  };
  return {
    clock,
    files,
    codes,
    credentials,
    providers,
    accounts,
    directory,
    twoStepStore,
    deps,
    async seed(file) {
      if (file.identificationCode)
        await files.claimIdentificationCode(file.identificationCode, file.providerId, file.id);
      await files.create(file);
    },
    async file(clientId = 'c0ffee00-0000-4000-8000-000000000001') {
      const read = await files.get(GFMS.id, clientId);
      if (!read) throw new Error('no such file');
      return read.value;
    },
  };
}
