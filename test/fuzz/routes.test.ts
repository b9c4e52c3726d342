/**
 * The fuzz suite (issue 9): every HTTP route the app registers, driven with generated requests — its methods, odd
 * paths and query strings, bodies of wrong types and odd Unicode (lone surrogates, NUL, RTL marks, emoji), odd or
 * missing content types, malformed cookies and tokens, foreign origins, concurrent repeats. For every answer:
 * - no status ≥ 500;
 * - a 4xx is problem+json, or an HTML page on the routes that serve pages;
 * - a 4xx writes nothing: no table row is written during the request (Azure's `Timestamp`) and no queue gains a
 *   message. The stack of this project runs with the queue, Event Grid and timer triggers disabled, so nothing else
 *   writes while it compares. Rate-limit counters (`Limits`) are the one write a refusal may make by design.
 *
 * Routes come from `functions/*.ts` (their `azf.app.http` registrations), so a route added later joins the suite.
 * CI runs `FUZZ_RUNS` cases per route (default 50) with a fixed seed; `npm run fuzz -- --runs 10000` runs the full
 * count spread over the routes (see `docs/robustness.md`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import { QueueServiceClient } from '@azure/storage-queue';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { tamperedToken, token } from '../support/invitations.js';
import { api, stack } from '../support/stack.js';

const root = path.resolve(import.meta.dirname, '../..');

interface Route {
  name: string;
  methods: string[];
  route: string;
  /** The route answers HTML pages (its function renders from shared/web). */
  pages: boolean;
}

/** Every HTTP function, from its registration in functions/ (and whether it renders pages, from its handler). */
function registeredRoutes(): Route[] {
  const dir = path.join(root, 'functions');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      const registration = /azf\.app\.http\('(\w+)',\s*\{([\s\S]*?)\n\}\);/.exec(source);
      if (!registration) return [];
      const [, name, options] = registration as unknown as [string, string, string];
      const methods = [...(/methods:\s*\[([^\]]*)\]/.exec(options)?.[1] ?? '').matchAll(/'(\w+)'/g)].map((m) => m[1]!);
      const route = /route:\s*'([^']*)'/.exec(options)?.[1] ?? name;
      // The function file registers; its handler (functions/handlers/, same name) is what renders: its own pages
      // (shared/web), or the portal's and the console's refusal pages (a download behind a session refuses with them).
      const handler = readFileSync(path.join(dir, 'handlers', file), 'utf8');
      const pages = /from '\.\.\/\.\.\/shared\/(web\/|http\/(browser-session|console-route)\.js')/.test(handler);
      return [{ name, methods, route, pages }];
    });
}

const totalRuns = Number(process.env.FUZZ_RUNS_TOTAL ?? 0);
const seed = Number(process.env.FUZZ_SEED ?? 20261130);

/** Characters that break naive code: NUL, lone surrogates, RTL override, zero-width, BOM, emoji, markup, escapes. */
const oddUnit = fc.constantFrom(
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\u200B',
  '\uFEFF',
  '😀',
  'é',
  'Ω',
  '<',
  '>',
  '"',
  "'",
  '\\',
  '/',
  '#',
  '?',
  '%',
  '&',
  '=',
  ';',
  ',',
  '\n',
  '\r',
  ' ',
  'a',
  'Z',
  '0',
  '@',
  '.',
  '-',
);
const oddString = fc.oneof(
  fc.string({ unit: oddUnit, maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', 'a'.repeat(300), 'x'.repeat(5_000), 'null', 'undefined', '0', '-1', '1e309', 'true'),
);
const uuid = fc.uuid();
/** Percent-encoding of any string: a lone surrogate becomes U+FFFD first (it has no UTF-8 form to encode). */
const encode = (value: string) => encodeURIComponent(value.replace(/\p{Surrogate}/gu, '\uFFFD'));

/** Field names the routes read, so generated values reach the parsers, and a few nobody reads. */
const knownFields = [
  'email',
  'firstName',
  'lastName',
  'locale',
  'phone',
  'company',
  'message',
  'expiresInDays',
  'sendEmail',
  'invitations',
  'invitationId',
  'key',
  'lang',
  'csrf',
  'formToken',
  'delivery',
  'company-name',
  'company-postalCode',
  'choice',
  'name',
  'registrationNumber',
  'vatNumber',
  'line1',
  'postalCode',
  'city',
  'country',
  'client',
  'societe',
  'go',
  'prompt',
  'status',
  'cursor',
  'limit',
  'only',
  'order',
  'from',
  'to',
  'done',
  'state',
  'code',
  'error',
  '__proto__',
  'constructor',
];
const fieldName = fc.oneof(fc.constantFrom(...knownFields), oddString);
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(oddString, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...knownFields), oddString, { maxKeys: 3 }),
);

