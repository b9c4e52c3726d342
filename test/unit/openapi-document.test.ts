/**
 * The OpenAPI document (`GET /api/openapi.json`) against what the app registers: the functions of `functions/` are
 * loaded as the local Functions host loads them (dev/functions-host: the fake `@azure/functions-core` collects each
 * `app.http`), and every HTTP route and method must be described — so a route added without its description fails
 * here — and nothing else. Every `$ref` of the document must resolve. The document is the one the OpenApi function
 * serves. (`npm run lint` lints the same document with Spectral and Redocly.)
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AppScope, installFunctionsCore, loadAppScope } from '../../dev/functions-host/core-shim.js';
import { acceptBulk, batchProgress, inviteChunk } from '../../shared/domain/use-cases/bulk-invitations.js';
import { apiBatchProgress } from '../../shared/http/invitation-bulk.js';
import { buildOpenApi, type RouteDoc } from '../../shared/http/openapi.js';
import { batchProgressSchema, bulkAcceptedSchema } from '../../shared/http/routes/invitations.js';
import { fakeWorld, invitationDetails, professionalUser } from '../support/fakes.js';

const functionsDir = path.resolve(import.meta.dirname, '../../functions');
const PUBLIC_BASE_URL = 'https://onboarding.example';

type Json = Record<string, unknown>;

/** A Functions route template as an OpenAPI path: `invitations/{id:guid}` → `/invitations/{id}`, `{*path}` → `{path}`. */
function openApiPath(route: string): string {
  return `/${route.replace(/^\/+/, '')}`.replace(/\{\**([^}:=?]+)[^}]*\}/g, '{$1}');
}

