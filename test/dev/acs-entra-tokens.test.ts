/**
 * The token path end to end, as in Azure: the real `ManagedIdentityCredential` (App Service source, through
 * `IDENTITY_ENDPOINT` + `IDENTITY_HEADER`) gets the app identity's token from the local Entra's managed-identity
 * endpoint, and the real ACS SDKs send email and SMS with it to a local ACS whose local auth is disabled. Then each
 * way in that must be refused: an access-key signature, no token, an expired token, a token for another resource, one
 * signed by a key Entra does not publish, one of a principal without a role on ACS; and at the endpoint, a missing or
 * wrong header, an unknown client id.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { EmailClient } from '@azure/communication-email';
import { SmsClient } from '@azure/communication-sms';
import { ManagedIdentityCredential } from '@azure/identity';
import { createRemoteJWKSet, decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAccessKey, type RunningLocalAcs, startLocalAcs } from '../../dev/acs/server.js';
import { ensureDevCertificates } from '../../dev/certificates.js';
import type { DirectorySpec } from '../../dev/entra/directory.js';
import { newIdentityHeader } from '../../dev/entra/managed-identity.js';
import { type RunningLocalEntra, startLocalEntra } from '../../dev/entra/server.js';
import { COMMUNICATION_AND_EMAIL_SERVICE_OWNER } from '../../dev/identities.js';

const TENANT = randomUUID();
const APP = {
  clientId: randomUUID(),
  objectId: randomUUID(),
  resourceId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-api',
};
const OTHER = {
  clientId: randomUUID(),
  objectId: randomUUID(),
  resourceId: '/subscriptions/x/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-other',
};
const HEADER = newIdentityHeader();
const SENDER = 'DoNotReply@mail.example.test';

let entra: RunningLocalEntra;
let acs: RunningLocalAcs;
/** Added to the local Entra's clock (a token issued in the past). */
let entraClockOffsetMs = 0;

beforeAll(async () => {
  const { cert, key } = await ensureDevCertificates(path.resolve('.dev'));
  const directory: DirectorySpec = {
    tenants: [
      {
        id: TENANT,
        kind: 'workforce',
        displayName: 'Subscription tenant',
        domain: 'subscription.example',
        apps: [],
        users: [],
        managedIdentities: [APP, OTHER],
      },
    ],
  };
  entra = await startLocalEntra({
    cert,
    key,
    directory,
    managedIdentityHeader: HEADER,
    now: () => Date.now() + entraClockOffsetMs,
  });
  acs = await startLocalAcs({
    cert,
    key,
    accessKey: generateAccessKey(),
    senderAddresses: [SENDER],
    entra: {
      tenantId: TENANT,
      keys: createRemoteJWKSet(new URL(`${entra.url}/${TENANT}/discovery/v2.0/keys`)),
      roleAssignments: [{ principalId: APP.objectId, roleDefinitionId: COMMUNICATION_AND_EMAIL_SERVICE_OWNER }],
    },
    disableLocalAuth: true,
  });
  // What App Service sets in the process of an app with a managed identity.
  process.env.IDENTITY_ENDPOINT = entra.managedIdentityEndpoint;
  process.env.IDENTITY_HEADER = HEADER;
});

afterAll(async () => {
  delete process.env.IDENTITY_ENDPOINT;
  delete process.env.IDENTITY_HEADER;
  await Promise.all([acs?.close(), entra?.close()]);
});

const endpoint = () => acs.url.replace(/\/$/, '');

function email(to: string) {
  return {
    senderAddress: SENDER,
    content: { subject: 'Invitation', plainText: 'Bonjour', html: '<p>Bonjour</p>' },
    recipients: { to: [{ address: to }] },
  };
}

/** The managed-identity endpoint, asked directly (`query` beyond api-version). */
function askEndpoint(query: Record<string, string>, header: string | null = HEADER) {
  const url = new URL(entra.managedIdentityEndpoint);
  url.search = new URLSearchParams({ 'api-version': '2019-08-01', ...query }).toString();
  return fetch(url, { headers: header === null ? {} : { 'x-identity-header': header } });
}

async function tokenFor(clientId: string, resource = 'https://communication.azure.com/'): Promise<string> {
  const response = await askEndpoint({ resource, client_id: clientId });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** `POST /emails:send` with this Authorization header (none when undefined). */
async function rawSend(authorization: string | undefined) {
  const response = await fetch(`${acs.url}emails:send?api-version=2025-09-01`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization && { authorization }) },
    body: JSON.stringify(email(`raw.${randomUUID()}@example.test`)),
  });
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } } };
}

const denied = (reason: RegExp) => ({
  status: 401,
  body: { error: { code: 'Denied', message: expect.stringMatching(reason) } },
});

