/**
 * The one way to declare a console page: `consolePage(role, handler)` (and `consoleEntry(handler)` for the ways in
 * and out — sign-in, its callback, sign-out — which need no role). Before the handler runs, the wrapper checks,
 * in this order — the console is configured (404 page otherwise); a session that opens, was not signed out and did not
 * sit idle (else 303 to the console's sign-in, then back to the page asked for); the page's role (403 page); the
 * provider the professional acts for (403 page); and for a POST, same origin and the session's CSRF token (403 page).
 * The handler gets who is there and where (`ConsoleVisit`); the idle clock's renewed cookie is added to its answer.
 * The role is part of the declaration, so no page can forget it (`test/unit/console-routes.test.ts` checks every
 * console function declares one).
 */
import { createHash } from 'node:crypto';
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Locale } from '../domain/locale.js';
import type { ActingProfessional, ProfessionalRole, Provider } from '../domain/provider.js';
import { type ConsoleDeps, consoleAccess, isConsoleSessionEnded } from '../domain/use-cases/console.js';
import type { Logger } from '../log.js';
import {
  type ConsoleFrame,
  type ConsoleNavKey,
  consoleHref,
  renderConsoleRefusedPage,
  renderConsoleUnavailablePage,
} from '../web/console-pages.js';
import { BrowserRefusal, pageLocale, requireSameOrigin } from './browser.js';
import {
  type ConsoleBodyRule,
  declaredTooLarge,
  readConsoleForm,
  type UploadedFile,
  URLENCODED_ONLY,
} from './console-form.js';
import {
  CONSOLE_HOME,
  type ConsoleSessions,
  consoleCsrf,
  consoleCsrfValid,
  consoleSessionRef,
  endedConsoleCookie,
  type OpenConsoleSession,
  professionalOf,
  readConsoleCookie,
  renewedConsoleCookie,
} from './console-session.js';
import type { Handler } from './handler.js';
import { page, redirect } from './respond.js';

/** What the console's functions depend on. */
export interface ConsoleEdgeDeps {
  publicBaseUrl: string;
  /** Undefined when the console is not configured (`CONSOLE_APP_ID`). */
  console: ConsoleDeps | undefined;
  consoleSessions: ConsoleSessions;
}

/** The console functions' dependencies, out of the process's (`getDeps()` of shared/deps.ts). */
export function consoleEdgeDeps(deps: {
  settings: { PUBLIC_BASE_URL: string };
  console: ConsoleDeps | undefined;
  consoleSessions: ConsoleSessions;
}): ConsoleEdgeDeps {
  return { publicBaseUrl: deps.settings.PUBLIC_BASE_URL, console: deps.console, consoleSessions: deps.consoleSessions };
}

/** Who is on a console page, for which provider, in which language, and what its forms must carry. */
export interface ConsoleVisit {
  request: HttpRequest;
  professional: ActingProfessional;
  provider: Provider;
  session: OpenConsoleSession;
  locale: Locale;
  /** The CSRF token every form of the page carries (`csrf` field). */
  csrf: string;
  /** The fields of an accepted POST (empty for a GET). */
  form: URLSearchParams;
  /** The files of an accepted multipart POST, by field name (empty otherwise). */
  files: ReadonlyMap<string, UploadedFile>;
  console: ConsoleDeps;
  log: Logger;
}

/** The shell of a visit's page: who, for which provider, in which language; the page's nav entry and its own path. */
export const consoleFrame = (visit: ConsoleVisit, current: ConsoleNavKey | undefined, here: string): ConsoleFrame => ({
  locale: visit.locale,
  professionalName: visit.session.name,
  providerName: visit.provider.name,
  roles: visit.session.roles,
  csrf: visit.csrf,
  ...(current ? { current } : {}),
  here,
});

const FORM_TOKEN = /^[0-9a-f-]{36}$/;

/** The one-time `formToken` a posted form carries (a UUID the form page drew), if it carries one. */
export function postedFormToken(visit: Pick<ConsoleVisit, 'form'>): string | undefined {
  const posted = visit.form.get('formToken') ?? '';
  return FORM_TOKEN.test(posted) ? posted : undefined;
}

/**
 * The idempotency key of a posted form: its one-time token with what it asks (the same form posted twice is one
 * request; the same form edited after going back is another). None without a token: the post is not deduplicated.
 */
export const formRequestKey = (formToken: string | undefined, request: string): string | null =>
  formToken ? createHash('sha256').update(`${formToken}|${request}`).digest('base64url') : null;

/** A page's handler: who is there (`visit`), and the function's own dependencies (`deps`, for pages that need more ports). */
export type ConsolePageHandler<D extends ConsoleEdgeDeps = ConsoleEdgeDeps> = (
  visit: ConsoleVisit,
  deps: D,
) => Promise<HttpResponseInit>;

/** What a console route declares: the role its page needs, or `public` for the ways in and out. */
export type ConsoleRouteRole = ProfessionalRole | 'public';

/** A console route's handler for `edge`, carrying the role it declared. */
export type ConsoleHandler<D = ConsoleEdgeDeps> = Handler<D> & { readonly consoleRole: ConsoleRouteRole };

/** The console's sign-in in the page's language, asked to come back to `back` (a path of the console). */
export const consoleSignInUrl = (back: string, locale: Locale) =>
  `/api/console/sign-in?${new URLSearchParams({ back, lang: locale }).toString()}`;

/** The path and query asked for, as a same-origin path (where to come back after signing in). */
const askedPath = (request: HttpRequest) => {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
};

