/**
 * Professionals' bearer tokens (SECURITY.md, "Sign-in"): Entra v2.0 access tokens of the workforce tenant, verified
 * with jose against the tenant's JWKS — signature (RS256 only), issuer, audience (the API), lifetime with a bounded
 * skew — and then checked claim by claim: the tenant is allow-listed, the token is an access token (never an ID
 * token) and it names who calls. The result is a `Professional`; every refusal is a 401 with a short reason that
 * never echoes the token, and an unreachable identity provider is a 503, not a 401.
 */
import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { DomainError } from '../../domain/errors.js';
import type { Professional, ProfessionalRole } from '../../domain/provider.js';

export interface ProfessionalTokenVerifierOptions {
  /** `https://login.microsoftonline.com` in Azure; the local Entra's origin locally. No trailing slash needed. */
  authorityHost: string;
  /** The workforce tenant: the only one whose tokens are accepted. */
  tenantId: string;
  /** `iss` of the tenant's v2.0 tokens: `https://login.microsoftonline.com/<tenant id>/v2.0` in Azure. */
  issuer: string;
  /** What `aud` may be: the API's client id (v2.0 tokens carry the GUID) and its Application ID URI(s). */
  audiences: string[];
  /** Allowed clock skew for `exp`/`nbf`, in seconds; default 300 (SECURITY.md: at most 5 minutes). */
  clockToleranceSeconds?: number;
  /** How long fetched signing keys are trusted before a refetch; default one hour. */
  jwksCacheMaxAgeMs?: number;
  /** The clock tokens are judged by (tests of expiry); default the system clock. */
  now?: () => Date;
}

export interface ProfessionalTokenVerifier {
  /** The professional behind `Authorization: Bearer <token>`, or a DomainError (`unauthenticated`, `dependency-unavailable`). */
  verify(authorizationHeader: string | null | undefined): Promise<Professional>;
}

/** The claims a verified token must also satisfy, beyond what jose checks. */
export interface ExpectedAccessToken {
  tenantId: string;
  audiences: string[];
}

/** How long a verified token is trusted without checking its signature again (never past its exp). */
export const VERIFIED_TOKEN_TTL_MS = 5 * 60_000;
/** How many verified tokens are kept (the oldest goes first). */
const VERIFIED_TOKENS_KEPT = 1_000;

export const PROFESSIONAL_ROLES: readonly ProfessionalRole[] = ['Invitations.Send', 'Clients.Manage'];

const DEFAULT_CLOCK_TOLERANCE_S = 300;
const DEFAULT_JWKS_MAX_AGE_MS = 60 * 60 * 1000;
// An unknown `kid` makes jose refetch the JWKS (key rotation), but at most once per cooldown: a flood of forged
// tokens with random `kid`s cannot turn into a flood of requests to Entra.
const JWKS_COOLDOWN_MS = 30_000;
const JWKS_TIMEOUT_MS = 5_000;
/** Entra tokens are a few KB; anything far larger is refused before any parsing. */
const MAX_TOKEN_LENGTH = 16_384;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** A 401 with a reason safe to show: it names what is wrong, never the token or its claims. */
export function tokenRefused(reason: string, cause?: unknown): DomainError {
  return new DomainError(
    'unauthenticated',
    `A valid bearer token for this API is required: ${reason}.`,
    {},
    cause === undefined ? undefined : { cause },
  );
}

/** Raised inside the key lookup when the JWKS cannot be had, so it is told apart from a bad token. */
class KeysUnavailable extends Error {}

/**
 * The checks on a token whose signature, issuer, audience and lifetime jose has already verified; pure, so each
 * one is tested alone. Returns who calls.
 */
