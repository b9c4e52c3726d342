/**
 * The client tenant's directory through Microsoft Graph (app-only token from MSAL's client credentials, cached by
 * MSAL; or, for ops commands, a token of the operator's own). Reading (`User.Read.All`): whether an email already has an account, by `mail` or by a local-account
 * identity; one account's `mail` and sign-in identities (`GET /users/{id}?$select=id,mail,identities`); the account
 * signing in with an address; when its password last changed (`$select=lastPasswordChangeDateTime`). Writing, each with Graph's least permission (docs/decisions.md): a password
 * (`PATCH passwordProfile`, `User-PasswordProfile.ReadWrite.All` and the User Administrator role), sessions
 * (`revokeSignInSessions`, `User.RevokeSessions.All`), `accountEnabled` (`User.EnableDisableAccount.All`), deleting an
 * erased client's account (`DELETE /users/{id}`, `User.ReadWrite.All`), its sign-in email (`PATCH identities` and
 * `mail`: `User.ManageIdentities.All` and `User.ReadWrite.All`; Graph replaces the whole `identities` collection).
 */
import type { ConfidentialClientApplication } from '@azure/msal-node';
import { type DirectoryAccount, type DirectoryIdentity, provesEmail } from '../../domain/directory-account.js';
import { DomainError } from '../../domain/errors.js';
import type { ClientDirectory } from '../../domain/ports.js';

const odataString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Graph's 400 when a sign-in name another account already has is written (identities are unique per issuer). */
const NAME_TAKEN = /Another object with the same value for property identities already exists/i;

/** A write Graph refused because the sign-in name belongs to another account: nothing was changed. */
class SignInNameTaken extends Error {}

