/**
 * What a professional does with the client files of their provider (seed 000's "fiche client"): create a prospect,
 * edit it, open its sheet, search. And what an accepted invitation does to the file of the invited address: it
 * becomes the file of a `client` (linked to the account that signed in), or is created from the invitation.
 * Another provider's file does not exist for a professional (404 `client-not-found`, never 403).
 */
import type { ClientAccount, ClientProfile, ClientRecord, OwnedCompany, ProviderAccess } from '../client.js';
import type {
  Civility,
  ClientCodes,
  ClientFile,
  ClientFileStore,
  ClientSummary,
  Device,
  MobileApp,
} from '../client-file.js';
import { fileEmails, ownedEmails, parseSearch } from '../client-search.js';
import { DomainError, ValidationFailed } from '../errors.js';
import type { Invitation, PostalAddress } from '../invitation.js';
import type { Locale } from '../locale.js';
import type { PhoneNumbers } from '../phone-number.js';
import type { ClientStore, Clock, Ids, InvitationStore, Versioned } from '../ports.js';
import type { ActingProfessional } from '../provider.js';

export interface ClientFileDeps {
  clock: Clock;
  ids: Ids;
  files: ClientFileStore;
  codes: ClientCodes;
  phones: PhoneNumbers;
  /** The accounts of clients who signed in: their access per provider and their companies (the sheet). */
  clients: Pick<ClientStore, 'profile' | 'passwordChangedAt'>;
  /** The invitation history of the file's addresses (the sheet). */
  invitations: Pick<InvitationStore, 'list' | 'get' | 'timeline'>;
}

/** What acceptance needs to link (or create) the invited address's file. */
export type ClientFileLinkDeps = Pick<ClientFileDeps, 'clock' | 'ids' | 'files' | 'codes'>;

/** National numbers are read in this country (the product's clients are French first). */
export const DEFAULT_PHONE_COUNTRY = 'FR';
/** A search answers at most this many summaries (`truncated` says there were more). */
export const SEARCH_LIMIT = 50;
/** The sheet shows the latest invitations of the file's addresses, at most this many. */
export const SHEET_INVITATIONS = 10;
/** Tries at drawing an identification code nobody holds (31^8 codes: a collision is already rare). */
const CODE_TRIES = 5;
/** Tries at writing a change over a file that moved meanwhile (the change is applied again on a fresh read). */
const WRITE_TRIES = 3;

/** A new file, as a professional types it (already checked by the edge's schema; the phone is checked here). */
export interface ClientFileInput {
  civility?: Civility | undefined;
  firstName: string;
  lastName: string;
  /** The primary address, normalized. */
  email?: string | undefined;
  secondaryEmails?: string[] | undefined;
  /** As typed: international, or national in France. */
  phone?: string | undefined;
  address?: PostalAddress | undefined;
  department?: string | undefined;
  referrer?: string | undefined;
  advisor?: string | undefined;
  locale?: Locale | undefined;
  mobileApp?: MobileApp | undefined;
}

/** A change to a file (PATCH): an absent field is kept, `null` clears an optional one. */
export interface ClientFileChanges {
  civility?: Civility | null | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  email?: string | null | undefined;
  secondaryEmails?: string[] | undefined;
  phone?: string | null | undefined;
  address?: PostalAddress | null | undefined;
  department?: string | null | undefined;
  referrer?: string | null | undefined;
  advisor?: string | null | undefined;
  locale?: Locale | undefined;
  mobileApp?: { offered?: boolean | undefined; usableUntil?: string | null | undefined } | undefined;
}

const notFound = () => new DomainError('client-not-found', 'No such client.');
const exists = (clientId: string) =>
  new DomainError('client-exists', 'A client of this provider already has this email address.', { clientId });
const isCode = (error: unknown, code: DomainError['code']) => error instanceof DomainError && error.code === code;

/** The number in E.164, read by the phone-number library (a fixed line is fine for the record); 400 otherwise. */
function checkedPhone(deps: Pick<ClientFileDeps, 'phones'>, phone: string): string {
  const parsed = deps.phones.parse(phone, DEFAULT_PHONE_COUNTRY);
  if (!parsed) {
    throw new ValidationFailed([
      { pointer: '#/phone', detail: 'must be a valid phone number, e.g. +33 6 12 34 56 78 or 06 12 34 56 78' },
    ]);
  }
  return parsed.e164;
}

