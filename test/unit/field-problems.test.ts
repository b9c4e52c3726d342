/**
 * Every field problem of the API is a plain sentence naming its field ("activationCode is required"), never zod's own
 * words ("Invalid input: expected string, received undefined"): for the routes QA met them on, and for every JSON
 * body and query the OpenAPI document describes, driven with values of every wrong kind. The problem's `code` and the
 * `errors` shape (`pointer`, `detail`) stay as API.md pins them.
 */
import azf from '@azure/functions';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { activateDeviceHandler } from '../../functions/handlers/activate-device.js';
import { parseSettings } from '../../shared/config.js';
import { appSmsRequestSchema, professionalSmsRequestSchema } from '../../shared/http/activation-sms-schema.js';
import { apiRoutes } from '../../shared/http/api-document.js';
import { errorResponse } from '../../shared/http/handler.js';
import { invitationRequestSchema } from '../../shared/http/invitation-schema.js';
import { fieldName, fieldProblems, parseWith, RequestProblem } from '../../shared/http/request.js';
import { createLogger } from '../../shared/log.js';
import { deviceWorld, IDENTIFICATION_CODE } from '../support/device-fakes.js';
import { validSettings } from '../support/settings.js';

const settings = parseSettings(validSettings);
const log = createLogger(() => {}, {});

/** The problem an edge answers to a body of ActivateDevice. */
async function activate(body: unknown) {
  const context = new azf.InvocationContext({ invocationId: 'inv-1', functionName: 'T', logHandler: () => {} });
  const request = new azf.HttpRequest({
    method: 'POST',
    url: 'http://localhost/api/ActivateDevice',
    headers: { 'content-type': 'application/json' },
    body: { string: JSON.stringify(body) },
  });
  const w = deviceWorld();
  const response = await activateDeviceHandler(request, context, { devices: w.deps, settings } as never, log).catch(
    (error: unknown) => errorResponse(error, context, log),
  );
  return { status: response.status, body: JSON.parse(String(response.body)) as Record<string, unknown> };
}

/** The `errors` a schema's refusal answers. */
function errorsOf(schema: z.ZodType, value: unknown): Array<{ pointer: string; detail: string }> {
  try {
    parseWith(schema, value);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestProblem);
    const body = JSON.parse(String((error as RequestProblem).response.body));
    expect(body.code).toBe('validation-failed');
    return body.errors;
  }
  return [];
}

/** zod's own words, which must never reach an answer. */
const ZOD_WORDS =
  /Invalid (input|option|string|UUID|email|URL|ISO)|expected \w+, received|Too (big|small)|received undefined/;

/** A detail names its field first (quoted when its name is not plain), or speaks of the request as a whole. */
function expectSentence({ pointer, detail }: { pointer: string; detail: string }, where: string) {
  expect(detail, where).not.toMatch(ZOD_WORDS);
  const name = fieldName(pointer);
  if (name === undefined) expect(detail, where).toMatch(/^the request /);
  else
    expect(
      detail.startsWith(`${name} `) || detail.startsWith(`${JSON.stringify(pointer.split('/').at(-1))} `),
      `${where}: ${detail}`,
    ).toBe(true);
}

