/**
 * Releasing an address (seed 004: "demander la libération du courriel"; docs/merge.md "Releasing the addresses")
 * against the local stack: a client who signed in is blocked by their only provider, whose professional releases the
 * address from the console — the sheet says so and keeps the history; the old login no longer signs in with it, and a
 * new account can be created with it. Before the block (the login still served) the API refuses. Ops do the same
 * through the provider command (`npm run provider -- release-email`), the compiled script run as a person would.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runScript, stackFileCopy } from '../support/commands.js';
import { consoleVisitor } from '../support/console-http.js';
import { call, invitationFor, invite, pageText } from '../support/invitations.js';
import {
  createClientAccount,
  csrfIn,
  onboardThroughEntra,
  signInThroughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

const stackFile = stackFileCopy('release-email');

/** A client of GFMS who signed in (account, invitation, onboarding): its file id, login and credentials. */
async function signedInClient(label: string) {
  const email = uniqueEmail(label);
  const lastName = `Libere${randomUUID().slice(0, 8)}`;
  const password = `Pw-${randomUUID()}`;
  const objectId = await createClientAccount(email, password, `Léa ${lastName}`);
  const company = {
    name: `Atelier ${lastName}`,
    address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
  };
  const invited = await invite(invitationFor(email, { lastName, sendEmail: false, company }));
  await onboardThroughEntra(String(invited.body.acceptUrl), { email, password });
  const found = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: lastName })}`);
  return { id: found.body.items[0]!.id, email, password, objectId };
}

describe('releasing the address of a login no provider serves', () => {
  it('when the professional releases it, then the old login stops signing in with it and a new account can take it', async () => {
    const { id, email, password, objectId } = await signedInClient('release');

    // Still served: refused, nothing changes.
    const early = await call('POST', `/clients/${id}/release-email`);
    expect(early.status, early.text).toBe(409);
    expect(early.body).toMatchObject({ code: 'release-refused', reason: 'account-in-use' });

    expect((await call('POST', `/clients/${id}/block`, { body: { reason: 'Compte fermé' } })).status).toBe(200);
    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, '/console/clients?lang=en');
    const sheet = await professional.get(api(`/console/clients/${id}?lang=en`));
    expect(sheet.body).toContain('data-release-email>Release the address</a>');
    const confirm = await professional.get(api(`/console/clients/${id}/release-email?lang=en`));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Yes, release the address');
    const forged = await professional.post(api(`/console/clients/${id}/release-email?lang=en`), { csrf: 'x' });
    expect(forged.status).toBe(403);

    const done = await professional.post(api(`/console/clients/${id}/release-email?lang=en`), {
      csrf: csrfIn(confirm.body),
    });
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/\/api\/console\/clients\/[^?]+\?done=email-released&lang=en$/);
    const after = await professional.get(done.location!);
    expect(pageText(after.body)).toContain('The address is released: the person can sign up again with it.');
    expect(pageText(after.body)).toMatch(/Addresses released .+, by .+: .•••@/);

    const json = await call<{ emails: { signIn?: string; primary?: string } }>('GET', `/clients/${id}`);
    expect(json.body.emails).toEqual({ secondary: [] });
    expect(await stackDeps().onboarding.directory.accountSigningInWith(email)).toBeUndefined();
    expect((await stackDeps().onboarding.directory.account(objectId))?.mail).toBe(
      `released-${objectId}@released.invalid`,
    );
    await expect(signInThroughEntra(new Visitor(), { email, password })).rejects.toThrow();
    // The address is free in Entra: a new account takes it.
    const fresh = await createClientAccount(email, `Pw-${randomUUID()}`, 'Léa again');
    expect(fresh).not.toBe(objectId);

    // Released already: nothing to release.
    const again = await call('POST', `/clients/${id}/release-email`);
    expect(again.body).toMatchObject({ code: 'release-refused', reason: 'nothing-to-release' });
  });

  it('when ops release it through the provider command, then it is refused while served, freed once blocked, and a rerun has nothing left', async () => {
    const { id, email, password, objectId } = await signedInClient('release-ops');
    const provider = (...args: string[]) => runScript('provider', [...args, '--stack', stackFile()]);

    const early = await provider('release-email', 'GFMS', id);
    expect(early.code, early.stdout).toBe(1);
    expect(early.stderr).toContain('Refused (account-in-use): the login can still sign in at a provider');
    expect(await stackDeps().onboarding.directory.accountSigningInWith(email)).toMatchObject({ objectId });

    const unknown = await provider('release-email', 'gfms', randomUUID());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^GFMS \(gfms\) has no client "[0-9a-f-]+" in the local stack/);

    expect((await call('POST', `/clients/${id}/block`, { body: { reason: 'Demande au support' } })).status).toBe(200);
    const done = await provider('release-email', 'GFMS', id);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`Released at GFMS (gfms), client ${id}: `);
    expect(done.stdout).toMatch(/: .•••@/);
    expect(done.stdout).toContain("The login's sign-in address in the local Entra ID");

    expect((await stackDeps().onboarding.directory.account(objectId))?.mail).toBe(
      `released-${objectId}@released.invalid`,
    );
    await expect(signInThroughEntra(new Visitor(), { email, password })).rejects.toThrow();
    const json = await call<{ emails: unknown }>('GET', `/clients/${id}`);
    expect(json.body.emails).toEqual({ secondary: [] });
    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, '/console/clients?lang=en');
    const sheet = pageText((await professional.get(api(`/console/clients/${id}?lang=en`))).body);
    expect(sheet).toMatch(/Addresses released .+, by the operations team: .•••@/);

    const again = await provider('release-email', 'gfms', id);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to release');
  });
});
