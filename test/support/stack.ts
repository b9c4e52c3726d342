/**
 * What integration and e2e tests use to reach the local stack started by the global setup: its addresses,
 * tokens from the local Entra through MSAL, and the mailbox.
 */
import { ManagedIdentityCredential } from '@azure/identity';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { inject } from 'vitest';
import { readClientCertificate } from '../../shared/client-certificate.js';

export const stack = () => inject('stack');

/**
 * Makes this test process the app's process on a stack, for tests that run the app's code here
 * (`buildDeps(parseSettings(<the stack's settings>))`): the platform's managed-identity endpoint in
 * `IDENTITY_ENDPOINT` / `IDENTITY_HEADER`, as the stack gives the Functions host. Once per process, for one stack:
 * `@azure/msal-node` keeps the first managed-identity source it finds for the whole process.
 */
export function actAsTheAppOn(managedIdentity: { endpoint: string; header: string } = inject('managedIdentity')): void {
  process.env.IDENTITY_ENDPOINT = managedIdentity.endpoint;
  process.env.IDENTITY_HEADER = managedIdentity.header;
}

/** The app's own credential in this test process: `ManagedIdentityCredential` with the app identity's client id. */
export function managedIdentityCredential(): ManagedIdentityCredential {
  actAsTheAppOn();
  return new ManagedIdentityCredential({ clientId: inject('managedIdentity').clientId });
}

export function api(path: string): string {
  return `${stack().functions.baseUrl}${path.startsWith('/') ? path : `/${path}`}`;
}

const knownAuthorities = () => [new URL(stack().entra.url).host];

/** The field-service app of the workforce tenant (client credentials: roles Invitations.Send, Clients.Manage). */
export function professionalApp(): ConfidentialClientApplication {
  const { workforce } = stack().entra;
  return new ConfidentialClientApplication({
    auth: {
      clientId: workforce.professionalClient.clientId,
      clientSecret: workforce.professionalClient.clientSecret,
      authority: workforce.authority,
      knownAuthorities: knownAuthorities(),
    },
  });
}

/** The client-facing app of the external tenant, as the service is configured with it (sign-in, Graph User.Read.All). */
export function clientTenantApp(): ConfidentialClientApplication {
  const { external } = stack().entra;
  const settings = inject('stackSettings');
  return new ConfidentialClientApplication({
    auth: {
      clientId: settings.CLIENT_APP_ID!,
      // Its certificate, as the service reads it (the registration has no secret: one is refused).
      clientCertificate: readClientCertificate(settings.CLIENT_APP_CERTIFICATE!),
      authority: external.authority,
      knownAuthorities: knownAuthorities(),
    },
  });
}

/** stack.json's `graphClient`: the external tenant's admin app, which may create and manage accounts. */
export function graphAdminApp(): ConfidentialClientApplication {
  const { external } = stack().entra;
  return new ConfidentialClientApplication({
    auth: {
      clientId: external.graphClient.clientId,
      clientSecret: external.graphClient.clientSecret,
      authority: external.authority,
      knownAuthorities: knownAuthorities(),
    },
  });
}

/** A Graph token of the admin app (`graphClient`), for tests that create accounts. */
export async function graphToken(): Promise<string> {
  const result = await graphAdminApp().acquireTokenByClientCredential({
    scopes: ['https://graph.microsoft.com/.default'],
  });
  if (!result?.accessToken) throw new Error('no Graph token');
  return result.accessToken;
}

export interface MailboxMessage {
  id: string;
  kind: 'email' | 'sms';
  to: string;
  from: string;
  subject?: string;
  text: string;
  html?: string;
  sentAt: string;
}

export async function mailbox(to?: string): Promise<MailboxMessage[]> {
  const url = new URL(stack().mailbox.messagesUrl);
  if (to) url.searchParams.set('to', to);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
  return (await response.json()) as MailboxMessage[];
}

/** Waits until the mailbox holds a message for this address (bounded). */
export async function waitForMessage(
  to: string,
  predicate: (m: MailboxMessage) => boolean = () => true,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await mailbox(to)).find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no message for ${to} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Makes the local ACS fail the next `count` sends (fault tests). */
export async function failNextSends(rule: {
  count: number;
  status: 429 | 500 | 503;
  retryAfterSeconds?: number;
  kind?: 'email' | 'sms' | 'any';
  /** Only sends to this recipient fail (files run side by side on one stack). */
  to?: string;
}) {
  const response = await fetch(`${stack().acs.controlUrl}/failures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rule),
  });
  if (response.status !== 204) throw new Error(`ACS control answered ${response.status}`);
}

export const uniqueEmail = (label: string) =>
  `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