/** Secondary addresses: distinct, and none of the file's own (sign-in or primary). */
function secondaries(list: readonly string[], owned: readonly (string | undefined)[]): string[] {
  return [...new Set(list)].filter((email) => !owned.includes(email));
}

/** The provider's file, or `client-not-found` (another provider's file is not found either). */
export async function findOwnClientFile(
  deps: { files: Pick<ClientFileStore, 'get'> },
  professional: Pick<ActingProfessional, 'providerId'>,
  clientId: string,
): Promise<Versioned<ClientFile>> {
  const found = await deps.files.get(professional.providerId, clientId);
  if (!found || found.value.providerId !== professional.providerId) throw notFound();
  return found;
}

/** Draws an identification code and claims it for the file (again when someone holds it). */
async function claimNewCode(deps: ClientFileLinkDeps, providerId: string, clientId: string): Promise<string> {
  for (let i = 0; i < CODE_TRIES; i++) {
    const code = deps.codes.newIdentificationCode();
    if (await deps.files.claimIdentificationCode(code, providerId, clientId)) return code;
  }
  throw new DomainError('dependency-unavailable', 'No identification code could be claimed; try again.', {
    retryAfterSeconds: 1,
    dependency: 'storage',
  });
}

/** Refuses an address another file of the provider signs in with or writes to (`client-exists`, with its id). */
async function refuseTakenEmails(deps: Pick<ClientFileDeps, 'files'>, file: ClientFile): Promise<void> {
  for (const email of ownedEmails(file)) {
    const holder = await deps.files.byEmail(file.providerId, email);
    if (holder && holder.value.id !== file.id) throw exists(holder.value.id);
  }
}

/**
 * A prospect typed in by a professional: its phone read by the library, and its identification code drawn and
 * claimed when the mobile app is offered on it (`mobileApp.offered`; otherwise it gets one when the app is). A second file with the same primary address in the provider is refused (`client-exists`, with the
 * existing `clientId`) before anything is written.
 */
export async function createClientFile(
  deps: ClientFileDeps,
  professional: ActingProfessional,
  input: ClientFileInput,
): Promise<Versioned<ClientFile>> {
  const now = deps.clock.now();
  const phone = input.phone === undefined ? undefined : checkedPhone(deps, input.phone);
  const draft: ClientFile = {
    id: deps.ids.newId(),
    providerId: professional.providerId,
    status: 'prospect',
    ...(input.civility ? { civility: input.civility } : {}),
    firstName: input.firstName,
    lastName: input.lastName,
    emails: {
      ...(input.email ? { primary: input.email } : {}),
      secondary: secondaries(input.secondaryEmails ?? [], [input.email]),
    },
    ...(phone ? { phone } : {}),
    ...(input.address ? { address: input.address } : {}),
    ...(input.department ? { department: input.department } : {}),
    ...(input.referrer ? { referrer: input.referrer } : {}),
    ...(input.advisor ? { advisor: input.advisor } : {}),
    locale: input.locale ?? 'fr',
    mobileApp: input.mobileApp ?? { offered: false },
    activationFailures: { recent: [] },
    createdAt: now,
    createdBy: professional.oid,
    updatedAt: now,
  };
  await refuseTakenEmails(deps, draft);
  const identificationCode = draft.mobileApp.offered ? await claimNewCode(deps, draft.providerId, draft.id) : undefined;
  // A concurrent create with the same address loses here: the store's own claim on the address refuses it.
  return deps.files.create({ ...draft, ...(identificationCode ? { identificationCode } : {}) });
}

/** The file with the change applied (the identification code, status and links never change here). */
function applyChanges(deps: Pick<ClientFileDeps, 'phones'>, file: ClientFile, changes: ClientFileChanges): ClientFile {
  const next: ClientFile = structuredClone(file);
  const optional = ['civility', 'department', 'referrer', 'advisor', 'address'] as const;
  for (const field of optional) {
    const value = changes[field];
    if (value === null) delete next[field];
    else if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
  }
  if (changes.firstName !== undefined) next.firstName = changes.firstName;
  if (changes.lastName !== undefined) next.lastName = changes.lastName;
  if (changes.locale !== undefined) next.locale = changes.locale;
  if (changes.phone === null) delete next.phone;
  else if (changes.phone !== undefined) next.phone = checkedPhone(deps, changes.phone);
  if (changes.email === null) delete next.emails.primary;
  else if (changes.email !== undefined) next.emails.primary = changes.email;
  next.emails.secondary = secondaries(changes.secondaryEmails ?? next.emails.secondary, [
    next.emails.primary,
    next.emails.signIn,
  ]);
  if (changes.mobileApp) {
    const { offered, usableUntil } = changes.mobileApp;
    if (offered !== undefined) next.mobileApp.offered = offered;
    if (usableUntil === null) delete next.mobileApp.usableUntil;
    else if (usableUntil !== undefined) next.mobileApp.usableUntil = usableUntil;
  }
  return next;
}