export function checkAccessTokenClaims(payload: JWTPayload, expected: ExpectedAccessToken): Professional {
  // The issuer already names the tenant; `tid` is checked too, so a tenant-independent issuer (or a
  // misconfigured authority) can never let another tenant's professionals in.
  if (payload.tid !== expected.tenantId) throw tokenRefused('the token was issued by another tenant');
  if (payload.ver !== '2.0') throw tokenRefused('the token is not a v2.0 token');
  // Entra access tokens have one audience; an array (or another value) is not a token for this API.
  if (typeof payload.aud !== 'string' || !expected.audiences.includes(payload.aud)) {
    throw tokenRefused('the token was issued for another audience');
  }
  // ID tokens prove a sign-in to an app; they grant nothing on an API. They carry `nonce`, access tokens never do.
  if (payload.nonce !== undefined) throw tokenRefused('this is not an access token');

  const scp = typeof payload.scp === 'string' ? payload.scp.trim() : '';
  const roles = Array.isArray(payload.roles) ? payload.roles : [];
  // App-only tokens say so with `idtyp: app` (optional claim, absent by default); without it, Entra's documented
  // shape of an app-only token is: no `scp`, and `sub` equal to the service principal's `oid`. An app granted no
  // role gets such a token without `roles`: it is an app, refused per route with 403, not an unknown token.
  const appOnly =
    payload.idtyp === 'app' ||
    (payload.idtyp === undefined && scp === '' && payload.sub !== undefined && payload.sub === payload.oid);
  if (appOnly && scp !== '') throw tokenRefused('this is not an access token');
  if (!appOnly && scp === '') throw tokenRefused('this is not an access token');

  if (typeof payload.oid !== 'string' || payload.oid === '') throw tokenRefused('the token names no caller');
  const appId = typeof payload.azp === 'string' ? payload.azp : payload.appid;
  if (typeof appId !== 'string' || appId === '') throw tokenRefused('the token names no calling app');

  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
  return {
    tenantId: expected.tenantId,
    oid: payload.oid,
    appId,
    name: text(payload.name) ?? text(payload.preferred_username) ?? appId,
    kind: appOnly ? 'app' : 'user',
    roles: PROFESSIONAL_ROLES.filter((role) => roles.includes(role)),
  };
}

/** `Bearer <compact JWS>` → the token; anything else is refused. The scheme is case-insensitive (RFC 9110). */
function bearerToken(header: string | null | undefined): string {
  if (!header) throw tokenRefused('no bearer token was sent');
  const match = /^Bearer +(\S+)\s*$/i.exec(header.trim());
  if (!match?.[1]) throw tokenRefused('the Authorization header is not a bearer token');
  const token = match[1];
  if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw tokenRefused('the token is malformed');
  return token;
}

/** A jose error about the token → the reason to give. */
function reasonFor(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return 'the token was issued for another audience';
      case 'iss':
        return 'the token was issued by another tenant';
      case 'nbf':
        return 'the token is not valid yet';
      default:
        return 'the token has invalid claims';
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'the token was not signed by a key of the tenant';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return 'the token is not signed with RS256';
  }
  return 'the token is malformed';
}

export function createProfessionalTokenVerifier(options: ProfessionalTokenVerifierOptions): ProfessionalTokenVerifier {
  const authorityHost = options.authorityHost.replace(/\/+$/, '');
  const expected: ExpectedAccessToken = { tenantId: options.tenantId, audiences: [...options.audiences] };
  if (expected.audiences.length === 0) throw new Error('At least one API audience is required.');
  const { issuer } = options;
  const remoteKeys = createRemoteJWKSet(new URL(`${authorityHost}/${options.tenantId}/discovery/v2.0/keys`), {
    cacheMaxAge: options.jwksCacheMaxAgeMs ?? DEFAULT_JWKS_MAX_AGE_MS,
    cooldownDuration: JWKS_COOLDOWN_MS,
    timeoutDuration: JWKS_TIMEOUT_MS,
  });
  // The key lookup is where the network is: a key the JWKS lacks is the token's fault, anything else (refused
  // connection, timeout, non-200, a malformed key set) is the identity provider's.
  const keys: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remoteKeys(header, token);
    } catch (error) {
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported
      ) {
        throw error;
      }
      throw new KeysUnavailable('JWKS unavailable', { cause: error });
    }
  };

  // A token whose signature and claims were verified is trusted again, as it stands, until its exp or for at most
  // VERIFIED_TOKEN_TTL_MS: a client repeats one token for its hour, and its RS256 check was one of the largest costs
  // of a request (bench). The claims the app reads are still checked on every call; the map is bounded.
  const verified = new Map<string, { payload: JWTPayload; until: number }>();
  const remember = (token: string, payload: JWTPayload, now: number) => {
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(token, { payload, until: Math.min((payload.exp ?? 0) * 1000, now + VERIFIED_TOKEN_TTL_MS) });
  };

  return {
    async verify(authorizationHeader) {
      const token = bearerToken(authorizationHeader);
      const now = (options.now?.() ?? new Date()).getTime();
      const known = verified.get(token);
      if (known && now < known.until) return checkAccessTokenClaims(known.payload, expected);
      if (known) verified.delete(token);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          issuer,
          audience: expected.audiences,
          clockTolerance: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'iat', 'nbf'],
          ...(options.now ? { currentDate: options.now() } : {}),
        }));
      } catch (error) {
        if (error instanceof KeysUnavailable) {
          throw new DomainError(
            'dependency-unavailable',
            'The identity provider cannot be reached.',
            { retryAfterSeconds: 30 },
            { cause: error },
          );
        }
        throw tokenRefused(reasonFor(error), error);
      }
      const professional = checkAccessTokenClaims(payload, expected);
      remember(token, payload, now);
      return professional;
    },
  };
}
