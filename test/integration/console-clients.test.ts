/**
 * The console's client pages against the local stack (seed 000): a prospect created from the form (a double submit
 * is one prospect; bad fields and a taken email said on the form), found by an accent-free lower-case beginning of its
 * name in the "Prospects (n)" block, one result opening its sheet directly, the sheet's tabs and its mobile app
 * fields, the edit form saving `mobileApp`; a POST without the session's CSRF token refused with nothing written;
 * another provider's professional given the 404 page on every route of a GFMS client and finding none of them; a
 * professional with `Clients.Manage` only offered "Clients" alone; "Send by SMS": one SMS to the number on file (a
 * double submit is one), the sheet naming the masked number, a second within the minute refused with when to retry,
 * no phone or the app not offered said so; a device activated with the codes revoked from the sheet after its
 * confirmation, its credential then refused.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleVisitor } from '../support/console-http.js';
import { call, decodeEntities } from '../support/invitations.js';
import { csrfIn, type Visitor } from '../support/onboarding-http.js';
import { api, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const workforce = () => stack().entra.workforce;
const formTokenIn = (body: string) => /name="formToken" value="([^"]+)"/.exec(body)?.[1] ?? '';
const sheetIdOf = (location: string | undefined) =>
  /\/api\/console\/clients\/([0-9a-f-]{36})\?/.exec(location ?? '')?.[1] ?? '';
const rowsOf = (body: string) => [...body.matchAll(/<tr data-client="([0-9a-f-]{36})">/g)].map((m) => m[1]);
/** A family name no other test uses: letters only, so it is one search token. */
const uniqueName = () =>
  `Dé${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => String.fromCharCode(97 + (b % 26))).join('')}`;

async function newProspect(visitor: Visitor, fields: Record<string, string>) {
  const form = await visitor.get(api('/console/clients/new?lang=en'));
  expect(form.status).toBe(200);
  const body = { csrf: csrfIn(form.body), formToken: formTokenIn(form.body), ...fields };
  return { answer: await visitor.post(api('/console/clients/new?lang=en'), body), body };
}

