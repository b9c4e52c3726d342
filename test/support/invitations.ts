/**
 * What the invitation integration and e2e tests share: tokens of every kind from the local Entra (through MSAL),
 * calls to the invitation API, links read from the mailbox, invitations written in the past through the production
 * adapters (to get expired ones), and the check that no secret a test saw ever reached the stack's log.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { expect, inject } from 'vitest';
import { parseSettings } from '../../shared/config.js';
import { buildDeps } from '../../shared/deps.js';
import { DomainError } from '../../shared/domain/errors.js';
import { resend } from '../../shared/domain/invitation.js';
import type { ActingProfessional } from '../../shared/domain/provider.js';
import type { InvitationDeps } from '../../shared/domain/use-cases/invitation-deps.js';
import { inviteUser } from '../../shared/domain/use-cases/invite-user.js';
import { api, clientTenantApp, type MailboxMessage, mailbox, professionalApp, stack } from './stack.js';

export type TokenKind =
  /** The dev professional (delegated, password grant): a person with a name, both roles, acting for GFMS. */
  | 'user'
  /** The field-service app (client credentials): both roles, acting for GFMS. */
  | 'app'
  /** Agence Horizon's back office: both roles, acting for another provider. */
  | 'other-provider'
  /** A professional of Agence Horizon (delegated, password grant). */
  | 'other-provider-user'
  /** A workforce app without any role on the API. */
  | 'no-role'
  /** The field-service app's token for Microsoft Graph: right tenant, wrong audience. */
  | 'graph-audience'
  /** The client (external) tenant's app: another tenant. */
  | 'external-tenant'
  /** The dev professional's ID token: right tenant and signature, but not an access token for the API. */
  | 'id-token';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const apiScope = () => `${stack().entra.workforce.apiAudience}/.default`;

function workforceApp(client: { clientId: string; clientSecret: string }): ConfidentialClientApplication {
  const { workforce } = stack().entra;
  return new ConfidentialClientApplication({
    auth: {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authority: workforce.authority,
      knownAuthorities: [new URL(stack().entra.url).host],
    },
  });
}

async function acquire(kind: TokenKind): Promise<string> {
  const { workforce } = stack().entra;
  const result = await (() => {
    switch (kind) {
      case 'user':
        return professionalApp().acquireTokenByUsernamePassword({
          scopes: [apiScope()],
          username: workforce.professionalUser.username,
          password: workforce.professionalUser.password,
        });
      case 'app':
        return professionalApp().acquireTokenByClientCredential({ scopes: [apiScope()] });
      case 'other-provider':
        return workforceApp(workforce.otherProviderClient).acquireTokenByClientCredential({ scopes: [apiScope()] });
      case 'other-provider-user':
        return professionalApp().acquireTokenByUsernamePassword({
          scopes: [apiScope()],
          username: workforce.otherProviderUser.username,
          password: workforce.otherProviderUser.password,
        });
      case 'no-role':
        return workforceApp(workforce.noRoleClient).acquireTokenByClientCredential({ scopes: [apiScope()] });
      case 'graph-audience':
        return professionalApp().acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
      case 'external-tenant':
        return clientTenantApp().acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
      case 'id-token':
        return professionalApp()
          .acquireTokenByUsernamePassword({
            scopes: [apiScope()],
            username: workforce.professionalUser.username,
            password: workforce.professionalUser.password,
          })
          .then((r) => r && { ...r, accessToken: r.idToken });
    }
  })();
  if (!result?.accessToken) throw new Error(`the local Entra gave no ${kind} token`);
  seen.tokens.add(result.accessToken);
  return result.accessToken;
}

const cachedTokens = new Map<TokenKind, Promise<string>>();

/** A bearer token of that kind (one per test file and kind). */
export function token(kind: TokenKind = 'user'): Promise<string> {
  let cached = cachedTokens.get(kind);
  if (!cached) {
    cached = acquire(kind);
    cachedTokens.set(kind, cached);
  }
  return cached;
}

