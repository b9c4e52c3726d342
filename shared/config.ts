/**
 * Every setting the service reads, described once below. Validated once, on first use; a bad or missing key is
 * reported together with every other one, so a misconfigured deployment says all that is wrong at once.
 * `local.settings.sample.json` mirrors these descriptions; in Azure the same keys are app settings.
 *
 * Plain readers rather than a schema library: every function reads the settings on its first call, and loading
 * zod alone costs about 100 ms of a cold instance's first answer (docs/decisions.md, "Cold start").
 */

import { type ClientCertificate, ClientCertificateProblem, readClientCertificate } from './client-certificate.js';
import { DEFAULT_SMS_COUNTRIES, DEFAULT_SMS_DAILY_BUDGET } from './domain/activation-sms.js';
import { isBelowMinimum, parseAppVersion } from './domain/app-version.js';
import { PASSWORD_CHECK_DEFAULT_SECONDS } from './domain/password-change.js';

/** A value that is not what the setting needs: the message says what it must be. */
class SettingProblem extends Error {}

/** Reads one present value (never empty) or throws a SettingProblem. */
type Reader<T> = (value: string) => T;

// zod 4's patterns, kept so that what was accepted stays accepted.
const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const EMAIL = /^(?!\.)(?!.*\.\.)([A-Za-z0-9_'+\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}$/;

const text =
  (min = 1): Reader<string> =>
  (value) => {
    if (value.length < min) throw new SettingProblem(`must be at least ${min} characters`);
    return value;
  };
const matching =
  (pattern: RegExp, message: string): Reader<string> =>
  (value) => {
    if (!pattern.test(value)) throw new SettingProblem(message);
    return value;
  };
const uuid = matching(UUID, 'must be a GUID');
const email = matching(EMAIL, 'must be an email address');
/** An http(s) URL; `trimmed` drops its trailing slashes. */
const url =
  ({ trimmed = false } = {}): Reader<string> =>
  (value) => {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new SettingProblem('must be a URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new SettingProblem('must be an http(s) URL');
    return trimmed ? value.replace(/\/+$/, '') : value;
  };
const integer =
  (min: number, max = Number.MAX_SAFE_INTEGER): Reader<number> =>
  (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
      throw new SettingProblem(
        `must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
      );
    return n;
  };
/** A comma-separated list of at least one item, each read by `item`. */
const list =
  (item: Reader<string> = (v) => v): Reader<string[]> =>
  (value) => {
    const items = value
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (items.length === 0) throw new SettingProblem('must list at least one value');
    return items.map(item);
  };
const base64Key: Reader<string> = (value) => {
  if (Buffer.from(value, 'base64').length < 32) throw new SettingProblem('must be at least 32 bytes, base64-encoded');
  return value;
};
/** A semantic version (shared/domain/app-version.ts): `1.4.2`, `2.1`, `1.5.0-beta.1`. */
const appVersion: Reader<string> = (value) => {
  if (!parseAppVersion(value)) throw new SettingProblem('must be a version such as 1.4.2');
  return value;
};
/** PEM: an unencrypted RSA private key and its certificate (shared/client-certificate.ts). */
const certificate: Reader<ClientCertificate> = (value) => {
  try {
    return readClientCertificate(value);
  } catch (error) {
    if (error instanceof ClientCertificateProblem) throw new SettingProblem(error.message);
    throw error;
  }
};
const oneOf =
  <const T extends string>(...values: T[]): Reader<T> =>
  (value) => {
    if (!(values as string[]).includes(value)) throw new SettingProblem(`must be one of ${values.join(', ')}`);
    return value as T;
  };

/** `true` or `false`, nothing else (a typo must not turn a dry run into a real one). */
const flag: Reader<boolean> = (value) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new SettingProblem('must be true or false');
};

/** A setting: required, optional, or with a default used when it is absent. */
interface Setting<T, Kind extends 'required' | 'optional' | 'default'> {
  kind: Kind;
  read: Reader<T>;
  fallback?: T;
}
const required = <T>(read: Reader<T>): Setting<T, 'required'> => ({ kind: 'required', read });
const optional = <T>(read: Reader<T>): Setting<T, 'optional'> => ({ kind: 'optional', read });
const withDefault = <T>(read: Reader<T>, fallback: T): Setting<T, 'default'> => ({ kind: 'default', read, fallback });

const SETTINGS = {
  // Base of every link the service writes (emails, redirects): never derived from the Host header.
  PUBLIC_BASE_URL: required(url({ trimmed: true })),
  // Storage (tables and queues). Locally a connection string (Azurite); in Azure identity-based settings.
  AzureWebJobsStorage: optional(text()),
  // In Azure: the storage account name, used with the managed identity when no connection string is set.
  AzureWebJobsStorage__accountName: optional(text(3)),
  // Client id of the user-assigned managed identity (Azure only).
  AzureWebJobsStorage__clientId: optional(text()),
  // Azure Communication Services: a connection string (locally) or an endpoint used with the managed identity.
  ACS_CONNECTION_STRING: optional(text()),
  ACS_ENDPOINT: optional(url()),
  // The verified sender address of the ACS email domain, e.g. DoNotReply@mail.example.com.
  EMAIL_SENDER_ADDRESS: required(email),
  // Display name shown as the email sender.
  EMAIL_SENDER_NAME: withDefault(text(), 'My rConnect'),
  // SMS sender: an E.164 number owned by the ACS resource, or an alphanumeric sender id.
  SMS_SENDER: required(
    matching(/^(\+[1-9]\d{6,14}|[A-Za-z][A-Za-z0-9 ]{2,10})$/, 'must be E.164 or an alphanumeric id'),
  ),
  // Workforce tenant of the professionals: their bearer tokens are issued by it.
  WORKFORCE_TENANT_ID: required(uuid),
  // Authority host of the workforce tenant: https://login.microsoftonline.com in Azure.
  WORKFORCE_AUTHORITY_HOST: withDefault(url(), 'https://login.microsoftonline.com'),
  // Issuer of professionals' v2.0 access tokens; default https://login.microsoftonline.com/<WORKFORCE_TENANT_ID>/v2.0.
  WORKFORCE_ISSUER: optional(url()),
  // Client id (GUID) of the API's app registration in the workforce tenant: v2.0 access tokens carry it in `aud`.
  API_APP_ID: required(uuid),
  // Application ID URI(s) of the API, comma-separated, also accepted as `aud`; default api://<API_APP_ID>.
  API_AUDIENCE: optional(list()),
  // External (customer) tenant of the clients.
  CLIENT_TENANT_ID: required(uuid),
  // Authority of the client tenant: https://<subdomain>.ciamlogin.com/<client tenant id> for External ID.
  CLIENT_AUTHORITY: required(url({ trimmed: true })),
  // Issuer of the client tenant's ID tokens; default https://<CLIENT_TENANT_ID>.ciamlogin.com/<CLIENT_TENANT_ID>/v2.0,
  // which External ID issues whatever the authority's subdomain.
  CLIENT_ISSUER: optional(url()),
  // The client tenant's domain (e.g. contoso.onmicrosoft.com), the issuer named in Graph's identities filter; Graph
  // ignores that value for email sign-in names, so the tenant id stands in by default.
  CLIENT_TENANT_DOMAIN: optional(text(3)),
  // The app registration clients sign in to; it also holds the Graph application permission User.Read.All.
  CLIENT_APP_ID: required(uuid),
  // Its certificate, PEM (private key and certificate): in Azure a Key Vault reference to the secret of the vault's
  // certificate `client-app-certificate`, created with the PEM content type. MSAL signs client assertions with it.
  CLIENT_APP_CERTIFICATE: required(certificate),
  // Microsoft Graph base URL (https://graph.microsoft.com in Azure; the local Entra locally).
  GRAPH_BASE_URL: withDefault(url({ trimmed: true }), 'https://graph.microsoft.com'),
  // Authority hosts MSAL may trust without instance discovery (the local Entra, or *.ciamlogin.com).
  ENTRA_KNOWN_AUTHORITIES: optional(list()),
  // The ACS email quota bulk sends are paced to. Defaults: an Azure-managed domain's (5 a minute, 10 an hour);
  // a verified custom domain starts at 30 and 100 (the Bicep sets the pair of the domain it links).
  EMAIL_QUOTA_PER_MINUTE: withDefault(integer(1), 5),
  EMAIL_QUOTA_PER_HOUR: withDefault(integer(1), 10),
  // First retry delay (seconds) of an email that failed for a passing reason, doubled at each of the 5 tries; also
  // the first wait of a throttled email (never before Retry-After), doubled while throttling lasts, at most 15 min.
  EMAIL_RETRY_BASE_SECONDS: withDefault(integer(1, 300), 5),
  // Countries activation SMS may go to (ISO 3166-1 alpha-2, comma-separated), mobile numbers only (SECURITY.md).
  SMS_COUNTRIES: withDefault(list(matching(/^[A-Z]{2}$/, 'must list ISO 3166-1 alpha-2 codes (FR, BE, …)')), [
    ...DEFAULT_SMS_COUNTRIES,
  ]),
  // SMS the whole service may send in 24 h; beyond it SendActivationSms answers 503 and an alert is logged.
  SMS_DAILY_BUDGET: withDefault(integer(1), DEFAULT_SMS_DAILY_BUDGET),
  // The SMS sender's throughput the dispatcher paces to (messages a minute): 600 for an alphanumeric sender id.
  SMS_QUOTA_PER_MINUTE: withDefault(integer(1), 600),
  // First retry delay (seconds) of an SMS that failed for a passing reason, doubled at each of the 5 tries.
  SMS_RETRY_BASE_SECONDS: withDefault(integer(1, 300), 5),
  // The console's app registration in the workforce tenant (professionals sign in to it; its app roles reach its ID
  // tokens). Without it the console is off: its pages say so.
  CONSOLE_APP_ID: optional(uuid),
  // Its certificate, PEM like CLIENT_APP_CERTIFICATE (Key Vault: `console-app-certificate`); required with
  // CONSOLE_APP_ID, and read only then.
  CONSOLE_APP_CERTIFICATE: optional(text()),
  // The console session's absolute lifetime, in hours from sign-in.
  CONSOLE_SESSION_HOURS: withDefault(integer(1, 24), 8),
  // The console session ends after this many minutes without a page asked for (activity renews it).
  CONSOLE_IDLE_MINUTES: withDefault(integer(1, 480), 30),
  // The mobile app (seed 004): the oldest version still served — an older app's calls get 426 update-required with
  // the store links — and the latest published, both semantic versions (1.10.0 comes after 1.9.3).
  MOBILE_APP_MINIMUM_VERSION: withDefault(appVersion, '1.0.0'),
  // How long (seconds) Graph's lastPasswordChangeDateTime of an account is used before it is asked again, per
  // instance: a password changed through Entra's own "forgot password" ends the app's device credentials within it.
  DEVICE_CREDENTIAL_CHECK_SECONDS: withDefault(integer(1, 3600), PASSWORD_CHECK_DEFAULT_SECONDS),
  MOBILE_APP_LATEST_VERSION: withDefault(appVersion, '1.0.0'),
  // The app's pages on the App Store and on Google Play, sent with 426 update-required.
  MOBILE_APP_STORE_URL_IOS: optional(url()),
  MOBILE_APP_STORE_URL_ANDROID: optional(url()),
  // Keys (base64, ≥ 32 bytes) protecting cookies and hashing codes; the first one signs, all verify (rotation).
  SESSION_KEYS: required(list(base64Key)),
  // Keys (base64, ≥ 32 bytes) sealing the clients' two-step secrets at rest (AES-256-GCM); the first one seals, all
  // open (rotation, as SESSION_KEYS). Key Vault `two-step-keys` in Azure.
  TWO_STEP_KEYS: required(list(base64Key)),
  // debug | info | warn | error
  LOG_LEVEL: withDefault(oneOf('debug', 'info', 'warn', 'error'), 'info'),
  // true: the retention job (ApplyRetention, docs/privacy.md) only counts what it would anonymize or delete.
  RETENTION_DRY_RUN: withDefault(flag, false),
};

type Described = typeof SETTINGS;
type Read<K extends keyof Described> =
  Described[K] extends Setting<infer T, infer Kind> ? (Kind extends 'optional' ? T | undefined : T) : never;
type ReadSettings = { [K in keyof Described]: Read<K> };

/** The settings, with the defaults derived from other keys: Azure's issuer and audience shapes are built here. */
export type Settings = Omit<
  ReadSettings,
  'API_AUDIENCE' | 'WORKFORCE_ISSUER' | 'CLIENT_ISSUER' | 'CONSOLE_APP_CERTIFICATE'
> & {
  API_AUDIENCE: string[];
  WORKFORCE_ISSUER: string;
  CLIENT_ISSUER: string;
  CONSOLE_APP_CERTIFICATE: ClientCertificate | undefined;
};

/**
 * Settings no longer read, refused so that nobody deploys one by habit: the MSAL clients authenticate with a
 * certificate, and no client secret is kept anywhere (docs/deployment.md, "Certificates").
 */
const RETIRED_SETTINGS: Record<string, string> = {
  CLIENT_APP_SECRET:
    'no longer read: the app authenticates with CLIENT_APP_CERTIFICATE; delete this setting, and the client secret on the app registration',
  CONSOLE_APP_SECRET:
    'no longer read: the console authenticates with CONSOLE_APP_CERTIFICATE; delete this setting, and the client secret on the app registration',
};

/** What a professional's access token may carry in `aud`: the API's client id, and its Application ID URI(s). */
export function apiAudiences(s: Pick<Settings, 'API_APP_ID' | 'API_AUDIENCE'>): string[] {
  return [...new Set([s.API_APP_ID, ...s.API_AUDIENCE])];
}

/** Names of every setting, for the sample file and the docs. */
export const settingNames = Object.keys(SETTINGS) as Array<keyof Settings>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Validates settings from an environment; throws a ConfigError listing every missing or bad key. */
export function parseSettings(env: Record<string, string | undefined>): Settings {
  const problems: string[] = [];
  const read: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as Array<
    [string, Setting<unknown, 'required' | 'optional' | 'default'>]
  >) {
    const value = env[key];
    if (value === undefined || value === '') {
      if (setting.kind === 'required') problems.push(`${key}: missing`);
      else if (setting.kind === 'default') read[key] = setting.fallback;
      continue;
    }
    try {
      read[key] = setting.read(value);
    } catch (error) {
      if (!(error instanceof SettingProblem)) throw error;
      problems.push(`${key}: ${error.message}`);
    }
  }
  const s = read as ReadSettings;
  if (!s.AzureWebJobsStorage && !s.AzureWebJobsStorage__accountName && !problems.some(named('AzureWebJobsStorage')))
    problems.push(
      'AzureWebJobsStorage: set a connection string, or AzureWebJobsStorage__accountName for the managed identity',
    );
  if (!s.ACS_CONNECTION_STRING && !s.ACS_ENDPOINT && !problems.some(named('ACS_')))
    problems.push('ACS_CONNECTION_STRING: set a connection string, or ACS_ENDPOINT for the managed identity');
  for (const [key, why] of Object.entries(RETIRED_SETTINGS)) if (env[key]) problems.push(`${key}: ${why}`);
  // Without CONSOLE_APP_ID the certificate is not read (Azure sets its Key Vault reference whether or not the vault
  // holds it: an unresolved reference stays the reference's text).
  let consoleCertificate: ClientCertificate | undefined;
  if (s.CONSOLE_APP_ID && !s.CONSOLE_APP_CERTIFICATE)
    problems.push('CONSOLE_APP_CERTIFICATE: required with CONSOLE_APP_ID');
  else if (s.CONSOLE_APP_ID && s.CONSOLE_APP_CERTIFICATE) {
    try {
      consoleCertificate = certificate(s.CONSOLE_APP_CERTIFICATE);
    } catch (error) {
      if (!(error instanceof SettingProblem)) throw error;
      problems.push(`CONSOLE_APP_CERTIFICATE: ${error.message}`);
    }
  }
  // MSAL and the JWKS address are built from the authority: it must name the client tenant (by id).
  if (
    s.CLIENT_AUTHORITY &&
    s.CLIENT_TENANT_ID &&
    !s.CLIENT_AUTHORITY.toLowerCase().endsWith(`://${new URL(s.CLIENT_AUTHORITY).host}/${s.CLIENT_TENANT_ID}`)
  )
    problems.push('CLIENT_AUTHORITY: must be https://<host>/<CLIENT_TENANT_ID>');
  if (
    s.MOBILE_APP_MINIMUM_VERSION &&
    s.MOBILE_APP_LATEST_VERSION &&
    isBelowMinimum(parseAppVersion(s.MOBILE_APP_LATEST_VERSION)!, parseAppVersion(s.MOBILE_APP_MINIMUM_VERSION)!)
  )
    problems.push('MOBILE_APP_LATEST_VERSION: must not come before MOBILE_APP_MINIMUM_VERSION');
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...s,
    CONSOLE_APP_CERTIFICATE: consoleCertificate,
    API_AUDIENCE: s.API_AUDIENCE ?? [`api://${s.API_APP_ID}`],
    WORKFORCE_ISSUER: s.WORKFORCE_ISSUER ?? `https://login.microsoftonline.com/${s.WORKFORCE_TENANT_ID}/v2.0`,
    CLIENT_ISSUER: s.CLIENT_ISSUER ?? `https://${s.CLIENT_TENANT_ID}.ciamlogin.com/${s.CLIENT_TENANT_ID}/v2.0`,
  };
}

const named = (prefix: string) => (problem: string) => problem.startsWith(prefix);

let cached: Settings | undefined;

/** The process's settings, validated on first use. */
export function settings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}
