/**
 * The right to erasure against the local stack (issue 15 item 3, docs/privacy.md "Erasure"): a prospect created,
 * invited twice and exported, then erased — no longer found by search or by id, its invitations anonymized with their
 * links dead, and no row of any table still holding its name, address or phone (a scan of every table, the hashed keys
 * made of them included). Again: 404. Another provider cannot; a person who signed in is refused for now.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashedKey } from '../../shared/adapters/table/keys.js';
import { consoleVisitor } from '../support/console-http.js';
import { call, invitationFor, invite, pageText } from '../support/invitations.js';
import {
  createClientAccount,
  csrfIn,
  onboardThroughEntra,
  signInThroughEntra,
  throughEntra,
  Visitor,
} from '../support/onboarding-http.js';
import { stackDeps } from '../support/onboarding-store.js';
import { api, stack, uniqueEmail, waitForMessage } from '../support/stack.js';
import { rowsMentioning } from '../support/table-scan.js';

/** A family name no other test uses: letters only. */
const uniqueName = () =>
  `Efface${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

describe('erasing a prospect', () => {
  it('when a prospect invited twice is erased, then nothing in any table names it, its invitations are anonymized and their links dead', async () => {
    const lastName = uniqueName();
    const email = uniqueEmail('erase');
    const phone = `+3361${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const created = await call<{ id: string }>('POST', '/clients', {
      body: { firstName: 'Hélène', lastName, email, phone, mobileApp: { offered: true } },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.id;

    const first = await invite(invitationFor(email, { lastName, phone }));
    expect(first.status, first.text).toBe(201);
    await waitForMessage(email);
    expect((await call('POST', `/invitations/${first.body.id}/revoke`)).status).toBe(200);
    const second = await invite(invitationFor(email, { lastName, sendEmail: false }));
    expect(second.status, second.text).toBe(201);
    const link = String(second.body.acceptUrl);

    const exported = await call('GET', `/clients/${id}/export`);
    expect(exported.text).toContain(lastName);

    const needles = [lastName, email, phone, hashedKey(email), hashedKey(phone)];
    // Before: the file, its index rows, both invitations, their claims, emails and events name the person.
    expect((await rowsMentioning(needles)).length).toBeGreaterThan(5);

    const erased = await call('DELETE', `/clients/${id}`);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toEqual({ clientId: id, invitationsErased: 2 });

    expect((await call('GET', `/clients/${id}`)).status).toBe(404);
    const search = await call<{ items: unknown[] }>('GET', `/clients?${new URLSearchParams({ q: lastName })}`);
    expect(search.body.items).toEqual([]);
    for (const invitation of [first.body, second.body]) {
      const read = await call<{ email: string; lastName: string; status: string; timeline: Array<{ event: string }> }>(
        'GET',
        `/invitations/${invitation.id}`,
      );
      expect(read.body).toMatchObject({ email: 'erased@erased.invalid', lastName: '—', status: 'revoked' });
      expect(read.body.timeline.map((e) => e.event)).toEqual(['erased']);
    }
    // The second link (pending before) no longer opens anything.
    const landing = await new Visitor().get(link);
    expect(landing.status).toBe(404);

    expect(await rowsMentioning(needles)).toEqual([]);

    // Again: the file is gone.
    expect((await call('DELETE', `/clients/${id}`)).status).toBe(404);
  });

  it('when another provider erases the file, then 404 and nothing changes', async () => {
    const prospect = await call<{ id: string }>('POST', '/clients', {
      body: { firstName: 'A', lastName: uniqueName() },
    });
    expect((await call('DELETE', `/clients/${prospect.body.id}`, { as: 'other-provider' })).status).toBe(404);
    expect((await call('DELETE', `/clients/${prospect.body.id}`, { as: 'no-role' })).status).toBe(403);
    expect((await call('GET', `/clients/${prospect.body.id}`)).status).toBe(200);
  });
});

/** The file of this provider holding the address (the one the acceptance linked to the account). */
async function fileOf(lastName: string, as: 'user' | 'other-provider'): Promise<string> {
  const found = await call<{ items: Array<{ id: string }> }>(
    'GET',
    `/clients?${new URLSearchParams({ q: lastName })}`,
    {
      as,
    },
  );
  expect(found.body.items, found.text).toHaveLength(1);
  return found.body.items[0]!.id;
}

