/**
 * Block, unblock and the provider inactive (issue 12, items 4 (without merge), 5, 6) against the local stack, with
 * real sign-ins at the local Entra ID:
 * - blocked through the API, the client's open session is refused on its next page, its next sign-in says "blocked
 *   by GFMS since <date>", its device credential and a new activation SMS are refused; unblocked, all come back;
 * - a provider deactivated by ops: sign-in says since when, and activation with the right code is refused;
 * - the sign-in codes form: unknown codes bring it back with one message, known ones and none go on;
 * - the console's "Block" and "Unblock" on the client sheet.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tableClientStore } from '../../shared/adapters/table/client-store.js';
import { registerProvider, setProviderStatus } from '../../shared/adapters/table/provider-directory.js';
import type { ClientAccount } from '../../shared/domain/client.js';
import type { ClientFile } from '../../shared/domain/client-file.js';
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
import { api, stack, uniqueEmail, waitForMessage } from '../support/stack.js';

interface Sheet {
  id: string;
  access?: { status: string; since: string; by?: string; reason?: string };
  mobileApp: { identificationCode?: string };
}

const mobile = () => `+33613${String(randomInt(1_000_000)).padStart(6, '0')}`;
const DATE = /\d{1,2} [A-Z][a-z]+ \d{4}/;

/** A client of GFMS onboarded for real (the visitor holds the session), with the app offered on their file. */
async function signedInClient(label: string) {
  const email = uniqueEmail(label);
  const password = 'Access-Pass-12345';
  await createClientAccount(email, password, 'Bea Locke');
  const created = await invite(
    invitationFor(email, {
      sendEmail: false,
      locale: 'en',
      company: {
        name: 'Locke SARL',
        address: { line1: '1 rue de la Paix', postalCode: '75002', city: 'Paris', country: 'FR' },
      },
    }),
  );
  expect(created.status).toBe(201);
  const visitor = await onboardThroughEntra(String(created.body.acceptUrl), { email, password });
  const found = await call<{ items: { id: string }[] }>('GET', `/clients?q=${encodeURIComponent(email)}`);
  const clientId = found.body.items[0]!.id;
  const phone = mobile();
  const edited = await call<Sheet>('PATCH', `/clients/${clientId}`, {
    body: { phone, mobileApp: { offered: true, usableUntil: '2031-12-31' } },
  });
  expect(edited.status, edited.text).toBe(200);
  return { email, password, visitor, clientId, phone, identificationCode: edited.body.mobileApp.identificationCode! };
}

async function deviceOf(client: { clientId: string; phone: string; identificationCode: string }) {
  const sent = await call('POST', '/SendActivationSms', { body: { clientId: client.clientId } });
  expect(sent.status, sent.text).toBe(202);
  const sms = await waitForMessage(client.phone, (m) => m.kind === 'sms');
  const code = /(?<!\d)(\d{6})(?!\d)/.exec(sms.text.replace(client.identificationCode, ''))![1]!;
  const activated = await activate(client.identificationCode, code);
  expect(activated.status).toBe(200);
  return String(activated.body.deviceToken);
}

