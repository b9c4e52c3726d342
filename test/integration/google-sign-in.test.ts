/**
 * A client accepts an invitation by signing in with Google (the local Entra's stand-in of Google, offered because the
 * app's user flow offers Google): bound by Google's verified email only (docs/decisions.md, "Google-federated clients
 * bind by Google's verified email"). Accepted when Google verified the invited address; refused, with the invitation
 * left pending, when Google did not verify it, or when an administrator set the account's `mail` to the invited
 * address through Graph while Google's email is another.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { invitationFor, invite } from '../support/invitations.js';
import { acceptForm, type Exchange, Visitor } from '../support/onboarding-http.js';
import { eventsOf, storedInvitation } from '../support/onboarding-store.js';
import { api, graphToken, stack } from '../support/stack.js';

async function newInvitation(email: string): Promise<{ id: string; link: string }> {
  const created = await invite(invitationFor(email, { sendEmail: false, locale: 'en' }));
  expect(created.status).toBe(201);
  return { id: created.body.id, link: String(created.body.acceptUrl) };
}

const functionsOrigin = () => new URL(stack().functions.baseUrl).origin;

function entraForm(html: string): { action: string; tx: string; csrf: string } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !tx || !csrf) throw new Error(`no form on the local Entra's page: ${html.slice(0, 400)}`);
  return { action, tx, csrf };
}

/** Landing page → "Accept" → Entra's page → "Sign in with Google" → the stand-in, as this Google account → callback. */
async function acceptWithGoogle(
  visitor: Visitor,
  link: string,
  google: { email: string; verified: boolean },
): Promise<Exchange> {
  expect((await visitor.get(link)).status).toBe(200);
  const started = await visitor.post(api('/AcceptInvitation'), acceptForm(link));
  expect(started.status, started.body).toBe(303);
  const entraPage = await visitor.get(started.location!);
  expect(entraPage.status).toBe(200);
  const googleLink = /<a href="([^"]+\/login\/google\?tx=[^"]+)">Sign in with Google<\/a>/.exec(entraPage.body)?.[1];
  expect(googleLink, entraPage.body.slice(0, 600)).toBeTruthy();
  const standIn = await visitor.get(new URL(googleLink!, entraPage.url).toString());
  expect(standIn.body).toContain('local stand-in');
  const form = entraForm(standIn.body);
  let answer = await visitor.post(new URL(form.action, standIn.url).toString(), {
    tx: form.tx,
    csrf: form.csrf,
    email: google.email,
    ...(google.verified && { emailVerified: 'yes' }),
  });
  if (answer.status === 200) {
    const consent = entraForm(answer.body);
    answer = await visitor.post(new URL(consent.action, answer.url).toString(), {
      tx: consent.tx,
      csrf: consent.csrf,
      decision: 'yes',
    });
  }
  expect(answer.status).toBe(302);
  expect(new URL(answer.location!).origin).toBe(functionsOrigin());
  return visitor.get(answer.location!);
}

const gmail = (name: string) => `${name}.${randomUUID().slice(0, 8)}@gmail.example`;

describe('accepting an invitation with Google', () => {
  it('when Google verified the invited address, then the invitation is accepted by the Google-federated account', async () => {
    const email = gmail('claire');
    const invitation = await newInvitation(email);
    const callback = await acceptWithGoogle(new Visitor(), invitation.link, { email, verified: true });
    expect(callback.status, callback.body.slice(0, 300)).toBe(303);
    expect(callback.location).toBe(api('/CreateCompany'));
    expect((await storedInvitation(invitation.id)).status).toBe('accepted');
  });

  it('when Google did not verify the address, then nothing is accepted and the invitation stays pending', async () => {
    const email = gmail('unverified');
    const invitation = await newInvitation(email);
    const callback = await acceptWithGoogle(new Visitor(), invitation.link, { email, verified: false });
    expect(callback.status).toBe(403);
    expect((await storedInvitation(invitation.id)).status).toBe('pending');
    expect(await eventsOf(invitation.id)).not.toContain('accepted');
  });

  it('when an administrator set the Google account’s mail to the invited address, then it is refused: Google’s email decides', async () => {
    const invited = gmail('invited');
    const googleEmail = gmail('mallory');
    const invitation = await newInvitation(invited);
    // Mallory signs up with Google: another address, so the callback turns her away (wrong account).
    const first = await acceptWithGoogle(new Visitor(), invitation.link, { email: googleEmail, verified: true });
    expect(first.status).toBe(403);
    const users = await fetch(
      `${stack().entra.external.graphUrl}/users?$filter=${encodeURIComponent(`mail eq '${googleEmail}'`)}&$select=id`,
      { headers: { authorization: `Bearer ${await graphToken()}` } },
    );
    const [account] = ((await users.json()) as { value: Array<{ id: string }> }).value;
    expect(account).toBeDefined();
    // An administrator (User.ReadWrite.All) sets her account's mail to the invited address.
    const patched = await fetch(`${stack().entra.external.graphUrl}/users/${account!.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${await graphToken()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ mail: invited }),
    });
    expect(patched.status).toBe(204);

    const callback = await acceptWithGoogle(new Visitor(), invitation.link, { email: googleEmail, verified: true });
    expect(callback.status).toBe(403);
    expect(callback.body).toContain('This account does not prove your email address');
    expect((await storedInvitation(invitation.id)).status).toBe('pending');
    expect(await eventsOf(invitation.id)).not.toContain('accepted');
  });
});