describe('ACS through the managed identity, on a resource with local auth disabled', () => {
  it('when the app’s ManagedIdentityCredential asks for ACS, then it gets a v1.0 app token of the identity from the local Entra', async () => {
    const credential = new ManagedIdentityCredential({ clientId: APP.clientId });
    const token = await credential.getToken('https://communication.azure.com//.default');
    expect(token?.expiresOnTimestamp).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect(decodeJwt(token!.token)).toMatchObject({
      aud: 'https://communication.azure.com/',
      iss: `https://sts.windows.net/${TENANT}/`,
      tid: TENANT,
      oid: APP.objectId,
      sub: APP.objectId,
      appid: APP.clientId,
      idtyp: 'app',
      ver: '1.0',
      xms_mirid: APP.resourceId,
    });
  });

  it('when email and SMS are sent with the SDKs and the managed identity, then both arrive', async () => {
    const credential = new ManagedIdentityCredential({ clientId: APP.clientId });
    const to = `mi.${randomUUID()}@example.test`;
    const poller = await new EmailClient(endpoint(), credential).beginSend(email(to), { updateIntervalInMs: 50 });
    expect((await poller.pollUntilDone()).status).toBe('Succeeded');
    const phone = `+336${String(Date.now()).slice(-8)}`;
    const [sent] = await new SmsClient(endpoint(), credential).send({
      from: '+33700000001',
      to: [phone],
      message: 'Code 1',
    });
    expect(sent?.successful).toBe(true);
    expect(acs.messages({ to })).toHaveLength(1);
    expect(acs.messages({ to: phone })).toMatchObject([{ kind: 'sms', text: 'Code 1' }]);
  });

  it('when a request is signed with the access key, then it is refused as ACS refuses it with local auth disabled', async () => {
    const error = await new EmailClient(acs.connectionString)
      .beginSend(email('hmac@example.test'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      statusCode: 401,
      code: 'Denied',
      message: expect.stringMatching(/local .*disabled/),
    });
    const sms = await new SmsClient(acs.connectionString, { retryOptions: { maxRetries: 0 } })
      .send({ from: '+33700000001', to: ['+33612345678'], message: 'x' })
      .catch((e: unknown) => e);
    expect(sms).toMatchObject({ statusCode: 401 });
    expect(acs.messages({ to: 'hmac@example.test' })).toEqual([]);
  });

  it('when no token is sent, then it is refused', async () => {
    expect(await rawSend(undefined)).toMatchObject(denied(/no Authorization header/));
  });

  it('when the token has expired, then it is refused', async () => {
    entraClockOffsetMs = -25 * 3600_000;
    const expired = await tokenFor(APP.clientId).finally(() => {
      entraClockOffsetMs = 0;
    });
    expect(await rawSend(`Bearer ${expired}`)).toMatchObject(denied(/expired/));
  });

  it('when the token is for another resource (storage), then it is refused', async () => {
    const storage = await tokenFor(APP.clientId, 'https://storage.azure.com/');
    expect(await rawSend(`Bearer ${storage}`)).toMatchObject(denied(/aud/));
  });

  it('when the token is signed by a key Entra does not publish, then it is refused', async () => {
    const forged = await generateKeyPair('RS256');
    const claims = decodeJwt(await tokenFor(APP.clientId));
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: randomBytes(20).toString('base64url') })
      .sign(forged.privateKey);
    expect(await rawSend(`Bearer ${token}`)).toMatchObject(denied(/does not publish/));
  });

  it('when the principal holds no role on the ACS resource, then it is refused', async () => {
    expect(await rawSend(`Bearer ${await tokenFor(OTHER.clientId)}`)).toMatchObject(denied(/holds no role/));
  });
});

describe('the local managed-identity endpoint (App Service protocol, api-version 2019-08-01)', () => {
  const query = () => ({ resource: 'https://communication.azure.com/', client_id: APP.clientId });

  it('when the X-IDENTITY-HEADER is missing or wrong, then no token is given', async () => {
    for (const header of [null, newIdentityHeader(), `${HEADER}x`]) {
      const response = await askEndpoint(query(), header);
      expect(response.status).toBe(401);
      expect(await response.json()).not.toHaveProperty('access_token');
    }
  });

  it('when the client id names no identity of the tenant, then no token is given (and the SDK fails)', async () => {
    const response = await askEndpoint({ ...query(), client_id: randomUUID() });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'Unable to load the proper Managed Identity.' });
    const unknown = new ManagedIdentityCredential({ clientId: randomUUID() });
    await expect(unknown.getToken('https://communication.azure.com//.default')).rejects.toThrow(
      /Unable to load the proper Managed Identity/,
    );
  });
});