/**
 * PATCH: the fields given replace the file's (`null` clears an optional one), on the file as read and written
 * If-Match its ETag (applied again on a fresh read when someone wrote meanwhile). The identification code is given
 * when the mobile app is first offered on the file (claimed once, kept across the retries), and never changes after;
 * the sign-in address is the account's. A primary address another file holds is refused
 * (`client-exists`).
 */
export async function editClientFile(
  deps: ClientFileDeps,
  professional: ActingProfessional,
  clientId: string,
  changes: ClientFileChanges,
): Promise<Versioned<ClientFile>> {
  let claimed: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const current = await findOwnClientFile(deps, professional, clientId);
    const next = { ...applyChanges(deps, current.value, changes), updatedAt: deps.clock.now() };
    if (next.emails.primary !== current.value.emails.primary) await refuseTakenEmails(deps, next);
    if (next.mobileApp.offered && !next.identificationCode) {
      claimed ??= await claimNewCode(deps, next.providerId, next.id);
      next.identificationCode = claimed;
    }
    try {
      return await deps.files.replace(next, current);
    } catch (error) {
      if (!isCode(error, 'concurrent-update') || attempt >= WRITE_TRIES) throw error;
    }
  }
}

/** The sheet (seed 000): the file, its devices, what the account says at this provider, and the invitations sent. */
export interface ClientSheet {
  file: ClientFile;
  etag: string;
  devices: Device[];
  /** This provider's access status: the file's when set (a prospect may be blocked), else the account's record's. */
  access?: ProviderAccess;
  /** How many providers the person is a client of (0 for a prospect). */
  providers: number;
  /** The companies the person created for this provider. */
  companies: OwnedCompany[];
  /** The latest invitations of this provider to the file's addresses, newest first. */
  invitations: Invitation[];
  /**
   * When the account's password last changed through the product (reset link, profile, temporary password): the
   * devices activated before it are signed out (their credentials refused, docs/mobile-app.md). Absent: never.
   */
  passwordChangedAt?: Date;
  /** A file merged into another: the kept file's names, for the sheet to name it (one more read, merged files only). */
  mergedInto?: { id: string; firstName: string; lastName: string };
}

export async function clientSheet(
  deps: ClientFileDeps,
  professional: ActingProfessional,
  clientId: string,
): Promise<ClientSheet> {
  const found = await findOwnClientFile(deps, professional, clientId);
  const file = found.value;
  const into = file.access?.status === 'merged' ? file.access.into : undefined;
  const [devices, profile, invitations, passwordChangedAt, kept] = await Promise.all([
    deps.files.devices(file.providerId, file.id),
    file.accountKey ? deps.clients.profile(file.accountKey) : Promise.resolve(undefined),
    invitationsOf(deps, file),
    // Only when there are devices to say it of: a file without one costs no read.
    file.accountKey && file.appFirstConnectionAt ? deps.clients.passwordChangedAt(file.accountKey) : undefined,
    into ? deps.files.get(file.providerId, into) : undefined,
  ]);
  const record = profile?.records.find((r) => r.providerId === file.providerId);
  return {
    file,
    etag: found.etag,
    devices,
    // The file's access when a professional set it (block, unblock, merge); otherwise the record's.
    ...(file.access ? { access: file.access } : record ? { access: record.access } : {}),
    providers: profile?.records.length ?? 0,
    companies: profile?.companies.filter((c) => c.providerId === file.providerId) ?? [],
    invitations,
    ...(passwordChangedAt ? { passwordChangedAt } : {}),
    ...(kept && kept.value.providerId === file.providerId
      ? { mergedInto: { id: kept.value.id, firstName: kept.value.firstName, lastName: kept.value.lastName } }
      : {}),
  };
}

