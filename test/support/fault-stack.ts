/**
 * A dedicated local stack for fault tests, which kill and restart its Functions host: its own Azurite, Entra,
 * ACS and host on free ports (never the shared stack of the global setup), with helpers bound to it — professional
 * tokens through MSAL, the invitation API, the mailbox, ACS failure injection and the `outbox-poison` queue.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { QueueClient } from '@azure/storage-queue';
import { type RunningStack, startStack } from '../../dev/stack.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface FaultMail {
  id: string;
  to: string;
  subject?: string;
  text: string;
  sentAt: string;
}

export interface InvitationAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface FaultStack {
  stack: RunningStack;
  api(pathname: string): string;
  token(): Promise<string>;
  call(method: string, pathname: string, body?: unknown): Promise<InvitationAnswer>;
  mailbox(to: string): Promise<FaultMail[]>;
  /** The next `count` email sends answer `status` (the local ACS's control endpoint). */
  failNextSends(rule: { count: number; status: 429 | 500 | 503; retryAfterSeconds?: number }): Promise<void>;
  /** ACS recovers: pending injected failures are forgotten. */
  recover(): Promise<void>;
  pendingFailures(): Promise<unknown[]>;
  /** Messages in `outbox-poison`, decoded (base64 JSON). */
  poison(): Promise<Array<Record<string, unknown>>>;
  stop(): Promise<void>;
}

export async function startFaultStack(name: string): Promise<FaultStack> {
  const dataDir = path.join(root, '.dev', name);
  await mkdir(dataDir, { recursive: true });
  const log = createWriteStream(path.join(dataDir, 'stack.log'), { flags: 'w' });
  const stack = await startStack({
    root,
    dataDir,
    certificatesDir: path.join(root, '.dev'),
    ports: { functions: 0, entra: 0, acs: 0, blob: 0, queue: 0, table: 0 },
    persistent: false,
    output: (part, line) => log.write(`[${part}] ${line}\n`),
    functionSettings: {
      LOG_LEVEL: 'debug',
      EMAIL_RETRY_BASE_SECONDS: '1',
      EMAIL_QUOTA_PER_MINUTE: '6000',
      EMAIL_QUOTA_PER_HOUR: '360000',
    },
  });
  const { info } = stack;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: info.entra.workforce.professionalClient.clientId,
      clientSecret: info.entra.workforce.professionalClient.clientSecret,
      authority: info.entra.workforce.authority,
      knownAuthorities: [new URL(info.entra.url).host],
    },
  });
  const api = (pathname: string) => `${info.functions.baseUrl}${pathname.startsWith('/') ? pathname : `/${pathname}`}`;
  const token = async () => {
    const result = await app.acquireTokenByClientCredential({
      scopes: [`${info.entra.workforce.apiAudience}/.default`],
    });
    if (!result?.accessToken) throw new Error('no professional token');
    return result.accessToken;
  };
  const control = (method: string, body?: unknown) =>
    fetch(`${info.acs.controlUrl}/failures`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  const poisonQueue = new QueueClient(info.storage.connectionString, 'outbox-poison');

  return {
    stack,
    api,
    token,
    async call(method, pathname, body) {
      const response = await fetch(api(pathname), {
        method,
        headers: {
          authorization: `Bearer ${await token()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
    },
    async mailbox(to) {
      const url = new URL(info.mailbox.messagesUrl);
      url.searchParams.set('to', to);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`mailbox answered ${response.status}`);
      return (await response.json()) as FaultMail[];
    },
    async failNextSends(rule) {
      const response = await control('POST', { ...rule, kind: 'email' });
      if (response.status !== 204) throw new Error(`ACS control answered ${response.status}`);
    },
    async recover() {
      const response = await control('DELETE');
      if (response.status !== 204) throw new Error(`ACS control answered ${response.status}`);
    },
    async pendingFailures() {
      return (await (await control('GET')).json()) as unknown[];
    },
    async poison() {
      await poisonQueue.createIfNotExists();
      const { peekedMessageItems } = await poisonQueue.peekMessages({ numberOfMessages: 32 });
      return peekedMessageItems.map(
        (m) => JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8')) as Record<string, unknown>,
      );
    },
    async stop() {
      await stack.stop();
      log.end();
    },
  };
}
