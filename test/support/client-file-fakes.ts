/**
 * In-memory fakes of the clients capability's ports (shared/domain/client-file.ts), for unit tests of its use cases:
 * the Table adapter's semantics (If-Match writes, a stale ETag is DomainError `concurrent-update`, identification
 * codes claimed once across providers, values copied in and out). `search` answers from the same normalized terms
 * the adapter indexes; the store contract (test/integration/store-contract.test.ts) runs the same cases on both.
 */

import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';
import type { ProviderAccess } from '../../shared/domain/client.js';
import {
  type ClientCodes,
  type ClientFile,
  type ClientFileStore,
  type ClientSearchTerms,
  type ClientSummary,
  type Device,
  IDENTIFICATION_CODE_ALPHABET,
  IDENTIFICATION_CODE_LENGTH,
} from '../../shared/domain/client-file.js';
import { compareSummaries, fileMatches, ownedEmails, summarizeClientFile } from '../../shared/domain/client-search.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { Versioned } from '../../shared/domain/ports.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import { type ClientFileDeps, createClientFile } from '../../shared/domain/use-cases/client-files.js';
import type { ErasureDeps } from '../../shared/domain/use-cases/erase-client.js';
import { FakeAccountEmailStore } from './fakes.js';
import { nourAccount, type OnboardingWorld, onboardingWorld } from './onboarding-fakes.js';
import { InMemoryResetTokenStore } from './reset-token-fakes.js';

const copy = <T>(value: T): T => structuredClone(value);
const conflict = () =>
  new DomainError('concurrent-update', 'The client file changed meanwhile; read it again and retry.');

export class InMemoryClientFileStore implements ClientFileStore {
  readonly files = new Map<string, Versioned<ClientFile>>();
  readonly codes = new Map<string, { providerId: string; clientId: string }>();
  readonly deviceRows = new Map<string, Device>();
  /** How the fake searches: the clients' search module's matcher (shared/domain/client-search.ts). */
  matches: (file: ClientFile, terms: ClientSearchTerms) => boolean = fileMatches;
  /** How a file shows in a search's answer. */
  summarize: (file: ClientFile) => ClientSummary = summarizeClientFile;
  private etags = 0;
  private nextEtag() {
    this.etags += 1;
    return `W/"file-${this.etags}"`;
  }
  private key = (providerId: string, clientId: string) => `${providerId}|${clientId}`;
  /** As the adapter's `e|<hash>` claims: an address a file signs in with or writes to is no other file's. */
  private refuseTakenEmails(file: ClientFile): void {
    for (const stored of this.files.values()) {
      const other = stored.value;
      if (other.providerId !== file.providerId || other.id === file.id) continue;
      if (ownedEmails(other).some((email) => ownedEmails(file).includes(email))) {
        throw new DomainError('client-exists', 'A client of this provider already has this email address.', {
          clientId: other.id,
        });
      }
    }
  }

  async claimIdentificationCode(code: string, providerId: string, clientId: string): Promise<boolean> {
    if (this.codes.has(code)) return false;
    this.codes.set(code, { providerId, clientId });
    return true;
  }
  async create(file: ClientFile): Promise<Versioned<ClientFile>> {
    const key = this.key(file.providerId, file.id);
    if (this.files.has(key)) throw conflict();
    this.refuseTakenEmails(file);
    const stored = { value: copy(file), etag: this.nextEtag() };
    this.files.set(key, stored);
    return copy(stored);
  }
  async get(providerId: string, clientId: string): Promise<Versioned<ClientFile> | undefined> {
    const stored = this.files.get(this.key(providerId, clientId));
    return stored && copy(stored);
  }
  async replace(file: ClientFile, read: Versioned<ClientFile>): Promise<Versioned<ClientFile>> {
    const key = this.key(file.providerId, file.id);
    const current = this.files.get(key);
    if (!current || current.etag !== read.etag) throw conflict();
    this.refuseTakenEmails(file);
    const stored = { value: copy(file), etag: this.nextEtag() };
    this.files.set(key, stored);
    return copy(stored);
  }
  async byIdentificationCode(code: string): Promise<Versioned<ClientFile> | undefined> {
    const claim = this.codes.get(code);
    return claim && this.get(claim.providerId, claim.clientId);
  }
  async byEmail(providerId: string, email: string): Promise<Versioned<ClientFile> | undefined> {
    for (const stored of this.files.values()) {
      const { emails } = stored.value;
      if (stored.value.providerId === providerId && (emails.primary === email || emails.signIn === email)) {
        return copy(stored);
      }
    }
    return undefined;
  }
  async search(providerId: string, terms: ClientSearchTerms, limit: number): Promise<ClientSummary[]> {
    return [...this.files.values()]
      .map((s) => s.value)
      .filter((file) => file.providerId === providerId && this.matches(file, terms))
      .map((file) => copy(this.summarize(file)))
      .sort(compareSummaries)
      .slice(0, limit);
  }
  async devices(providerId: string, clientId: string): Promise<Device[]> {
    const prefix = `${this.key(providerId, clientId)}|`;
    return [...this.deviceRows.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([, device]) => copy(device))
      .sort((a, b) => b.activatedAt.getTime() - a.activatedAt.getTime());
  }
  async erase(current: Versioned<ClientFile>): Promise<void> {
    const file = current.value;
    if (file.identificationCode) this.codes.delete(file.identificationCode);
    const prefix = `${this.key(file.providerId, file.id)}|`;
    for (const key of [...this.deviceRows.keys()]) if (key.startsWith(prefix)) this.deviceRows.delete(key);
    this.files.delete(this.key(file.providerId, file.id));
  }
  async putDevice(providerId: string, clientId: string, device: Device): Promise<void> {
    this.deviceRows.set(`${this.key(providerId, clientId)}|${device.id}`, copy(device));
    this.deviceEtags.set(`${this.key(providerId, clientId)}|${device.id}`, this.nextEtag());
  }
  private deviceEtags = new Map<string, string>();
  async activateDevice(file: ClientFile, read: Versioned<ClientFile>, device: Device): Promise<Versioned<ClientFile>> {
    const deviceKey = `${this.key(file.providerId, file.id)}|${device.id}`;
    // One transaction: a device id already there fails it whole, like a stale ETag.
    if (this.deviceRows.has(deviceKey)) throw conflict();
    const stored = await this.replace(file, read);
    await this.putDevice(file.providerId, file.id, device);
    return stored;
  }
  async device(providerId: string, clientId: string, deviceId: string): Promise<Versioned<Device> | undefined> {
    const key = `${this.key(providerId, clientId)}|${deviceId}`;
    const device = this.deviceRows.get(key);
    return device && { value: copy(device), etag: this.deviceEtags.get(key)! };
  }
  async replaceDevice(providerId: string, clientId: string, device: Device, etag: string): Promise<Versioned<Device>> {
    const key = `${this.key(providerId, clientId)}|${device.id}`;
    if (!this.deviceRows.has(key) || this.deviceEtags.get(key) !== etag) throw conflict();
    await this.putDevice(providerId, clientId, device);
    return { value: copy(device), etag: this.deviceEtags.get(key)! };
  }
}