async function invitationsOf(deps: ClientFileDeps, file: ClientFile): Promise<Invitation[]> {
  const listings = await Promise.all(
    fileEmails(file).map((email) =>
      deps.invitations.list(file.providerId, { email, limit: SHEET_INVITATIONS, order: 'newest' }),
    ),
  );
  const ids = [...new Set(listings.flatMap((l) => l.invitationIds))];
  const read = await Promise.all(ids.map((id) => deps.invitations.get(id)));
  return read
    .filter((r): r is Versioned<Invitation> => r !== undefined && r.value.providerId === file.providerId)
    .map((r) => r.value)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, SHEET_INVITATIONS);
}

/**
 * Seed 000's search: by name (each word a prefix of a first- or last-name word, any order, case and accents aside),
 * by email or by phone; at most `SEARCH_LIMIT` summaries in name order, `truncated` when there were more.
 */
export async function searchClients(
  deps: Pick<ClientFileDeps, 'files' | 'phones'>,
  professional: ActingProfessional,
  q: string,
): Promise<{ items: ClientSummary[]; truncated: boolean }> {
  const terms = parseSearch(q, deps.phones, DEFAULT_PHONE_COUNTRY);
  if (terms.kind === 'name' && terms.tokens.length === 0) {
    throw new ValidationFailed([{ pointer: '#/q', detail: 'must hold a letter or a digit' }]);
  }
  const found = await deps.files.search(professional.providerId, terms, SEARCH_LIMIT + 1);
  return { items: found.slice(0, SEARCH_LIMIT), truncated: found.length > SEARCH_LIMIT };
}

/**
 * How `linkClientFile` goes about it: `createFirst` for an invitation just accepted (most invited addresses have no
 * file), with `listingOf` the invitation whose listing summary its store left for the file's write
 * (`listingWithClientFile`): the provider's partition written once.
 */
export interface LinkOptions {
  createFirst?: boolean;
  listingOf?: Invitation;
}

/** What became of the invited address's file when an invitation was accepted. */
export type FileLink =
  | {
      kind: 'linked' | 'created' | 'unchanged';
      clientId: string;
      /** The access the file sets at its provider, when a professional set one (`use-cases/client-access.ts`). */
      access?: ProviderAccess;
    }
  | { kind: 'linked-elsewhere' };

/**
 * Who accepted what at a provider: an accepted invitation (`acceptedInvitation`), or the provider record the
 * acceptance wrote to the person's account (`acceptedRecord`, what a sign-in reads).
 */
export interface Acceptance {
  providerId: string;
  /** The invited address, normalized. */
  email: string;
  invitationId?: string | undefined;
  firstName: string;
  lastName: string;
  phone?: string | undefined;
  locale: Locale;
  acceptedAt?: Date | undefined;
}

export const acceptedInvitation = (invitation: Invitation): Acceptance => ({
  providerId: invitation.providerId,
  email: invitation.email,
  invitationId: invitation.id,
  firstName: invitation.firstName,
  lastName: invitation.lastName,
  phone: invitation.phone,
  locale: invitation.locale,
  acceptedAt: invitation.acceptedAt,
});

export const acceptedRecord = (record: ClientRecord): Acceptance => ({
  providerId: record.providerId,
  email: record.email,
  invitationId: record.invitationId,
  firstName: record.firstName,
  lastName: record.lastName,
  phone: record.phone,
  locale: 'fr',
  acceptedAt: record.firstSignInAt,
});

/**
 * Acceptance links the file: the provider's file for the invited address becomes the file of a `client` — the
 * account that signed in, when, through which invitation, and the address it signs in with — or it is created from
 * the invitation when there is none. Idempotent: a file already linked to this account is left as it is, so the
 * person's next sign-in (`repairClientFiles`) does what an interrupted acceptance left undone.
 *
 * `createFirst` (an invitation just accepted: most invited addresses have no file) creates the file without reading
 * first — the address's index row is a claim, so a file holding it fails the create, and only then is it read and
 * linked. Otherwise (a repeated callback, a sign-in's repair) the address is read first: a linked file costs no write.
 */