/** A valid invitation with one field replaced: the requests that reach the deepest validation. */
const nearlyValidInvitation = fc
  .record({ field: fc.constantFrom(...knownFields.slice(0, 9)), value: oddValue, email: fc.emailAddress() })
  .map(({ field, value, email }) => ({
    email,
    firstName: 'Zoé',
    lastName: 'Faure',
    sendEmail: false,
    [field]: value,
  }));

const jsonBody = fc.oneof(
  nearlyValidInvitation.map((value) => JSON.stringify(value)),
  nearlyValidInvitation.map((value) => JSON.stringify({ invitations: [value, value] })),
  fc.json({ maxDepth: 3 }),
  fc.dictionary(fieldName, oddValue, { maxKeys: 6 }).map((value) => JSON.stringify(value)),
  oddString,
);
const formBody = fc
  .dictionary(fieldName, oddString, { maxKeys: 6 })
  .map((fields) => new URLSearchParams(fields as Record<string, string>).toString());
const csvBody = fc
  .array(fc.array(oddString, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 })
  .map((rows) => ['email;firstName;lastName', ...rows.map((cells) => cells.join(';'))].join('\n'));

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'text/csv',
  'text/csv; charset=windows-1252',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/xml',
  'garbage/../x',
  '',
);

type Auth = 'valid' | 'none' | 'garbage' | 'malformed-jwt' | 'tampered' | 'basic';
const auth = fc.constantFrom<Auth>('valid', 'valid', 'none', 'garbage', 'malformed-jwt', 'tampered', 'basic');
const cookie = fc.oneof(
  fc.constant(undefined),
  oddString.map((v) => `__Host-session=${encode(v)}`),
  oddString.map((v) => `__Host-signin=${encode(v)}`),
  fc.constant('__Host-session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAA.BBBB.CCCC'),
  fc.constant('__Host-session'),
  // Visible ASCII only: what an HTTP client can send in a header.
  oddString.map((v) => `x=${v.replace(/[^\x21-\x7e]/g, '')}`),
);
const origin = fc.constantFrom<'self' | 'other' | 'null' | 'none'>('self', 'self', 'other', 'null', 'none');
const fetchSite = fc.constantFrom(undefined, 'same-origin', 'same-site', 'cross-site', 'none');

interface Case {
  method: string;
  path: string;
  query: [string, string][];
  contentType: string;
  body: string | undefined;
  auth: Auth;
  cookie: string | undefined;
  origin: 'self' | 'other' | 'null' | 'none';
  fetchSite: string | undefined;
  idempotencyKey: string | undefined;
  repeat: number;
}

/**
 * A route's path with its parameters filled. A `{x:guid}` parameter gets a GUID (anything else matches no route: the
 * host's bare 404, as in Azure); a catch-all gets odd segments, percent-encoded (`.` and `..` would be resolved away).
 */
