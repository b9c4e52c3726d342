/**
 * Two-step verification's rows and session mark, crafted for the tests of "No access to the app" (the two-step
 * branch's enrollment and code step write them in the product; docs/two-step-help.md): a `two-step` row seeded 'on'
 * with the Table SDK, and the `twoStepPending` claim set on a signed-in visitor's session, re-sealed with the stack's
 * keys (as a sign-in that reached the code step would leave it).
 */
import { SESSION_COOKIE } from '../../shared/http/sealed-cookies.js';
import { updatedSessionCookie } from '../../shared/http/session.js';
import type { Visitor } from './onboarding-http.js';
import { stackDeps } from './onboarding-store.js';

/** Two-step verification on, as enrollment leaves it once confirmed (Secret and Data are the two-step branch's). */
export async function seedTwoStepOn(accountKey: string): Promise<void> {
  const table = await stackDeps().tableFor('ClientAccounts');
  await table.upsertEntity(
    { partitionKey: accountKey, rowKey: 'two-step', Status: 'on', Secret: 'sealed-test-secret', Data: '{"test":true}' },
    'Replace',
  );
}

/** The account's `two-step` and `two-step-changed` rows, as stored. */
export async function twoStepRows(accountKey: string) {
  const table = await stackDeps().tableFor('ClientAccounts');
  const get = async (rowKey: string) => {
    try {
      return await table.getEntity<Record<string, unknown>>(accountKey, rowKey);
    } catch {
      return undefined;
    }
  };
  return { twoStep: await get('two-step'), changed: await get('two-step-changed') };
}

/** The account key (`tid|oid`) a provider's client file is linked to. */
export async function accountKeyOf(providerId: string, clientId: string): Promise<string> {
  const table = await stackDeps().tableFor('ProviderIndex');
  const row = await table.getEntity<{ Data: string }>(providerId, `file|${clientId}`);
  const key = (JSON.parse(row.Data) as { accountKey?: string }).accountKey;
  if (!key) throw new Error(`client ${clientId} has no account`);
  return key;
}

/** A sealed session cookie's value, marked as at the two-step code step (`twoStepPending`), same id and expiry. */
export async function pendingSessionValue(sealed: string | undefined): Promise<string> {
  const sessions = stackDeps().sessions;
  const opened = await sessions.session.open(sealed);
  if (!opened) throw new Error('no session to mark');
  const { exp, ...claims } = opened;
  return (await updatedSessionCookie(sessions, { ...claims, twoStepPending: true }, exp)).value;
}

/** Marks the visitor's session as at the two-step code step. */
export async function markTwoStepPending(visitor: Visitor): Promise<void> {
  visitor.setCookie(SESSION_COOKIE, await pendingSessionValue(visitor.cookie(SESSION_COOKIE)));
}
