/**
 * The `roles` of the local Entra's ID tokens, as Azure emits them (docs/decisions.md, "The console's roles come in
 * its ID token"): the app roles the signing-in app itself defines and the user was assigned on it — never the roles
 * the user holds on an API the app calls (those belong in the API's access tokens), never a role the app does not
 * define.
 */
import { describe, expect, it } from 'vitest';
import type { DirectorySpec } from '../../dev/entra/directory.js';
import { Directory } from '../../dev/entra/tenants.js';
import { idTokenRoles } from '../../dev/entra/tokens.js';
import type { DirectoryUser } from '../../dev/entra/users.js';

const spec: DirectorySpec = {
  tenants: [
    {
      id: 'tenant-1',
      kind: 'workforce',
      displayName: 'Workforce',
      domain: 'gfms.example',
      users: [],
      apps: [
        {
          clientId: 'api-1',
          displayName: 'API',
          redirectUris: [],
          identifierUri: 'api://api-1',
          appRoles: ['Invitations.Send'],
        },
        {
          clientId: 'console-1',
          displayName: 'Console',
          redirectUris: ['http://localhost/cb'],
          appRoles: ['Invitations.Send', 'Clients.Manage'],
        },
        { clientId: 'plain-1', displayName: 'App without roles', redirectUris: ['http://localhost/cb'] },
      ],
    },
  ],
};

const directory = new Directory(spec);
const tenant = directory.tenant('tenant-1')!;
const user = (appRoleAssignments: DirectoryUser['appRoleAssignments']) => ({ appRoleAssignments }) as DirectoryUser;

describe('roles in ID tokens', () => {
  it('when the user was assigned roles on the app they sign in to, then its ID token carries them', () => {
    expect(
      idTokenRoles(directory, tenant, user([{ resource: 'console-1', roles: ['Invitations.Send'] }]), 'console-1'),
    ).toEqual(['Invitations.Send']);
  });

  it('when the user holds roles only on the API, then the ID token of another app carries none', () => {
    const apiOnly = user([{ resource: 'api://api-1', roles: ['Invitations.Send'] }]);
    expect(idTokenRoles(directory, tenant, apiOnly, 'console-1')).toEqual([]);
    expect(idTokenRoles(directory, tenant, apiOnly, 'plain-1')).toEqual([]);
  });

  it('when an assignment names a role the app does not define, then it is not in the token', () => {
    const odd = user([{ resource: 'console-1', roles: ['Reports.Read', 'Clients.Manage'] }]);
    expect(idTokenRoles(directory, tenant, odd, 'console-1')).toEqual(['Clients.Manage']);
    expect(
      idTokenRoles(directory, tenant, user([{ resource: 'plain-1', roles: ['Clients.Manage'] }]), 'plain-1'),
    ).toEqual([]);
  });
});
