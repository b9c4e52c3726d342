/**
 * The invitation link, through the whole local stack: scanners' GET and HEAD change nothing, the landing page's
 * form records "opened" (same-origin only), the page's language, the one 404 page for unknown ids, wrong keys and
 * revoked invitations, the "newer invitation" page after a resend, and the expired page with its "Send me a new
 * link" form (202, a new working link by email, at most 3 times a day). Expired invitations are written through the
 * production adapters with a clock 10 days back.
 */

import { describe, expect, it } from 'vitest';
import { completeAcceptance } from '../../shared/domain/use-cases/accept-invitation.js';
import {
  call,
  decodeEntities,
  expectMessageCount,
  expectNoSecretInLog,
  expireAgain,
  expiredInvitation,
  getInvitation,
  heading,
  type InvitationJson,
  invitationFor,
  invite,
  keyOf,
  linkFields,
  linkIn,
  openPage,
  pageText,
  postForm,
  randomKey,
  waitForInvitation,
  withKey,
} from '../support/invitations.js';
import { onboardingAs, personOf } from '../support/onboarding-store.js';
import { api, mailbox, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const SCANNERS = [
  'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro) Safe Links',
  'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))',
  'Proofpoint URL Defense/1.0',
  'Mimecast-URL-Protect/2.0',
  'Mozilla/5.0 (compatible; Google-Safety; +http://www.google.com/bot.html)',
];

async function newInvitation(label: string, extra: Record<string, unknown> = {}): Promise<InvitationJson> {
  const answer = await invite(invitationFor(uniqueEmail(label), { sendEmail: false, ...extra }));
  expect(answer.status, answer.text).toBe(201);
  return answer.body;
}

const events = async (id: string) => (await getInvitation(id)).body.timeline?.map((e) => e.event) ?? [];

/** The hidden fields and the button of the page's form. */
function formOf(html: string): { action: string; fields: Record<string, string>; button: string } {
  const form = /<form method="post" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  expect(form, 'a POST form on the page').not.toBeNull();
  const fields: Record<string, string> = {};
  for (const input of form![2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[input[1]!] = decodeEntities(input[2]!);
  }
  const button = decodeEntities(/<button type="submit"[^>]*>([^<]+)<\/button>/.exec(form![2]!)?.[1] ?? '');
  return { action: form![1]!, fields, button };
}

describe.concurrent('the landing page and its form', () => {
  it('when five scanners GET and HEAD the link, then the invitation stays pending with no openedAt and no opened event', async () => {
    const invitation = await newInvitation('scanned');
    for (const agent of SCANNERS) {
      const get = await openPage(invitation.acceptUrl!, { headers: { 'user-agent': agent } });
      expect(get.status, agent).toBe(200);
      expect(heading(get.html)).toBe('Votre invitation à My rConnect');
      const head = await openPage(invitation.acceptUrl!, { method: 'HEAD', headers: { 'user-agent': agent } });
      expect(head.status, agent).toBe(200);
      expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(head.html).toBe('');
    }
    const after = await getInvitation(invitation.id);
    expect(after.body.status).toBe('pending');
    expect(after.body.openedAt).toBeUndefined();
    expect(after.body.expiresAt).toBe(invitation.expiresAt);
    expect(after.body.timeline?.map((e) => e.event)).toEqual(['created']);
    expect((await openPage(invitation.acceptUrl!)).status).toBe(200);
  });

  it('when the form is posted cross-site, then 403 and no event; when posted from the page, then "opened" is recorded once', async () => {
    const invitation = await newInvitation('opened');
    const page = await openPage(invitation.acceptUrl!);
    const form = formOf(page.html);
    expect(form.action).toBe('/api/AcceptInvitation');
    expect(form.button).toBe("Accepter l'invitation");
    expect(form.fields).toEqual({ ...linkFields(invitation.acceptUrl!), lang: 'fr' });

    for (const headers of [
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
      { origin: new URL(stack().functions.baseUrl).origin, 'sec-fetch-site': 'cross-site' },
      { origin: 'null', 'sec-fetch-site': '' },
    ]) {
      const refused = await postForm('/AcceptInvitation', form.fields, headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(heading(refused.html)).toBe('Requête refusée');
    }
    const wrongKey = await postForm('/AcceptInvitation', { ...form.fields, key: randomKey() });
    expect(wrongKey.status).toBe(404);
    expect(heading(wrongKey.html)).toBe('Ce lien d’invitation n’est pas valide');
    expect(await events(invitation.id)).toEqual(['created']);

    const accepted = await postForm('/AcceptInvitation', form.fields);
    expect(accepted.status, accepted.html).toBe(303);
    expect(accepted.headers.get('location')).toMatch(new RegExp(`^${stack().entra.external.authority}/`));
    const after = await getInvitation(invitation.id);
    expect(after.body.timeline?.filter((e) => e.event === 'opened')).toHaveLength(1);
    expect(after.body.openedAt).toBeDefined();
    expect(after.body.status).toBe('pending');
  });

  it('when no language is asked, then the page is in French; ?lang=en makes it English, and ?lang beats the invitation’s own language', async () => {
    const french = await newInvitation('lang.fr');
    const byDefault = await openPage(french.acceptUrl!);
    expect(byDefault.html).toContain('<html lang="fr">');
    expect(heading(byDefault.html)).toBe('Votre invitation à My rConnect');

    const english = await openPage(`${french.acceptUrl}&lang=en`);
    expect(english.status).toBe(200);
    expect(english.html).toContain('<html lang="en">');
    expect(heading(english.html)).toBe('Your invitation to My rConnect');
    expect(pageText(english.html)).toContain('Tamer Mohamed-Nour (GFMS) invites you, Willy Urs, to join My rConnect.');
    const form = formOf(english.html);
    expect(form.button).toBe('Accept the invitation');
    expect(form.fields.lang).toBe('en');
    // The language switch links to the same link in each language.
    for (const lang of ['fr', 'en']) {
      const href = decodeEntities(new RegExp(`<a href="([^"]+)" lang="${lang}"`).exec(english.html)?.[1] ?? '');
      expect(href).toBe(`/api/InviteUser?invitationId=${french.id}&key=${keyOf(french.acceptUrl!)}&lang=${lang}`);
    }

    const inEnglish = await newInvitation('lang.en', { locale: 'en' });
    expect(heading((await openPage(inEnglish.acceptUrl!)).html)).toBe('Your invitation to My rConnect');
    const forcedFrench = await openPage(`${inEnglish.acceptUrl}&lang=fr`);
    expect(heading(forcedFrench.html)).toBe('Votre invitation à My rConnect');
  });

  it('when the browser asks for English with Accept-Language, then pages without an invitation language are English; the invitation’s own language comes first (API.md order)', async () => {
    const notFound = await openPage(api(`/InviteUser?invitationId=${crypto.randomUUID()}&key=${randomKey()}`), {
      headers: { 'accept-language': 'en-GB,en;q=0.9,fr;q=0.5' },
    });
    expect(notFound.status).toBe(404);
    expect(notFound.html).toContain('<html lang="en">');
    expect(heading(notFound.html)).toBe('This invitation link is not valid');

    const french = await newInvitation('accept-language');
    const page = await openPage(french.acceptUrl!, { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(heading(page.html)).toBe('Votre invitation à My rConnect');
  });

  it('when the link has an unknown id, a wrong key, no key, or its invitation was revoked, then 404 with byte-identical pages', async () => {
    const invitation = await newInvitation('not-found');
    const revoked = await newInvitation('revoked');
    expect((await call('POST', `/invitations/${revoked.id}/revoke`)).status).toBe(200);
    for (const headers of [{}, { 'accept-language': 'en' }] as Array<Record<string, string>>) {
      const unknown = await openPage(api(`/InviteUser?invitationId=${crypto.randomUUID()}&key=${randomKey()}`), {
        headers,
      });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const others = [
        withKey(invitation.acceptUrl!, randomKey()),
        api(`/InviteUser?invitationId=${invitation.id}`),
        api(`/InviteUser?invitationId=${invitation.id}&key=short`),
        revoked.acceptUrl!,
      ];
      for (const url of others) {
        const page = await openPage(url, { headers });
        expect(page.status, url).toBe(404);
        expect(page.html, url).toBe(unknown.html);
        expect(page.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
        expect(page.headers.get('cache-control')).toBe('no-store');
      }
    }
    const french = await openPage(withKey(invitation.acceptUrl!, randomKey()));
    expect(heading(french.html)).toBe('Ce lien d’invitation n’est pas valide');
    expect(french.html).not.toContain('GFMS');
    // The wrong key left the real link working.
    expect((await openPage(invitation.acceptUrl!)).status).toBe(200);
  });

  it('when an invitation is resent, then the old link answers 410 "newer invitation", the new email’s link works, and expiresAt is extended', async () => {
    const email = uniqueEmail('resent');
    const created = await invite(invitationFor(email, { expiresInDays: 2 }));
    expect(created.status, created.text).toBe(201);
    const oldLink = linkIn(await waitForMessage(email));
    // The email's delivery report is the last write of the first email: resending before it may race it (409).
    await waitForInvitation(created.body.id, (i) => (i.timeline ?? []).some((e) => e.event === 'email.delivered'));

    const resent = await call<InvitationJson>('POST', `/invitations/${created.body.id}/resend`, { body: {} });
    expect(resent.status, resent.text).toBe(200);
    expect(resent.body.status).toBe('pending');
    expect(Date.parse(resent.body.expiresAt)).toBeGreaterThan(Date.parse(created.body.expiresAt));
    expect(Math.abs(Date.parse(resent.body.expiresAt) - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);
    expect(resent.text).not.toContain(keyOf(oldLink));

    const [latest] = await expectMessageCount(email, 2, 0);
    expect(latest!.subject).toBe('Tamer Mohamed-Nour (GFMS) vous invite sur My rConnect\u00a0: votre nouveau lien');
    const newLink = linkIn(latest!);
    expect(newLink).not.toBe(oldLink);
    expect(resent.text).not.toContain(keyOf(newLink));

    const old = await openPage(oldLink);
    expect(old.status).toBe(410);
    expect(heading(old.html)).toBe('Une invitation plus récente vous a été envoyée');
    expect(pageText(old.html)).toContain('Utilisez le lien du dernier e-mail reçu de GFMS');
    const oldInEnglish = await openPage(`${oldLink}&lang=en`);
    expect(heading(oldInEnglish.html)).toBe('A newer invitation was sent to you');

    const fresh = await openPage(newLink);
    expect(fresh.status).toBe(200);
    expect(heading(fresh.html)).toBe('Votre invitation à My rConnect');
    expect(await events(created.body.id)).toContain('resent');
  });
});

describe.concurrent('expired links', () => {
  it('when a link has expired, then 410 with the expired page and its "Send me a new link" form, in French and in English', async () => {
    const { invitation, link } = await expiredInvitation(uniqueEmail('expired.page'));
    const page = await openPage(link);
    expect(page.status).toBe(410);
    expect(page.html).toContain('<html lang="fr">');
    expect(heading(page.html)).toBe('Cette invitation a expiré');
    const form = formOf(page.html);
    expect(form).toEqual({
      action: '/api/InviteUser/new-link',
      fields: { ...linkFields(link), lang: 'fr' },
      button: 'M’envoyer un nouveau lien',
    });
    const english = await openPage(`${link}&lang=en`);
    expect(english.status).toBe(410);
    expect(heading(english.html)).toBe('This invitation has expired');
    expect(formOf(english.html).button).toBe('Send me a new link');
    expect((await getInvitation(invitation.id)).body.status).toBe('expired');
  });

  it('when the expired page’s form is posted, then 303 to the "check your inbox" page, and a new working link arrives at the invited address only', async () => {
    const email = uniqueEmail('expired.renew');
    const { invitation, link } = await expiredInvitation(email);
    const sent = await postForm('/InviteUser/new-link', formOf((await openPage(link)).html).fields);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe('/api/InviteUser/new-link?sent=1&lang=fr');
    const inbox = await openPage(new URL(sent.headers.get('location')!, stack().functions.baseUrl).href);
    expect(inbox.status).toBe(200);
    expect(heading(inbox.html)).toBe('Consultez votre messagerie');
    expect(inbox.html).not.toContain(email);

    const [message] = await expectMessageCount(email, 1);
    expect(message!.to).toBe(email);
    expect(message!.subject).toBe('Votre nouveau lien pour rejoindre My rConnect');
    const newLink = linkIn(message!);
    expect(keyOf(newLink)).not.toBe(keyOf(link));
    const landing = await openPage(newLink);
    expect(landing.status).toBe(200);
    expect(heading(landing.html)).toBe('Votre invitation à My rConnect');
    expect(heading((await openPage(link)).html)).toBe('Une invitation plus récente vous a été envoyée');

    const after = await waitForInvitation(invitation.id, (i) => ['sent', 'delivered'].includes(i.delivery.status));
    expect(after.status).toBe('pending');
    expect(Math.abs(Date.parse(after.expiresAt) - (Date.now() + 7 * DAY_MS))).toBeLessThan(60_000);
    expect(after.timeline?.map((e) => e.event)).toContain('new-link.sent');
  });

  it('when the "check your inbox" page is reloaded (or opened by anyone), then the same page again: no "link not valid", no address, nothing sent again', async () => {
    const email = uniqueEmail('expired.reload');
    const { link } = await expiredInvitation(email);
    const sent = await postForm('/InviteUser/new-link', linkFields(link, 'en'));
    expect(sent.status).toBe(303);
    const sentPage = new URL(sent.headers.get('location')!, stack().functions.baseUrl).href;
    expect(sentPage).toContain('/api/InviteUser/new-link?sent=1&lang=en');
    const [first] = await expectMessageCount(email, 1);
    for (const reload of [1, 2]) {
      const again = await openPage(sentPage);
      expect(again.status, `reload ${reload}`).toBe(200);
      expect(heading(again.html)).toBe('Check your inbox');
      expect(pageText(again.html)).not.toContain('not valid');
      expect(again.html).not.toMatch(/[\w.•-]+@[\w-]+\.|invitationId|<form/);
      expect(again.headers.get('set-cookie')).toBeNull();
    }
    // A stranger with the address: the same page, in French by default, and nothing about anyone.
    const stranger = await openPage(api('/InviteUser/new-link?sent=1'));
    expect(stranger.status).toBe(200);
    expect(heading(stranger.html)).toBe('Consultez votre messagerie');
    expect(stranger.html).not.toMatch(/[\w.•-]+@[\w-]+\./);
    expect((await openPage(api('/InviteUser/new-link'))).status).toBe(404);
    const [still] = await expectMessageCount(email, 1, 1_500);
    expect(still!.id).toBe(first!.id);
  });

  it('when a new link is asked a 4th time within 24 h, then 429 with Retry-After, and the link is not renewed', async () => {
    const { invitation, link } = await expiredInvitation(uniqueEmail('expired.limit'));
    let current = link;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const sent = await postForm('/InviteUser/new-link', linkFields(current));
      expect(sent.status, `request ${attempt}`).toBe(303);
      current = await expireAgain(invitation.id);
    }
    const limited = await postForm('/InviteUser/new-link', linkFields(current, 'en'));
    expect(limited.status).toBe(429);
    expect(heading(limited.html)).toBe('Too many requests');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(24 * 60 * 60);
    const still = await openPage(current);
    expect(still.status).toBe(410);
    expect(heading(still.html)).toBe('Cette invitation a expiré');
  });

  it('when the new-link form is posted for a valid link, cross-site, or with a wrong key, then no link is sent', async () => {
    const email = uniqueEmail('new-link.refused');
    const valid = await invite(invitationFor(email, { sendEmail: false }));
    const notExpired = await postForm('/InviteUser/new-link', linkFields(valid.body.acceptUrl!));
    expect(notExpired.status).toBe(404);
    expect(heading(notExpired.html)).toBe('Ce lien d’invitation n’est pas valide');

    const expiredEmail = uniqueEmail('new-link.cross');
    const { link } = await expiredInvitation(expiredEmail);
    const cross = await postForm('/InviteUser/new-link', linkFields(link), {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(cross.status).toBe(403);
    const wrongKey = await postForm('/InviteUser/new-link', { ...linkFields(link), key: randomKey() });
    expect(wrongKey.status).toBe(404);
    expect((await openPage(link)).status).toBe(410);
    expect(await mailbox(email)).toEqual([]);
    await expectMessageCount(expiredEmail, 0, 1_500);
  });

  it('when an accepted invitation’s link is opened, then the page says so and offers to sign in', async () => {
    const email = uniqueEmail('accepted');
    const created = await invite(invitationFor(email, { sendEmail: false, locale: 'en' }));
    const link = created.body.acceptUrl as string;
    const deps = onboardingAs(personOf(email));
    const attempt = deps.signIn.newAttempt();
    const accepted = await completeAcceptance(
      deps,
      { attempt, invitationId: created.body.id as string },
      { state: attempt.state, code: 'code', error: null },
    );
    expect(accepted.kind).toBe('accepted');
    const page = await openPage(link);
    expect(page.status).toBe(200);
    expect(page.html).toContain('/api/SignIn');
    expect(page.html).not.toContain('/api/AcceptInvitation');
  });
});

describe('the stack log after these requests', () => {
  it('when the tests above have run, then no invitation key and no bearer token of theirs is in any log line', async () => {
    await expectNoSecretInLog('integration');
  });
});