/** Predictable codes: identification codes from a counter, activation codes given by the test (default 123456). */
export class FakeClientCodes implements ClientCodes {
  private identification = 0;
  nextActivationCode = '123456';
  newIdentificationCode(): string {
    this.identification += 1;
    let n = this.identification;
    let code = '';
    for (let i = 0; i < IDENTIFICATION_CODE_LENGTH; i++) {
      code = IDENTIFICATION_CODE_ALPHABET[n % IDENTIFICATION_CODE_ALPHABET.length] + code;
      n = Math.floor(n / IDENTIFICATION_CODE_ALPHABET.length);
    }
    return code;
  }
  issueActivationCode(): { code: string; hash: string } {
    return { code: this.nextActivationCode, hash: `hmac:${this.nextActivationCode}` };
  }
  activationCodeMatches(code: string, hash: string): boolean {
    return hash === `hmac:${code}`;
  }
}

/** The onboarding world with client files in memory: the store, its codes, and the use cases' deps over them. */
export function clientFilesWorld(): OnboardingWorld & {
  files: InMemoryClientFileStore;
  codes: FakeClientCodes;
  cf: ClientFileDeps;
} {
  const w = onboardingWorld();
  const files = new InMemoryClientFileStore();
  const codes = new FakeClientCodes();
  const cf: ClientFileDeps = {
    clock: w.clock,
    ids: w.ids,
    files,
    codes,
    phones: phoneNumbers,
    clients: w.clients,
    invitations: w.store,
  };
  w.onboarding.clientFiles = cf;
  return Object.assign(w, { files, codes, cf });
}

/**
 * Mohamed-Nour (`nourAccount`) signed in at this provider: a file of the provider holding the account's address,
 * linked to the account, and the account's record for the provider (`access`, active by default).
 */
export async function nourClientAt(
  w: ReturnType<typeof clientFilesWorld>,
  professional: ActingProfessional,
  options: { access?: ProviderAccess; file?: Partial<ClientFile> } = {},
): Promise<ClientFile> {
  const account = nourAccount();
  const file = await createClientFile(w.cf, professional, {
    firstName: 'Mohamed-Nour',
    lastName: 'Benali',
    email: account.email,
  });
  const since = w.clock.now();
  const linked = { ...file.value, status: 'client' as const, accountKey: account.key, ...options.file };
  await w.files.replace(linked, file);
  await w.clients.recordAcceptance(account, {
    providerId: professional.providerId,
    clientId: account.clientId,
    firstName: 'Mohamed-Nour',
    lastName: 'Benali',
    email: account.email,
    access: options.access ?? { status: 'active', since },
    firstSignInAt: since,
    createdAt: since,
  });
  return linked;
}

/** The erasure's ports over a world of client files (erase-client.ts), with the stores it alone adds. */
export function erasureOf(w: ReturnType<typeof clientFilesWorld>) {
  const resetTokens = new InMemoryResetTokenStore();
  const accountEmails = new FakeAccountEmailStore();
  const erasure: ErasureDeps = {
    clock: w.clock,
    files: w.files,
    invitations: w.store,
    clients: w.clients,
    directory: w.directory,
    resetTokens,
    accountEmails,
  };
  return { erasure, resetTokens, accountEmails };
}
