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
import { call, invitationFor, invite } from '../support/invitations.js';
import { acceptThroughEntra, createClientAccount, csrfIn, Visitor } from '../support/onboarding-http.js';
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

  it('when another provider erases the file, then 404 and nothing changes; a person who signed in is refused', async () => {
    const prospect = await call<{ id: string }>('POST', '/clients', {
      body: { firstName: 'A', lastName: uniqueName() },
    });
    expect((await call('DELETE', `/clients/${prospect.body.id}`, { as: 'other-provider' })).status).toBe(404);
    expect((await call('DELETE', `/clients/${prospect.body.id}`, { as: 'no-role' })).status).toBe(403);
    expect((await call('GET', `/clients/${prospect.body.id}`)).status).toBe(200);

    const email = uniqueEmail('erase-client');
    const password = `Pw-${randomUUID()}`;
    const [client] = await Promise.all([
      call<{ id: string }>('POST', '/clients', { body: { firstName: 'B', lastName: uniqueName(), email } }),
      createClientAccount(email, password),
    ]);
    const invited = await invite(invitationFor(email, { sendEmail: false }));
    const { callback } = await acceptThroughEntra(new Visitor(), String(invited.body.acceptUrl), { email, password });
    expect(callback.status).toBe(303);
    const refused = await call('DELETE', `/clients/${client.body.id}`);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body).toMatchObject({ code: 'client-has-account' });
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