function pathOf(route: string): fc.Arbitrary<string> {
  const parts = route.split('/').map((part) => {
    if (/^\{\*/.test(part))
      return fc
        .array(fc.oneof(oddString, fc.constantFrom('web', 'assets', 'company-form.client.js')), {
          minLength: 1,
          maxLength: 3,
        })
        .map((segments) => segments.map((segment) => (/^\.{1,2}$/.test(segment) ? '%2E' : encode(segment))).join('/'));
    if (/^\{\w+:guid\}$/.test(part)) return uuid;
    if (/^\{/.test(part)) return fc.oneof(uuid, oddString.filter((v) => v.length > 0).map(encode));
    return fc.constant(part);
  });
  return fc.tuple(...parts).map((segments) => segments.join('/'));
}

function caseOf(route: Route): fc.Arbitrary<Case> {
  return fc.record({
    method: fc.constantFrom(...route.methods),
    path: pathOf(route.route),
    query: fc.array(fc.tuple(fieldName, fc.oneof(oddString, uuid)), { maxLength: 4 }),
    contentType,
    body: fc.oneof(fc.constant(undefined), jsonBody, formBody, csvBody),
    auth,
    cookie,
    origin,
    fetchSite,
    // Header values an HTTP client can send (visible ASCII and spaces), valid keys or not.
    idempotencyKey: fc.oneof(
      fc.constant(undefined),
      uuid,
      oddString.map((v) => v.replace(/[^\x20-\x7e]/g, '')),
    ),
    repeat: fc.constantFrom(1, 1, 1, 1, 3),
  });
}

let bearer: { valid: string; tampered: string };
const self = () => new URL(stack().functions.baseUrl).origin;

async function send(c: Case): Promise<Response> {
  const url = new URL(api(`/${c.path}`));
  for (const [name, value] of c.query) url.searchParams.append(name, value);
  const headers = new Headers();
  const setHeader = (name: string, value: string) => {
    // fetch refuses what HTTP cannot carry (NUL, CR, LF, non-Latin-1); a client cannot send those either.
    try {
      headers.set(name, value);
    } catch {}
  };
  if (c.auth === 'valid') setHeader('authorization', `Bearer ${bearer.valid}`);
  if (c.auth === 'tampered') setHeader('authorization', `Bearer ${bearer.tampered}`);
  if (c.auth === 'garbage') setHeader('authorization', 'Bearer abc');
  if (c.auth === 'malformed-jwt') setHeader('authorization', 'Bearer eyJ0eXAi.e30.');
  if (c.auth === 'basic') setHeader('authorization', 'Basic dXNlcjpwYXNz');
  if (c.cookie) setHeader('cookie', c.cookie);
  if (c.origin === 'self') setHeader('origin', self());
  if (c.origin === 'other') setHeader('origin', 'https://evil.example');
  if (c.origin === 'null') setHeader('origin', 'null');
  if (c.fetchSite) setHeader('sec-fetch-site', c.fetchSite);
  if (c.idempotencyKey !== undefined) setHeader('idempotency-key', c.idempotencyKey);
  const hasBody = c.body !== undefined && c.method !== 'GET' && c.method !== 'HEAD';
  if (hasBody && c.contentType) setHeader('content-type', c.contentType);
  return fetch(url, { method: c.method, headers, redirect: 'manual', ...(hasBody ? { body: c.body } : {}) });
}

/** What storage holds that a request could have changed: rows written since `since`, and each queue's length. */
async function writesSince(since: Date): Promise<string[]> {
  const connection = stack().storage.connectionString;
  const options = { allowInsecureConnection: true };
  const service = TableServiceClient.fromConnectionString(connection, options);
  const names: string[] = [];
  for await (const table of service.listTables()) if (table.name && table.name !== 'Limits') names.push(table.name);
  const written = await Promise.all(
    names.map(async (name) => {
      const client = TableClient.fromConnectionString(connection, name, options);
      const rows: string[] = [];
      const filter = `Timestamp ge datetime'${since.toISOString()}'`;
      for await (const row of client.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } }))
        rows.push(`${name}/${row.partitionKey}/${row.rowKey}`);
      return rows;
    }),
  );
  return written.flat();
}

async function queueLengths(): Promise<Record<string, number>> {
  const queues = QueueServiceClient.fromConnectionString(stack().storage.connectionString);
  const lengths: Record<string, number> = {};
  for await (const queue of queues.listQueues()) {
    lengths[queue.name] = (await queues.getQueueClient(queue.name).getProperties()).approximateMessagesCount ?? 0;
  }
  return lengths;
}

