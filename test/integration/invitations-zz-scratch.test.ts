import { expect, it } from 'vitest';
import {
  call,
  expiredInvitation,
  getInvitation,
  invitationFor,
  invite,
  linkFields,
  linkIn,
  openPage,
  postForm,
  sleep,
} from '../support/invitations.js';
import { mailbox, uniqueEmail, waitForMessage } from '../support/stack.js';

it('scratch', async () => {
  const email = uniqueEmail('scratch');
  const a = await invite(invitationFor(email, { message: 'hello' }));
  console.log(a.status, [...a.headers.entries()], a.text);
  const m = await waitForMessage(email);
  console.log(m.subject, m.text);
  const link = linkIn(m);
  const p = await openPage(link);
  console.log(p.status, [...p.headers.entries()], p.html.slice(0, 4000));
  const g = await getInvitation(a.body.id);
  console.log(g.text);
  const b = await invite(invitationFor(email.toUpperCase()));
  console.log(b.status, b.text);
  const acc = await postForm('/AcceptInvitation', linkFields(link));
  console.log(acc.status, acc.html.slice(-800));
  const e = await expiredInvitation(uniqueEmail('exp'));
  const ep = await openPage(e.link);
  console.log(ep.status, ep.html.slice(-1500));
  const nl = await postForm('/InviteUser/new-link', linkFields(e.link));
  console.log(nl.status, nl.html.slice(-800));
  const bad = await invite({
    email: 'x',
    firstName: '',
    lastName: 'a',
    locale: 'de',
    phone: '123',
    company: { name: '', address: { country: 'France' } },
    expiresInDays: 0,
    message: 'x'.repeat(501),
    extra: 1,
  });
  console.log(bad.status, bad.text);
  expect(1).toBe(1);
});
