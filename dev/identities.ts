/**
 * Ids and secrets of the local stack, generated once per machine and kept in `.dev/identities.json`: tenant
 * ids, app registrations (with a certificate for each confidential app), the app's managed identities, the dev
 * professional's password, the ACS access key and the session key. Nothing here is a real secret, but nothing is
 * shared between machines either.
 */
import { createHash, randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generate } from 'selfsigned';
import type { DirectorySpec, KeyCredential, ManagedIdentitySpec } from './entra/directory.js';

/**
 * A confidential app of the local tenants: its certificate (PEM, private key then certificate, as a Key Vault
 * certificate with the PEM content type exports it) is registered on it, and MSAL signs client assertions with it.
 * The apps tests and tools reach by secret (API.md's stack contract) keep one too; the product's own app has none.
 */
interface ConfidentialApp {
  clientId: string;
  clientSecret: string;
  certificate: string;
}

export interface LocalIdentities {
  workforceTenantId: string;
  externalTenantId: string;
  apiAppId: string;
  /** The field-service app, and the console's registration (CONSOLE_APP_CERTIFICATE is its certificate). */
  professionalClient: ConfidentialApp;
  /** A back-office app of another provider (Agence Horizon), to prove providers cannot see each other's data. */
  otherProviderClient: ConfidentialApp;
  /** An app of the workforce tenant with no role at all (403 tests). */
  noRoleClient: ConfidentialApp;
  /** A back-office app with both roles that no seeded provider names (tests register a provider for it). */
  newProviderClient: ConfidentialApp;
  professionalUser: { id: string; username: string; password: string; displayName: string };
  /** A professional of Agence Horizon (delegated tokens of another provider; API.md's `otherProviderUser`). */
  otherProviderUser: { id: string; username: string; password: string; displayName: string };
  /** A GFMS professional assigned `Clients.Manage` only on the console (its 403 on invitation pages). */
  clientsOnlyUser: { id: string; username: string; password: string; displayName: string };
  /** A professional with both roles whom no seeded provider names (tests register a provider for them). */
  newProviderUser: { id: string; username: string; password: string; displayName: string };
  /** The client-facing app (CLIENT_APP_CERTIFICATE): a certificate and no secret, as in Azure. */
  clientApp: { clientId: string; certificate: string };
  /** An admin app of the external tenant for tests and tools: creates and manages client accounts through Graph. */
  directoryAdminApp: ConfidentialApp;
  /** The app's user-assigned managed identity (`AzureWebJobsStorage__clientId`), in the workforce tenant. */
  appIdentity: { clientId: string; objectId: string };
  /** Another managed identity of the subscription, holding no role on the ACS resource (refusal tests). */
  unassignedIdentity: { clientId: string; objectId: string };
  acsAccessKey: string;
  sessionKey: string;
  /** TWO_STEP_KEYS: seals the clients' two-step secrets. */
  twoStepKey: string;
}

export const PROFESSIONAL_ROLES = ['Invitations.Send', 'Clients.Manage'];
export const WORKFORCE_DOMAIN = 'gfms.example';
export const EXTERNAL_DOMAIN = 'clients.example';
export const EMAIL_SENDER = 'DoNotReply@mail.gfms.example';

const secret = () => randomBytes(24).toString('base64url');

const DAY = 24 * 60 * 60 * 1000;

/** A self-signed certificate for an app, PEM (private key, then certificate), valid two years from yesterday. */
export async function appCertificate(name: string): Promise<string> {
  const generated = await generate([{ name: 'commonName', value: `${name} (local Entra ID)` }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - DAY),
    notAfterDate: new Date(Date.now() + 730 * DAY),
  });
  return `${generated.private.trim()}\n${generated.cert.trim()}\n`;
}

