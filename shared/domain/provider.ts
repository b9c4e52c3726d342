/**
 * Providers and their professionals. A provider (GFMS, an agency, an advisory firm) brings its clients onto a
 * platform ("My rConnect"); its professionals act for it with an Entra bearer token. A professional sees only
 * their own provider's invitations and clients. Ops register providers (`npm run provider`): what a provider
 * record must hold, who may act for it and its agency codes (seed 003) are checked here.
 */
import { normalizeEmail } from './email-address.js';
import { DomainError, type DomainErrorCode, type FieldProblem, isOneOf } from './errors.js';
import { isLocale, LOCALES, type Locale } from './locale.js';

export type ProviderStatus = 'active' | 'inactive';

/**
 * Seed 003's codes, printed in the provider's sign-in links (`?client=CODECLIENT&societe=CODESOCIETE`) so that a
 * sign-in starts in its context. Stored upper-case; people may type them in any case.
 */
export interface AgencyCodes {
  /** `client=`: the provider's client code, unique across providers. */
  client: string;
  /** `societe=`: its company code, when it has one; a link naming another company code is not this provider's. */
  company?: string;
}

export interface Provider {
  id: string;
  /** The business, as clients know it: "GFMS". */
  name: string;
  /** The portal or app clients are invited to: "My rConnect". */
  platformName: string;
  /**
   * One sentence on what the platform does for clients, shown in invitations: in every language that has no
   * description of its own in `platformDescriptions` ('' for none).
   */
  platformDescription: string;
  /** The description in a given language, for the invitations in that language ("fr": seed 002 in French). */
  platformDescriptions?: Partial<Record<Locale, string>>;
  /** Where clients write for help; without it, emails and pages offer no contact line. */
  supportEmail?: string;
  /** The provider's portal, where the welcome page's links lead (e.g. https://myrconnect.gfms.example). */
  portalUrl?: string;
  /**
   * The platform's documentation for clients (https): the invitation email's "P.S. Need help getting started?"
   * points to it (seed 002); without it, the email has no P.S.
   */
  documentationUrl?: string;
  /** Its seed-003 codes; providers registered by ops always have them. */
  agencyCodes?: AgencyCodes;
  status: ProviderStatus;
  /** When ops marked it inactive, when known: the refusal pages say since when. */
  inactiveSince?: Date;
}

/**
 * Who acts for a provider within a workforce tenant: everyone of the tenant, one person (`user:<object id>`) or
 * one app (`app:<client id>`). The most specific grant wins, and each grant belongs to one provider only.
 */
export interface ProviderGrant {
  tenantId: string;
  subject: GrantSubject;
}

export type GrantSubject = 'tenant' | `user:${string}` | `app:${string}`;

export type ProfessionalRole = 'Invitations.Send' | 'Clients.Manage';

/** Who is calling, as proven by a verified workforce access token. */
export interface Professional {
  tenantId: string;
  /** The user's object id, or the calling app's service principal id for app-only tokens. */
  oid: string;
  /** Client id of the calling app (`azp`/`appid`). */
  appId: string;
  /** A person's name for delegated tokens; the app's id for app-only tokens. */
  name: string;
  kind: 'user' | 'app';
  roles: ProfessionalRole[];
}

/** A professional together with the provider they act for. */
export interface ActingProfessional extends Professional {
  providerId: string;
}

/** The grants that could name this professional, most specific first. */
export function grantSubjectsOf(professional: Professional): GrantSubject[] {
  return [
    ...(professional.kind === 'user' ? [`user:${professional.oid}` as const] : []),
    `app:${professional.appId}` as const,
    'tenant',
  ];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROVIDER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const AGENCY_CODE = /^[A-Z0-9_-]{1,64}$/;
// Names and descriptions are shown in pages and emails (escaped there); control characters have no place in them.
const CONTROL = /\p{Cc}/u;

export const isGuid = (value: string) => GUID.test(value);

/** Entra writes ids in lower case (`tid`, `oid`, `azp`): grants are stored the same way, or they never match. */
export const normalizeGuid = (value: string) => value.trim().toLowerCase();

/** Codes are compared in upper case, whatever case a person types them in. */
export const normalizeAgencyCode = (value: string) => value.trim().toUpperCase();

export const isAgencyCode = (value: string) => AGENCY_CODE.test(value);

/** Provider ids: a slug or a GUID in lower case (they are table keys and appear in logs). */
export const isProviderId = (value: string) => PROVIDER_ID.test(value);

/**
 * The platform's description for readers of this language: its own, else the default one ('' when there is none).
 * Never another language's: an English sentence in a French email is what the descriptions by language avoid.
 */
export function platformDescriptionFor(
  provider: Pick<Provider, 'platformDescription' | 'platformDescriptions'>,
  locale: Locale,
): string {
  return (provider.platformDescriptions?.[locale] ?? provider.platformDescription).trim();
}

/**
 * Whether a sign-in link's codes name this provider: its client code, and its company code when both the provider
 * and the link have one (a link without `societe` is still the provider's: the client code alone is unique).
 */
export function matchesAgencyCodes(provider: Provider, link: { client?: string; company?: string }): boolean {
  const codes = provider.agencyCodes;
  if (!codes || !link.client || normalizeAgencyCode(link.client) !== codes.client) return false;
  if (!codes.company || !link.company) return true;
  return normalizeAgencyCode(link.company) === codes.company;
}

function text(problems: FieldProblem[], pointer: string, value: string, limits: { min: number; max: number }): void {
  const length = value.trim().length;
  if (length < limits.min) problems.push({ pointer, detail: 'is required' });
  else if (length > limits.max) problems.push({ pointer, detail: `must be at most ${limits.max} characters` });
  else if (CONTROL.test(value)) problems.push({ pointer, detail: 'must not contain control characters' });
}

function portalUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL (https://…)';
  }
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol !== 'https:' && !(local && url.protocol === 'http:')) return 'must be an https:// URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  return undefined;
}