export async function linkClientFile(
  deps: ClientFileLinkDeps,
  acceptance: Acceptance,
  account: Pick<ClientAccount, 'key' | 'email'>,
  options: LinkOptions = {},
): Promise<FileLink> {
  const now = deps.clock.now();
  let readFirst = !options.createFirst;
  // The listing summary goes with the first create only (when that fails, the store has written it on its own).
  let listingOf = options.createFirst ? options.listingOf : undefined;
  const tries = WRITE_TRIES + (readFirst ? 0 : 1);
  for (let attempt = 1; ; attempt++) {
    try {
      const found = readFirst ? await deps.files.byEmail(acceptance.providerId, acceptance.email) : undefined;
      readFirst = true;
      const withListing = listingOf;
      listingOf = undefined;
      if (!found) return await createFromAcceptance(deps, acceptance, account, now, withListing);
      const file = found.value;
      if (file.accountKey && file.accountKey !== account.key) return { kind: 'linked-elsewhere' };
      if (file.status === 'client' && file.accountKey === account.key && file.emails.signIn === account.email) {
        return { kind: 'unchanged', clientId: file.id, ...(file.access ? { access: file.access } : {}) };
      }
      const invitationId = file.invitationId ?? acceptance.invitationId;
      const next: ClientFile = {
        ...file,
        status: 'client',
        accountKey: account.key,
        ...(invitationId ? { invitationId } : {}),
        firstSignInAt: file.firstSignInAt ?? acceptance.acceptedAt ?? now,
        emails: {
          ...file.emails,
          signIn: account.email,
          secondary: file.emails.secondary.filter((e) => e !== account.email),
        },
        updatedAt: now,
      };
      await deps.files.replace(next, found);
      return { kind: 'linked', clientId: file.id, ...(file.access ? { access: file.access } : {}) };
    } catch (error) {
      // A file holds the address (or was created, or written, meanwhile): look again.
      const retry = isCode(error, 'concurrent-update') || isCode(error, 'client-exists');
      if (!retry || attempt >= tries) throw error;
    }
  }
}

async function createFromAcceptance(
  deps: ClientFileLinkDeps,
  acceptance: Acceptance,
  account: Pick<ClientAccount, 'key' | 'email'>,
  now: Date,
  listingOf: Invitation | undefined,
): Promise<FileLink> {
  // The same id for the same provider and address: concurrent acceptances write the same file once.
  const id = deps.ids.derive('client-file', `${acceptance.providerId}|${acceptance.email}`);
  // No identification code: the mobile app is not offered on it yet (it gets one when it is).
  await deps.files.create(
    {
      id,
      providerId: acceptance.providerId,
      status: 'client',
      firstName: acceptance.firstName,
      lastName: acceptance.lastName,
      emails: { primary: acceptance.email, signIn: account.email, secondary: [] },
      ...(acceptance.phone ? { phone: acceptance.phone } : {}),
      locale: acceptance.locale,
      mobileApp: { offered: false },
      accountKey: account.key,
      ...(acceptance.invitationId ? { invitationId: acceptance.invitationId } : {}),
      firstSignInAt: acceptance.acceptedAt ?? now,
      activationFailures: { recent: [] },
      createdAt: now,
      createdBy: 'invitation',
      updatedAt: now,
    },
    listingOf ? { listingOf } : {},
  );
  return { kind: 'created', clientId: id };
}

/** What linking a file did, or why it failed (the caller logs it; a failure never stops the person). */
export type FileLinkOutcome = FileLink | { kind: 'failed'; error: unknown };

/** `linkClientFile`, its failure returned rather than thrown. */
export async function tryLinkClientFile(
  deps: ClientFileLinkDeps,
  acceptance: Acceptance,
  account: Pick<ClientAccount, 'key' | 'email'>,
  options: LinkOptions = {},
): Promise<FileLinkOutcome> {
  try {
    return await linkClientFile(deps, acceptance, account, options);
  } catch (error) {
    return { kind: 'failed', error };
  }
}

/**
 * A sign-in repairs the files an interrupted acceptance left unlinked: for each provider record of the account, the
 * provider's file for the address it accepted is linked (a point read of the address's index row and one of the
 * file when all is in order — no write). Failures are returned, never thrown: the sign-in goes on.
 */
export async function repairClientFiles(
  deps: ClientFileLinkDeps,
  profile: Pick<ClientProfile, 'account' | 'records'>,
): Promise<FileLinkOutcome[]> {
  const account = { key: profile.account.key, email: profile.account.email };
  return Promise.all(profile.records.map((record) => tryLinkClientFile(deps, acceptedRecord(record), account)));
}
