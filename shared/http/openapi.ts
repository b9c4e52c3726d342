/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the functions validate with, so the
 * published contract cannot drift from the code. The routes' descriptions are in shared/http/routes/, gathered
 * in shared/http/api-document.ts; `npm run lint` checks the document with Spectral and Redocly.
 */
import { z } from 'zod';
import type { ProfessionalRole } from '../domain/provider.js';
import { CONSOLE_COOKIE, CONSOLE_SIGN_IN_COOKIE } from './console-cookie-names.js';
import { SESSION_COOKIE, SIGN_IN_COOKIE } from './cookie-names.js';

export type HttpMethod = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete';

/** A body: its media type and its schema. */
export interface BodyDoc {
  contentType: string;
  schema: z.ZodType;
}

export interface ResponseDoc {
  description: string;
  /** Default `application/json` when there is a schema. */
  contentType?: string;
  schema?: z.ZodType;
  /** Other media types the answer may take (e.g. problem+json for `Accept: application/json`). */
  also?: BodyDoc[];
  headers?: Record<string, HeaderDoc>;
}

export interface HeaderDoc {
  description: string;
  schema: z.ZodType;
}

/**
 * The cookie a browser route reads: the client's session (`session`; `session-if-any` when the route also serves
 * nobody signed in), or the sign-in transaction the 303 to Entra left (`sign-in`); the same three for the professional
 * console's own cookies (`console-…`).
 */
export type RouteCookie =
  | 'session'
  | 'session-if-any'
  | 'sign-in'
  | 'console-session'
  | 'console-session-if-any'
  | 'console-sign-in';

export interface RouteDoc {
  method: HttpMethod;
  /** Path under the API base, OpenAPI style: `/invitations/{id}`; each `{name}` is in `parameters.path`. */
  path: string;
  operationId: string;
  summary: string;
  /** What the route does and answers, for the reader of the document (Markdown). */
  description: string;
  /** Tags of the document (API_TAGS in shared/http/api-document.ts). */
  tags: string[];
  /** Professionals' routes: the roles a bearer token must hold. */
  roles?: ProfessionalRole[];
  /** Browser routes: the cookie they read. Neither `roles` nor `cookie`: anyone may call. */
  cookie?: RouteCookie;
  /** With `roles`: a call without any Authorization header is served too (anonymously, in its own way). */
  anonymousToo?: boolean;
  /** The mobile app's device calls: the device credential of `ActivateDevice` as a bearer token. */
  deviceCredential?: boolean;
  /** Console pages: the role the signed-in professional must hold (`consolePage(role, …)`). */
  consoleRole?: ProfessionalRole;
  /** Path, query and header parameters, each an object schema whose keys are the parameters' names. */
  parameters?: { path?: z.ZodObject; query?: z.ZodObject; header?: z.ZodObject };
  /** The body: its media type and schema, `also` other media types accepted; `optional` when it may be absent. */
  request?: BodyDoc & { also?: BodyDoc[]; optional?: boolean };
  responses: Record<string, ResponseDoc>;
}

export const fieldProblemSchema = z
  .object({
    pointer: z.string().describe('JSON pointer to the field, e.g. `#/email`'),
    detail: z.string(),
  })
  .meta({ id: 'FieldProblem' });

