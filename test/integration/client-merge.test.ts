/**
 * Merging two client files of one person (issue 12, item 4 "merged"; seed 004), over HTTP on the integration stack
 * with real sign-ins at the local Entra: two records of one person at GFMS (two logins, each with its company) →
 * `POST /api/clients/{id}/merge` → the survivor's sheet holds both histories and its login's sign-in offers both
 * companies; the absorbed login's open session gets the merged page (naming the survivor's address, masked), its
 * Entra account is disabled (Entra refuses its next sign-in after the password); a second merge, a merge into
 * itself, into a file the provider does not have, and another provider's caller are refused.
 */
import { describe, expect, it } from 'vitest';
import { maskEmail } from '../../shared/log.js';
import { call, decodeEntities, invitationFor, invite, pageText } from '../support/invitations.js';
import { createClientAccount, onboardThroughEntra, signInThroughEntra, Visitor } from '../support/onboarding-http.js';
import { api, graphToken, stack, uniqueEmail } from '../support/stack.js';

interface Sheet {
  id: string;
  emails: { signIn?: string; primary?: string; secondary: string[] };
  access?: { status: string; into?: string };
  companies: Array<{ name: string }>;
  invitations: Array<{ id: string }>;
  code?: string;
  reason?: string;
}

/** A login of the person, onboarded at GFMS with its own company, on its welcome page. */
async function onboarded(label: string, companyName: string) {
  const email = uniqueEmail(label);
  const password = 'Merge-Pass-12345';
  const objectId = await createClientAccount(email, password, 'Nour Benali');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      firstName: 'Nour',
      lastName: 'Benali',
      company: {
        name: companyName,
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password });
  const found = await call<{ items: Array<{ id: string }> }>('GET', `/clients?${new URLSearchParams({ q: email })}`);
  expect(found.body.items).toHaveLength(1);
  return {
    email,
    password,
    objectId,
    visitor,
    invitationId: String(created.body.id),
    clientId: found.body.items[0]!.id,
  };
}

const merge = (id: string, into: string, as?: 'other-provider') =>
  call<Sheet>('POST', `/clients/${id}/merge`, { body: { into }, ...(as ? { as } : {}) });

async function accountEnabled(objectId: string): Promise<boolean> {
  const response = await fetch(`${stack().entra.external.graphUrl}/users/${objectId}?$select=accountEnabled`, {
    headers: { authorization: `Bearer ${await graphToken()}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accountEnabled: boolean }).accountEnabled;
}

describe('merging two client files of one person', () => {
  it('when the absorbed file is merged into the survivor, then one login sees both histories and the other is refused with the merged page, its account disabled', async () => {
    const survivor = await onboarded('merge-survivor', 'Benali Conseil');
    const absorbed = await onboarded('merge-absorbed', 'Benali Patrimoine');

    const merged = await merge(absorbed.clientId, survivor.clientId);
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.id).toBe(survivor.clientId);
    expect(merged.body.emails.secondary).toContain(absorbed.email);
    expect(merged.body.invitations.map((i) => i.id)).toEqual(
      expect.arrayContaining([survivor.invitationId, absorbed.invitationId]),
    );
    expect(merged.body.companies.map((c) => c.name).sort()).toEqual(['Benali Conseil', 'Benali Patrimoine']);
    const absorbedSheet = await call<Sheet>('GET', `/clients/${absorbed.clientId}`);
    expect(absorbedSheet.body.access).toMatchObject({ status: 'merged', into: survivor.clientId });

    // The absorbed login's open session: its next page says merged, naming the survivor's address masked.
    const next = await absorbed.visitor.get(api('/Welcome'));
    expect(next.status).toBe(403);
    expect(pageText(next.body)).toContain('This account has been merged into another one');
    expect(decodeEntities(next.body)).toContain(maskEmail(survivor.email));
    expect(next.body).not.toContain(survivor.email);
    // Its Entra account is disabled: Entra itself refuses the next sign-in, after the password.
    expect(await accountEnabled(absorbed.objectId)).toBe(false);
    expect(await accountEnabled(survivor.objectId)).toBe(true);
    const again = new Visitor();
    await expect(signInThroughEntra(again, { email: absorbed.email, password: absorbed.password })).rejects.toThrow(
      /never came back/,
    );

    // The survivor's login signs in and is offered both companies.
    const visitor = new Visitor();
    const { callback } = await signInThroughEntra(visitor, { email: survivor.email, password: survivor.password });
    expect(callback.location).toBe(api('/SignIn/choose'));
    const picker = pageText((await visitor.get(api('/SignIn/choose'))).body);
    expect(picker).toContain('Benali Conseil');
    expect(picker).toContain('Benali Patrimoine');

    // Merged once: a second merge is refused, and so is a merge into the merged file.
    const twice = await merge(absorbed.clientId, survivor.clientId);
    expect([twice.status, twice.body.code, twice.body.reason]).toEqual([409, 'merge-refused', 'already-merged']);
    const intoMerged = await merge(survivor.clientId, absorbed.clientId);
    expect([intoMerged.status, intoMerged.body.reason]).toEqual([409, 'survivor-merged']);
  });

  it('when the merge names the same file, a file the provider does not have, or another provider calls, then refused and nothing changes', async () => {
    const email = uniqueEmail('merge-prospect');
    const created = await call<Sheet>('POST', '/clients', { body: { firstName: 'Nour', lastName: 'Benali', email } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const same = await merge(id, id);
    expect([same.status, same.body.code, same.body.reason]).toEqual([409, 'merge-refused', 'same-file']);
    const unknown = await merge(id, crypto.randomUUID());
    expect([unknown.status, unknown.body.reason]).toEqual([409, 'other-provider']);
    const foreign = await merge(id, crypto.randomUUID(), 'other-provider');
    expect(foreign.status).toBe(404);
    const bad = await call<Sheet>('POST', `/clients/${id}/merge`, { body: { into: 'not-an-id' } });
    expect(bad.status).toBe(400);
    const sheet = await call<Sheet>('GET', `/clients/${id}`);
    expect(sheet.body.access).toBeUndefined();
    expect(sheet.body.emails.secondary).toEqual([]);
  });
});
