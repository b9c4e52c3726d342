/**
 * `ActivateDevice`: the app sends the identification code (which client) and the activation code of the SMS (proof
 * the person holds the client's phone); a match makes a device and hands the app its device credential.
 *
 * Each attempt reads the file, judges the code and writes If-Match: a failure its count (the code's wrong tries, the
 * client's failures across codes, the lock), a success the code marked used and the new device in one transaction.
 * Two attempts that meet on the same file cannot both write: the loser reads again and is judged on what the winner
 * left — under N concurrent right codes, exactly one device is made and the others find the code used.
 */

import { accessRefusedError, fileAccessRefusal } from '../client-access.js';
import type { ClientCodes, ClientFile, ClientFileStore, Device } from '../client-file.js';
import {
  type DeviceCredentials,
  judgeCode,
  MAX_WRONG_TRIES,
  normalizeIdentificationCode,
  recordFailure,
  refusalError,
  requireUsableApp,
} from '../device-activation.js';
import { DomainError } from '../errors.js';
import type { DirectoryPasswordChanges } from '../password-change.js';
import type { ClientStore, Clock, Ids, ProviderDirectory } from '../ports.js';
import { requireDeviceTwoStep, type TwoStepDeps } from './two-step.js';

export interface DeviceDeps {
  clock: Clock;
  ids: Ids;
  files: ClientFileStore;
  codes: ClientCodes;
  credentials: DeviceCredentials;
  /** The file's provider: a provider that stopped using the service takes the app away (docs/access.md). */
  providers: Pick<ProviderDirectory, 'get'>;
  /**
   * The file's account: the product's own password changes (`passwordChangedAt`, one point read a device call) and
   * the companies it reaches (`profile`, for `GET /api/me/companies`).
   */
  accounts: Pick<ClientStore, 'passwordChangedAt' | 'profile'>;
  /** Entra's own password changes (Graph's `lastPasswordChangeDateTime`, asked at most every few minutes). */
  passwordChanges: DirectoryPasswordChanges;
  /** The account's two-step verification: its code at activation, its changes ending credentials (docs/two-step.md). */
  twoStep: TwoStepDeps;
}

export interface ActivationRequest {
  identificationCode: string;
  activationCode: string;
  /** The app's `X-App-Version`, kept on the device. */
  appVersion?: string;
  /** A name for people to recognise the device by ("iPhone de Claire"). */
  label?: string;
  /** The authenticator app's code (or a recovery code), required when the account has two-step on. */
  totpCode?: string;
}

export interface Activation {
  deviceToken: string;
  clientId: string;
  expiresAt: Date;
  device: Device;
  /** The file as written (its first connection set), for the logs' ids. */
  file: ClientFile;
}

/**
 * A refused activation, as answered, plus whose file it was (for the logs' security events, never for the answer):
 * undefined when the identification code named nobody.
 */
export class ActivationRefused extends DomainError {
  constructor(
    refusal: DomainError,
    readonly file?: { clientId: string; providerId: string },
  ) {
    super(refusal.code, refusal.message, refusal.details);
    this.name = 'ActivationRefused';
  }
}

/**
 * Refuses (`access-refused`, 403, with why and whom to contact) a client whose access at the file's provider is gone:
 * blocked, merged, or the provider no longer using the service. Asked only after proof (the right code, a device
 * credential), so it tells nothing to anyone else.
 */
export async function requireAccess(
  deps: Pick<DeviceDeps, 'providers'>,
  file: Pick<ClientFile, 'access' | 'providerId'>,
): Promise<void> {
  const provider = await deps.providers.get(file.providerId);
  const refusal = fileAccessRefusal(file, provider);
  if (refusal) throw accessRefusedError(refusal, provider);
}

const refused = (refusal: DomainError, file?: ClientFile) =>
  new ActivationRefused(refusal, file && { clientId: file.id, providerId: file.providerId });

/** How many times an attempt reads again when another wrote the file between its read and its write. */
const ROUNDS = 8;

export async function activateDevice(deps: DeviceDeps, request: ActivationRequest): Promise<Activation> {
  const identificationCode = normalizeIdentificationCode(request.identificationCode);
  // Judged once: a round that reads the file again must not meet its own accepted code as a replay.
  let twoStepPassed = false;
  for (let round = 0; round < ROUNDS; round++) {
    const read = await deps.files.byIdentificationCode(identificationCode);
    // No file: the answer of a wrong code (one attempt does not tell the two apart; docs/mobile-app.md).
    if (!read) throw refused(refusalError({ reason: 'wrong', attemptsRemaining: MAX_WRONG_TRIES - 1 }));
    const file = read.value;
    const now = deps.clock.now();
    if (file.activationFailures.lockedAt) throw refused(refusalError({ reason: 'locked' }), file);
    const refusal = judgeCode(file, (hash) => deps.codes.activationCodeMatches(request.activationCode, hash), now);
    try {
      if (refusal) {
        const failed = recordFailure(file, refusal, now);
        await deps.files.replace(failed.file, read);
        throw refused(refusalError(failed.refusal), file);
      }
      // The right code: the app must still be the client's to use (checked only now, so that whether it is tells
      // nothing to someone without the code). The code stays unused.
      try {
        requireUsableApp(file.mobileApp, now);
        await requireAccess(deps, file);
        // Two-step on: the authenticator's code too, before the activation code is spent — a missing or wrong one
        // leaves it unused (and counts in the two-step failures, not the file's).
        if (file.accountKey && !twoStepPassed) {
          await requireDeviceTwoStep(deps.twoStep, file.accountKey, request.totpCode);
          twoStepPassed = true;
        }
      } catch (error) {
        throw error instanceof DomainError ? refused(error, file) : error;
      }
      const device: Device = {
        id: deps.ids.newId(),
        activatedAt: now,
        lastSeenAt: now,
        ...(request.appVersion ? { appVersion: request.appVersion } : {}),
        ...(request.label ? { label: request.label } : {}),
      };
      // Signed before the write: once the code is used, nothing can fail between it and the answer.
      const credential = await deps.credentials.issue(
        { clientId: file.id, providerId: file.providerId, deviceId: device.id },
        now,
      );
      const activated: ClientFile = {
        ...file,
        activation: { ...file.activation!, usedAt: now },
        appFirstConnectionAt: file.appFirstConnectionAt ?? now,
        // NIST SP 800-63B §3.2.2: on success, prior failures are disregarded (a lock is never lifted here).
        activationFailures: { recent: [] },
        updatedAt: now,
      };
      const written = await deps.files.activateDevice(activated, read, device);
      return {
        deviceToken: credential.token,
        clientId: file.id,
        expiresAt: credential.expiresAt,
        device,
        file: written.value,
      };
    } catch (error) {
      if (error instanceof DomainError && error.code === 'concurrent-update' && round < ROUNDS - 1) continue;
      throw error;
    }
  }
  throw new DomainError('concurrent-update', 'The client file kept changing; try again.');
}
