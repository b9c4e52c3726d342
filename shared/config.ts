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
    // Accepted `aud` values of professionals' access tokens, comma-separated (one or more): the API's Application ID
    // URI and its client id GUID, since Entra's v2.0 access tokens carry the GUID in `aud`.
    API_AUDIENCE: commaList,
    // External (customer) tenant of the clients.
    CLIENT_TENANT_ID: z.uuid(),
    // Authority of the client tenant: https://<subdomain>.ciamlogin.com/<tenant id> for External ID.
    CLIENT_AUTHORITY: url.transform((s) => s.replace(/\/+$/, '')),
    // Issuer of the client tenant's ID tokens; default <CLIENT_AUTHORITY>/v2.0. External ID issues
    // https://<tenant id>.ciamlogin.com/<tenant id>/v2.0 whatever the authority's subdomain.
    CLIENT_ISSUER: url.optional(),
    // The client tenant's domain (issuer of its local accounts, e.g. contoso.onmicrosoft.com): finds accounts by sign-in name.
    CLIENT_TENANT_DOMAIN: z.string().min(3).optional(),
    // The app registration clients sign in to; it also holds Graph application permissions (User.ReadWrite.All).
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
  });

export type Settings = z.infer<typeof settingsSchema>;

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
  const result = settingsSchema.safeParse(present);
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
