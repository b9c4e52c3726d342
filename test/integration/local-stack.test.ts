import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { EmailClient } from '@azure/communication-email';
import { SmsClient } from '@azure/communication-sms';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import {
  graphToken,
  mailbox,
  managedIdentityCredential,
  professionalApp,
  stack,
  uniqueEmail,
  waitForMessage,
} from '../support/stack.js';

describe('the local stack contract', () => {
  it('when the stack has started, then stack.json holds every field of the contract', async () => {
    const file = JSON.parse(await readFile(path.resolve('.dev/test-integration/stack.json'), 'utf8'));
    expect(file).toEqual(stack());
    // API.md: the console's address, any path under the API base.
    expect(file.console).toEqual({ url: `${file.functions.baseUrl}/console` });
    expect(file).toMatchObject({
      functions: { baseUrl: expect.stringMatching(/^http:\/\/localhost:\d+\/api$/) },
      mailbox: {
        url: expect.stringMatching(/^https:\/\/localhost:\d+\/$/),
        messagesUrl: expect.stringMatching(/\/messages$/),
      },
      entra: {
        caCertPath: expect.stringMatching(/ca\.crt$/),
        workforce: {
          tenantId: expect.any(String),
          authority: expect.stringMatching(/^https:\/\/localhost:\d+\/[0-9a-f-]{36}$/),
          apiAudience: expect.stringMatching(/^api:\/\//),
          professionalClient: { clientId: expect.any(String), clientSecret: expect.any(String) },
          professionalUser: { username: expect.stringContaining('@'), password: expect.any(String) },
        },
        external: {
          tenantId: expect.any(String),
          authority: expect.stringMatching(/^https:\/\/localhost:\d+\/[0-9a-f-]{36}$/),
          graphClient: { clientId: expect.any(String), clientSecret: expect.any(String) },
        },
      },
      storage: { connectionString: expect.stringContaining('AccountName=devstoreaccount1') },
    });
  });

  it('when the mailbox page is opened, then it answers with the mailbox', async () => {
    const response = await fetch(stack().mailbox.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/<title>[^<]*mailbox/i);
  });
});

describe('local ACS through the real SDKs, as the app is configured', () => {
  it('when an email and an SMS are sent with the app’s managed identity, then both arrive in the mailbox JSON', async () => {
    const to = uniqueEmail('acs');
    // The app's way in: ACS_ENDPOINT and a token of its identity (the access key is refused: local auth is disabled).
    const credential = managedIdentityCredential();
    const endpoint = inject('stackSettings').ACS_ENDPOINT!;
    const email = new EmailClient(endpoint, credential);
    const poller = await email.beginSend({
      senderAddress: 'DoNotReply@mail.gfms.example',
      content: { subject: 'Bonjour', plainText: 'Texte https://example.com/x', html: '<p>Texte</p>' },
      recipients: { to: [{ address: to }] },
    });
    expect((await poller.pollUntilDone()).status).toBe('Succeeded');
    const message = await waitForMessage(to);
    expect(message).toMatchObject({
      kind: 'email',
      to,
      subject: 'Bonjour',
      text: 'Texte https://example.com/x',
      html: '<p>Texte</p>',
    });

    const phone = `+336${String(Date.now()).slice(-8)}`;
    const sms = new SmsClient(endpoint, credential);
    const [result] = await sms.send({ from: '+33700000001', to: [phone], message: 'Code 123456' });
    expect(result?.successful).toBe(true);
    expect((await mailbox(phone))[0]).toMatchObject({ kind: 'sms', to: phone, text: 'Code 123456' });
  });
});

describe('local Entra ID through MSAL, as the app is configured', () => {
  it('when the field-service app asks for an API token, then it carries both professional roles', async () => {
    const { workforce } = stack().entra;
    const result = await professionalApp().acquireTokenByClientCredential({
      scopes: [`${workforce.apiAudience}/.default`],
    });
    const jwks = createRemoteJWKSet(new URL(`${workforce.authority}/discovery/v2.0/keys`));
    const { payload } = await jwtVerify(result!.accessToken, jwks, {
      issuer: `https://login.microsoftonline.com/${workforce.tenantId}/v2.0`,
      audience: inject('stackSettings').API_APP_ID!,
    });
    expect(payload.roles).toEqual(expect.arrayContaining(['Invitations.Send', 'Clients.Manage']));
    expect(payload.tid).toBe(workforce.tenantId);
  });

  it('when the dev professional signs in with a password, then the delegated token names them and has their roles', async () => {
    const { workforce } = stack().entra;
    const result = await professionalApp().acquireTokenByUsernamePassword({
      scopes: [`${workforce.apiAudience}/.default`],
      username: workforce.professionalUser.username,
      password: workforce.professionalUser.password,
    });
    const claims = decodeJwt(result!.accessToken);
    expect(claims).toMatchObject({
      aud: inject('stackSettings').API_APP_ID,
      tid: workforce.tenantId,
      preferred_username: workforce.professionalUser.username,
    });
    expect(claims.name).toEqual(expect.any(String));
    expect(claims.roles).toEqual(expect.arrayContaining(['Invitations.Send', 'Clients.Manage']));
  });

  it('when Graph creates a client account, then it can be found by mail and by identity', async () => {
    const token = await graphToken();
    const email = uniqueEmail('graph');
    const graph = stack().entra.external.graphUrl;
    const created = await fetch(`${graph}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        displayName: 'Willy Urs',
        mail: email,
        accountEnabled: true,
        identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
        passwordProfile: { password: 'Correct-Horse-9', forceChangePasswordNextSignIn: false },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const byMail = await fetch(`${graph}/users?$filter=${encodeURIComponent(`mail eq '${email.toUpperCase()}'`)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await byMail.json()).value.map((u: { id: string }) => u.id)).toEqual([id]);
    const filter = `identities/any(c:c/issuerAssignedId eq '${email}' and c/issuer eq 'clients.example')`;
    const byIdentity = await fetch(`${graph}/users?$filter=${encodeURIComponent(filter)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await byIdentity.json()).value.map((u: { id: string }) => u.id)).toEqual([id]);
  });
});