const routes = registeredRoutes();
const runsPerRoute = totalRuns > 0 ? Math.ceil(totalRuns / routes.length) : Number(process.env.FUZZ_RUNS ?? 50);

beforeAll(async () => {
  bearer = { valid: await token('user'), tampered: await tamperedToken() };
});

describe('fuzzing every route', () => {
  it('finds the registered routes', () => {
    expect(routes.map((r) => r.name)).toEqual(expect.arrayContaining(['InviteUser', 'AcceptInvitation', 'Health']));
    expect(routes.every((r) => r.methods.length > 0)).toBe(true);
  });

  it.each(routes.map((route) => [route.name, route] as const))(
    '%s: no answer ≥ 500, every 4xx problem+json or a page, and a 4xx writes nothing',
    async (_name, route) => {
      let requests = 0;
      await fc.assert(
        fc.asyncProperty(caseOf(route), async (c) => {
          const started = new Date();
          const queuesBefore = await queueLengths();
          const answers = await Promise.all(Array.from({ length: c.repeat }, () => send(c)));
          requests += c.repeat;
          const bodies = await Promise.all(answers.map((a) => a.text()));
          for (const [i, answer] of answers.entries()) {
            const type = answer.headers.get('content-type') ?? '';
            const summary = `${c.method} /${c.path} → ${answer.status} ${type} ${bodies[i]!.slice(0, 300)}`;
            expect(answer.status, summary).toBeLessThan(500);
            if (answer.status >= 400 && c.method !== 'HEAD') {
              const allowed = route.pages ? /^(application\/problem\+json|text\/html)/ : /^application\/problem\+json/;
              expect(type, summary).toMatch(allowed);
            }
            // Field problems are sentences naming their field ("activationCode is required"), never zod's words.
            if (type.startsWith('application/problem+json')) {
              const errors = (JSON.parse(bodies[i]!) as { errors?: Array<{ detail?: string }> }).errors ?? [];
              for (const { detail } of errors)
                expect(detail, summary).not.toMatch(
                  /Invalid (input|option|string)|expected \w+, received|Too (big|small)/,
                );
            }
          }
          if (answers.every((a) => a.status >= 400)) {
            expect(await writesSince(started), `${c.method} /${c.path}: rows written by a refusal`).toEqual([]);
            expect(await queueLengths(), `${c.method} /${c.path}: messages queued by a refusal`).toEqual(queuesBefore);
          }
        }),
        { numRuns: runsPerRoute, seed, endOnFailure: true },
      );
      expect(requests).toBeGreaterThanOrEqual(runsPerRoute);
      process.stdout.write(`fuzz ${route.name}: ${requests} requests (seed ${seed})\n`);
    },
  );

  it('when an asset path climbs out of the allow-list (encoded dot segments), then no file is served', async () => {
    for (const path of ['assets/%2E%2E/%2E%2E/package.json', 'assets/web/%2E%2E/%2E%2E/%2E%2E/local.settings.json']) {
      const answer = await fetch(api(`/${path}`));
      const text = await answer.text();
      expect(answer.status, path).toBe(404);
      expect(text, path).not.toMatch(/"(name|Values)"/);
    }
  });

  it('when a body is larger than the limits, then every route that takes a POST refuses it (4xx) and writes nothing', async () => {
    const huge = `{"email":"${'a'.repeat(9 * 1024 * 1024)}"}`;
    for (const route of routes.filter((r) => r.methods.includes('POST'))) {
      const started = new Date();
      const answer = await send({
        method: 'POST',
        path: route.route.replace(/\{[^}]+\}/g, crypto.randomUUID()),
        query: [],
        contentType: 'application/json',
        body: huge,
        auth: 'valid',
        cookie: undefined,
        origin: 'self',
        fetchSite: 'same-origin',
        idempotencyKey: undefined,
        repeat: 1,
      });
      const text = await answer.text();
      expect(answer.status, `${route.name}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${route.name}: ${text.slice(0, 200)}`).toBeLessThan(500);
      expect(await writesSince(started), route.name).toEqual([]);
    }
  });
});
