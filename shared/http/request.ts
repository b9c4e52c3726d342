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

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.flatMap((issue) =>
    // An unknown field is reported at its own place, one entry per field.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ pointer: pointerTo([...issue.path, key]), detail: `unknown field "${key}"` }))
      : [{ pointer: pointerTo(issue.path), detail: issue.message }],
  );
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