/** Longer addresses are not a documentation page's, and some mail apps cut links past about 2000 characters. */
export const MAX_DOCUMENTATION_URL = 2000;

/** The documentation address goes out in every invitation email: https only, even locally, and nothing hidden in it. */
function documentationUrlProblem(value: string): string | undefined {
  if (value.length > MAX_DOCUMENTATION_URL) return `must be at most ${MAX_DOCUMENTATION_URL} characters`;
  // Checked on the text as given: the URL parser would silently drop tabs and line breaks, and trim spaces.
  if (/[\s\p{Cc}]/u.test(value)) return 'must not contain spaces or control characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL (https://…)';
  }
  if (url.protocol !== 'https:') return 'must be an https:// URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  return undefined;
}

function grantProblem(grant: ProviderGrant): string | undefined {
  if (!isGuid(grant.tenantId) || grant.tenantId !== normalizeGuid(grant.tenantId)) {
    return 'the tenant id must be a GUID';
  }
  if (grant.subject === 'tenant') return undefined;
  const [kind, id = ''] = grant.subject.split(':');
  if ((kind !== 'user' && kind !== 'app') || !isGuid(id) || id !== normalizeGuid(id)) {
    return `"${grant.subject}" is not user:<object id> or app:<client id> with a GUID`;
  }
  return undefined;
}

/**
 * Why a valid registration is refused: the id is taken (and `replace` was not asked), the provider already has
 * another client code (it never changes), or the client code or a grant belongs to another provider.
 */
export const REGISTRATION_REFUSALS = [
  'provider-exists',
  'agency-code-unchangeable',
  'agency-code-taken',
  'grant-taken',
] as const satisfies readonly DomainErrorCode[];
export type RegistrationRefusal = (typeof REGISTRATION_REFUSALS)[number];

export const isRegistrationRefusal = isOneOf(REGISTRATION_REFUSALS);

/**
 * What is wrong with a provider about to be registered, one problem per field (none: it can be written). The
 * record must be able to speak to clients (name, platform, support address, documentation), its codes must be
 * usable in a link, and its grants must name a tenant, a person or an app the way Entra's tokens do.
 */
export function registrationProblems(provider: Provider, grants: readonly ProviderGrant[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isProviderId(provider.id)) {
    problems.push({ pointer: '#/id', detail: 'must be lower-case letters, digits and dashes (at most 63)' });
  }
  text(problems, '#/name', provider.name, { min: 1, max: 100 });
  text(problems, '#/platformName', provider.platformName, { min: 1, max: 100 });
  text(problems, '#/platformDescription', provider.platformDescription, { min: 0, max: 500 });
  for (const [locale, description] of Object.entries(provider.platformDescriptions ?? {})) {
    const pointer = `#/platformDescriptions/${locale}`;
    if (!isLocale(locale))
      problems.push({ pointer, detail: `is not a language of the service (${LOCALES.join(', ')})` });
    else if (!description?.trim()) {
      // An empty one would hide the default description in that language without saying so.
      problems.push({ pointer, detail: 'must not be empty (leave it out to show the default description)' });
    } else text(problems, pointer, description, { min: 1, max: 500 });
  }
  const supportEmail = provider.supportEmail === undefined ? undefined : normalizeEmail(provider.supportEmail);
  if (supportEmail !== provider.supportEmail) {
    const detail = supportEmail ? `must be written ${supportEmail}` : 'must be an email address';
    problems.push({ pointer: '#/supportEmail', detail });
  }
  if (provider.portalUrl !== undefined) {
    const problem = portalUrlProblem(provider.portalUrl);
    if (problem) problems.push({ pointer: '#/portalUrl', detail: problem });
  }
  if (provider.documentationUrl !== undefined) {
    const problem = documentationUrlProblem(provider.documentationUrl);
    if (problem) problems.push({ pointer: '#/documentationUrl', detail: problem });
  }
  const codes = provider.agencyCodes;
  if (codes) {
    if (!isAgencyCode(codes.client)) {
      problems.push({ pointer: '#/agencyCodes/client', detail: 'must be 1 to 64 letters, digits, - or _' });
    }
    if (codes.company !== undefined && !isAgencyCode(codes.company)) {
      problems.push({ pointer: '#/agencyCodes/company', detail: 'must be 1 to 64 letters, digits, - or _' });
    }
  }
  const seen = new Set<string>();
  grants.forEach((grant, index) => {
    const problem = grantProblem(grant);
    if (problem) problems.push({ pointer: `#/grants/${index}`, detail: problem });
    const key = `${grant.tenantId}|${grant.subject}`;
    if (seen.has(key)) problems.push({ pointer: `#/grants/${index}`, detail: 'is given twice' });
    seen.add(key);
  });
  return problems;
}