describe('the console’s client pages', () => {
  it('when a prospect is created from the form and searched, then the search finds it by the beginning of its name, one result opens its sheet, and the sheet and its edit form show the seed’s fields', async () => {
    const visitor = await consoleVisitor(workforce().professionalUser, '/console/clients?lang=en');
    const home = await visitor.get(api('/console/clients?lang=en'));
    expect(home.status).toBe(200);
    expect(home.body).toMatch(/<a href="\/api\/console\/clients\?lang=en" aria-current="page">Clients<\/a>/);

    const lastName = uniqueName();
    const email = uniqueEmail('console-client');
    const { answer: created, body: posted } = await newProspect(visitor, {
      civility: 'mrs',
      firstName: 'Élodie',
      lastName,
      email,
      phone: '06 29 30 34 34',
      department: '33 - Gironde',
      referrer: 'Jean Parrain',
      advisor: 'Paul Durand',
      mobileAppOffered: 'yes',
      usableUntil: '2027-09-24',
    });
    expect(created.status, created.body.slice(0, 300)).toBe(303);
    expect(created.location).toMatch(/\/api\/console\/clients\/[0-9a-f-]{36}\?done=created&lang=en$/);
    const id = sheetIdOf(created.location);
    // The same form posted again (a double click): the same answer, no second prospect.
    const again = await visitor.post(api('/console/clients/new?lang=en'), posted);
    expect(again.status).toBe(303);
    expect(again.location).toBe(created.location);
    const other = await newProspect(visitor, { firstName: 'Pierre', lastName, mobileAppOffered: 'no' });
    expect(other.answer.status).toBe(303);
    const otherId = sheetIdOf(other.answer.location);

    // Both, by an accent-free lower-case beginning of the name: the "Prospects (2)" block, in name order.
    const search = (q: string) => visitor.get(api(`/console/clients?lang=en&q=${encodeURIComponent(q)}`));
    const both = await search(lastName.slice(0, 6).toLowerCase().replace('é', 'e'));
    expect(both.status, both.body.slice(0, 300)).toBe(200);
    expect(both.body).toContain('<caption>Prospects (2)</caption>');
    expect(both.body).not.toContain('<caption>Clients (');
    expect(new Set(rowsOf(both.body))).toEqual(new Set([id, otherId]));
    expect(decodeEntities(both.body)).toContain(`${lastName.toUpperCase()} Élodie`);
    // One result: its sheet at once.
    const one = await search(`elod ${lastName.toLowerCase()}`);
    expect(one.status).toBe(303);
    expect(one.location).toMatch(new RegExp(`/api/console/clients/${id}\\?lang=en$`));
    const none = await search(`${lastName}zzz`);
    expect(none.status).toBe(200);
    expect(none.body).toContain('data-no-result');
    expect((await search('!!!')).status).toBe(400);

    // The sheet: its tabs, the mobile app's fields (the activation code's sending: none yet).
    const sheet = await visitor.get(api(`/console/clients/${id}?tab=app&lang=en`));
    expect(sheet.status).toBe(200);
    const text = decodeEntities(sheet.body);
    expect(text).toMatch(/data-identification-code>[2-9A-HJKMNP-Z]{8}</);
    expect(text).toContain('Paul Durand');
    expect(text).toContain('24 September 2027');
    expect(text).toContain('+33\u00a06\u00a029\u00a030\u00a034\u00a034');
    expect(text).toContain('No code sent yet.');
    for (const tab of ['identity', 'access', 'invitations']) {
      const shown = await visitor.get(api(`/console/clients/${id}?tab=${tab}&lang=en`));
      expect(shown.status, tab).toBe(200);
      expect(shown.body, tab).toContain(`data-panel="${tab}"`);
    }
    expect(decodeEntities((await visitor.get(api(`/console/clients/${id}?lang=en`))).body)).toContain(email);

    // Edit: the form holds the values; saved, the sheet shows the new ones; an emptied field is cleared.
    const edit = await visitor.get(api(`/console/clients/${id}/edit?lang=en`));
    expect(edit.status).toBe(200);
    expect(edit.body).toContain(`name="email" value="${email}"`);
    const saved = await visitor.post(api(`/console/clients/${id}/edit?lang=en`), {
      csrf: csrfIn(edit.body),
      civility: 'mrs',
      firstName: 'Élodie',
      lastName,
      email,
      phone: '+33629303434',
      department: '',
      advisor: 'Claire Martin',
      referrer: '',
      mobileAppOffered: 'yes',
      usableUntil: '2028-01-31',
    });
    expect(saved.status, saved.body.slice(0, 300)).toBe(303);
    expect(saved.location).toMatch(new RegExp(`/api/console/clients/${id}\\?done=saved&lang=en$`));
    const after = decodeEntities((await visitor.get(api(`/console/clients/${id}?tab=app&done=saved&lang=en`))).body);
    expect(after).toContain('data-done="saved"');
    expect(after).toContain('Claire Martin');
    expect(after).toContain('31 January 2028');
    expect(after).not.toContain('Jean Parrain');

    // The same email for another prospect: said so, with a link to the existing sheet; nothing written.
    const taken = await newProspect(visitor, { firstName: 'Autre', lastName, email, mobileAppOffered: 'no' });
    expect(taken.answer.status).toBe(409);
    expect(taken.answer.body).toContain(`href="/api/console/clients/${id}?lang=en"`);
    // Bad fields: each said, the values kept; a phone the library refuses is the phone field's problem.
    const bad = await newProspect(visitor, { firstName: '', lastName, email: 'nope', mobileAppOffered: 'no' });
    expect(bad.answer.status).toBe(400);
    expect(bad.answer.body).toContain('<a href="#client-firstName">');
    expect(bad.answer.body).toContain('<a href="#client-email">');
    const badPhone = await newProspect(visitor, { firstName: 'Tel', lastName, phone: '12', mobileAppOffered: 'no' });
    expect(badPhone.answer.status).toBe(400);
    expect(badPhone.answer.body).toMatch(/id="client-phone" name="phone" value="12"[^>]* aria-invalid="true"/);
    // Without the session's CSRF token: refused, nothing written.
    const forged = await visitor.post(api('/console/clients/new?lang=en'), {
      firstName: 'Forged',
      lastName,
      mobileAppOffered: 'no',
    });
    expect(forged.status).toBe(403);
    expect(rowsOf((await search(lastName)).body)).toHaveLength(2);

    // Another provider's professional: the 404 page on GFMS's client, and the search finds none of them.
    const stranger = await consoleVisitor(workforce().otherProviderUser, '/console/clients?lang=en');
    for (const route of [`/console/clients/${id}?lang=en`, `/console/clients/${id}/edit?lang=en`]) {
      const refused = await stranger.get(api(route));
      expect(refused.status, route).toBe(404);
      expect(refused.body, route).toContain('<h1>Client not found</h1>');
    }
    const strangerEdit = await stranger.post(api(`/console/clients/${id}/edit?lang=en`), {
      csrf: csrfIn((await stranger.get(api('/console/clients?lang=en'))).body),
      firstName: 'Stolen',
      lastName,
      mobileAppOffered: 'no',
    });
    expect(strangerEdit.status).toBe(404);
    const strangerSearch = await stranger.get(api(`/console/clients?lang=en&q=${lastName}`));
    expect(strangerSearch.status).toBe(200);
    expect(rowsOf(strangerSearch.body)).toEqual([]);
    expect((await visitor.get(api('/console/clients/not-an-id?lang=en'))).status).toBe(404);
  });

  it('when a professional holds only Clients.Manage, then the navigation offers Clients (not Invitations) and the pages open', async () => {
    const visitor = await consoleVisitor(workforce().clientsOnlyUser, '/console/clients?lang=en');
    const search = await visitor.get(api('/console/clients?lang=en'));
    expect(search.status).toBe(200);
    const nav = /<nav class="console-nav"[\s\S]*?<\/nav>/.exec(search.body)?.[0] ?? '';
    expect([...nav.matchAll(/<li><a [^>]*>([^<]+)<\/a><\/li>/g)].map((m) => m[1])).toEqual(['Clients']);
    expect((await visitor.get(api('/console/clients/new?lang=en'))).status).toBe(200);
    // Home counts invitations, which this professional cannot see: they land on the clients' search instead.
    const home = await visitor.get(api('/console?lang=en'));
    expect(home.status).toBe(303);
    expect(home.location).toMatch(/\/api\/console\/clients\?lang=en$/);
  });

  it('when “Send by SMS” is pressed on the sheet, then one SMS with a 6-digit code reaches the number and the sheet says to which masked number; again within a minute, the sheet says when to retry (429); without a phone or with the app not offered, it says why', async () => {
    const visitor = await consoleVisitor(workforce().professionalUser, '/console/clients?lang=en');
    const lastName = uniqueName();
    const phone = `+33612${String(randomInt(1_000_000)).padStart(6, '0')}`;
    const made = await newProspect(visitor, {
      firstName: 'Élodie',
      lastName,
      phone,
      mobileAppOffered: 'yes',
      usableUntil: '2035-12-31',
    });
    const id = sheetIdOf(made.answer.location);
    const press = async (clientId: string) => {
      const sheet = await visitor.get(api(`/console/clients/${clientId}?tab=app&lang=en`));
      const form = /<form method="post" action="([^"]+\/send-sms[^"]*)">[\s\S]*?name="formToken" value="([^"]+)"/.exec(
        sheet.body,
      );
      expect(form, 'the Send by SMS form').not.toBeNull();
      expect(sheet.body).toMatch(/<button type="submit" class="button"[^>]*>Send by SMS<\/button>/);
      const body = { csrf: csrfIn(sheet.body), formToken: form![2]! };
      return { answer: await visitor.post(api(form![1]!.replace(/^\/api/, '').replace(/&amp;/g, '&')), body), body };
    };

    const { answer: sent, body } = await press(id);
    expect(sent.status, sent.body.slice(0, 300)).toBe(303);
    expect(sent.location).toMatch(new RegExp(`/api/console/clients/${id}\\?tab=app&done=sms-sent&lang=en$`));
    // The same form again (a double click): the first answer again — a second send would meet the minute's limit.
    const replayed = await visitor.post(api(`/console/clients/${id}/send-sms?lang=en`), body);
    expect(replayed.location).toBe(sent.location);
    const sms = await waitForMessage(phone, (m) => m.kind === 'sms');
    expect(sms.text).toMatch(/\b\d{6}\b/);
    const shown = decodeEntities((await visitor.get(sent.location!)).body);
    expect(shown).toContain('data-done="sms-sent"');
    expect(shown).toContain(`A new activation code is on its way to +33 6 •• •• •• ${phone.slice(-2)}`);
    expect(shown).not.toContain(/\b(\d{6})\b/.exec(sms.text)![1]!);

    // Again within the minute: the sheet says when to try again.
    const { answer: limited } = await press(id);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toContain('data-refusal="rate-limited"');

    // No phone; the app not offered: said so, nothing sent.
    const noPhone = await newProspect(visitor, { firstName: 'Sans', lastName, mobileAppOffered: 'yes' });
    const refusedNoPhone = await press(sheetIdOf(noPhone.answer.location));
    expect(refusedNoPhone.answer.status).toBe(409);
    expect(refusedNoPhone.answer.body).toContain('data-refusal="no-phone"');
    const otherPhone = `+33612${String(randomInt(1_000_000)).padStart(6, '0')}`;
    const notOffered = await newProspect(visitor, {
      firstName: 'Non',
      lastName,
      phone: otherPhone,
      mobileAppOffered: 'no',
    });
    // The app not offered: the sheet offers no button, and says why and how instead.
    const notOfferedId = sheetIdOf(notOffered.answer.location);
    const notOfferedSheet = await visitor.get(api(`/console/clients/${notOfferedId}?tab=app&lang=en`));
    expect(notOfferedSheet.body).not.toContain('/send-sms');
    expect(decodeEntities(notOfferedSheet.body)).toContain('The mobile app is not offered to this client');
    // A form from an older page, when the app was still offered: refused with the reason, nothing sent.
    const refusedNotOffered = await visitor.post(api(`/console/clients/${notOfferedId}/send-sms?lang=en`), {
      csrf: csrfIn(notOfferedSheet.body),
      formToken: randomUUID(),
    });
    expect(refusedNotOffered.status).toBe(409);
    expect(refusedNotOffered.body).toContain('data-refusal="not-offered"');

    // A blocked client: the sheet says to unblock first (not the API's problem+json), nothing sent.
    const blockedPhone = `+33612${String(randomInt(1_000_000)).padStart(6, '0')}`;
    const toBlock = await newProspect(visitor, {
      firstName: 'Bloqué',
      lastName,
      phone: blockedPhone,
      mobileAppOffered: 'yes',
      usableUntil: '2035-12-31',
    });
    const blockedId = sheetIdOf(toBlock.answer.location);
    expect((await call('POST', `/clients/${blockedId}/block`, { body: { reason: 'Impayés' } })).status).toBe(200);
    const refusedBlocked = await press(blockedId);
    expect(refusedBlocked.answer.status).toBe(409);
    expect(refusedBlocked.answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(refusedBlocked.answer.body).toContain('data-refusal="blocked"');
    expect(decodeEntities(refusedBlocked.answer.body)).toContain(
      'No SMS sent: this client’s access is blocked. Unblock it on the Access tab first.',
    );
  });

  it('when a device activated with the codes is revoked from the sheet, after its confirmation, then the sheet says so and its credential stops working', async () => {
    const visitor = await consoleVisitor(workforce().professionalUser, '/console/clients?lang=en');
    const phone = `+33612${String(randomInt(1_000_000)).padStart(6, '0')}`;
    const made = await newProspect(visitor, {
      firstName: 'Appareil',
      lastName: uniqueName(),
      phone,
      mobileAppOffered: 'yes',
      usableUntil: '2035-12-31',
    });
    const id = sheetIdOf(made.answer.location);
    const app = async () => visitor.get(api(`/console/clients/${id}?tab=app&lang=en`));
    const before = await app();
    const identificationCode = /data-identification-code>([^<]+)</.exec(before.body)![1]!;
    const sent = await visitor.post(api(`/console/clients/${id}/send-sms?lang=en`), {
      csrf: csrfIn(before.body),
      formToken: formTokenIn(before.body),
    });
    expect(sent.status).toBe(303);
    const sms = await waitForMessage(phone, (m) => m.kind === 'sms');
    const activationCode = /(?<!\d)(\d{6})(?!\d)/.exec(sms.text.replace(identificationCode, ''))![1]!;
    const activated = await fetch(api('/ActivateDevice'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identificationCode, activationCode, label: 'iPhone de test' }),
    });
    expect(activated.status).toBe(200);
    const { deviceToken } = (await activated.json()) as { deviceToken: string };

    // The sheet lists it with "Revoke", a link to its confirmation page.
    const listed = await app();
    const link =
      /<a class="button secondary" href="([^"]+\/revoke[^"]*)" aria-label="Revoke iPhone de test">Revoke<\/a>/.exec(
        listed.body,
      );
    expect(link, 'the Revoke link').not.toBeNull();
    const confirm = await visitor.get(api(decodeEntities(link![1]!).replace(/^\/api/, '')));
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('>Yes, revoke the device</button>');
    const revoked = await visitor.post(api(decodeEntities(link![1]!).replace(/^\/api/, '')), {
      csrf: csrfIn(confirm.body),
    });
    expect(revoked.status).toBe(303);
    expect(revoked.location).toMatch(new RegExp(`/api/console/clients/${id}\\?tab=app&done=device-revoked&lang=en$`));
    const after = await visitor.get(revoked.location!);
    expect(after.body).toContain('data-done="device-revoked"');
    expect(after.body).toContain('data-revoked');
    expect(after.body).not.toContain('aria-label="Revoke iPhone de test"');
    const current = await fetch(api('/devices/current'), { headers: { authorization: `Bearer ${deviceToken}` } });
    expect(current.status).toBe(401);
  });
});
