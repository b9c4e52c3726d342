/**
 * Every professionals' API route checks the role the OpenAPI document states for it (`roles`, `x-required-roles`)
 * before its handler does anything (SECURITY.md, "Professional bearer tokens": roles checked per route). Each
 * documented route is called through the handler its function registers, with a verified professional: holding every
 * role but that one, it is refused `forbidden` naming the role; holding only that one, it gets past the check (the
 * fake dependencies then fail it in some other way, which is not what is tested here). A route whose handler asks
 * another role than its document says, or none, fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import azf from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { PROFESSIONAL_ROLES } from '../../shared/adapters/entra/professional-tokens.js';
import type { Professional, ProfessionalRole } from '../../shared/domain/provider.js';
import { apiRoutes } from '../../shared/http/api-document.js';
import { createLogger } from '../../shared/log.js';
import { functionsDir, registeredHandler } from '../support/registered-handler.js';

/** A Functions route template as an OpenAPI path: `Clients/{clientId:guid}` → `/Clients/{clientId}`. */
const openApiPath = (route: string) => `/${route.replace(/^\/+/, '')}`.replace(/\{\**([^}:=?]+)[^}]*\}/g, '{$1}');

/** The HTTP functions: their OpenAPI path, methods and the file of their handler module. */
const registrations = readdirSync(functionsDir)
  .filter((f) => f.endsWith('.ts'))
  .flatMap((file) => {
    const source = readFileSync(path.join(functionsDir, file), 'utf8');
    const route = /route:\s*'([^']*)'/.exec(source)?.[1];
    const methods = /methods:\s*\[([^\]]*)\]/.exec(source)?.[1];
    if (route === undefined || methods === undefined) return [];
    return [{ file, path: openApiPath(route), methods: [...methods.matchAll(/'(\w+)'/g)].map((m) => m[1]!) }];
  });

const professional = (roles: ProfessionalRole[]): Professional => ({
  tenantId: 'workforce-tenant',
  oid: 'oid-pro',
  appId: 'app-pro',
  name: 'Paula Pro',
  kind: 'user',
  roles,
});

/** What the handler does with a verified professional holding `roles`: its answer, or what it threw. */
async function callAs(route: (typeof apiRoutes)[number], file: string, roles: ProfessionalRole[]): Promise<unknown> {
  const { handler } = await registeredHandler(file);
  const params = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, '0f8fad5b-d9cb-469f-a165-70867728950e']),
  );
  const request = new azf.HttpRequest({
    method: route.method.toUpperCase(),
    url: `https://onboarding.example/api${route.path}`,
    params,
    headers: { authorization: 'Bearer a.b.c', 'content-type': 'application/json' },
    body: { string: '{}' },
  });
  const deps = {
    auth: {
      professionalTokens: { verify: async () => professional(roles) },
      providers: { providerOf: async () => 'provider-1' },
    },
  };
  const context = new azf.InvocationContext({ invocationId: 'inv-1', functionName: file, logHandler: () => {} });
  return handler(
    request,
    context,
    deps,
    createLogger(() => {}),
  ).then(
    (answer) => answer,
    (error: unknown) => error,
  );
}

const guarded = apiRoutes.filter((route) => route.roles?.length);

describe('the roles of professionals’ API routes', () => {
  it('when the document is read, then it names routes that need each role', () => {
    for (const role of PROFESSIONAL_ROLES)
      expect(guarded.filter((r) => r.roles?.includes(role)).length).toBeGreaterThan(0);
  });

  for (const route of guarded) {
    it(`when ${route.method.toUpperCase()} ${route.path} is called by a professional without ${route.roles!.join(' and ')}, then 403 forbidden names it; with it, the route goes past the check`, async () => {
      const registered = registrations.find(
        (r) => r.path === route.path && r.methods.includes(route.method.toUpperCase()),
      );
      expect(registered, `no function registers ${route.method} ${route.path}`).toBeDefined();
      for (const role of route.roles!) {
        const refused = await callAs(
          route,
          registered!.file,
          PROFESSIONAL_ROLES.filter((r) => r !== role),
        );
        expect(refused, role).toMatchObject({ name: 'DomainError', code: 'forbidden' });
        expect((refused as Error).message).toContain(role);
      }
      const allowed = await callAs(route, registered!.file, [...route.roles!]);
      expect((allowed as { code?: unknown }).code).not.toBe('forbidden');
    });
  }
});
