/**
 * Every console route declares the role its page needs: its function's handler is built by `consolePage(role, …)` (or
 * `consoleEntry(…)` for the ways in and out: sign-in, its callback, sign-out), and that handler is the one its
 * handler module (functions/handlers/) gives the host.
 * The OpenAPI document says the same role (`x-console-role`), and the navigation offers a page only to the role the
 * page declares. A console function written without the wrapper fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../shared/http/api-document.js';
import { isConsolePage } from '../../shared/http/console-route.js';
import { CONSOLE_NAV } from '../../shared/web/console-pages.js';

const dir = path.resolve(import.meta.dirname, '../../functions');

/** The console's functions: those registering a route under `console`, with the source of their handler's module. */
function consoleFunctions(): Array<{ file: string; source: string; route: string }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) => {
      const route = /route:\s*'([^']*)'/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1];
      if (route === undefined || !/^console(\/|$)/.test(route)) return [];
      return [{ file: `handlers/${file}`, source: readFileSync(path.join(dir, 'handlers', file), 'utf8'), route }];
    });
}

/** What a console function file declares: its registered handler's role, or why it has none. */
async function declaredRole(file: string, source: string): Promise<string> {
  const registered = /export const handler = edge\(\s*(\w+)\s*,/.exec(source)?.[1];
  if (!registered) return `${file}: exports no handler = edge(<handler>, …)`;
  const module = (await import(path.join(dir, file))) as Record<string, unknown>;
  const handler = module[registered];
  if (!isConsolePage(handler))
    return `${file}: ${registered} is not declared with consolePage(role, …) or consoleEntry`;
  return handler.consoleRole;
}

describe('console routes', () => {
  const functions = consoleFunctions();

  it('when the console functions are listed, then there are the sign-in, its callback, sign-out and the signed-out page Entra comes back to, Home, Invite and the bulk invite, the Invitations pages and the Clients pages', () => {
    expect(functions.map((f) => f.route).sort()).toEqual(
      [
        'console',
        'console/callback',
        'console/sign-in',
        'console/sign-out',
        'console/signed-out',
        'console/invite',
        'console/invite/sent/{invitationId}',
        'console/invite/bulk',
        'console/invite/bulk/example.csv',
        'console/invite/bulk/{batchId}',
        'console/invite/bulk/{batchId}/errors.csv',
        'console/invitations',
        'console/invitations/{invitationId}',
        'console/invitations/{invitationId}/resend',
        'console/invitations/{invitationId}/revoke',
        'console/clients',
        'console/clients/new',
        'console/clients/{clientId}',
        'console/clients/{clientId}/edit',
        'console/clients/{clientId}/export',
        'console/clients/{clientId}/erase',
        'console/clients/{clientId}/release-email',
        'console/clients/{clientId}/sign-in-email',
        'console/clients/{clientId}/merge',
        'console/clients/{clientId}/merge/{intoId}',
        'console/clients/{clientId}/send-sms',
        'console/clients/{clientId}/devices/{deviceId}/revoke',
        'console/clients/{clientId}/temporary-password',
        'console/clients/{clientId}/two-step/disable',
        'console/clients/{clientId}/block',
        'console/clients/{clientId}/unblock',
      ].sort(),
    );
  });

  it('when each console function is loaded, then its registered handler declares a role (or is a way in or out)', async () => {
    const roles = Object.fromEntries(
      await Promise.all(functions.map(async (f) => [f.route, await declaredRole(f.file, f.source)] as const)),
    );
    expect(roles).toEqual({
      console: 'Invitations.Send',
      'console/sign-in': 'public',
      'console/callback': 'public',
      'console/sign-out': 'public',
      'console/signed-out': 'public',
      'console/invite': 'Invitations.Send',
      'console/invite/sent/{invitationId}': 'Invitations.Send',
      'console/invite/bulk': 'Invitations.Send',
      'console/invite/bulk/example.csv': 'Invitations.Send',
      'console/invite/bulk/{batchId}': 'Invitations.Send',
      'console/invite/bulk/{batchId}/errors.csv': 'Invitations.Send',
      'console/invitations': 'Invitations.Send',
      'console/invitations/{invitationId}': 'Invitations.Send',
      'console/invitations/{invitationId}/resend': 'Invitations.Send',
      'console/invitations/{invitationId}/revoke': 'Invitations.Send',
      'console/clients': 'Clients.Manage',
      'console/clients/new': 'Clients.Manage',
      'console/clients/{clientId}': 'Clients.Manage',
      'console/clients/{clientId}/edit': 'Clients.Manage',
      'console/clients/{clientId}/export': 'Clients.Manage',
      'console/clients/{clientId}/erase': 'Clients.Manage',
      'console/clients/{clientId}/release-email': 'Clients.Manage',
      'console/clients/{clientId}/sign-in-email': 'Clients.Manage',
      'console/clients/{clientId}/merge': 'Clients.Manage',
      'console/clients/{clientId}/merge/{intoId}': 'Clients.Manage',
      'console/clients/{clientId}/send-sms': 'Clients.Manage',
      'console/clients/{clientId}/devices/{deviceId}/revoke': 'Clients.Manage',
      'console/clients/{clientId}/temporary-password': 'Clients.Manage',
      'console/clients/{clientId}/two-step/disable': 'Clients.Manage',
      'console/clients/{clientId}/block': 'Clients.Manage',
      'console/clients/{clientId}/unblock': 'Clients.Manage',
    });
  });

  it('when a handler is not built by the wrapper, then the check says so', async () => {
    const file = 'handlers/console-home.ts';
    const unwrapped = readFileSync(path.join(dir, file), 'utf8').replace(
      /handler = edge\(\s*consoleHomeHandler/,
      'handler = edge(notDeclared',
    );
    expect(await declaredRole(file, unwrapped)).toBe(
      `${file}: notDeclared is not declared with consolePage(role, …) or consoleEntry`,
    );
  });

  it('when the OpenAPI document describes a console page, then it states the role the page declares', async () => {
    for (const f of functions) {
      const role = await declaredRole(f.file, f.source);
      const docs = apiRoutes.filter((r) => r.path === `/${f.route}`);
      expect(docs.length, f.route).toBeGreaterThan(0);
      for (const doc of docs) expect(doc.consoleRole ?? 'public', f.route).toBe(role);
    }
  });

  it('when the navigation lists a page, then it is offered to the role that page declares', async () => {
    for (const entry of CONSOLE_NAV) {
      const f = functions.find((x) => `/api/${x.route}` === entry.path);
      expect(f, entry.path).toBeDefined();
      expect(await declaredRole(f!.file, f!.source)).toBe(entry.role);
    }
  });
});