/**
 * A console page that needs `role`. Its POST is an urlencoded form of at most 16 KiB, unless the page declares
 * another `body` rule (a larger limit, `multipart/form-data` with files): the same checks apply — the declared size
 * before the session is read, same origin, the CSRF token (`csrf`, a field of the multipart form too).
 */
export function consolePage<D extends ConsoleEdgeDeps = ConsoleEdgeDeps>(
  role: ProfessionalRole,
  handler: ConsolePageHandler<D>,
  options: {
    body?: ConsoleBodyRule;
    /** Where a professional without `role` but with `otherwise.role` is sent instead of the 403 page (Home). */
    otherwise?: { role: ProfessionalRole; path: string };
  } = {},
): ConsoleHandler<D> {
  const bodyRule = options.body ?? URLENCODED_ONLY;
  const checked: Handler<D> = async (request, _context, deps, log) => {
    const locale = (own?: string) => pageLocale(request, own);
    if (!deps.console) return page(404, renderConsoleUnavailablePage({ locale: locale() }));
    // An oversized post is refused before anything else: signing in first would not make it acceptable.
    if (request.method === 'POST' && declaredTooLarge(request, bodyRule)) {
      log.warn('security.csrf.refused', { reason: 'form too large', area: 'console' });
      return page(413, renderConsoleRefusedPage({ locale: locale(), reason: 'untrusted-post' }));
    }
    const ports = deps.console;
    const s = deps.consoleSessions;
    const cookie = await readConsoleCookie(request, s);
    const back = request.method === 'GET' || request.method === 'HEAD' ? askedPath(request) : CONSOLE_HOME;
    if (cookie.state !== 'open') {
      if (cookie.state === 'idle') log.info('console.session.idle', { oid: cookie.claims.oid });
      const language = locale(cookie.state === 'none' ? undefined : cookie.claims.locale);
      return redirect(consoleSignInUrl(back, language), cookie.state === 'none' ? [] : [endedConsoleCookie()]);
    }
    const session = cookie.claims;
    if (await isConsoleSessionEnded(ports, consoleSessionRef(session))) {
      log.warn('security.console.signed-out-replayed', { oid: session.oid });
      return redirect(consoleSignInUrl(back, locale(session.locale)), [endedConsoleCookie()]);
    }
    const pageLanguage = locale(session.locale);
    const professional = professionalOf(session);
    const csrf = consoleCsrf(s, session);
    const access = await consoleAccess(ports, professional, role);
    if (
      access.kind === 'role-missing' &&
      options.otherwise &&
      request.method === 'GET' &&
      session.roles.includes(options.otherwise.role)
    ) {
      return redirect(consoleHref(options.otherwise.path, pageLanguage));
    }
    if (access.kind !== 'allowed') {
      log.warn('security.console.refused', {
        reason: access.kind,
        oid: session.oid,
        ...(access.kind === 'role-missing' ? { role: access.role } : {}),
      });
      return page(
        403,
        renderConsoleRefusedPage({
          locale: pageLanguage,
          reason: access.kind,
          signedIn: { professionalName: session.name, csrf },
          ...(access.kind === 'role-missing' ? { role: access.role } : {}),
        }),
      );
    }
    let form = new URLSearchParams();
    let files: ReadonlyMap<string, UploadedFile> = new Map();
    if (request.method === 'POST') {
      try {
        requireSameOrigin(request, deps.publicBaseUrl);
        ({ fields: form, files } = await readConsoleForm(request, bodyRule));
        if (!consoleCsrfValid(s, session, form.get('csrf'))) throw new BrowserRefusal(403, 'csrf');
      } catch (error) {
        if (!(error instanceof BrowserRefusal)) throw error;
        log.warn('security.csrf.refused', { reason: error.message, area: 'console' });
        return page(
          error.status,
          renderConsoleRefusedPage({
            locale: pageLanguage,
            reason: 'untrusted-post',
            signedIn: { professionalName: session.name, csrf },
          }),
        );
      }
    }
    const answer = await handler(
      {
        request,
        professional: { ...professional, providerId: access.providerId },
        provider: access.provider,
        session,
        locale: pageLanguage,
        csrf,
        form,
        files,
        console: ports,
        log,
      },
      deps,
    );
    const renewed = await renewedConsoleCookie(s, session);
    return renewed ? { ...answer, cookies: [...(answer.cookies ?? []), renewed] } : answer;
  };
  return Object.assign(checked, { consoleRole: role });
}

/**
 * A way in or out of the console (sign-in, its callback, sign-out): no role to hold, since it is how one gets one or
 * leaves; the console must be configured (404 page otherwise). The handler gets the configured console's ports.
 */
export function consoleEntry(
  handler: (
    request: HttpRequest,
    deps: ConsoleEdgeDeps & { console: ConsoleDeps },
    log: Logger,
  ) => Promise<HttpResponseInit>,
): ConsoleHandler {
  const checked: Handler<ConsoleEdgeDeps> = async (request, _context, deps, log) => {
    if (!deps.console) return page(404, renderConsoleUnavailablePage({ locale: pageLocale(request) }));
    return handler(request, { ...deps, console: deps.console }, log);
  };
  return Object.assign(checked, { consoleRole: 'public' as const });
}

/** True for a handler declared with `consolePage` or `consoleEntry` (the test of every console route asks). */
export const isConsolePage = (handler: unknown): handler is ConsoleHandler =>
  typeof handler === 'function' && typeof (handler as Partial<ConsoleHandler>).consoleRole === 'string';