/** The user token with one character of its signature changed. */
export async function tamperedToken(): Promise<string> {
  const [header, payload, signature] = (await token('user')).split('.') as [string, string, string];
  const i = Math.floor(signature.length / 2);
  return `${header}.${payload}.${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  body: T;
}

export interface CallOptions {
  /** A token kind, a raw token, or null for no Authorization header. */
  as?: TokenKind | { raw: string } | null;
  /** A JSON body (serialized), or a string or bytes sent as is. */
  body?: unknown;
  contentType?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

/** Calls the API as a professional (the dev professional unless `as` says otherwise). */
export async function call<T = Record<string, unknown>>(
  method: string,
  route: string,
  options: CallOptions = {},
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const as = options.as === undefined ? 'user' : options.as;
  if (as !== null) headers.authorization = `Bearer ${typeof as === 'string' ? await token(as) : as.raw}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (options.body !== undefined) {
    if (options.body instanceof Uint8Array) body = new Uint8Array(options.body);
    else body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  } else if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(api(route), { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  remember(text);
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

/** The invitation as the API shows it (the fields the tests read). */
export interface InvitationJson {
  id: string;
  status: string;
  email: string;
  firstName: string;
  lastName: string;
  locale: string;
  invitedBy: { name: string; oid: string };
  createdAt: string;
  expiresAt: string;
  openedAt?: string;
  revokedAt?: string;
  delivery: { status: string; attempts: number; lastError?: string; sentAt?: string };
  acceptUrl?: string;
  timeline?: Array<{ at: string; event: string; detail?: string }>;
  [field: string]: unknown;
}

export interface ProblemJson {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  invitationId?: string;
  errors?: Array<{ pointer: string; detail: string }>;
}

/** The smallest valid invitation for an address. */
export const invitationFor = (email: string, extra: Record<string, unknown> = {}) => ({
  email,
  firstName: 'Willy',
  lastName: 'Urs',
  ...extra,
});

export function invite(body: unknown, options: Omit<CallOptions, 'body'> = {}) {
  return call<InvitationJson & ProblemJson>('POST', '/InviteUser', { ...options, body });
}

export const getInvitation = (id: string, as?: CallOptions['as']) =>
  call<InvitationJson & ProblemJson>('GET', `/invitations/${id}`, as === undefined ? {} : { as });

/** Polls GET /api/invitations/{id} until the predicate holds (bounded). */
export async function waitForInvitation(
  id: string,
  predicate: (invitation: InvitationJson) => boolean,
  timeoutMs = 10_000,
): Promise<InvitationJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await getInvitation(id);
    if (answer.status === 200 && predicate(answer.body)) return answer.body;
    if (Date.now() > deadline) throw new Error(`invitation ${id} never matched: ${answer.text}`);
    await sleep(100);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LINK = /https?:\/\/[^\s"'<>]+\/api\/InviteUser\?invitationId=[0-9a-f-]{36}&(?:amp;)?key=[A-Za-z0-9_-]{43}/g;

/** The invitation links of a message (text and HTML parts); each one is remembered as a secret. */
export function linksIn(message: Pick<MailboxMessage, 'text' | 'html'>): string[] {
  const found = new Set<string>();
  for (const part of [message.text, message.html ?? '']) {
    for (const match of part.matchAll(LINK)) found.add(match[0].replace(/&amp;/g, '&'));
  }
  for (const link of found) rememberLink(link);
  return [...found];
}

/** The one invitation link of a message: its text and HTML parts must agree. */
export function linkIn(message: Pick<MailboxMessage, 'text' | 'html'>): string {
  const links = linksIn(message);
  expect(links, message.text).toHaveLength(1);
  return links[0]!;
}

export function keyOf(link: string): string {
  const key = new URL(link).searchParams.get('key');
  if (!key) throw new Error(`no key in ${link}`);
  return key;
}

/** A link to the same invitation with another (well-formed) key. */
export function withKey(link: string, key: string): string {
  const url = new URL(link);
  url.searchParams.set('key', key);
  return url.toString();
}

export const randomKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');

/** Waits for `count` messages to the address, then checks that no other arrives within `quietMs`. */
export async function expectMessageCount(to: string, count: number, quietMs = 2_500): Promise<MailboxMessage[]> {
  const deadline = Date.now() + 15_000;
  let messages = await mailbox(to);
  while (messages.length < count && Date.now() < deadline) {
    await sleep(100);
    messages = await mailbox(to);
  }
  expect(messages.length, `messages to ${to} before the quiet period`).toBe(count);
  await sleep(quietMs);
  messages = await mailbox(to);
  expect(messages.length, `messages to ${to} after ${quietMs} ms`).toBe(count);
  for (const message of messages) linksIn(message);
  return messages;
}

/** Fetches a page of the invitation link (GET unless told), as a browser would. */
export async function openPage(
  url: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; html: string }> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

/** Posts a form of the invitation pages (same origin unless headers say otherwise). */
export function postForm(route: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return openPage(api(route), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(stack().functions.baseUrl).origin,
      'sec-fetch-site': 'same-origin',
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The form fields of a link (what the landing and expired pages carry in hidden inputs). */
export function linkFields(link: string, lang?: string): Record<string, string> {
  const url = new URL(link);
  return {
    invitationId: url.searchParams.get('invitationId')!,
    key: url.searchParams.get('key')!,
    ...(lang ? { lang } : {}),
  };
}

/** The page's `<h1>` text (entities of the catalogs decoded). */
export function heading(html: string): string {
  return decodeEntities((/<h1>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, ''));
}

/** The text with its HTML character references decoded (tags kept). */
export function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The visible text of a page, entities decoded and whitespace collapsed. */
export function pageText(html: string): string {
  return decodeEntities(html.replace(/<style>[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

// --- Invitations written in the past, through the production adapters -------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;

/** A professional of GFMS as the use cases see one (no token involved). */
export const gfmsProfessional: ActingProfessional = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  oid: '00000000-0000-4000-8000-0000000000aa',
  appId: '00000000-0000-4000-8000-0000000000bb',
  name: 'Camille Passé',
  kind: 'user',
  roles: ['Invitations.Send'],
  providerId: 'gfms',
};

/** The service's invitation ports (as `buildDeps` wires them) with the clock set `daysAgo` days back. */
export function depsAt(daysAgo: number): InvitationDeps {
  const deps = buildDeps(parseSettings(inject('stackSettings'))).invitations;
  const at = new Date(Date.now() - daysAgo * DAY_MS);
  return { ...deps, clock: { now: () => at } };
}

/**
 * An invitation created 10 days ago that lasted 1 day: expired for 9 days. No email is sent (the link is returned
 * as the service would with `sendEmail: false`).
 */
export async function expiredInvitation(email: string, extra: { locale?: 'fr' | 'en' } = {}) {
  const deps = depsAt(10);
  const { invitation, key } = await inviteUser(deps, gfmsProfessional, {
    email,
    firstName: 'Eve',
    lastName: 'Passée',
    locale: extra.locale ?? 'fr',
    expiresInDays: 1,
    sendEmail: false,
  });
  const link = deps.links.acceptInvitation(invitation.id, key);
  rememberLink(link);
  return { invitation, key, link };
}

/** Rotates the key of an invitation with the clock 10 days back, so the new link is expired too (no email). */
export async function expireAgain(invitationId: string): Promise<string> {
  const deps = depsAt(10);
  // The dispatcher records the last email's delivery on the invitation meanwhile (sent, then its report): an ETag
  // conflict means "read again", as any writer of the invitation does.
  for (let attempt = 1; ; attempt++) {
    const current = await deps.invitations.get(invitationId);
    if (!current) throw new Error(`no invitation ${invitationId}`);
    const { key, hash } = deps.keys.issue();
    const next = resend(current.value, { now: deps.clock.now(), keyHash: hash, expiresInDays: 1 });
    try {
      await deps.invitations.update(current, next, {});
    } catch (error) {
      if (attempt < 5 && error instanceof DomainError && error.code === 'concurrent-update') continue;
      throw error;
    }
    const link = deps.links.acceptInvitation(invitationId, key);
    rememberLink(link);
    return link;
  }
}

// --- Secrets seen by this test file, and the log ---------------------------------------------------------------

const seen = { keys: new Set<string>(), tokens: new Set<string>(), invitationIds: new Set<string>() };

function rememberLink(link: string): void {
  const url = new URL(link);
  const key = url.searchParams.get('key');
  const id = url.searchParams.get('invitationId');
  if (key) seen.keys.add(key);
  if (id) seen.invitationIds.add(id);
}

/** Remembers the links (`acceptUrl`) of an API answer. */
function remember(text: string): void {
  for (const match of text.matchAll(LINK)) rememberLink(match[0]);
}

export const secretsSeen = () => ({
  keys: [...seen.keys],
  tokens: [...seen.tokens],
  invitationIds: [...seen.invitationIds],
});

/**
 * Reads the stack log of the project and checks that none of the keys and tokens this file saw is in it. The log
 * must name at least one invitation this file saw, so an empty or wrong log cannot pass.
 */
export async function expectNoSecretInLog(project: 'integration' | 'e2e'): Promise<void> {
  await sleep(300); // lines of the last requests are piped through the host's stdout
  const file = path.resolve(import.meta.dirname, '../..', '.dev', `test-${project}`, 'stack.log');
  const log = await readFile(file, 'utf8');
  const { keys, tokens, invitationIds } = secretsSeen();
  expect(keys.length, 'keys seen by this file').toBeGreaterThan(0);
  expect(
    invitationIds.some((id) => log.includes(id)),
    'the log names an invitation of this file',
  ).toBe(true);
  for (const key of keys) expect(log.includes(key), `key ${key.slice(0, 4)}… in the stack log`).toBe(false);
  for (const t of tokens) {
    const signature = t.split('.')[2]!;
    expect(log.includes(signature), 'a bearer token in the stack log').toBe(false);
  }
  expect(log).not.toMatch(/Bearer\s+ey/);
}

/** GET /api/invitations with a query (as the dev professional unless told). */
export function listInvitations(query: Record<string, string>, as?: CallOptions['as']) {
  return call<{ items: InvitationJson[]; nextCursor: string | null }>(
    'GET',
    `/invitations?${new URLSearchParams(query).toString()}`,
    as === undefined ? {} : { as },
  );
}

/**
 * Checks a timeline holds exactly these events, in time order. Events written at the same instant (an invitation
 * and its `email.queued`) are compared in the expected order: today the store returns such ties in random order
 * (the row key of an event is its time plus a random suffix).
 */
export function expectTimeline(timeline: InvitationJson['timeline'], expected: string[]): void {
  const events = timeline ?? [];
  const times = events.map((e) => Date.parse(e.at));
  expect(times, 'timeline times').toEqual([...times].sort((a, b) => a - b));
  const rank = (event: string) => expected.indexOf(event);
  const ordered = [...events].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || rank(a.event) - rank(b.event));
  expect(ordered.map((e) => e.event)).toEqual(expected);
}