async function activate(identificationCode: string, activationCode: string) {
  const response = await fetch(api('/ActivateDevice'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identificationCode, activationCode }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function currentDevice(token: string) {
  const response = await fetch(api('/devices/current'), { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('blocking and unblocking a client through the API', () => {
  it('when GFMS blocks a signed-in client, then the open session, the next sign-in, the device and the SMS are refused with why; unblocked, access comes back', async () => {
    const client = await signedInClient('blocked');
    const token = await deviceOf(client);

    const blocked = await call<Sheet>('POST', `/clients/${client.clientId}/block`, { body: { reason: 'Impayés' } });
    expect(blocked.status, blocked.text).toBe(200);
    expect(blocked.body.access).toEqual({
      status: 'blocked',
      since: expect.any(String),
      by: expect.any(String),
      reason: 'Impayés',
    });
    const again = await call<Sheet>('POST', `/clients/${client.clientId}/block`, { body: {} });
    expect(again.body.access, 'blocking again keeps who, when and why').toEqual(blocked.body.access);
    const search = await call<{ items: { id: string; state: string }[] }>(
      'GET',
      `/clients?q=${encodeURIComponent(client.email)}`,
    );
    expect(search.body.items.find((i) => i.id === client.clientId)?.state).toBe('blocked');

    const next = await client.visitor.get(api('/Welcome'));
    expect(next.status, 'the open session, on its next page').toBe(403);
    expect(pageText(next.body)).toMatch(/Your access to this account has been blocked by GFMS since \d{1,2} [A-Z]/);

    const signIn = await signInThroughEntra(new Visitor(), client);
    expect(signIn.callback.status).toBe(403);
    const refusal = pageText(signIn.callback.body);
    expect(refusal).toMatch(DATE);
    expect(refusal).toContain('Your access to this account has been blocked by GFMS since');
    expect(signIn.callback.body).toContain('support@gfms.example');
    const french = await signInThroughEntra(new Visitor(), client, 'prompt=login&lang=fr');
    expect(pageText(french.callback.body)).toContain('Votre accès à ce compte a été bloqué par GFMS depuis le');

    const device = await currentDevice(token);
    expect(device.status).toBe(403);
    expect(device.body).toMatchObject({ code: 'access-refused', reason: 'blocked', contact: 'support@gfms.example' });
    const sms = await call('POST', '/SendActivationSms', { body: { clientId: client.clientId } });
    expect(sms.status).toBe(409);
    expect(sms.body).toMatchObject({ code: 'client-access-refused', reason: 'blocked' });

    const unblocked = await call<Sheet>('POST', `/clients/${client.clientId}/unblock`, { body: {} });
    expect(unblocked.status).toBe(200);
    expect(unblocked.body.access).toMatchObject({ status: 'active', by: expect.any(String) });
    const back = await signInThroughEntra(new Visitor(), client);
    expect(back.callback.status).toBe(303);
    expect(back.callback.location).toBe(api('/Welcome'));
    expect((await currentDevice(token)).status).toBe(200);
  });

  it('when the request is wrong or the client another provider’s, then a clear 4xx and nothing written', async () => {
    const client = await call<Sheet>('POST', '/clients', { body: { firstName: 'Pro', lastName: 'Spect' } });
    const id = client.body.id;
    const long = await call('POST', `/clients/${id}/block`, { body: { reason: 'x'.repeat(501) } });
    expect(long.status).toBe(400);
    expect((await call('POST', `/clients/${id}/block`, { body: { because: 'no' } })).status).toBe(400);
    expect((await call('POST', `/clients/${id}/block`, { body: {}, as: 'other-provider' })).status).toBe(404);
    expect((await call('POST', `/clients/${randomUUID()}/unblock`, { body: {} })).status).toBe(404);
    const sheet = await call<Sheet>('GET', `/clients/${id}`);
    expect(sheet.body.access).toBeUndefined();
  });
});

describe('a provider that stopped using the service', () => {
  it('when ops deactivate the provider, then its client’s sign-in says so and since when, and activation with the right code is refused', async () => {
    const deps = stackDeps();
    const providerId = `gone-${randomUUID().slice(0, 8)}`;
    await registerProvider(
      deps.tableFor,
      {
        id: providerId,
        name: 'Agence Partie',
        platformName: 'Extranet Parti',
        platformDescription: 'Plus utilisé.',
        supportEmail: 'contact@partie.example',
        status: 'active',
      },
      [],
    );
    expect(await setProviderStatus(deps.tableFor, providerId, 'inactive')).toEqual({ changed: true });

    const email = uniqueEmail('gone');
    const password = 'Gone-Pass-12345';
    const oid = await createClientAccount(email, password, 'Gus One');
    const now = new Date();
    const account: ClientAccount = {
      key: `${stack().entra.external.tenantId}|${oid}`,
      clientId: randomUUID(),
      tenantId: stack().entra.external.tenantId,
      objectId: oid,
      email,
      displayName: 'Gus One',
      createdAt: now,
    };
    await tableClientStore(deps.tableFor).recordAcceptance(account, {
      providerId,
      clientId: account.clientId,
      firstName: 'Gus',
      lastName: 'One',
      email,
      access: { status: 'active', since: now },
      firstSignInAt: now,
      createdAt: now,
    });
    const signIn = await signInThroughEntra(new Visitor(), { email, password });
    expect(signIn.callback.status).toBe(403);
    expect(pageText(signIn.callback.body)).toMatch(/Agence Partie stopped using this platform on \d{1,2} [A-Z]/);
    expect(signIn.callback.body).toContain('contact@partie.example');

    const { code, hash } = deps.clientFiles.codes.issueActivationCode();
    const identificationCode = deps.clientFiles.codes.newIdentificationCode();
    const file: ClientFile = {
      id: randomUUID(),
      providerId,
      status: 'prospect',
      firstName: 'Gus',
      lastName: 'One',
      // Another address than the account's: the sign-in above linked a file to that one (repairClientFiles).
      emails: { primary: uniqueEmail('gone-app'), secondary: [] },
      locale: 'en',
      mobileApp: { offered: true },
      identificationCode,
      activation: {
        hash,
        issuedAt: now,
        expiresAt: new Date(now.getTime() + 10 * 60_000),
        wrongTries: 0,
        requestedBy: 'test',
        sms: { id: randomUUID(), sentTo: '+33 6 •• •• •• 00', status: 'delivered', at: now, attempts: 1 },
      },
      activationFailures: { recent: [] },
      createdAt: now,
      createdBy: 'test',
      updatedAt: now,
    };
    expect(await deps.clientFiles.files.claimIdentificationCode(identificationCode, providerId, file.id)).toBe(true);
    await deps.clientFiles.files.create(file);
    const activated = await activate(identificationCode, code);
    expect(activated.status).toBe(403);
    expect(activated.body).toMatchObject({ code: 'access-refused', reason: 'provider-inactive' });
    expect((await deps.clientFiles.files.get(providerId, file.id))?.value.activation?.usedAt).toBeUndefined();
  });
});

describe('the sign-in codes form', () => {
  it('when the codes typed name no provider, then the form again with one message; known codes or none go on to Entra', async () => {
    const visitor = new Visitor();
    const bare = await visitor.get(api('/SignIn?lang=en'));
    expect(bare.status).toBe(200);
    expect(bare.body).toContain('href="/api/SignIn?go=1&amp;lang=en"');
    expect(pageText(bare.body)).toContain('Sign in without codes');
    const messages = new Set<string>();
    for (const query of [
      'client=NOPE&societe=',
      'client=GFMS&societe=NOPE',
      'client=HORIZON&societe=HZ-LYON',
      'client=&societe=HZ-PARIS',
      'client=bad%20code',
    ]) {
      const again = await visitor.get(api(`/SignIn?form=codes&lang=en&${query}`));
      expect(again.status, query).toBe(400);
      const alert = /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(again.body)?.[1] ?? '';
      messages.add(pageText(alert));
    }
    expect([...messages]).toEqual([expect.stringContaining('These codes do not match any company')]);
    const french = await visitor.get(api('/SignIn?form=codes&lang=fr&client=NOPE'));
    expect(pageText(french.body)).toContain('Ces codes ne correspondent à aucune société');
    for (const query of ['client=gfms&societe=', 'client=HORIZON&societe=hz-paris', 'client=&societe=']) {
      const on = await visitor.get(api(`/SignIn?form=codes&lang=en&${query}`));
      expect(on.status, query).toBe(303);
    }
    expect((await visitor.get(api('/SignIn?go=1'))).status).toBe(303);
  });
});

describe('the console’s Block and Unblock', () => {
  it('when a professional blocks then unblocks from the sheet, then the sheet shows the access with who and when', async () => {
    const created = await call<Sheet>('POST', '/clients', {
      body: { firstName: 'Con', lastName: 'Sole', email: uniqueEmail('console-block') },
    });
    const id = created.body.id;
    const sheetPath = `/console/clients/${id}?tab=access&lang=en`;
    const visitor = await consoleVisitor(stack().entra.workforce.professionalUser, sheetPath);
    const sheet = await visitor.get(api(sheetPath));
    expect(sheet.body).toContain(`href="/api/console/clients/${id}/block?lang=en"`);
    const form = await visitor.get(api(`/console/clients/${id}/block?lang=en`));
    expect(form.status).toBe(200);
    expect(form.body).toContain('<label for="access-reason">Reason');
    const formToken = /name="formToken" value="([^"]+)"/.exec(form.body)![1]!;
    const refused = await visitor.post(api(`/console/clients/${id}/block?lang=en`), {
      formToken,
      reason: 'Dossier incomplet',
    });
    expect(refused.status, 'no CSRF token').toBe(403);
    const done = await visitor.post(api(`/console/clients/${id}/block?lang=en`), {
      csrf: csrfIn(form.body),
      formToken,
      reason: 'Dossier incomplet',
    });
    expect(done.status).toBe(303);
    expect(done.location).toContain('done=blocked');
    const after = await visitor.get(done.location!);
    const text = pageText(after.body);
    expect(text).toContain('The client is blocked');
    expect(text).toContain('Blocked');
    expect(text).toContain('Dossier incomplet');
    expect(after.body).toContain(`href="/api/console/clients/${id}/unblock?lang=en"`);
    expect((await call<Sheet>('GET', `/clients/${id}`)).body.access?.status).toBe('blocked');

    const unblockForm = await visitor.get(api(`/console/clients/${id}/unblock?lang=en`));
    const unblocked = await visitor.post(api(`/console/clients/${id}/unblock?lang=en`), {
      csrf: csrfIn(unblockForm.body),
      formToken: /name="formToken" value="([^"]+)"/.exec(unblockForm.body)![1]!,
      reason: '',
    });
    expect(unblocked.status).toBe(303);
    expect(pageText((await visitor.get(unblocked.location!)).body)).toContain('The client is unblocked');
    expect((await call<Sheet>('GET', `/clients/${id}`)).body.access?.status).toBe('active');
  });
});
