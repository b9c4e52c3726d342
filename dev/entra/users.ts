/**
 * The users of the local Entra ID: the seeded ones from the directory spec plus those created by sign-up or
 * through Graph. Persisted as JSON in the data folder (memory only when none is given). Sign-in names and
 * emails are matched case-insensitively, as Entra does.
 */
import { randomUUID } from 'node:crypto';
import type { DirectorySpec, TenantSpec } from './directory.js';
import type { JsonFile } from './json-file.js';
import { hashPassword, verifyPassword } from './passwords.js';

export interface Identity {
  signInType: string;
  issuer: string;
  issuerAssignedId: string;
}

export interface DirectoryUser {
  id: string;
  tenantId: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  otherMails: string[];
  userPrincipalName: string;
  identities: Identity[];
  accountEnabled: boolean;
  passwordHash: string;
  passwordPolicies: string | null;
  forceChangePasswordNextSignIn: boolean;
  /** Whether `mail` was proven (sign-up code) or asserted by an admin; only then do tokens carry `email`. */
  emailVerified: boolean;
  creationType: string | null;
  createdDateTime: string;
  /** When the password was last set (creation, reset, change); older user files lack it (then: creation). */
  lastPasswordChangeDateTime?: string;
  appRoleAssignments: Array<{ resource: string; roles: string[] }>;
  /** Client ids the user consented to; a first sign-in to any other app shows the consent page. */
  consentedClientIds: string[];
  /** Epoch ms of the last revokeSignInSessions: sessions and refresh tokens from before it are dead. */
  sessionsRevokedAt: number;
}

export interface UserFile {
  users: DirectoryUser[];
}

export type NewUser = Pick<DirectoryUser, 'displayName'> &
  Partial<Omit<DirectoryUser, 'id' | 'tenantId' | 'passwordHash' | 'createdDateTime' | 'sessionsRevokedAt'>> & {
    password: string;
  };

const lower = (value: string) => value.trim().toLowerCase();

/** Entra External ID names local accounts `<oid>@<domain>`; workforce users sign in with their UPN (= email here). */
function defaultUpn(tenant: TenantSpec, id: string, email: string | null): string {
  return tenant.kind === 'workforce' && email ? email : `${id}@${tenant.domain}`;
}

export class UserStore {
  private constructor(
    private users: DirectoryUser[],
    private readonly spec: DirectorySpec,
    private readonly file: JsonFile<UserFile>,
    private readonly now: () => number,
  ) {}

  static async open(spec: DirectorySpec, file: JsonFile<UserFile>, now: () => number): Promise<UserStore> {
    const store = new UserStore((await file.read())?.users ?? [], spec, file, now);
    await store.seed();
    return store;
  }

  /** Seeded users follow the spec on every start (it holds the dev passwords); their consents and state stay. */
  private async seed(): Promise<void> {
    for (const tenant of this.spec.tenants) {
      for (const seed of tenant.users) {
        const existing = this.users.find((u) => u.id === seed.id);
        const passwordHash =
          existing && (await verifyPassword(seed.password, existing.passwordHash))
            ? existing.passwordHash
            : await hashPassword(seed.password);
        const user: DirectoryUser = {
          ...(existing ?? this.blank(tenant, seed.id)),
          tenantId: tenant.id,
          displayName: seed.displayName,
          givenName: seed.givenName ?? null,
          surname: seed.surname ?? null,
          mail: seed.email,
          userPrincipalName: tenant.kind === 'workforce' ? seed.email : `${seed.id}@${tenant.domain}`,
          identities: [{ signInType: 'emailAddress', issuer: tenant.domain, issuerAssignedId: seed.email }],
          passwordHash,
          emailVerified: true,
          appRoleAssignments: seed.appRoleAssignments ?? [],
        };
        this.users = [...this.users.filter((u) => u.id !== seed.id), user];
      }
    }
    await this.persist();
  }

