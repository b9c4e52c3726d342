/**
 * Signing in to the console over HTTP, as the console's integration tests do: a page asked for without a session,
 * the local Entra ID's workforce sign-in, and the callback's session.
 */
import { expect } from 'vitest';
import { type Credentials, throughEntra, Visitor } from './onboarding-http.js';
import { api } from './stack.js';

/** A workforce user of `.dev/stack.json` as the sign-in page's credentials. */
export const asProfessional = (user: { username: string; password: string }): Credentials => ({
  email: user.username,
  password: user.password,
});

/** A visitor signed in to the console as `user`, having asked for `page` first (the callback sends back there). */
export async function consoleVisitor(user: { username: string; password: string }, page: string): Promise<Visitor> {
  const visitor = new Visitor();
  const asked = await visitor.get(api(page));
  expect(asked.status).toBe(303);
  const started = await visitor.get(asked.location!);
  const callback = await visitor.get(await throughEntra(visitor, started.location!, asProfessional(user)));
  expect(callback.status, callback.body.slice(0, 300)).toBe(303);
  return visitor;
}
