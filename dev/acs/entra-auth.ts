/**
 * Microsoft Entra authentication of the local ACS, as ACS authenticates a caller's bearer token: the token must be
 * signed by a key the tenant's Entra publishes, issued by that tenant (the resource's tenant: v1.0
 * `https://sts.windows.net/<tid>/` or v2.0 `https://login.microsoftonline.com/<tid>/v2.0`), for ACS (`aud`
 * `https://communication.azure.com`, as `…/.default` scopes ask), within its lifetime, and its principal (`oid`) must
 * hold an Azure role on the resource that lets it send (the Bicep grants the app's identity *Communication and Email
 * Service Owner*, `infra/modules/rbac.bicep`). And, mirroring the resource's `disableLocalAuth`, access-key (HMAC)
 * requests may be refused outright. Every refusal is ACS's `401 Denied`; the reason is added for the developer.
 * Sources: docs/decisions.md, "ACS through Entra tokens, and the local managed identity".
 */
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/** The audiences ACS accepts: its resource URI, as v1.0 tokens carry it (with or without the trailing slash). */
export const ACS_AUDIENCES = ['https://communication.azure.com', 'https://communication.azure.com/'];

/** Azure built-in role definition ids that allow sending through an ACS resource with an Entra token. */
export const ACS_SENDING_ROLES: Readonly<Record<string, string>> = {
  '09976791-48a7-449e-bb21-39d1a415f350': 'Communication and Email Service Owner',
  'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor',
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': 'Owner',
};

/** Clock skew tolerated on `exp`/`nbf` (the default of Microsoft's token validation, 5 minutes). */
export const CLOCK_SKEW_S = 300;

/** An Azure role assignment on this ACS resource. */
export interface AcsRoleAssignment {
  /** The principal's object id (the `oid` of its tokens). */
  principalId: string;
  /** The role definition's GUID (a built-in role's id is the same in every tenant). */
  roleDefinitionId: string;
}

export interface AcsEntraOptions {
  /** The tenant of the resource's subscription: only its tokens are accepted. */
  tenantId: string;
  /** Entra's signing keys for that tenant (its `…/discovery/v2.0/keys`). */
  keys: JWTVerifyGetKey;
  /** Who holds which role on this resource. */
  roleAssignments: readonly AcsRoleAssignment[];
  /** Clock in epoch ms (tests of expiry); default Date.now. */
  now?: () => number;
}

export type EntraCheck = { ok: true; principalId: string } | { ok: false; reason: string };

/** The issuers of the tenant's tokens (v1.0 for Azure resources such as ACS, v2.0 when a client asks for it). */
export const tenantIssuers = (tenantId: string) => [
  `https://sts.windows.net/${tenantId}/`,
  `https://login.microsoftonline.com/${tenantId}/v2.0`,
];

/** Checks `Authorization: Bearer <token>` as ACS does; the reason of a refusal is for logs and messages only. */
export async function verifyEntraBearer(authorization: string, options: AcsEntraOptions): Promise<EntraCheck> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) return { ok: false, reason: 'malformed Bearer authorization header' };
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(match[1]!, options.keys, {
      algorithms: ['RS256'],
      issuer: tenantIssuers(options.tenantId),
      audience: ACS_AUDIENCES,
      clockTolerance: CLOCK_SKEW_S,
      currentDate: new Date((options.now ?? Date.now)()),
      requiredClaims: ['exp', 'oid'],
    }));
  } catch (error) {
    return { ok: false, reason: `invalid token: ${tokenProblem(error)}` };
  }
  const principalId = typeof payload.oid === 'string' ? payload.oid.toLowerCase() : '';
  const roles = options.roleAssignments
    .filter((assignment) => assignment.principalId.toLowerCase() === principalId)
    .map((assignment) => ACS_SENDING_ROLES[assignment.roleDefinitionId.toLowerCase()])
    .filter((role): role is string => role !== undefined);
  if (roles.length === 0) {
    return { ok: false, reason: `the principal ${principalId} holds no role on this resource that allows sending` };
  }
  return { ok: true, principalId };
}

function tokenProblem(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWKSNoMatchingKey) return 'signed by a key the tenant does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed) return `claim ${error.claim} ${error.reason}`;
  return error instanceof Error ? error.message : String(error);
}