describe('erasing a client who signed in', () => {
  it('when a client of two providers is erased at one, then the other keeps them; erased at both, the account is gone', async () => {
    const lastName = uniqueName();
    const email = uniqueEmail('erase-client');
    const password = `Pw-${randomUUID()}`;
    const objectId = await createClientAccount(email, password, `Hélène ${lastName}`);
    const company = {
      name: `Atelier ${lastName}`,
      address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    };
    const here = await invite(invitationFor(email, { lastName, sendEmail: false, company }));
    const there = await invite(invitationFor(email, { lastName, sendEmail: false, company }), {
      as: 'other-provider',
    });
    expect([here.status, there.status], `${here.text} ${there.text}`).toEqual([201, 201]);
    const atHere = await onboardThroughEntra(String(here.body.acceptUrl), { email, password });
    await onboardThroughEntra(String(there.body.acceptUrl), { email, password });
    const [hereId, thereId] = await Promise.all([fileOf(lastName, 'user'), fileOf(lastName, 'other-provider')]);

    // The console's confirmation says what erasing a client who signed in means.
    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, '/console/clients?lang=en');
    const confirm = await professional.get(api(`/console/clients/${hereId}/erase?lang=en`));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('has signed in: their access to your organisation ends too');

    const erased = await call('DELETE', `/clients/${hereId}`);
    expect(erased.status, erased.text).toBe(200);
    // The professional learns what went at their provider, never whether another one serves the person.
    expect(erased.body).toEqual({ clientId: hereId, invitationsErased: 1 });
    expect((await call('GET', `/clients/${hereId}`)).status).toBe(404);
    // The session opened at this provider ends there…
    const welcome = await atHere.get(api('/Welcome?lang=en'));
    expect(welcome.status, welcome.body.slice(0, 300)).not.toBe(200);
    // …and signing in again lands at the other provider, whose file is untouched.
    const again = new Visitor();
    const { callback } = await signInThroughEntra(again, { email, password });
    expect(callback.status, callback.body.slice(0, 300)).toBe(303);
    expect(callback.location).toBe(api('/Welcome'));
    expect((await again.get(api('/Welcome?lang=en'))).status).toBe(200);
    expect((await call('GET', `/clients/${thereId}`, { as: 'other-provider' })).status).toBe(200);
    expect(await stackDeps().onboarding.directory.account(objectId)).toBeDefined();

    const last = await call('DELETE', `/clients/${thereId}`, { as: 'other-provider' });
    expect(last.status, last.text).toBe(200);
    expect(await stackDeps().onboarding.directory.account(objectId)).toBeUndefined();
    await expect(signInThroughEntra(new Visitor(), { email, password })).rejects.toThrow();
    expect((await again.get(api('/Welcome?lang=en'))).status).not.toBe(200);
    expect(await rowsMentioning([lastName, email, hashedKey(email), objectId])).toEqual([]);
  });
});

describe('erasing from the console', () => {
  it('when a professional confirms “Erase” on a prospect’s sheet, then the search says so and the file is gone', async () => {
    const lastName = uniqueName();
    const email = uniqueEmail('erase-console');
    const created = await call<{ id: string }>('POST', '/clients', { body: { firstName: 'Éloi', lastName, email } });
    const invited = await invite(invitationFor(email, { lastName, sendEmail: false }));
    expect(invited.status).toBe(201);
    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, '/console/clients?lang=en');
    const sheet = await professional.get(api(`/console/clients/${created.body.id}?lang=en`));
    expect(sheet.body).toContain(
      `<a href="/api/console/clients/${created.body.id}/erase?lang=en" data-erase>Erase</a>`,
    );
    const confirm = await professional.get(api(`/console/clients/${created.body.id}/erase?lang=en`));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Yes, erase for good');
    // Without the page's CSRF token: refused, nothing erased.
    const forged = await professional.post(api(`/console/clients/${created.body.id}/erase?lang=en`), { csrf: 'x' });
    expect(forged.status).toBe(403);
    expect((await call('GET', `/clients/${created.body.id}`)).status).toBe(200);

    const done = await professional.post(api(`/console/clients/${created.body.id}/erase?lang=en`), {
      csrf: csrfIn(confirm.body),
    });
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/\/api\/console\/clients\?done=erased&invitations=1&lang=en$/);
    const search = await professional.get(done.location!);
    expect(search.body).toContain('The file was erased, and the invitation sent to its addresses anonymized.');
    expect((await call('GET', `/clients/${created.body.id}`)).status).toBe(404);
    expect(await rowsMentioning([lastName, email])).toEqual([]);
  });
});

describe('a client asking for erasure from the profile', () => {
  it('when the client confirms, then each provider’s sheet says so and until when; asking again keeps the date', async () => {
    const lastName = uniqueName();
    const email = uniqueEmail('erase-asked');
    const password = `Pw-${randomUUID()}`;
    await createClientAccount(email, password, `Inès ${lastName}`);
    const company = {
      name: `Atelier ${lastName}`,
      address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
    };
    const invited = await invite(invitationFor(email, { lastName, sendEmail: false, company }));
    const visitor = await onboardThroughEntra(String(invited.body.acceptUrl), { email, password });
    const profile = await visitor.get(api('/Profile?lang=en'));
    expect(profile.body).toContain('data-ask-erasure>Ask for my data to be erased</a>');

    // A fresh sign-in first, back to the page.
    const stale = await visitor.get(api('/Profile/erasure?lang=en'));
    expect(stale.status).toBe(303);
    const callback = await visitor.get(await throughEntra(visitor, stale.location!, { email, password }));
    expect(callback.location).toBe(api('/Profile/erasure'));
    const confirm = await visitor.get(api('/Profile/erasure?lang=en'));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Yes, ask for my data to be erased');
    expect(pageText(confirm.body)).toContain('GFMS');

    const forged = await visitor.post(api('/Profile/erasure?lang=en'), { csrf: 'forged' });
    expect(forged.status).toBe(403);
    const id = await fileOf(lastName, 'user');
    expect(
      (await call<{ erasureRequestedAt?: string }>('GET', `/clients/${id}`)).body.erasureRequestedAt,
    ).toBeUndefined();

    const asked = await visitor.post(api('/Profile/erasure?lang=en'), { csrf: csrfIn(confirm.body) });
    expect(asked.status).toBe(200);
    expect(pageText(asked.body)).toMatch(/You asked on .+ for your data to be erased\. Your providers have until/);
    const sheet = await call<{ erasureRequestedAt?: string }>('GET', `/clients/${id}`);
    const at = sheet.body.erasureRequestedAt;
    expect(at).toBeDefined();

    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, '/console/clients?lang=en');
    const page = await professional.get(api(`/console/clients/${id}?lang=en`));
    expect(pageText(page.body)).toMatch(/This client asked on .+, from their profile, for their data to be erased\./);

    const again = await visitor.get(api('/Profile/erasure?lang=en'));
    expect(pageText(again.body)).toContain('You asked on');
    expect((await call<{ erasureRequestedAt?: string }>('GET', `/clients/${id}`)).body.erasureRequestedAt).toBe(at);
  });
});
