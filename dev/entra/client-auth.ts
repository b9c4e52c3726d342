/**
 * Client authentication at the token endpoint, as strict as Entra: confidential clients (those registered with a
 * secret or a certificate) present the secret (client_secret_post or client_secret_basic) or a client assertion
 * (private_key_jwt) signed by a certificate registered on the app; public ones present nothing — with Entra's error
 * codes, because MSAL and the app's logs show them as they are.
 *
 * The assertion follows Microsoft's "certificate credentials" rules (docs/decisions.md, "The MSAL clients authenticate
 * with a certificate from Key Vault"): header `alg` RS256 or PS256 and `x5t#S256` (or `x5t`, SHA-1) naming the
 * certificate; claims `aud` = this tenant's token endpoint, `iss` = `sub` = the client id, `exp`, `nbf`, `jti`.
 */
import { constants, createHash, timingSafeEqual, verify, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppRegistration, KeyCredential, TenantSpec } from './directory.js';
import { OAuthError } from './errors.js';
import type { Directory } from './tenants.js';

export interface AuthenticatedClient {
  app: AppRegistration;
  confidential: boolean;
}

/** What checking an assertion needs besides the request: the clock and the addresses `aud` may name. */
export interface AssertionContext {
  /** Milliseconds since the epoch. */
  now: number;
  /** This tenant's token endpoint(s), as the discovery document gives them. */
  tokenEndpoints: string[];
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** How far `exp` and `nbf` may be off this server's clock. */
const CLOCK_SKEW_S = 300;

function basicCredentials(req: IncomingMessage): { id: string; secret: string } | undefined {
  const header = req.headers.authorization;
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before being joined.
  return {
    id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
    secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
  };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const isConfidential = (app: AppRegistration) => Boolean(app.clientSecret) || (app.keyCredentials?.length ?? 0) > 0;

export function authenticateClient(
  directory: Directory,
  tenant: TenantSpec,
  req: IncomingMessage,
  form: URLSearchParams,
  context: AssertionContext,
): AuthenticatedClient {
  const basic = basicCredentials(req);
  const clientId = basic?.id ?? form.get('client_id');
  if (!clientId) {
    throw new OAuthError(
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  }
  if (basic && form.get('client_id') && form.get('client_id') !== basic.id) {
    throw new OAuthError(
      'invalid_request',
      50027,
      'The client_id in the body does not match the Authorization header.',
    );
  }
  const app = directory.app(tenant, clientId);
  if (!app) {
    throw new OAuthError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'.`,
    );
  }
  const assertion = form.get('client_assertion');
  if (assertion !== null) {
    if (!isConfidential(app)) {
      throw new OAuthError(
        'invalid_request',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    }
    verifyClientAssertion(app, assertion, form.get('client_assertion_type'), context);
    return { app, confidential: true };
  }
  if (!isConfidential(app)) return { app, confidential: false };
  const secret = basic?.secret ?? form.get('client_secret');
  if (!secret) {
    throw new OAuthError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      401,
    );
  }
  // An app registered with certificates only has no secret to match: any secret is an invalid one.
  if (!app.clientSecret || !sameSecret(secret, app.clientSecret)) {
    throw new OAuthError(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      401,
    );
  }
  return { app, confidential: true };
}

const malformed = (why: string) =>
  new OAuthError('invalid_client', 50027, `JWT token is invalid or malformed. ${why}`, 401);

function decodePart(part: string | undefined, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw malformed(`The ${what} of the client assertion is not a JSON object.`);
}

/** The base64url SHA-1 and SHA-256 thumbprints of a registered certificate, and the certificate. */
function registered(credential: KeyCredential): { x5t: string; x5tS256: string; certificate: X509Certificate } | null {
  try {
    const der = Buffer.from(credential.key, 'base64');
    return {
      x5t: createHash('sha1').update(der).digest('base64url'),
      x5tS256: createHash('sha256').update(der).digest('base64url'),
      certificate: new X509Certificate(der),
    };
  } catch {
    return null;
  }
}

function verifyClientAssertion(
  app: AppRegistration,
  assertion: string,
  assertionType: string | null,
  context: AssertionContext,
): void {
  if (assertionType !== JWT_BEARER) {
    throw new OAuthError(
      'invalid_request',
      50027,
      `JWT token is invalid or malformed. The client_assertion_type must be '${JWT_BEARER}'.`,
    );
  }
  const parts = assertion.split('.');
  if (parts.length !== 3) throw malformed('The client assertion is not a signed JWT (three parts).');
  const header = decodePart(parts[0], 'header');
  const claims = decodePart(parts[1], 'payload');
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') {
    throw new OAuthError(
      'invalid_client',
      5002730,
      `Invalid JWT token. Unsupported key for the signing algorithm '${String(alg)}': use PS256 or RS256.`,
      401,
    );
  }
  if (claims.iss !== app.clientId || claims.sub !== app.clientId) {
    throw new OAuthError(
      'unauthorized_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
      401,
    );
  }
  if (typeof claims.aud !== 'string' || !context.tokenEndpoints.includes(claims.aud)) {
    throw new OAuthError(
      'invalid_client',
      700023,
      `Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials. Expected: ${context.tokenEndpoints[0]}.`,
      401,
    );
  }
  const now = Math.floor(context.now / 1000);
  if (typeof claims.exp !== 'number' || typeof claims.nbf !== 'number') {
    throw malformed("The client assertion must carry the 'exp' and 'nbf' claims.");
  }
  if (claims.exp + CLOCK_SKEW_S <= now || claims.nbf - CLOCK_SKEW_S > now) {
    throw new OAuthError(
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${new Date(context.now).toISOString()}, assertion valid from ${new Date(claims.nbf * 1000).toISOString()}, expiry time of assertion ${new Date(claims.exp * 1000).toISOString()}.`,
      401,
    );
  }
  if (typeof claims.jti !== 'string' || claims.jti === '')
    throw malformed("The client assertion must carry a 'jti' claim.");
  const thumbprint = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : header.x5t;
  const byS256 = typeof header['x5t#S256'] === 'string';
  const found = (app.keyCredentials ?? [])
    .map((credential) => ({ credential, known: registered(credential) }))
    .find(({ known }) => known && (byS256 ? known.x5tS256 : known.x5t) === thumbprint);
  const reason = (why: string) =>
    new OAuthError(
      'invalid_client',
      700027,
      `Client assertion failed signature validation. [Reason - ${why}, Thumbprint of key used by client: '${typeof thumbprint === 'string' ? thumbprint : ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`,
      401,
    );
  if (typeof thumbprint !== 'string' || !found?.known) throw reason('The key was not found.');
  const { credential, known } = found;
  const notBefore = Date.parse(credential.startDateTime ?? known.certificate.validFrom);
  const notAfter = Date.parse(credential.endDateTime ?? known.certificate.validTo);
  if (context.now < notBefore || context.now > notAfter) throw reason('The key used is expired.');
  const signature = Buffer.from(parts[2] ?? '', 'base64url');
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const key =
    alg === 'PS256'
      ? { key: known.certificate.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : known.certificate.publicKey;
  if (!verify('sha256', signed, key, signature)) {
    throw reason('The provided signature value did not match the expected signature value.');
  }
}