/**
 * What ops may change of a registered provider (`npm run provider -- update`): what clients read of it. A field left
 * out is kept; `null` removes an optional one. Not here, so never changed by an update: the id (other tables' rows
 * point to it, and it is the row key), the agency codes (the client code is a row of its own, `code|…`, and both
 * codes are in the sign-in links clients were given), who acts for the provider (its grants are rows of their own)
 * and its status (`deactivate` / `activate`).
 */
export interface ProviderChanges {
  name?: string;
  platformName?: string;
  /** '' for none: the default description is a field every provider has. */
  platformDescription?: string;
  platformDescriptions?: Partial<Record<Locale, string | null>>;
  supportEmail?: string | null;
  portalUrl?: string | null;
  documentationUrl?: string | null;
}

/** The fields an update may change, named as `registrationProblems` points at them (without `#/`). */
export const PROVIDER_DETAILS = [
  'name',
  'platformName',
  'platformDescription',
  ...LOCALES.map((locale) => `platformDescriptions/${locale}` as const),
  'supportEmail',
  'portalUrl',
  'documentationUrl',
] as const;
export type ProviderDetail = (typeof PROVIDER_DETAILS)[number];

/** One field's value, undefined when the provider has none ('' descriptions are none too). */
export function providerDetail(provider: Provider, field: ProviderDetail): string | undefined {
  const value = field.startsWith('platformDescriptions/')
    ? provider.platformDescriptions?.[field.slice('platformDescriptions/'.length) as Locale]
    : provider[field as Exclude<ProviderDetail, `platformDescriptions/${string}`>];
  return value === undefined || value === '' ? undefined : value;
}

/** The provider with these changes: the fields given, and nothing else (id, codes and status are kept). */
export function applyProviderChanges(provider: Provider, changes: ProviderChanges): Provider {
  const next: Provider = { ...provider };
  if (changes.name !== undefined) next.name = changes.name;
  if (changes.platformName !== undefined) next.platformName = changes.platformName;
  if (changes.platformDescription !== undefined) next.platformDescription = changes.platformDescription;
  for (const field of ['supportEmail', 'portalUrl', 'documentationUrl'] as const) {
    const value = changes[field];
    if (value === null) delete next[field];
    else if (value !== undefined) next[field] = value;
  }
  if (changes.platformDescriptions) {
    const descriptions: Partial<Record<Locale, string>> = { ...provider.platformDescriptions };
    for (const [locale, value] of Object.entries(changes.platformDescriptions) as Array<[Locale, string | null]>) {
      if (value === null) delete descriptions[locale];
      else if (value !== undefined) descriptions[locale] = value;
    }
    if (Object.keys(descriptions).length) next.platformDescriptions = descriptions;
    else delete next.platformDescriptions;
  }
  return next;
}

/** What differs between two versions of a provider, field by field (none: nothing to write). */
export interface ProviderDifference {
  field: ProviderDetail;
  before?: string;
  after?: string;
}

export function providerDifferences(before: Provider, after: Provider): ProviderDifference[] {
  return PROVIDER_DETAILS.flatMap((field) => {
    const was = providerDetail(before, field);
    const is = providerDetail(after, field);
    if (was === is) return [];
    return [{ field, ...(was !== undefined ? { before: was } : {}), ...(is !== undefined ? { after: is } : {}) }];
  });
}

/** Refuses (403 `forbidden`) a professional who lacks the role an action needs. */
export function requireRole(professional: Pick<Professional, 'roles'>, role: ProfessionalRole): void {
  if (!professional.roles.includes(role)) throw new DomainError('forbidden', `This action needs the ${role} role.`);
}
