/**
 * Reading requests: content type (415), size (413), JSON syntax (400) and the zod schema (400 with one entry
 * per bad field). Handlers get typed input or a RequestProblem that the edge answers as is.
 */
import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { z } from 'zod';
import type { FieldProblem } from '../domain/errors.js';
import type { CsvProblem } from './csv.js';
import { edgeProblems, problemResponse } from './problem.js';

export class RequestProblem extends Error {
  constructor(
    readonly response: HttpResponseInit,
    /** A CSV that cannot be read: why, for a page to say it in its language. */
    readonly csv?: CsvProblem,
  ) {
    super(`request refused with ${response.status}`);
    this.name = 'RequestProblem';
  }
}

export const DEFAULT_JSON_LIMIT = 1024 * 1024;

/** zod issues → problem+json `errors` entries (`#/company/name`). */
const pointerTo = (path: ReadonlyArray<PropertyKey>) =>
  path.length ? `#/${path.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}` : '#';

/**
 * The field a pointer names, as a developer writes it: `#/company/address/city` → `company.address.city`,
 * `#/secondaryEmails/1` → `secondaryEmails[1]`; a name that is not plain letters, digits, `_` or `-` is quoted.
 * `#` (the request as a whole) names none.
 */
export function fieldName(pointer: string): string | undefined {
  if (pointer === '#' || !pointer.startsWith('#/')) return undefined;
  const parts = pointer
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const name = parts.map((part, i) => (/^\d+$/.test(part) && i > 0 ? `[${part}]` : i > 0 ? `.${part}` : part)).join('');
  return parts.every((part) => /^[\w-]+$/.test(part)) ? name : JSON.stringify(name);
}

/**
 * A field's problem as a sentence that names it: `{ pointer: '#/activationCode', detail: 'is required' }` →
 * "activationCode is required". A detail that already names its field, or one of the request as a whole, is kept.
 */
export function namedProblem(problem: FieldProblem): FieldProblem {
  const name = fieldName(problem.pointer);
  if (name === undefined) {
    // The body itself (not an object, a query of the wrong shape): "the request must be an object".
    return /^(must|is|holds) /.test(problem.detail) ? { ...problem, detail: `the request ${problem.detail}` } : problem;
  }
  return problem.detail.startsWith(`${name} `) ? problem : { ...problem, detail: `${name} ${problem.detail}` };
}

/** zod's refusals as the API's `errors`: one sentence per field, naming it (zod's own words: zod-messages.ts). */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys')
      return [namedProblem({ pointer: pointerTo(issue.path), detail: issue.message })];
    // An unknown field is reported at its own place, one entry per field, its name quoted as it was sent.
    const parent = fieldName(pointerTo(issue.path));
    return issue.keys.map((key) => ({
      pointer: pointerTo([...issue.path, key]),
      detail: `${JSON.stringify(key)} is not a known field${parent === undefined ? '' : ` of ${parent}`}`,
    }));
  });
}

export function validationProblem(errors: FieldProblem[], detail = 'The request has invalid fields.'): RequestProblem {
  return new RequestProblem(
    problemResponse({
      status: 400,
      code: 'validation-failed',
      title: 'The request has invalid fields',
      detail,
      errors,
    }),
  );
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(fieldProblems(result.error));
  return result.data;
}

/** Reads a JSON body and validates it against the schema. */
export async function readJson<S extends z.ZodType>(
  request: HttpRequest,
  schema: S,
  limit = DEFAULT_JSON_LIMIT,
): Promise<z.output<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type))
    throw new RequestProblem(edgeProblems.unsupportedMediaType('application/json'));
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new RequestProblem(edgeProblems.payloadTooLarge(limit));
  const text = await request.text();
  if (Buffer.byteLength(text) > limit) throw new RequestProblem(edgeProblems.payloadTooLarge(limit));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RequestProblem(edgeProblems.malformedJson());
  }
  return parseWith(schema, value);
}
