/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the functions validate with, so the
 * published contract cannot drift from the code. The routes' descriptions are in shared/http/routes/.
 */
import { z } from 'zod';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Path under the API base, OpenAPI style: `/invitations/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** Roles a bearer token must hold; empty or absent for anonymous routes. */
  roles?: string[];
  request?: { contentType: string; schema: z.ZodType };
  responses: Record<string, { description: string; contentType?: string; schema?: z.ZodType }>;
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), detail: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/** A problem+json answer, described once. */
export const problem = (description: string) => ({
  description,
  contentType: 'application/problem+json',
  schema: problemSchema,
});

/** What every professional route may answer about the caller. */
export const callerProblems = {
  '401': problem('Missing or invalid bearer token'),
  '403': problem('The token lacks the role, or acts for no provider'),
};

/** Named schemas (`.meta({ id })`) become components; others are inlined. OpenAPI 3.1 speaks JSON Schema 2020-12. */
function schemaFor(schema: z.ZodType, io: 'input' | 'output'): unknown {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `#/components/schemas/${id}` };
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

/**
 * Every schema named with `.meta({ id })` becomes a component. They are described as requests see them (`input`):
 * the transforms of request fields (email normalization) then show their accepted input, and response schemas
 * have no transforms, so they read the same either way.
 */
function components(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, {
    io: 'input',
    unrepresentable: 'any',
    uri: (ref) => `#/components/schemas/${ref}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [id, rest];
    }),
  );
}

export function buildOpenApi(routes: RouteDoc[], info: { title: string; version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, r]) => [
        status,
        {
          description: r.description,
          ...(r.schema
            ? { content: { [r.contentType ?? 'application/json']: { schema: schemaFor(r.schema, 'output') } } }
            : {}),
        },
      ]),
    );
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    item[route.method] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: route.tags,
      ...(route.roles?.length ? { security: [{ entra: [] }], 'x-required-roles': route.roles } : {}),
      ...(route.request
        ? {
            requestBody: {
              required: true,
              content: { [route.request.contentType]: { schema: schemaFor(route.request.schema, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version },
    servers: [{ url: info.serverUrl }],
    components: {
      schemas: components(),
      securitySchemes: {
        entra: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Entra ID access token for the API audience',
        },
      },
    },
    paths,
  };
}