export function graphClientDirectory(
  options: (
    | {
        /** The MSAL app whose client credentials give the service's app-only token, or a loader of it. */
        app: ConfidentialClientApplication | (() => Promise<ConfidentialClientApplication>);
      }
    | {
        /** A bearer token for Graph in the client tenant by other means (an operator's own sign-in: scripts/). */
        accessToken: () => Promise<string>;
      }
  ) & {
    graphBaseUrl: string;
    /**
     * The issuer named in the identities filter: the tenant's domain (e.g. contoso.onmicrosoft.com) or its id. Graph
     * requires one beside the sign-in name and ignores its value for `emailAddress` identities.
     */
    identityIssuer: string;
    /** How requests go out (default: the global `fetch`; ops commands trust the local stack's dev CA with theirs). */
    fetch?: typeof fetch;
  },
): ClientDirectory {
  const base = options.graphBaseUrl.replace(/\/+$/, '');
  const fetch = options.fetch ?? globalThis.fetch;
  async function token(): Promise<string> {
    if ('accessToken' in options) return options.accessToken();
    const app = typeof options.app === 'function' ? await options.app() : options.app;
    const result = await app.acquireTokenByClientCredential({
      scopes: ['https://graph.microsoft.com/.default'],
    });
    if (!result?.accessToken) throw new Error('no Graph token');
    return result.accessToken;
  }
  async function any(filter: string, bearer: string): Promise<boolean> {
    const url = `${base}/v1.0/users?$filter=${encodeURIComponent(filter)}&$select=id&$top=1`;
    // No `ConsistencyLevel: eventual`: these are default queries (`eq`, `any`), and the eventually consistent index
    // could miss an account created a moment ago.
    const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
    if (!response.ok) throw new Error(`Graph answered ${response.status}`);
    const body = (await response.json()) as { value?: unknown[] };
    return (body.value?.length ?? 0) > 0;
  }
  const unavailable = (error: unknown) =>
    new DomainError(
      'dependency-unavailable',
      'The directory of accounts cannot be reached; try again shortly.',
      { retryAfterSeconds: 30, dependency: 'graph' },
      { cause: error },
    );
  /**
   * One write to a user; 404 → `no-account`, Graph's password rule refused → `password-rejected`, a sign-in name
   * another account has → `SignInNameTaken`.
   */
  async function write(
    objectId: string,
    method: 'PATCH' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<void> {
    let response: Response;
    try {
      const bearer = await token();
      response = await fetch(`${base}/v1.0/users/${encodeURIComponent(objectId)}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      throw unavailable(error);
    }
    if (response.ok) return;
    const text = await response.text().catch(() => '');
    if (response.status === 404) throw new DomainError('no-account', 'The client has no account in the directory.');
    if (response.status === 400 && NAME_TAKEN.test(text)) throw new SignInNameTaken(text.slice(0, 300));
    if (response.status === 400 && /password/i.test(text)) {
      throw new DomainError(
        'password-rejected',
        'The directory refused the password: it does not meet its complexity rule.',
        {},
        { cause: new Error(`Graph answered 400: ${text.slice(0, 300)}`) },
      );
    }
    throw unavailable(new Error(`Graph answered ${response.status}: ${text.slice(0, 300)}`));
  }
  return {
    async accountSigningInWith(email) {
      try {
        const bearer = await token();
        const filter = `identities/any(c:c/issuerAssignedId eq ${odataString(email)} and c/issuer eq ${odataString(options.identityIssuer)})`;
        const url = `${base}/v1.0/users?$filter=${encodeURIComponent(filter)}&$select=id,mail,identities&$top=2`;
        const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
        if (!response.ok) throw new Error(`Graph answered ${response.status}`);
        const body = (await response.json()) as { value?: unknown[] };
        // The identity filter also matches a `userName` identity of that text: only an `emailAddress` one proves it.
        return (body.value ?? []).map(directoryAccount).find((account) => provesEmail(account, email));
      } catch (error) {
        throw unavailable(error);
      }
    },
    setPassword: (objectId, password, { forceChangeAtNextSignIn }) =>
      write(objectId, 'PATCH', '', {
        passwordProfile: { password, forceChangePasswordNextSignIn: forceChangeAtNextSignIn },
      }),
    revokeSessions: (objectId) => write(objectId, 'POST', '/revokeSignInSessions'),
    async deleteAccount(objectId) {
      try {
        await write(objectId, 'DELETE', '');
        return true;
      } catch (error) {
        if (error instanceof DomainError && error.code === 'no-account') return false;
        throw error;
      }
    },
    setAccountEnabled: (objectId, enabled) => write(objectId, 'PATCH', '', { accountEnabled: enabled }),
    async changeSignInEmail(objectId, email) {
      // The identities as Graph has them, untouched (not as the domain reads them): the PATCH sends every other one
      // back exactly, or Graph would delete it (https://learn.microsoft.com/graph/api/user-update).
      let identities: Array<Record<string, unknown>>;
      try {
        const bearer = await token();
        const url = `${base}/v1.0/users/${encodeURIComponent(objectId)}?$select=id,identities`;
        const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
        if (response.status === 404) throw new DomainError('no-account', 'The client has no account in the directory.');
        if (!response.ok) throw new Error(`Graph answered ${response.status}`);
        const body = (await response.json()) as { identities?: unknown };
        if (!Array.isArray(body.identities)) throw new Error('Graph answered a user without its identities');
        identities = body.identities.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null);
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw unavailable(error);
      }
      const at = identities.findIndex((i) => i.signInType === 'emailAddress');
      // Entra adds no local sign-in to an account that has none (one that signs in through Google only): its `mail`
      // alone changes (https://learn.microsoft.com/graph/api/user-update).
      const local = identities.some((i) => i.signInType === 'emailAddress' || i.signInType === 'userName');
      const next =
        at >= 0
          ? identities.map((identity, index) => (index === at ? { ...identity, issuerAssignedId: email } : identity))
          : local
            ? [...identities, { signInType: 'emailAddress', issuer: options.identityIssuer, issuerAssignedId: email }]
            : undefined;
      try {
        await write(objectId, 'PATCH', '', next ? { identities: next, mail: email } : { mail: email });
        return 'changed';
      } catch (error) {
        if (error instanceof SignInNameTaken) return 'taken';
        throw error;
      }
    },
    async account(objectId) {
      try {
        const bearer = await token();
        const url = `${base}/v1.0/users/${encodeURIComponent(objectId)}?$select=id,mail,otherMails,identities`;
        const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
        if (response.status === 404) return undefined;
        if (!response.ok) throw new Error(`Graph answered ${response.status}`);
        return directoryAccount(await response.json());
      } catch (error) {
        throw unavailable(error);
      }
    },
    async lastPasswordChange(objectId) {
      try {
        const bearer = await token();
        // Returned only when selected (https://learn.microsoft.com/graph/api/resources/user).
        const url = `${base}/v1.0/users/${encodeURIComponent(objectId)}?$select=id,lastPasswordChangeDateTime`;
        const response = await fetch(url, { headers: { authorization: `Bearer ${bearer}` } });
        if (response.status === 404) return undefined;
        if (!response.ok) throw new Error(`Graph answered ${response.status}`);
        const body = (await response.json()) as { lastPasswordChangeDateTime?: unknown };
        const stamp = body.lastPasswordChangeDateTime;
        if (stamp === null || stamp === undefined) return undefined;
        const at = typeof stamp === 'string' ? new Date(stamp) : undefined;
        if (!at || Number.isNaN(at.getTime()))
          throw new Error('Graph answered a lastPasswordChangeDateTime not a date');
        return at;
      } catch (error) {
        throw unavailable(error);
      }
    },
    async hasAccount(email) {
      try {
        const bearer = await token();
        if (await any(`mail eq ${odataString(email)}`, bearer)) return true;
        // Graph requires the issuer alongside the sign-in name when filtering identities.
        return await any(
          `identities/any(c:c/issuerAssignedId eq ${odataString(email)} and c/issuer eq ${odataString(options.identityIssuer)})`,
          bearer,
        );
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
}

/** Graph's user as the domain reads it; an answer of another shape is a failure of the dependency, not an account. */
function directoryAccount(body: unknown): DirectoryAccount {
  const user = body as { id?: unknown; mail?: unknown; otherMails?: unknown; identities?: unknown };
  if (typeof user?.id !== 'string' || !Array.isArray(user.identities)) {
    throw new Error('Graph answered a user without its id or identities');
  }
  const identities: DirectoryIdentity[] = user.identities.flatMap((i: unknown) => {
    const { signInType, issuer, issuerAssignedId } = (i ?? {}) as Record<string, unknown>;
    return typeof signInType === 'string' && typeof issuer === 'string' && typeof issuerAssignedId === 'string'
      ? [{ signInType, issuer, issuerAssignedId }]
      : [];
  });
  // A Google-federated account's verified email (docs/decisions.md, "Google-federated clients…").
  const otherMails = Array.isArray(user.otherMails)
    ? user.otherMails.filter((m): m is string => typeof m === 'string')
    : [];
  return {
    objectId: user.id,
    mail: typeof user.mail === 'string' ? user.mail : null,
    ...(otherMails.length > 0 && { otherMails }),
    identities,
  };
}