describe('field problems in plain words', () => {
  it('when ActivateDevice lacks the activation code, or gets it as a number, then 400 validation-failed says so naming activationCode', async () => {
    const missing = await activate({ identificationCode: 'ES8SUJF4' });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      code: 'validation-failed',
      errors: [{ pointer: '#/activationCode', detail: 'activationCode is required' }],
    });
    const numeric = await activate({ identificationCode: IDENTIFICATION_CODE, activationCode: 397057 });
    expect(numeric.body).toMatchObject({
      code: 'validation-failed',
      errors: [{ pointer: '#/activationCode', detail: 'activationCode must be a string of 6 digits' }],
    });
    const letters = await activate({ identificationCode: IDENTIFICATION_CODE, activationCode: 'abc' });
    expect(letters.body.errors).toEqual([
      { pointer: '#/activationCode', detail: 'activationCode must be the 6 digits of the SMS' },
    ]);
  });

  it('when SendActivationSms gets {}, then the field it needs is named as required; a code of the wrong type says what it must be', () => {
    expect(errorsOf(professionalSmsRequestSchema, {})).toEqual([
      { pointer: '#/clientId', detail: 'clientId is required' },
    ]);
    expect(errorsOf(appSmsRequestSchema, {})).toEqual([
      { pointer: '#/identificationCode', detail: 'identificationCode is required' },
    ]);
    expect(errorsOf(appSmsRequestSchema, { identificationCode: 42 })).toEqual([
      {
        pointer: '#/identificationCode',
        detail: 'identificationCode must be a string: the 8-character code of the client sheet',
      },
    ]);
  });

  it('when an invitation is wrong everywhere, then each field says what is expected', () => {
    expect(
      errorsOf(invitationRequestSchema, {
        email: 3,
        lastName: '',
        locale: 'de',
        expiresInDays: '7',
        sendEmail: 'yes',
        company: { name: 'ACME', address: { country: 'FR' } },
        role: 'admin',
      }),
    ).toEqual([
      { pointer: '#/email', detail: 'email must be a string' },
      { pointer: '#/firstName', detail: 'firstName is required' },
      { pointer: '#/lastName', detail: 'lastName must not be empty' },
      { pointer: '#/locale', detail: 'locale must be one of "fr", "en"' },
      { pointer: '#/company/address/line1', detail: 'company.address.line1 is required' },
      { pointer: '#/company/address/postalCode', detail: 'company.address.postalCode is required' },
      { pointer: '#/company/address/city', detail: 'company.address.city is required' },
      { pointer: '#/expiresInDays', detail: 'expiresInDays must be a number' },
      { pointer: '#/sendEmail', detail: 'sendEmail must be true or false' },
      { pointer: '#/role', detail: '"role" is not a known field' },
    ]);
    expect(errorsOf(invitationRequestSchema, null)).toEqual([
      { pointer: '#', detail: 'the request must be an object, not null' },
    ]);
  });

  it('when any route’s JSON body or query gets values of any wrong kind, then every detail is a sentence naming its field, never zod’s words', () => {
    const schemas = apiRoutes.flatMap((route) =>
      [route.request?.contentType === 'application/json' ? route.request.schema : undefined, route.parameters?.query]
        .filter((schema): schema is z.ZodType => schema !== undefined)
        .map((schema) => ({ route: `${route.method} ${route.path}`, schema })),
    );
    expect(schemas.length).toBeGreaterThan(10);
    const anyValue = fc.oneof(
      fc.constantFrom(undefined, null, '', ' ', 'x', 'x'.repeat(600), 0, -1, 1.5, 1e9, true, false, [], {}, [1], {
        a: 1,
      }),
      fc.string({ maxLength: 8 }),
      fc.integer(),
    );
    for (const { route, schema } of schemas) {
      const keys = Object.keys((schema as z.ZodType & { shape?: object }).shape ?? {});
      const body = fc.oneof(
        anyValue,
        fc.dictionary(fc.constantFrom(...keys, 'unknown', 'a b'), anyValue, { maxKeys: keys.length + 1 }),
        fc.record(Object.fromEntries(keys.map((key) => [key, anyValue]))),
      );
      fc.assert(
        fc.property(body, (value) => {
          const result = schema.safeParse(value);
          if (result.success) return;
          for (const problem of fieldProblems(result.error)) expectSentence(problem, route);
        }),
        { seed: 20261203, numRuns: 60 },
      );
    }
  });
});

describe('where the plain words are set', () => {
  it('when a module parses input with zod, then it loads zod-messages.ts itself (request.ts does not load zod: cold start)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '../..');
    const sources = async (dir: string): Promise<string[]> =>
      (await readdir(path.join(root, dir), { recursive: true }))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(dir, f));
    const files = [...(await sources('shared')), ...(await sources('functions'))].filter(
      (f) =>
        !f.startsWith(path.join('shared', 'http', 'routes')) &&
        !f.endsWith('openapi.ts') &&
        !f.endsWith('zod-messages.ts'),
    );
    const parsing: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      if (!/^import (?!type )[^;]*from 'zod';/m.test(text)) continue;
      parsing.push(file);
      expect(text, file).toMatch(/^import '(\.\.?\/)+(shared\/http\/)?zod-messages\.js';$/m);
    }
    expect(parsing.length).toBeGreaterThan(15);
  });
});
