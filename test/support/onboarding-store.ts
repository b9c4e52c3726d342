/**
 * What the onboarding integration tests read and call in this process, on the integration stack's own storage and
 * keys: production dependencies built from its settings (as its host builds them), the `ClientAccounts` rows and
 * invitation events a flow left behind, and the sign-in callback called directly with a sealed `__Host-signin`
 * cookie and a sign-in port of the test's choosing (a fake that redeems to a given person, or a real one).
 */
import { randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import azf, { type Cookie, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { inject } from 'vitest';
import { acceptCallbackHandler } from '../../functions/handlers/accept-invitation-callback.js';
import { parseSettings } from '../../shared/config.js';
import { buildDeps, type Deps } from '../../shared/deps.js';
import type { ProviderAccess, VerifiedIdentity } from '../../shared/domain/client.js';
import type { ClientDirectory, ClientSignIn, SignInAttempt } from '../../shared/domain/ports.js';
import type { OnboardingDeps } from '../../shared/domain/use-cases/accept-invitation.js';
import type { BrowserDeps } from '../../shared/http/browser.js';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from '../../shared/http/sealed-cookies.js';
import { type SignInTransaction, transactionCookie } from '../../shared/http/session.js';
import { createLogger, type Logger } from '../../shared/log.js';
import { stack } from './stack.js';

let deps: Deps | undefined;

/** Production dependencies on the integration stack's settings (its storage, its keys, its Entra). */
export function stackDeps(): Deps {
  deps ??= buildDeps(parseSettings(inject('stackSettings')));
  return deps;
}

export interface ClientRow {
  partitionKey: string;
  rowKey: string;
  Data: string;
  [column: string]: unknown;
}

/** Rows of `ClientAccounts` in one person's partition (`tid|oid`), or whose data mention a text. */
export async function clientRows(match: { partitionKey?: string; mentioning?: string }): Promise<ClientRow[]> {
  const table = await stackDeps().tableFor('ClientAccounts');
  const rows: ClientRow[] = [];
  const filter = match.partitionKey ? { queryOptions: { filter: odata`PartitionKey eq ${match.partitionKey}` } } : {};
  for await (const row of table.listEntities<ClientRow>(filter)) {
    if (!match.mentioning || JSON.stringify(row).includes(match.mentioning)) rows.push(row);
  }
  return rows;
}

/** Rewrites one provider record's access status in `ClientAccounts` (blocked, merged…), as ops tooling would. */
export async function setAccess(partition: string, providerId: string, access: ProviderAccess): Promise<void> {
  const table = await stackDeps().tableFor('ClientAccounts');
  const row = await table.getEntity<{ Data: string }>(partition, `provider|${providerId}`);
  const record = JSON.parse(row.Data) as Record<string, unknown>;
  await table.updateEntity(
    {
      partitionKey: partition,
      rowKey: `provider|${providerId}`,
      Data: JSON.stringify({ ...record, access }),
      AccessStatus: access.status,
    },
    'Merge',
  );
}

/** The events of an invitation's timeline, in time order. */
export async function eventsOf(invitationId: string): Promise<string[]> {
  return (await stackDeps().onboarding.invitations.timeline(invitationId)).map((e) => e.event);
}

/** The invitation as stored (its `status` field, not the effective one). */
export async function storedInvitation(invitationId: string) {
  const found = await stackDeps().onboarding.invitations.get(invitationId);
  if (!found) throw new Error(`no invitation ${invitationId}`);
  return found.value;
}

/** A person of the stack's client tenant, as a verified ID token would name them. */
export function personOf(email: string, objectId: string = randomUUID()): VerifiedIdentity {
  return { tenantId: stack().entra.external.tenantId, objectId, email, name: 'Willy Urs' };
}

/** A sign-in port whose every redemption proves `identity` (the code and state are checked like the real one). */
export function fakeSignIn(identity: VerifiedIdentity): ClientSignIn & { redeemed: string[] } {
  const redeemed: string[] = [];
  const real = stackDeps().onboarding.signIn;
  return {
    redeemed,
    newAttempt: () => real.newAttempt(),
    sameState: (a, b) => real.sameState(a, b),
    authorizeUrl: async () => 'https://entra.invalid/authorize',
    signOutUrl: (request) => real.signOutUrl(request),
    async redeem({ code }) {
      redeemed.push(code);
      return { ...identity };
    },
  };
}

/**
 * The stack's directory (Graph), in which `people` — signed in through `fakeSignIn`, never created in the local
 * Entra — hold their address as their email sign-in identity, as an account signed up with a code does. Anyone else
 * is read from the local Graph.
 */
export function directoryProving(...people: VerifiedIdentity[]): ClientDirectory {
  const real = stackDeps().onboarding.directory;
  return {
    ...real,
    hasAccount: (email) => real.hasAccount(email),
    async account(objectId) {
      const email = people.find((p) => p.objectId === objectId)?.email;
      if (!email) return real.account(objectId);
      return {
        objectId,
        mail: email,
        identities: [{ signInType: 'emailAddress', issuer: 'clients.example', issuerAssignedId: email }],
      };
    },
  };
}

/** The stack's onboarding dependencies with `person` signing in: `fakeSignIn` and a directory that proves them. */
export function onboardingAs(person: VerifiedIdentity) {
  return { ...stackDeps().onboarding, signIn: fakeSignIn(person), directory: directoryProving(person) };
}

/** The callback's dependencies as its registration builds them, with some onboarding ports replaced. */
export function browserDepsWith(overrides: Partial<OnboardingDeps> = {}): BrowserDeps & Pick<Deps, 'twoStep'> {
  const d = stackDeps();
  return {
    publicBaseUrl: d.settings.PUBLIC_BASE_URL,
    onboarding: { ...d.onboarding, ...overrides },
    sessions: d.sessions,
    twoStep: d.twoStep,
  };
}

export const silentLog: Logger = createLogger(() => undefined, {}, 'error');

export const invocation = () =>
  new azf.InvocationContext({
    invocationId: randomUUID(),
    functionName: 'AcceptInvitationCallback',
    logHandler: () => {},
  });

export async function sealTransaction(transaction: SignInTransaction): Promise<string> {
  return (await transactionCookie(stackDeps().sessions, transaction)).value;
}

/** `GET /api/AcceptInvitation/callback?…` as Entra's redirect brings it, with the browser's cookie (if any). */
export function callbackRequest(query: Record<string, string>, signInCookie?: string): HttpRequest {
  const url = new URL(`${stackDeps().settings.PUBLIC_BASE_URL}/api/AcceptInvitation/callback`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return new azf.HttpRequest({
    method: 'GET',
    url: url.toString(),
    headers: signInCookie ? { cookie: `${SIGN_IN_COOKIE}=${signInCookie}` } : {},
  });
}

export const cookiesOf = (response: HttpResponseInit): Cookie[] => response.cookies ?? [];

/** The value of the session cookie a response starts (undefined when it starts none). */
export function sessionStarted(response: HttpResponseInit): string | undefined {
  const cookie = cookiesOf(response).find((c) => c.name === SESSION_COOKIE);
  return cookie?.value && cookie.maxAge !== 0 ? cookie.value : undefined;
}

export const bodyOf = (response: HttpResponseInit) => String(response.body ?? '');

/**
 * Reaches the callback for an invitation the way a browser does after Entra (a sealed sign-in cookie for an attempt
 * and the matching `state`), with a sign-in port that proves `identity`, and a directory in which its account holds
 * its address as an email sign-in identity (`directoryProving`), unless the test gives its own.
 */
export async function callbackAs(
  invitationId: string,
  identity: VerifiedIdentity,
  options: { locale?: 'fr' | 'en'; signIn?: ClientSignIn; attempt?: SignInAttempt; directory?: ClientDirectory } = {},
) {
  const signIn = options.signIn ?? fakeSignIn(identity);
  const attempt = options.attempt ?? signIn.newAttempt();
  const cookie = await sealTransaction({ purpose: 'accept', attempt, invitationId, locale: options.locale ?? 'en' });
  const response = await acceptCallbackHandler(
    callbackRequest({ code: `code-${randomUUID()}`, state: attempt.state }, cookie),
    invocation(),
    browserDepsWith({ signIn, directory: options.directory ?? directoryProving(identity) }),
    silentLog,
  );
  return { response, session: sessionStarted(response), signIn };
}
