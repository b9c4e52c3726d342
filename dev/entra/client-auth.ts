/**
 * Client authentication at the token endpoint: client_secret_post or client_secret_basic for confidential
 * clients (those registered with a secret), nothing for public ones — with Entra's error codes, because
 * MSAL and the app's logs show them as they are.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AppRegistration, TenantSpec } from './directory.js';
import { OAuthError } from './errors.js';
import type { Directory } from './tenants.js';

export interface AuthenticatedClient {
  app: AppRegistration;
  confidential: boolean;
}

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

export function authenticateClient(
  directory: Directory,
  tenant: TenantSpec,
  req: IncomingMessage,
  form: URLSearchParams,
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
  if (form.has('client_assertion')) {
    throw new OAuthError('invalid_client', 7000219, 'Client assertions are not supported by the local Entra ID.', 401);
  }
  const app = directory.app(tenant, clientId);
  if (!app) {
    throw new OAuthError(
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'.`,
    );
  }
  if (!app.clientSecret) return { app, confidential: false };
  const secret = basic?.secret ?? form.get('client_secret');
  if (!secret) {
    throw new OAuthError(
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      401,
    );
  }
  if (!sameSecret(secret, app.clientSecret)) {
    throw new OAuthError(
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      401,
    );
  }
  return { app, confidential: true };
}
