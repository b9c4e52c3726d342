/**
 * What developer tools (`npm run invite`, `npm run bench`) need to talk to a running local stack: its
 * `stack.json`, plain HTTP(S) calls that trust the dev CA without touching NODE_EXTRA_CA_CERTS (a custom MSAL
 * network client does the same for tokens), and the dev professional's token through MSAL's password grant.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import type { StackInfo } from '../dev/stack.js';

export type { StackInfo };

/** stack.json is missing: the local stack has not been started (or was started elsewhere). */
export class StackFileMissingError extends Error {
  constructor(readonly file: string) {
    super(`Start the local stack first: npm start (${file} not found)`);
    this.name = 'StackFileMissingError';
  }
}

/** A call could not reach a part of the stack at all (connection refused, reset, timed out). */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`${new URL(url).origin} does not answer (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'UnreachableError';
  }
}

export interface LocalStack {
  info: StackInfo;
  /** The dev CA (PEM) the local Entra ID and ACS certificates are signed with. */
  ca: string;
}

/** Reads stack.json and the dev CA it names (a relative CA path is taken from the current directory). */
export async function readStack(file: string): Promise<LocalStack> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StackFileMissingError(file);
    throw error;
  }
  const info = JSON.parse(text) as StackInfo;
  const caPath = path.resolve(info.entra.caCertPath);
  try {
    return { info, ca: await readFile(caPath, 'utf8') };
  } catch {
    throw new Error(`The dev CA ${caPath} named in ${file} cannot be read: restart the local stack (npm start).`);
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface HttpCall {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM of an extra CA to trust for https (added to Node's roots). */
  ca?: string;
  timeoutMs?: number;
}

/** One HTTP(S) request on its own connection (nothing is left open to keep a CLI alive). */
export function httpRequest(url: string, call: HttpCall = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  const headers: Record<string, string | number> = { ...call.headers };
  if (call.body !== undefined) headers['content-length'] = Buffer.byteLength(call.body);
  const options: https.RequestOptions = {
    method: call.method ?? 'GET',
    headers,
    agent: false,
    ...(secure && call.ca ? { ca: [...tls.rootCertificates, call.ca] } : {}),
  };
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(target, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error) => reject(new UnreachableError(url, error)));
      response.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? 0, headers: flat, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    request.setTimeout(call.timeoutMs ?? 30_000, () => request.destroy(new Error('timed out')));
    request.on('error', (error) => reject(new UnreachableError(url, error)));
    request.end(call.body);
  });
}

/** MSAL's network client, with the dev CA trusted. */
export function devCaNetworkClient(ca: string, onUnreachable?: (error: UnreachableError) => void): INetworkModule {
  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const answer = await httpRequest(url, {
      method,
      ca,
      ...(options?.headers ? { headers: options.headers } : {}),
      ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
      ...(timeout ? { timeoutMs: timeout } : {}),
    }).catch((error: unknown) => {
      if (error instanceof UnreachableError) onUnreachable?.(error);
      throw error;
    });
    return { status: answer.status, headers: answer.headers, body: JSON.parse(answer.text) as T };
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>(url, 'GET', options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(url, 'POST', options),
  };
}

/** The local client tenant's directory admin app (`entra.external.graphClient` of stack.json), trusting the dev CA. */
export function localDirectoryAdminApp({ info, ca }: LocalStack): ConfidentialClientApplication {
  const { external } = info.entra;
  return new ConfidentialClientApplication({
    auth: {
      clientId: external.graphClient.clientId,
      clientSecret: external.graphClient.clientSecret,
      authority: external.authority,
      knownAuthorities: [new URL(external.authority).host],
    },
    system: { networkClient: devCaNetworkClient(ca) },
  });
}

/**
 * A delegated token of the dev professional (password grant of the field-service app), for the API. When the
 * local Entra ID cannot be reached at all, that (not MSAL's wrapping of it) is what is thrown.
 */
export async function devProfessionalToken({ info, ca }: LocalStack): Promise<string> {
  const { workforce } = info.entra;
  let unreachable: UnreachableError | undefined;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: workforce.professionalClient.clientId,
      clientSecret: workforce.professionalClient.clientSecret,
      authority: workforce.authority,
      knownAuthorities: [new URL(workforce.authority).host],
    },
    system: {
      networkClient: devCaNetworkClient(ca, (error) => {
        unreachable = error;
      }),
    },
  });
  const result = await app
    .acquireTokenByUsernamePassword({
      scopes: [`${workforce.apiAudience}/.default`],
      username: workforce.professionalUser.username,
      password: workforce.professionalUser.password,
    })
    .catch((error: unknown) => {
      throw unreachable ?? error;
    });
  if (!result?.accessToken) throw new Error('the local Entra ID gave no token');
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

/** The mailbox JSON for one address, newest first. */
export async function mailboxFor({ info, ca }: LocalStack, to: string): Promise<MailboxMessage[]> {
  const url = new URL(info.mailbox.messagesUrl);
  url.searchParams.set('to', to);
  const answer = await httpRequest(url.toString(), { ca, timeoutMs: 5_000 });
  if (answer.status !== 200) throw new Error(`the mailbox answered ${answer.status}`);
  return JSON.parse(answer.text) as MailboxMessage[];
}

/** The mailbox page listing what was sent to one address. */
export function mailboxPageFor(info: StackInfo, to: string): string {
  const url = new URL(info.mailbox.url);
  url.searchParams.set('to', to);
  return url.toString();
}

/** The page of one message of the mailbox. */
export function messagePage(info: StackInfo, id: string): string {
  return new URL(`messages/${encodeURIComponent(id)}.html`, info.mailbox.url).toString();
}
