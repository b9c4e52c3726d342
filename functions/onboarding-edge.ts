/** What the browser functions of onboarding and sign-in share: their dependencies and how pages are answered. */
import type { Cookie, HttpResponseInit } from '@azure/functions';
import { getDeps } from '../shared/deps.js';
import type { OnboardingDeps } from '../shared/domain/use-cases/accept-invitation.js';
import type { SafeHtml } from '../shared/http/html.js';
import { pageResponse, redirectResponse } from '../shared/http/respond.js';
import type { Sessions } from '../shared/http/session.js';

export interface BrowserDeps {
  publicBaseUrl: string;
  onboarding: OnboardingDeps;
  sessions: Sessions;
}

export function browserDeps(): BrowserDeps {
  const deps = getDeps();
  return { publicBaseUrl: deps.settings.PUBLIC_BASE_URL, onboarding: deps.onboarding, sessions: deps.sessions };
}

export function page(
  status: number,
  body: SafeHtml,
  cookies: Cookie[] = [],
  headers: Record<string, string> = {},
): HttpResponseInit {
  return { ...pageResponse(status, body, { headers }), cookies };
}

export function redirect(location: string, cookies: Cookie[] = []): HttpResponseInit {
  return { ...redirectResponse(location, 303), cookies };
}
