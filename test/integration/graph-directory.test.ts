/**
 * The Graph adapter's `account(objectId)` against the local Graph, with the service's own app (app-only token,
 * `User.Read.All`): `GET /v1.0/users/{id}?$select=id,mail,identities`. Found: its `mail` and sign-in identities;
 * not found: undefined; Graph down or failing: `dependency-unavailable`, the error kept as the cause only. And
 * `lastPasswordChange(objectId)` (`$select=id,lastPasswordChangeDateTime`), which moves when the password is set.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { graphClientDirectory } from '../../shared/adapters/entra/graph-directory.js';
import { provesEmail } from '../../shared/domain/directory-account.js';
import { DomainError } from '../../shared/domain/errors.js';
import { createClientAccount } from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { clientTenantApp, stack, uniqueEmail } from '../support/stack.js';

const directory = () => stackDeps().onboarding.directory;

/** The service's directory adapter, built as deps.ts builds it, but against another Graph. */
const directoryAt = (graphBaseUrl: string) =>
  graphClientDirectory({ app: clientTenantApp(), graphBaseUrl, identityIssuer: stack().entra.external.tenantId });

async function unavailable(read: Promise<unknown>): Promise<DomainError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect(error).toMatchObject({
    code: 'dependency-unavailable',
    details: { retryAfterSeconds: 30, dependency: 'graph' },
  });
  expect((error as DomainError).cause).toBeDefined();
  return error as DomainError;
}

describe("the Graph directory's account", () => {
  it('when the account signed up with its address, then its mail and email sign-in identity are read, and it proves the address', async () => {
    const email = uniqueEmail('directory');
    const oid = await createClientAccount(email, 'Directory-Pass-1234');
    const account = await directory().account(oid);
    expect(account).toEqual({
      objectId: oid,
      mail: email,
      identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
    });
    expect(provesEmail(account!, email)).toBe(true);
  });

  it('when the account signs in with a user name and only its mail is the address, then it is read as such, and proves nothing', async () => {
    const email = uniqueEmail('mail-only');
    const userName = `mallory-${randomUUID().slice(0, 8)}`;
    const oid = await createClientAccount(email, 'Directory-Pass-1234', 'Mallory', [
      { signInType: 'userName', issuer: 'clients.example', issuerAssignedId: userName },
    ]);
    const account = await directory().account(oid);
    expect(account).toMatchObject({ objectId: oid, mail: email });
    expect(account?.identities).toContainEqual({
      signInType: 'userName',
      issuer: 'clients.example',
      issuerAssignedId: userName,
    });
    expect(provesEmail(account!, email)).toBe(false);
  });

  it('when no account has the object id, then undefined', async () => {
    expect(await directory().account(randomUUID())).toBeUndefined();
  });

  it('when Graph cannot be reached, then dependency-unavailable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await unavailable(directoryAt(`http://127.0.0.1:${port}`).account(randomUUID()));
  });

  it('when Graph answers 503, then dependency-unavailable, and its answer is only the cause', async () => {
    const failing = http.createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'serviceNotAvailable', message: 'trace 1234' } }));
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = failing.address() as AddressInfo;
      const error = await unavailable(directoryAt(`http://127.0.0.1:${port}`).account(randomUUID()));
      expect(JSON.stringify(error.details)).not.toContain('trace');
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });
});

describe("the Graph directory's last password change", () => {
  it('when the password is set, then lastPasswordChangeDateTime moves to then (whole seconds); no account: undefined; Graph down: dependency-unavailable', async () => {
    const oid = await createClientAccount(uniqueEmail('password-stamp'), 'Directory-Pass-1234');
    const created = await directory().lastPasswordChange(oid);
    expect(created).toBeInstanceOf(Date);
    expect(created!.getTime() % 1000).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const before = Date.now();
    await directory().setPassword(oid, 'Directory-Pass-5678', { forceChangeAtNextSignIn: false });
    const changed = await directory().lastPasswordChange(oid);
    expect(changed!.getTime()).toBeGreaterThan(created!.getTime());
    expect(changed!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(changed!.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await directory().lastPasswordChange(randomUUID())).toBeUndefined();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await unavailable(directoryAt(`http://127.0.0.1:${port}`).lastPasswordChange(randomUUID()));
  });
});