export const problemSchema = z
  .looseObject({
    type: z.string().describe('`https://…/problems/<code>`'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    code: z.string().describe('Stable code to branch on, e.g. `invitation-pending`'),
    detail: z.string().optional(),
    instance: z.string().optional().describe('For 500: the invocation id found in the logs'),
    errors: z.array(fieldProblemSchema).optional().describe('Validation failures: one entry per bad field'),
  })
  .meta({
    id: 'Problem',
    description: 'RFC 9457 problem details; some problems add fields (e.g. `invitationId` for `invitation-pending`)',
  });

/** A problem+json answer, described once. */
export const problem = (description: string): ResponseDoc => ({
  description,
  contentType: 'application/problem+json',
  schema: problemSchema,
});

/** An HTML page (French by default, English with `?lang=en`): the answer of the browser routes. */
export const htmlPageSchema = z
  .string()
  .meta({ id: 'HtmlPage', description: 'An HTML page, in French (default) or English (`?lang=en`)' });

/** An HTML page answer, described once. */
export const html = (description: string): ResponseDoc => ({
  description,
  contentType: 'text/html',
  schema: htmlPageSchema,
});

/** The `Location` header of a 201, 202 or 303. */
export const location = (description: string): HeaderDoc => ({ description, schema: z.string() });

/** The `Retry-After` header of a 429: seconds. */
export const retryAfter: HeaderDoc = { description: 'Seconds to wait before trying again', schema: z.string() };

/** What every professional route may answer about the caller. */
export const callerProblems = {
  '401': {
    ...problem('Missing or invalid bearer token'),
    headers: { 'WWW-Authenticate': { description: '`Bearer`', schema: z.string() } },
  },
  '403': problem('The token lacks the role, or acts for no provider'),
};

/** What any route may answer when something fails on the service's side (the edge of shared/http/handler.ts). */
const internalProblem = problem('Something went wrong on our side; `instance` is the invocation id in the logs');

const SECURITY_SCHEMES = {
  entra: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A professional's Entra ID access token for the API audience; its `roles` claim must hold every role of the " +
      "operation's `x-required-roles`",
  },
  clientSession: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      "The client's session (sealed, 8 h), set by the sign-in callbacks; forms also carry its CSRF token (`csrf`)",
  },
  signInTransaction: {
    type: 'apiKey',
    in: 'cookie',
    name: SIGN_IN_COOKIE,
    description: "The sign-in transaction (state, nonce, PKCE verifier; 15 min), set with the 303 to Entra's sign-in",
  },
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: CONSOLE_COOKIE,
    description:
      "A professional's console session (sealed; absolute lifetime and idle timeout from the settings, 8 h and 30 min by " +
      'default), set by the console sign-in callback; forms also carry its CSRF token (`csrf`). Each page also needs ' +
      'the role of its `x-console-role`',
  },
  consoleSignInTransaction: {
    type: 'apiKey',
    in: 'cookie',
    name: CONSOLE_SIGN_IN_COOKIE,
    description:
      "The console's sign-in transaction (state, nonce, PKCE verifier, the page to go back to; 15 min), set with the 303 to the workforce tenant's sign-in",
  },
  deviceCredential: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "The mobile app's device credential (`deviceToken` of `POST /ActivateDevice`, 30 days); refused once its device is revoked",
  },
} as const;

/**
 * Who may call the operation. OpenAPI 3.1 allows role names in a bearer requirement, but Spectral's `spectral:oas`
 * takes them for OAuth scopes: the roles go in `x-required-roles` instead (and the scheme's description).
 */
function security(route: RouteDoc): Array<Record<string, string[]>> {
  if (route.roles?.length) return route.anonymousToo ? [{ entra: [] }, {}] : [{ entra: [] }];
  if (route.deviceCredential) return [{ deviceCredential: [] }];
  switch (route.cookie) {
    case 'session':
      return [{ clientSession: [] }];
    case 'session-if-any':
      return [{ clientSession: [] }, {}];
    case 'sign-in':
      return [{ signInTransaction: [] }];
    case 'console-session':
      return [{ consoleSession: [] }];
    case 'console-session-if-any':
      return [{ consoleSession: [] }, {}];
    case 'console-sign-in':
      return [{ consoleSignInTransaction: [] }];
    default:
      return [];
  }
}

type Json = Record<string, unknown>;

/**
 * Turns zod schemas into the document's schemas. Named schemas (`.meta({ id })`) become components, referenced as
 * `#/components/schemas/<id>` wherever they appear, however deep; others are inlined. Only the schemas the routes
 * use are components. OpenAPI 3.1 speaks JSON Schema 2020-12.
 */
class SchemaSet {
  readonly components: Record<string, Json> = {};
  /** Each schema is converted once per direction (Problem and HtmlPage answer dozens of times). */
  readonly #converted = new Map<z.ZodType, { input?: Json; output?: Json }>();

  /** The schema for a route: a `$ref` for a named one, else the schema inline (its named parts as `$ref`s). */
  add(schema: z.ZodType, io: 'input' | 'output'): Json {
    const seen = this.#converted.get(schema) ?? {};
    this.#converted.set(schema, seen);
    seen[io] ??= this.#convert(schema, io);
    return seen[io];
  }

