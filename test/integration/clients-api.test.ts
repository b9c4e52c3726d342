/**
 * Client files through the whole local stack (issue 11, items 1–3): `POST /api/clients` (a prospect with a French
 * mobile number), found by an accent-free, lower-case prefix of its name, its email or its phone; the sheet;
 * `PATCH`; `client-exists`; another provider sees none of it; and an accepted invitation makes the prospect a client.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, expectNoSecretInLog, invitationFor, invite } from '../support/invitations.js';
import { acceptThroughEntra, createClientAccount, Visitor } from '../support/onboarding-http.js';
import { uniqueEmail } from '../support/stack.js';

interface Sheet {
  id: string;
  status: string;
  firstName: string;
  lastName: string;
  phone?: string;
  emails: { signIn?: string; primary?: string; secondary: string[] };
  mobileApp: { offered: boolean; usableUntil?: string; identificationCode: string; advisor?: string };
  access?: { status: string };
  providers: number;
  invitations: Array<{ id: string; status: string }>;
  devices: unknown[];
  department?: string;
  advisor?: string;
  code?: string;
  clientId?: string;
  errors?: Array<{ pointer: string }>;
}
interface Search {
  items: Array<{ id: string; status: string; lastName: string; state: string }>;
  truncated: boolean;
  code?: string;
}

/** A last name nobody else has, accented, and the accent-free lower-case word that finds it. */
function uniqueName() {
  const tag = randomUUID()
    .replace(/[^a-f]/g, '')
    .slice(0, 6);
  return { lastName: `Lefèvre-Ébrard${tag}`, word: `ebrard${tag}`.slice(0, 9) };
}

const create = (body: unknown, options: { as?: 'other-provider'; idempotencyKey?: string } = {}) =>
  call<Sheet>('POST', '/clients', { body, ...options });
const search = (q: string, as?: 'other-provider' | 'no-role') =>
  call<Search>('GET', `/clients?${new URLSearchParams({ q })}`, as ? { as } : {});

describe('client files through the API', () => {
  it('when a prospect is created, then search finds it by an accent-free prefix, its email and phone, and the sheet shows its code', async () => {
    const { lastName, word } = uniqueName();
    const email = uniqueEmail('prospect');
    const body = {
      civility: 'mrs',
      firstName: 'Éloïse',
      lastName,
      email,
      phone: '06 29 30 34 34',
      department: '33 - Gironde',
      advisor: 'Paul Durand',
      mobileApp: { offered: true, usableUntil: '2031-09-24' },
    };
    const created = await create(body, { idempotencyKey: randomUUID() });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`/api/clients/${created.body.id}$`));
    expect(created.body).toMatchObject({
      status: 'prospect',
      firstName: 'Éloïse',
      lastName,
      phone: '+33629303434',
      emails: { primary: email, secondary: [] },
      mobileApp: { offered: true, usableUntil: '2031-09-24', advisor: 'Paul Durand' },
      providers: 0,
      devices: [],
    });
    const code = created.body.mobileApp.identificationCode;
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);

    const byName = await search(`${word} elo`);
    expect(byName.status, byName.text).toBe(200);
    expect(byName.body).toEqual({
      items: [expect.objectContaining({ id: created.body.id, status: 'prospect', state: 'prospect' })],
      truncated: false,
    });
    expect((await search(email.toUpperCase())).body.items.map((i) => i.id)).toEqual([created.body.id]);
    expect((await search('+33 6 29 30 34 34')).body.items.map((i) => i.id)).toContain(created.body.id);

    const sheet = await call<Sheet>('GET', `/clients/${created.body.id}`);
    expect(sheet.status).toBe(200);
    expect(sheet.body.mobileApp.identificationCode).toBe(code);

    const edited = await call<Sheet>('PATCH', `/clients/${created.body.id}`, {
      body: { advisor: null, department: '75 - Paris', mobileApp: { offered: false } },
    });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.body).toMatchObject({
      department: '75 - Paris',
      mobileApp: { offered: false, identificationCode: code },
    });
    expect(edited.body.advisor).toBeUndefined();
  });

  it('when the primary address is another file’s, then 409 client-exists names it', async () => {
    const email = uniqueEmail('twice');
    const first = await create({ firstName: 'Anne', lastName: 'Martin', email });
    expect(first.status).toBe(201);
    const second = await create({ firstName: 'Anne', lastName: 'Martin', email });
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(second.body).toMatchObject({ code: 'client-exists', clientId: first.body.id });
  });

  it('when the input is bad, then 400 names each field; no role is 403; no q is 400', async () => {
    const bad = await create({ firstName: '', lastName: 'B', phone: '+33 1 2', mobileApp: { offered: 'yes' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.map((e) => e.pointer).sort()).toEqual(['#/firstName', '#/mobileApp/offered']);
    const phone = await create({ firstName: 'A', lastName: 'B', phone: '+33 1 2' });
    expect(phone.status).toBe(400);
    expect(phone.body.errors?.map((e) => e.pointer)).toEqual(['#/phone']);
    expect((await search('dupont', 'no-role')).status).toBe(403);
    expect((await call('GET', '/clients')).status).toBe(400);
  });

  it('when another provider looks, then it finds nothing and the sheet is not found', async () => {
    const { lastName, word } = uniqueName();
    const created = await create({ firstName: 'Claire', lastName });
    expect(created.status).toBe(201);
    expect((await search(word, 'other-provider')).body.items).toEqual([]);
    const sheet = await call<Sheet>('GET', `/clients/${created.body.id}`, { as: 'other-provider' });
    expect(sheet.status).toBe(404);
    expect(sheet.body.code).toBe('client-not-found');
    const edit = await call<Sheet>('PATCH', `/clients/${created.body.id}`, {
      as: 'other-provider',
      body: { advisor: 'X' },
    });
    expect(edit.status).toBe(404);
  });

  it('when the invitation of a prospect’s address is accepted, then the prospect becomes a client of that account', async () => {
    const email = uniqueEmail('linked');
    const password = `Pw-${randomUUID()}`;
    const [prospect] = await Promise.all([
      create({ firstName: 'Willy', lastName: 'Urs', email }),
      createClientAccount(email, password),
    ]);
    expect(prospect.status).toBe(201);
    const invited = await invite(invitationFor(email, { sendEmail: false }));
    expect(invited.status).toBe(201);
    const { callback } = await acceptThroughEntra(new Visitor(), String(invited.body.acceptUrl), { email, password });
    expect(callback.status, callback.body.slice(0, 300)).toBe(303);

    const sheet = await call<Sheet>('GET', `/clients/${prospect.body.id}`);
    expect(sheet.body).toMatchObject({
      status: 'client',
      emails: { signIn: email, primary: email },
      access: { status: 'active' },
      providers: 1,
      invitations: [expect.objectContaining({ id: invited.body.id, status: 'accepted' })],
    });
    expect((await search(email)).body.items).toEqual([
      expect.objectContaining({ id: prospect.body.id, status: 'client', state: 'active' }),
    ]);
    await expectNoSecretInLog('integration');
  });
});
