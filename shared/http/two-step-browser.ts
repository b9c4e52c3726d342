/** What the two-step pages share at the edge: their dependencies, and a locked code step's 429 with Retry-After. */
import type { HttpResponseInit } from '@azure/functions';
import type { TwoStepDeps } from '../domain/use-cases/two-step.js';
import type { BrowserDeps } from './browser.js';

export type TwoStepPageDeps = BrowserDeps & { twoStep: TwoStepDeps };

/** A 429 page carries Retry-After, as the API's 429 does. */
export const lockedPage = (response: HttpResponseInit, retryAfterSeconds: number): HttpResponseInit => ({
  ...response,
  headers: { ...(response.headers as Record<string, string>), 'Retry-After': String(retryAfterSeconds) },
});
