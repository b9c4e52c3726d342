/**
 * The right of access against the local stack (issue 15 item 2, docs/privacy.md): a prospect's file exported by the
 * API (what was entered, every invitation with its timeline, no secret), by the console's "Export data" and by the
 * person from the profile once they signed in; another provider's professional, a caller without the role and a
 * visitor without a session get nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleVisitor } from '../support/console-http.js';
import { call, invitationFor, invite } from '../support/invitations.js';
import { acceptThroughEntra, createClientAccount, Visitor } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail } from '../support/stack.js';

interface Exported {
  format: string;
  providerId: string;
  client: { id: string; firstName: string; lastName: string; phone?: string; emails: { primary?: string } };
  invitations: Array<{ id: string; status: string; timeline: Array<{ event: string }> }>;
}

describe('exporting a client’s data', () => {
  it('when a prospect is exported, then the JSON holds what was entered and every invitation with its timeline, and no link key', async () => {
    const email = uniqueEmail('export');
    const password = `Pw-${randomUUID()}`;
    const [prospect] = await Promise.all([
      call<{ id: string }>('POST', '/clients', {
        body: { firstName: 'Inès', lastName: 'Export', email, phone: '06 29 30 34 34', department: '33 - Gironde' },
      }),
      createClientAccount(email, password),
    ]);
    expect(prospect.status, prospect.text).toBe(201);
    const invited = await invite(invitationFor(email, { sendEmail: false }));
    expect(invited.status, invited.text).toBe(201);
    const key = new URL(String(invited.body.acceptUrl)).searchParams.get('key')!;

    const exported = await call<Exported>('GET', `/clients/${prospect.body.id}/export`);
    expect(exported.status, exported.text).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^application\/json/);
    expect(exported.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="client-${prospect.body.id}-\\d{4}-\\d{2}-\\d{2}\\.json"$`),
    );
    expect(exported.body).toMatchObject({
      format: 'client-export/1',
      client: {
        id: prospect.body.id,
        firstName: 'Inès',
        lastName: 'Export',
        phone: '+33629303434',
        emails: { primary: email },
      },
      invitations: [{ id: invited.body.id, status: 'pending' }],
    });
    expect(exported.body.invitations[0]!.timeline.map((e) => e.event)).toContain('created');
    expect(exported.text).not.toContain(key);

    // The person signs in (accepting the invitation), then downloads their own data from the profile.
    const visitor = new Visitor();
    const { callback } = await acceptThroughEntra(visitor, String(invited.body.acceptUrl), { email, password });
    expect(callback.status, callback.body.slice(0, 300)).toBe(303);
    const profile = await visitor.get(api('/Profile?lang=en'));
    expect(profile.status, profile.body.slice(0, 300)).toBe(200);
    expect(profile.body).toMatch(
      /<a class="button secondary" href="\/api\/Profile\/export" download>Download my data<\/a>/,
    );
    const own = await visitor.get(api('/Profile/export'));
    expect(own.status, own.body.slice(0, 300)).toBe(200);
    expect(own.headers.get('content-disposition')).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    const mine = JSON.parse(own.body) as { signInEmail: string; providers: Exported[] };
    expect(mine.signInEmail).toBe(email);
    expect(mine.providers).toEqual([
      expect.objectContaining({
        client: expect.objectContaining({ id: prospect.body.id, status: 'client' }),
        invitations: [expect.objectContaining({ id: invited.body.id, status: 'accepted' })],
      }),
    ]);
    expect(own.body).not.toContain(key);

    // The console's "Export data" on the sheet: the same document.
    const professional = await consoleVisitor(stack().entra.workforce.professionalUser, '/console/clients?lang=en');
    const sheet = await professional.get(api(`/console/clients/${prospect.body.id}?lang=en`));
    expect(sheet.body).toContain(
      `href="/api/console/clients/${prospect.body.id}/export?lang=en" download data-download="export">Export data (JSON)</a>`,
    );
    const fromConsole = await professional.get(api(`/console/clients/${prospect.body.id}/export?lang=en`));
    expect(fromConsole.status).toBe(200);
    expect(JSON.parse(fromConsole.body)).toMatchObject({ format: 'client-export/1', client: { id: prospect.body.id } });
  });

  it('when another provider, a caller without the role, or nobody asks, then nothing is exported', async () => {
    const prospect = await call<{ id: string }>('POST', '/clients', {
      body: { firstName: 'Zoé', lastName: 'Private' },
    });
    expect(prospect.status).toBe(201);
    const route = `/clients/${prospect.body.id}/export`;
    expect((await call('GET', route, { as: 'other-provider' })).status).toBe(404);
    expect((await call('GET', route, { as: 'no-role' })).status).toBe(403);
    expect((await call('GET', route, { as: null })).status).toBe(401);
    expect((await call('GET', `/clients/${randomUUID()}/export`)).status).toBe(404);

    const stranger = await consoleVisitor(stack().entra.workforce.otherProviderUser, '/console/clients?lang=en');
    const refused = await stranger.get(api(`/console/clients/${prospect.body.id}/export?lang=en`));
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain('Private');

    const anonymous = await new Visitor().get(api('/Profile/export'));
    expect(anonymous.status).toBe(401);
  });
});
