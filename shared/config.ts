/**
 * Every setting the service reads, in one zod schema. Validated once, on first use; a bad or missing key is
 * reported together with every other one, so a misconfigured deployment says all that is wrong at once.
 * `local.settings.sample.json` mirrors this schema; in Azure the same keys are app settings.
 */
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });
const commaList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string()).min(1));
const base64Key = z
  .string()
  .refine((s) => Buffer.from(s, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded');

const settingsSchema = z
  .object({
    // Base of every link the service writes (emails, redirects): never derived from the Host header.
    PUBLIC_BASE_URL: url.transform((s) => s.replace(/\/+$/, '')),
    // Storage (tables and queues). Locally a connection string (Azurite); in Azure identity-based settings.
    AzureWebJobsStorage: z.string().min(1).optional(),
    // In Azure: the storage account name, used with the managed identity when no connection string is set.
    AzureWebJobsStorage__accountName: z.string().min(3).optional(),
    // Client id of the user-assigned managed identity (Azure only).
    AzureWebJobsStorage__clientId: z.string().min(1).optional(),
    // Azure Communication Services: a connection string (locally) or an endpoint used with the managed identity.
    ACS_CONNECTION_STRING: z.string().min(1).optional(),
    ACS_ENDPOINT: url.optional(),
    // The verified sender address of the ACS email domain, e.g. DoNotReply@mail.example.com.
    EMAIL_SENDER_ADDRESS: z.email(),
    // Display name shown as the email sender.
    EMAIL_SENDER_NAME: z.string().min(1).default('My rConnect'),
    // SMS sender: an E.164 number owned by the ACS resource, or an alphanumeric sender id.
    SMS_SENDER: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|[A-Za-z][A-Za-z0-9 ]{2,10})$/, 'must be E.164 or an alphanumeric id'),
    // Workforce tenant of the professionals: their bearer tokens are issued by it.
    WORKFORCE_TENANT_ID: z.uuid(),
    // Authority host of the workforce tenant: https://login.microsoftonline.com in Azure.
    WORKFORCE_AUTHORITY_HOST: url.default('https://login.microsoftonline.com'),
    // Issuer of professionals' v2.0 access tokens; default https://login.microsoftonline.com/<WORKFORCE_TENANT_ID>/v2.0.
    WORKFORCE_ISSUER: url.optional(),
    // Client id (GUID) of the API's app registration in the workforce tenant: v2.0 access tokens carry it in `aud`.
    API_APP_ID: z.uuid(),
    // Application ID URI(s) of the API, comma-separated, also accepted as `aud`; default api://<API_APP_ID>.
    API_AUDIENCE: commaList.optional(),
    // External (customer) tenant of the clients.
    CLIENT_TENANT_ID: z.uuid(),
    // Authority of the client tenant: https://<subdomain>.ciamlogin.com/<client tenant id> for External ID.
    CLIENT_AUTHORITY: url.transform((s) => s.replace(/\/+$/, '')),
    // Issuer of the client tenant's ID tokens; default https://<CLIENT_TENANT_ID>.ciamlogin.com/<CLIENT_TENANT_ID>/v2.0,
    // which External ID issues whatever the authority's subdomain.
    CLIENT_ISSUER: url.optional(),
    // The client tenant's domain (e.g. contoso.onmicrosoft.com), the issuer named in Graph's identities filter; Graph
    // ignores that value for email sign-in names, so the tenant id stands in by default.
    CLIENT_TENANT_DOMAIN: z.string().min(3).optional(),
    // The app registration clients sign in to; it also holds the Graph application permission User.Read.All.
    CLIENT_APP_ID: z.uuid(),
    CLIENT_APP_SECRET: z.string().min(1),
    // Microsoft Graph base URL (https://graph.microsoft.com in Azure; the local Entra locally).
    GRAPH_BASE_URL: url.default('https://graph.microsoft.com').transform((s) => s.replace(/\/+$/, '')),
    // Authority hosts MSAL may trust without instance discovery (the local Entra, or *.ciamlogin.com).
    ENTRA_KNOWN_AUTHORITIES: commaList.optional(),
    // The ACS email quota bulk sends are paced to. Defaults: an Azure-managed domain's (5 a minute, 10 an hour);
    // a verified custom domain starts at 30 and 100 (the Bicep sets the pair of the domain it links).
    EMAIL_QUOTA_PER_MINUTE: z.coerce.number().int().min(1).default(5),
    EMAIL_QUOTA_PER_HOUR: z.coerce.number().int().min(1).default(10),
    // First retry delay (seconds) of an email that failed for a passing reason, doubled at each of the 5 tries; also
    // the first wait of a throttled email (never before Retry-After), doubled while throttling lasts, at most 15 min.
    EMAIL_RETRY_BASE_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
    // The console's app registration in the workforce tenant (professionals sign in to it; its app roles reach its ID
    // tokens). Without it the console is off: its pages say so.
    CONSOLE_APP_ID: z.uuid().optional(),
    // A client secret of that registration (required with CONSOLE_APP_ID).
    CONSOLE_APP_SECRET: z.string().min(1).optional(),
    // The console session's absolute lifetime, in hours from sign-in.
    CONSOLE_SESSION_HOURS: z.coerce.number().int().min(1).max(24).default(8),
    // The console session ends after this many minutes without a page asked for (activity renews it).
    CONSOLE_IDLE_MINUTES: z.coerce.number().int().min(1).max(480).default(30),
    // Keys (base64, ≥ 32 bytes) protecting cookies and hashing codes; the first one signs, all verify (rotation).
    SESSION_KEYS: commaList.pipe(z.array(base64Key)),
    // debug | info | warn | error
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .superRefine((s, ctx) => {
    if (!s.AzureWebJobsStorage && !s.AzureWebJobsStorage__accountName) {
      ctx.addIssue({
        code: 'custom',
        path: ['AzureWebJobsStorage'],
        message: 'set a connection string, or AzureWebJobsStorage__accountName for the managed identity',
      });
    }
    if (!s.ACS_CONNECTION_STRING && !s.ACS_ENDPOINT) {
      ctx.addIssue({
        code: 'custom',
        path: ['ACS_CONNECTION_STRING'],
        message: 'set a connection string, or ACS_ENDPOINT for the managed identity',
      });
    }
    // Without CONSOLE_APP_ID the secret is not read (Azure sets its Key Vault reference whether or not it exists).
    if (s.CONSOLE_APP_ID && !s.CONSOLE_APP_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['CONSOLE_APP_SECRET'], message: 'required with CONSOLE_APP_ID' });
    }
    // MSAL and the JWKS address are built from the authority: it must name the client tenant (by id).
    if (!s.CLIENT_AUTHORITY.toLowerCase().endsWith(`://${new URL(s.CLIENT_AUTHORITY).host}/${s.CLIENT_TENANT_ID}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['CLIENT_AUTHORITY'],
        message: 'must be https://<host>/<CLIENT_TENANT_ID>',
      });
    }
  });

/** The settings with the defaults derived from other keys: Azure's issuer and audience shapes are built here. */
const settingsWithDefaults = settingsSchema.transform((s) => ({
  ...s,
  API_AUDIENCE: s.API_AUDIENCE ?? [`api://${s.API_APP_ID}`],
  WORKFORCE_ISSUER: s.WORKFORCE_ISSUER ?? `https://login.microsoftonline.com/${s.WORKFORCE_TENANT_ID}/v2.0`,
  CLIENT_ISSUER: s.CLIENT_ISSUER ?? `https://${s.CLIENT_TENANT_ID}.ciamlogin.com/${s.CLIENT_TENANT_ID}/v2.0`,
}));

export type Settings = z.infer<typeof settingsWithDefaults>;

/** What a professional's access token may carry in `aud`: the API's client id, and its Application ID URI(s). */
export function apiAudiences(s: Pick<Settings, 'API_APP_ID' | 'API_AUDIENCE'>): string[] {
  return [...new Set([s.API_APP_ID, ...s.API_AUDIENCE])];
}

/** Names of every setting, for the sample file and the docs. */
export const settingNames = Object.keys(settingsSchema.shape) as Array<keyof Settings>;

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
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = settingsWithDefaults.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(settings)';
    const missing = issue.code === 'invalid_type' && present[key] === undefined;
    return missing ? `${key}: missing` : `${key}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

let cached: Settings | undefined;

/** The process's settings, validated on first use. */
export function settings(): Settings {
  cached ??= parseSettings(process.env);
  return cached;
}