  #convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { $schema: _schema, $defs, ...root } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, Json>)) {
      if (id.startsWith('__schema')) {
        throw new Error(`A schema is reused without a name (${id}): name it with .meta({ id }).`);
      }
      const component = toComponentRefs(def) as Json;
      const known = this.components[id];
      if (known && JSON.stringify(known) !== JSON.stringify(component)) {
        throw new Error(`Schema "${id}" reads differently as a request and as an answer: name each its own way.`);
      }
      this.components[id] = component;
    }
    return toComponentRefs(root) as Json;
  }
}

/** `#/$defs/X` (zod's references) → `#/components/schemas/X` (the document's). */
function toComponentRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toComponentRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      key === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, '#/components/schemas/') : toComponentRefs(v),
    ]),
  );
}

function parametersOf(route: RouteDoc, schemas: SchemaSet): Json[] {
  const declared = Object.keys(route.parameters?.path?.shape ?? {}).sort();
  const inPath = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!).sort();
  if (JSON.stringify(declared) !== JSON.stringify(inPath)) {
    throw new Error(
      `${route.method.toUpperCase()} ${route.path}: path parameters [${inPath}] but parameters.path declares [${declared}].`,
    );
  }
  const places = [
    ['path', route.parameters?.path],
    ['query', route.parameters?.query],
    ['header', route.parameters?.header],
  ] as const;
  return places.flatMap(([place, object]) => {
    if (!object) return [];
    const json = schemas.add(object, 'input');
    const required = new Set((json.required as string[] | undefined) ?? []);
    return Object.entries((json.properties ?? {}) as Record<string, Json>).map(([name, schema]) => {
      const { description, ...rest } = schema;
      return {
        name,
        in: place,
        required: place === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      };
    });
  });
}

function responseOf(r: ResponseDoc, schemas: SchemaSet): Json {
  return {
    description: r.description,
    ...(r.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(r.headers).map(([name, h]) => [
              name,
              { description: h.description, schema: schemas.add(h.schema, 'output') },
            ]),
          ),
        }
      : {}),
    ...(r.schema
      ? {
          content: Object.fromEntries(
            [{ contentType: r.contentType ?? 'application/json', schema: r.schema }, ...(r.also ?? [])].map((b) => [
              b.contentType,
              { schema: schemas.add(b.schema, 'output') },
            ]),
          ),
        }
      : {}),
  };
}

function operationOf(route: RouteDoc, schemas: SchemaSet): Json {
  const parameters = parametersOf(route, schemas);
  const bodies = route.request ? [route.request, ...(route.request.also ?? [])] : [];
  const responses = { ...route.responses, '500': route.responses['500'] ?? internalProblem };
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    tags: route.tags,
    security: security(route),
    ...(route.roles?.length ? { 'x-required-roles': route.roles } : {}),
    ...(route.consoleRole ? { 'x-console-role': route.consoleRole } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.request
      ? {
          requestBody: {
            required: !route.request.optional,
            content: Object.fromEntries(bodies.map((b) => [b.contentType, { schema: schemas.add(b.schema, 'input') }])),
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(responses).map(([status, r]) => [status, responseOf(r, schemas)])),
  };
}

export interface ApiInfo {
  title: string;
  version: string;
  description: string;
  contact: { name: string; url?: string; email?: string };
  license: { name: string; identifier: string };
  serverUrl: string;
  /** Every tag the routes use, with what it groups. */
  tags: Array<{ name: string; description: string }>;
}

export function buildOpenApi(routes: RouteDoc[], info: ApiInfo) {
  const schemas = new SchemaSet();
  const tags = new Set(info.tags.map((t) => t.name));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const unknownTags = route.tags.filter((t) => !tags.has(t));
    if (unknownTags.length) throw new Error(`${route.operationId}: tags [${unknownTags}] are not the document's.`);
    const item = paths[route.path] ?? {};
    paths[route.path] = item;
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is described twice.`);
    item[route.method] = operationOf(route, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: info.description,
      contact: info.contact,
      license: info.license,
    },
    servers: [{ url: info.serverUrl }],
    tags: info.tags,
    paths,
    components: { schemas: schemas.components, securitySchemes: SECURITY_SCHEMES },
  };
}