  private blank(tenant: TenantSpec, id: string): DirectoryUser {
    return {
      id,
      tenantId: tenant.id,
      displayName: '',
      givenName: null,
      surname: null,
      mail: null,
      otherMails: [],
      userPrincipalName: '',
      identities: [],
      accountEnabled: true,
      passwordHash: '',
      passwordPolicies: null,
      forceChangePasswordNextSignIn: false,
      emailVerified: false,
      creationType: tenant.kind === 'external' ? 'LocalAccount' : null,
      createdDateTime: new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
      appRoleAssignments: [],
      consentedClientIds: [],
      sessionsRevokedAt: 0,
    };
  }

  list(tenantId: string): DirectoryUser[] {
    return this.users.filter((u) => u.tenantId === tenantId);
  }

  get(tenantId: string, idOrUpn: string): DirectoryUser | undefined {
    const key = lower(idOrUpn);
    return this.list(tenantId).find((u) => lower(u.id) === key || lower(u.userPrincipalName) === key);
  }

  /**
   * The account a password sign-in names. In an External ID tenant, a local account signs in with its email (or
   * username) identity only — not `mail`, not the UPN (unless the tenant turns on sign-in by UPN, a preview this
   * product does not use), not a federated identity's id: the identity "represents the sign-in name for the user, when
   * signInType is set to emailAddress or userName" (https://learn.microsoft.com/graph/api/resources/objectidentity;
   * https://learn.microsoft.com/entra/external-id/customers/concept-authentication-methods-customers). In the workforce
   * tenant, any name `findBySignInName` knows.
   */
  findByPasswordSignIn(
    tenant: { id: string; kind: 'workforce' | 'external' },
    name: string,
  ): DirectoryUser | undefined {
    if (tenant.kind === 'workforce') return this.findBySignInName(tenant.id, name);
    const key = lower(name);
    if (!key) return undefined;
    return this.list(tenant.id).find((u) =>
      u.identities.some(
        (i) => (i.signInType === 'emailAddress' || i.signInType === 'userName') && lower(i.issuerAssignedId) === key,
      ),
    );
  }

  /** Every account a name could designate: email identity, mail or UPN (uniqueness checks, sign-up). */
  findBySignInName(tenantId: string, name: string): DirectoryUser | undefined {
    const key = lower(name);
    if (!key) return undefined;
    return this.list(tenantId).find(
      (u) =>
        u.identities.some((i) => lower(i.issuerAssignedId) === key) ||
        (u.mail !== null && lower(u.mail) === key) ||
        lower(u.userPrincipalName) === key,
    );
  }

  async create(tenant: TenantSpec, input: NewUser): Promise<DirectoryUser> {
    const id = randomUUID();
    const { password, ...fields } = input;
    const base = this.blank(tenant, id);
    const user: DirectoryUser = {
      ...base,
      ...fields,
      id,
      tenantId: tenant.id,
      userPrincipalName: fields.userPrincipalName ?? defaultUpn(tenant, id, fields.mail ?? null),
      passwordHash: await hashPassword(password),
      lastPasswordChangeDateTime: base.createdDateTime,
    };
    this.users.push(user);
    await this.persist();
    return user;
  }

  async update(user: DirectoryUser, changes: Partial<DirectoryUser> & { password?: string }): Promise<void> {
    const { password, ...fields } = changes;
    Object.assign(user, fields);
    if (password !== undefined) {
      user.passwordHash = await hashPassword(password);
      user.lastPasswordChangeDateTime = new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    }
    await this.persist();
  }

  async delete(user: DirectoryUser): Promise<void> {
    this.users = this.users.filter((u) => u !== user);
    await this.persist();
  }

  checkPassword(user: DirectoryUser, password: string): Promise<boolean> {
    return verifyPassword(password, user.passwordHash);
  }

  async consent(user: DirectoryUser, clientId: string): Promise<void> {
    if (user.consentedClientIds.includes(clientId)) return;
    await this.update(user, { consentedClientIds: [...user.consentedClientIds, clientId] });
  }

  async revokeSessions(user: DirectoryUser): Promise<void> {
    await this.update(user, { sessionsRevokedAt: this.now() });
  }

  /** True when something issued at `issuedAt` (a session, a refresh token) is still good for this user. */
  stillValid(user: DirectoryUser, issuedAt: number): boolean {
    return user.accountEnabled && issuedAt > user.sessionsRevokedAt;
  }

  private persist(): Promise<void> {
    return this.file.write({ users: this.users });
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