/** The registration's `keyCredentials` for a PEM certificate: its DER, base64, as Graph's `keyCredential.key`. */
export function keyCredentialOf(pem: string, displayName: string): KeyCredential {
  const certificate = new X509Certificate(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----')));
  // The same certificate keeps the same key id from one start to the next.
  const id = createHash('sha256').update(certificate.raw).digest('hex');
  return {
    keyId: `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`,
    type: 'AsymmetricX509Cert',
    usage: 'Verify',
    key: certificate.raw.toString('base64'),
    displayName,
    startDateTime: new Date(certificate.validFrom).toISOString(),
    endDateTime: new Date(certificate.validTo).toISOString(),
  };
}

const expiresWithinAWeek = (pem: unknown) => {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN CERTIFICATE-----')) return true;
  try {
    const certificate = new X509Certificate(pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----')));
    return Date.parse(certificate.validTo) - Date.now() < 7 * DAY;
  } catch {
    return true;
  }
};

/** The apps that get a certificate, with the name it is issued to. */
const CERTIFIED_APPS = {
  professionalClient: 'Field service app',
  otherProviderClient: 'Agence Horizon back office',
  noRoleClient: 'Reporting app',
  newProviderClient: 'New provider back office',
  clientApp: 'My rConnect',
  directoryAdminApp: 'Client directory admin',
} as const;

type CertifiedApp = keyof typeof CERTIFIED_APPS;
const CERTIFIED = Object.keys(CERTIFIED_APPS) as CertifiedApp[];

/** New identities; only the apps `withCertificates` names get a certificate (generating one takes a while). */
export async function generateIdentities(
  withCertificates: readonly CertifiedApp[] = CERTIFIED,
): Promise<LocalIdentities> {
  const certificates = Object.fromEntries(
    await Promise.all(
      CERTIFIED.map(
        async (key) => [key, withCertificates.includes(key) ? await appCertificate(CERTIFIED_APPS[key]) : ''] as const,
      ),
    ),
  ) as Record<CertifiedApp, string>;
  const app = (key: CertifiedApp) => ({
    clientId: randomUUID(),
    clientSecret: secret(),
    certificate: certificates[key],
  });
  return {
    workforceTenantId: randomUUID(),
    externalTenantId: randomUUID(),
    apiAppId: randomUUID(),
    professionalClient: app('professionalClient'),
    otherProviderClient: app('otherProviderClient'),
    noRoleClient: app('noRoleClient'),
    newProviderClient: app('newProviderClient'),
    professionalUser: {
      id: randomUUID(),
      username: `fse@${WORKFORCE_DOMAIN}`,
      displayName: 'Tamer Mohamed-Nour',
      // Meets Entra's complexity rule: upper, lower, digit, symbol.
      password: `Fse-${randomBytes(9).toString('base64url')}9a!`,
    },
    otherProviderUser: {
      id: randomUUID(),
      username: `agent.horizon@${WORKFORCE_DOMAIN}`,
      displayName: 'Camille Durand',
      password: `Hzn-${randomBytes(9).toString('base64url')}7b!`,
    },
    clientsOnlyUser: {
      id: randomUUID(),
      username: `clients.only@${WORKFORCE_DOMAIN}`,
      displayName: 'Lou Martin',
      password: `Cls-${randomBytes(9).toString('base64url')}5c!`,
    },
    newProviderUser: {
      id: randomUUID(),
      username: `new.provider@${WORKFORCE_DOMAIN}`,
      displayName: 'Alex Bernard',
      password: `Npv-${randomBytes(9).toString('base64url')}3d!`,
    },
    clientApp: { clientId: randomUUID(), certificate: certificates.clientApp },
    directoryAdminApp: app('directoryAdminApp'),
    appIdentity: { clientId: randomUUID(), objectId: randomUUID() },
    unassignedIdentity: { clientId: randomUUID(), objectId: randomUUID() },
    acsAccessKey: randomBytes(32).toString('base64'),
    sessionKey: randomBytes(32).toString('base64'),
    twoStepKey: randomBytes(32).toString('base64'),
  };
}

/**
 * Reads `<dir>/identities.json`, creating it on first start. An older file is upgraded, not replaced: identities
 * added since are added, and an app without a certificate (or with one expiring within a week) gets a new one, its
 * ids and secret kept; the client app's secret, no longer registered, is dropped.
 */
export async function loadIdentities(dir: string): Promise<LocalIdentities> {
  const file = path.join(dir, 'identities.json');
  const existing = existsSync(file)
    ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> & Partial<LocalIdentities>)
    : undefined;
  const stale = (key: CertifiedApp) =>
    expiresWithinAWeek((existing?.[key] as { certificate?: unknown } | undefined)?.certificate);
  const fresh = await generateIdentities(existing ? CERTIFIED.filter(stale) : CERTIFIED);
  if (
    existing &&
    Object.keys(fresh).every((k) => k in existing) &&
    !CERTIFIED.some(stale) &&
    !('clientSecret' in (existing.clientApp ?? {}))
  )
    return existing as LocalIdentities;
  const identities = { ...fresh, ...existing } as LocalIdentities & Record<string, unknown>;
  for (const key of CERTIFIED) {
    const kept = existing?.[key] as Record<string, unknown> | undefined;
    if (!kept) continue;
    identities[key] = {
      ...fresh[key],
      ...kept,
      ...(stale(key) ? { certificate: fresh[key].certificate } : {}),
    } as never;
  }
  delete (identities.clientApp as { clientSecret?: string }).clientSecret;
  await mkdir(dir, { recursive: true });
  await writeFile(file, `${JSON.stringify(identities, null, 2)}\n`, { mode: 0o600 });
  return identities;
}

export const apiAudience = (ids: LocalIdentities) => `api://${ids.apiAppId}`;

/** The Azure resource id of a local user-assigned identity (the `xms_mirid` of its tokens). */
const identityResourceId = (name: string) =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;

/** The user-assigned managed identities of the local subscription (in the workforce tenant, as in Azure). */
export function managedIdentitiesFor(ids: LocalIdentities): ManagedIdentitySpec[] {
  return [
    { ...ids.appIdentity, resourceId: identityResourceId('id-api-local') },
    { ...ids.unassignedIdentity, resourceId: identityResourceId('id-other-local') },
  ];
}

/** Communication and Email Service Owner: the role `infra/modules/rbac.bicep` gives the app's identity on ACS. */
export const COMMUNICATION_AND_EMAIL_SERVICE_OWNER = '09976791-48a7-449e-bb21-39d1a415f350';

/** The role assignments on the local ACS resource: the app's identity, with the Bicep's role. */
export const acsRoleAssignments = (ids: LocalIdentities) => [
  { principalId: ids.appIdentity.objectId, roleDefinitionId: COMMUNICATION_AND_EMAIL_SERVICE_OWNER },
];

/** Where the workforce tenant sends professionals back after signing in to the console. */
export const CONSOLE_CALLBACK_PATH = '/api/console/callback';

/**
 * Where the tenants' sign-out (`/oauth2/v2.0/logout`) sends the browser back to, each registered as a redirect URI
 * of its app: Entra returns to a `post_logout_redirect_uri` only if it is (docs/decisions.md, "Signing out at Entra").
 */
export const CONSOLE_SIGNED_OUT_PATH = '/api/console/signed-out';
export const CLIENT_SIGNED_OUT_PATH = '/api/SignedOut';

/**
 * What the app's code calls in Graph, each with its least permission (docs/decisions.md): it looks users up, sets a
 * password (with the User Administrator role, `CLIENT_APP_DIRECTORY_ROLES`), revokes sessions, disables an account,
 * deletes an erased client's account (`User.ReadWrite.All`, Graph's only permission for `DELETE /users/{id}`), and
 * changes an account's sign-in address (`identities`: `User.ManageIdentities.All`).
 */
export const CLIENT_APP_GRAPH_PERMISSIONS = [
  'User.Read.All',
  'User-PasswordProfile.ReadWrite.All',
  'User.RevokeSessions.All',
  'User.EnableDisableAccount.All',
  'User.ReadWrite.All',
  'User.ManageIdentities.All',
];
/** Graph sets a password app-only only for a service principal holding one of these roles. */
export const CLIENT_APP_DIRECTORY_ROLES = ['User Administrator'];
/** Tests and tools create accounts, set passwords, change sign-in names and revoke sessions. */
export const DIRECTORY_ADMIN_GRAPH_PERMISSIONS = [
  'User.ReadWrite.All',
  'User-PasswordProfile.ReadWrite.All',
  'User.ManageIdentities.All',
  'User.RevokeSessions.All',
];

/** The two tenants the local Entra serves, with the redirect URIs of the Functions host in use. */
export function directoryFor(ids: LocalIdentities, functionsOrigin: string): DirectorySpec {
  const audience = apiAudience(ids);
  return {
    tenants: [
      {
        id: ids.workforceTenantId,
        kind: 'workforce',
        displayName: 'GFMS (workforce)',
        domain: WORKFORCE_DOMAIN,
        apps: [
          {
            clientId: ids.apiAppId,
            displayName: 'Client onboarding API',
            redirectUris: [],
            identifierUri: audience,
            appRoles: PROFESSIONAL_ROLES,
          },
          {
            clientId: ids.professionalClient.clientId,
            clientSecret: ids.professionalClient.clientSecret,
            keyCredentials: [keyCredentialOf(ids.professionalClient.certificate, 'Field service app')],
            displayName: 'Field service app',
            // Also the console's registration: professionals sign in to it (code + PKCE); the roles it defines,
            // assigned to them, reach its ID tokens (docs/decisions.md, "The console's roles come in its ID token").
            redirectUris: [
              `${functionsOrigin}${CONSOLE_CALLBACK_PATH}`,
              `${functionsOrigin}${CONSOLE_SIGNED_OUT_PATH}`,
            ],
            appRoles: PROFESSIONAL_ROLES,
            applicationPermissions: [{ resource: audience, roles: PROFESSIONAL_ROLES }],
          },
          {
            clientId: ids.otherProviderClient.clientId,
            clientSecret: ids.otherProviderClient.clientSecret,
            keyCredentials: [keyCredentialOf(ids.otherProviderClient.certificate, 'Agence Horizon back office')],
            displayName: 'Agence Horizon back office',
            redirectUris: [],
            applicationPermissions: [{ resource: audience, roles: PROFESSIONAL_ROLES }],
          },
          {
            clientId: ids.noRoleClient.clientId,
            clientSecret: ids.noRoleClient.clientSecret,
            keyCredentials: [keyCredentialOf(ids.noRoleClient.certificate, 'Reporting app (no role)')],
            displayName: 'Reporting app (no role)',
            redirectUris: [],
            applicationPermissions: [{ resource: audience, roles: [] }],
          },
          {
            clientId: ids.newProviderClient.clientId,
            clientSecret: ids.newProviderClient.clientSecret,
            keyCredentials: [keyCredentialOf(ids.newProviderClient.certificate, 'New provider back office')],
            displayName: 'New provider back office',
            redirectUris: [],
            applicationPermissions: [{ resource: audience, roles: PROFESSIONAL_ROLES }],
          },
        ],
        users: [
          {
            id: ids.professionalUser.id,
            email: ids.professionalUser.username,
            displayName: ids.professionalUser.displayName,
            givenName: 'Tamer',
            surname: 'Mohamed-Nour',
            password: ids.professionalUser.password,
            appRoleAssignments: [
              { resource: audience, roles: PROFESSIONAL_ROLES },
              { resource: ids.professionalClient.clientId, roles: PROFESSIONAL_ROLES },
            ],
          },
          {
            id: ids.otherProviderUser.id,
            email: ids.otherProviderUser.username,
            displayName: ids.otherProviderUser.displayName,
            givenName: 'Camille',
            surname: 'Durand',
            password: ids.otherProviderUser.password,
            appRoleAssignments: [
              { resource: audience, roles: PROFESSIONAL_ROLES },
              { resource: ids.professionalClient.clientId, roles: PROFESSIONAL_ROLES },
            ],
          },
          {
            id: ids.clientsOnlyUser.id,
            email: ids.clientsOnlyUser.username,
            displayName: ids.clientsOnlyUser.displayName,
            givenName: 'Lou',
            surname: 'Martin',
            password: ids.clientsOnlyUser.password,
            appRoleAssignments: [{ resource: ids.professionalClient.clientId, roles: ['Clients.Manage'] }],
          },
          {
            id: ids.newProviderUser.id,
            email: ids.newProviderUser.username,
            displayName: ids.newProviderUser.displayName,
            givenName: 'Alex',
            surname: 'Bernard',
            password: ids.newProviderUser.password,
            appRoleAssignments: [
              { resource: audience, roles: PROFESSIONAL_ROLES },
              { resource: ids.professionalClient.clientId, roles: PROFESSIONAL_ROLES },
            ],
          },
        ],
        managedIdentities: managedIdentitiesFor(ids),
      },
      {
        id: ids.externalTenantId,
        kind: 'external',
        displayName: 'My rConnect clients (external)',
        domain: EXTERNAL_DOMAIN,
        apps: [
          {
            clientId: ids.clientApp.clientId,
            // A certificate only, as in Azure: a client secret is refused (AADSTS7000215).
            keyCredentials: [keyCredentialOf(ids.clientApp.certificate, 'My rConnect')],
            displayName: 'My rConnect',
            redirectUris: [
              `${functionsOrigin}/api/AcceptInvitation/callback`,
              `${functionsOrigin}/api/SignIn/callback`,
              `${functionsOrigin}${CLIENT_SIGNED_OUT_PATH}`,
            ],
            applicationPermissions: [{ resource: 'https://graph.microsoft.com', roles: CLIENT_APP_GRAPH_PERMISSIONS }],
            directoryRoles: CLIENT_APP_DIRECTORY_ROLES,
            signUpUserFlow: true,
            // Its user flow offers Google, as `npm run tenant -- setup` leaves it in Azure (the local stand-in of Google).
            googleSignIn: true,
            // Change password needs a fresh sign-in: the ID token says when (docs/decisions.md, "Fresh sign-in").
            idTokenOptionalClaims: ['auth_time'],
          },
          {
            clientId: ids.directoryAdminApp.clientId,
            clientSecret: ids.directoryAdminApp.clientSecret,
            keyCredentials: [
              keyCredentialOf(ids.directoryAdminApp.certificate, 'Client directory admin (tests and tools)'),
            ],
            displayName: 'Client directory admin (tests and tools)',
            redirectUris: [],
            applicationPermissions: [
              { resource: 'https://graph.microsoft.com', roles: DIRECTORY_ADMIN_GRAPH_PERMISSIONS },
            ],
            // Graph sets passwords app-only only for a service principal holding this role.
            directoryRoles: ['User Administrator'],
          },
        ],
        users: [],
      },
    ],
  };
}