/** Every `$ref` of a document, with where it is. */
function refsOf(value: unknown, at = '#'): Array<{ ref: string; at: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsOf(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string'
      ? [{ ref: v, at }]
      : refsOf(v, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`),
  );
}

/** The value at a local reference (`#/components/schemas/X`), or undefined. */
function resolve(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined),
      document,
    );
}

let scope: AppScope;
let document: { paths: Record<string, Record<string, Json>> } & Json;

beforeAll(async () => {
  // Before any `app.http` runs: @azure/functions looks the core module up once, at the first registration.
  installFunctionsCore();
  let served: unknown;
  scope = await loadAppScope(async () => {
    for (const file of readdirSync(functionsDir)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      await import(pathToFileURL(path.join(functionsDir, file)).href);
      if (file === 'open-api.ts') {
        // The function file registers; what it serves is its handler's (functions/handlers/, imported on first call).
        const module = await import(pathToFileURL(path.join(functionsDir, 'handlers', file)).href);
        const response = await module.openApiHandler({}, {}, { settings: { PUBLIC_BASE_URL } }, {});
        served = response.jsonBody ?? JSON.parse(response.body);
      }
    }
  });
  document = served as typeof document;
}, 60_000);

describe('the OpenAPI document', () => {
  it('when the app is loaded, then every HTTP route and method it registers is described, and nothing else', () => {
    const http = scope.registrations.filter((r) => r.trigger.type.toLowerCase() === 'httptrigger');
    expect(http.length).toBeGreaterThan(10);
    const registered = http.flatMap((r) => {
      const methods = (r.trigger.methods as string[] | undefined) ?? [];
      const route = typeof r.trigger.route === 'string' ? r.trigger.route : r.name;
      // A route without `methods` answers every method: declare them, so the document can say which.
      if (methods.length === 0) return [`${r.name}: every method (declare methods)`];
      return methods.map((m) => `${m.toUpperCase()} ${openApiPath(route)}`);
    });
    const described = Object.entries(document.paths).flatMap(([p, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`),
    );
    expect(described.sort()).toEqual([...new Set(registered)].sort());
  });

  it('when its references are followed, then every $ref resolves in the document', () => {
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter(({ ref }) => resolve(document, ref) === undefined)).toEqual([]);
  });

  it('when a route is described, then its path parameters, security and answers are', () => {
    const problems: string[] = [];
    for (const [p, item] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const name = `${method.toUpperCase()} ${p}`;
        const params = ((op.parameters as Json[] | undefined) ?? []).filter((x) => x.in === 'path').map((x) => x.name);
        const inPath = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        if (JSON.stringify(params.sort()) !== JSON.stringify(inPath.sort())) problems.push(`${name}: path parameters`);
        if (!Array.isArray(op.security)) problems.push(`${name}: no security`);
        if (!op.description) problems.push(`${name}: no description`);
        for (const [status, answer] of Object.entries(op.responses as Record<string, Json>)) {
          const content = (answer.content ?? {}) as Record<string, Json>;
          // A refusal says why in its body (HEAD answers without one).
          const bodiless = method === 'head';
          if (Number(status) >= 400 && !bodiless && Object.keys(content).length === 0) {
            problems.push(`${name} ${status}: no body`);
          }
          for (const [type, media] of Object.entries(content)) {
            if (!media.schema) problems.push(`${name} ${status} ${type}: no schema`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('when a professional route is described, then it asks for the bearer token and names its role', () => {
    const invitations = document.paths['/invitations/{id}/resend']!.post!;
    expect(invitations.security).toEqual([{ entra: [] }]);
    expect(invitations['x-required-roles']).toEqual(['Invitations.Send']);
    const welcome = document.paths['/Welcome']!.get!;
    expect(welcome.security).toEqual([{ clientSession: [] }]);
    const schemes = (document.components as { securitySchemes: Record<string, Json> }).securitySchemes;
    expect(schemes.clientSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: '__Host-session' });
    expect(schemes.entra).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('when errors are described, then they are problem+json with the Problem schema', () => {
    const notFound = document.paths['/invitations/{id}']!.get!.responses as Record<string, Json>;
    expect(notFound['404']!.content).toEqual({
      'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
    });
  });

  it('when the helpers are checked, then they read routes and references as the host and OpenAPI do', () => {
    expect(openApiPath('invitations/{id:guid}/resend')).toBe('/invitations/{id}/resend');
    expect(openApiPath('assets/{*path}')).toBe('/assets/{path}');
    expect(openApiPath('x/{n:int:min(1)}/{opt?}/{d=1}')).toBe('/x/{n}/{opt}/{d}');
    const doc = { a: { 'b/c': { $ref: '#/a/b~1c' } }, d: { $ref: '#/$defs/X' } };
    expect(refsOf(doc).map(({ ref }) => resolve(doc, ref) !== undefined)).toEqual([true, false]);
  });
});

describe('buildOpenApi', () => {
  const info = {
    title: 't',
    version: '1',
    description: 'd',
    contact: { name: 'c' },
    license: { name: 'l', identifier: 'MIT' },
    serverUrl: 'https://api.example/api',
    tags: [{ name: 'x', description: 'x' }],
  };
  const route = (over: Partial<RouteDoc>): RouteDoc => ({
    method: 'get',
    path: '/things',
    operationId: 'things',
    summary: 's',
    description: 'd',
    tags: ['x'],
    responses: { '200': { description: 'ok' } },
    ...over,
  });

  it('when a route leaves out a path parameter, or names one the path lacks, then the document is not built', () => {
    expect(() => buildOpenApi([route({ path: '/things/{id}' })], info)).toThrow(/path parameters \[id\]/);
    const extra = route({ parameters: { path: z.object({ id: z.uuid() }) } });
    expect(() => buildOpenApi([extra], info)).toThrow(/declares \[id\]/);
  });

  it('when a route has an undeclared tag or is described twice, then the document is not built', () => {
    expect(() => buildOpenApi([route({ tags: ['y'] })], info)).toThrow(/tags \[y\]/);
    expect(() => buildOpenApi([route({}), route({ operationId: 'again' })], info)).toThrow(/described twice/);
  });

  it('when a named schema is nested in an unnamed one, then it is a component and its $ref points there', () => {
    const Thing = z.object({ name: z.string() }).meta({ id: 'TestThing' });
    const document = buildOpenApi(
      [route({ responses: { '200': { description: 'ok', schema: z.object({ items: z.array(Thing) }) } } })],
      info,
    );
    const content = document.paths['/things']!.get as { responses: Record<string, { content: Record<string, Json> }> };
    expect(content.responses['200']!.content['application/json']!.schema).toMatchObject({
      properties: { items: { items: { $ref: '#/components/schemas/TestThing' } } },
    });
    expect(document.components.schemas.TestThing).toMatchObject({ properties: { name: { type: 'string' } } });
    expect(JSON.stringify(document)).not.toContain('$defs');
  });

  it('when no route uses a named schema, then it is not a component', () => {
    z.object({ unused: z.string() }).meta({ id: 'TestUnused' });
    expect(Object.keys(buildOpenApi([route({})], info).components.schemas)).not.toContain('TestUnused');
  });
});

describe('the bulk answers as the document describes them', () => {
  it('when a bulk is accepted and a chunk invited, then the 202 and the progress match their schemas', async () => {
    const world = fakeWorld();
    const rows = [0, 1].map((index) => ({ index, details: invitationDetails({ email: `p${index}@example.com` }) }));
    const rejected = [{ index: 2, errors: [{ pointer: '#/email', detail: 'must be a valid email address' }] }];
    const accepted = await acceptBulk(
      world.deps,
      professionalUser,
      rows,
      rejected.map((row) => ({ ...row, email: 'not-an-email' })),
    );
    expect(bulkAcceptedSchema.safeParse(accepted).error).toBeUndefined();
    await inviteChunk(world.deps, accepted.batchId, 0);
    const progress = await batchProgress(world.deps, professionalUser, accepted.batchId);
    // As GetInvitationBatch answers it (functions/get-invitation-batch.ts).
    const answer = JSON.parse(JSON.stringify(apiBatchProgress(progress)));
    expect(batchProgressSchema.strict().safeParse(answer).error).toBeUndefined();
    expect(answer).toMatchObject({ status: 'completed', created: 2 });
    // The rows' emails are kept for the console's pages, not answered by the API.
    expect(answer.rejected).toEqual(rejected);
  });
});
