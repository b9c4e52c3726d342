/**
 * zod's own messages in the service's words. A schema's field says its own expectation where it has one
 * (`must be the 6 digits of the SMS`); every other refusal — a field missing, of the wrong type, too long, not one of
 * the values allowed — gets a plain phrase here instead of zod's ("Invalid input: expected string, received
 * undefined"). The phrases name no field: `fieldProblems` (request.ts) puts the field's name in front, so that every
 * `errors[].detail` of the API reads as a sentence: "activationCode is required".
 *
 * Set once for the process (`z.config`), so that every parse — the API's requests, the bulk's rows, the console's
 * forms, which read issue codes and never these words — speaks the same way. A schema's own message (a string or an
 * `error` function that answers) still wins: zod asks the schema first, then this map.
 */
import { z } from 'zod';

/** What a value of a type is, in words: "a string", "true or false". */
function expectedWords(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a string';
    case 'number':
    case 'nan':
      return 'a number';
    case 'int':
    case 'bigint':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'object':
      return 'an object';
    case 'array':
    case 'tuple':
      return 'an array';
    case 'date':
      return 'a date';
    case 'null':
      return 'null';
    default:
      return `a value of type ${expected}`;
  }
}

const quoted = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));
const items = (n: number | bigint) => `${n} ${Number(n) === 1 ? 'item' : 'items'}`;
const characters = (n: number | bigint) => `${n} ${Number(n) === 1 ? 'character' : 'characters'}`;

/** Formats zod checks, as people name them. */
const FORMATS: Record<string, string> = {
  email: 'must be a valid email address',
  uuid: 'must be a UUID (e.g. 6f1c1f56-3d4c-4a8e-9f6a-2b7f1c9d0e11)',
  guid: 'must be a UUID (e.g. 6f1c1f56-3d4c-4a8e-9f6a-2b7f1c9d0e11)',
  datetime: 'must be a date and time in ISO 8601, e.g. 2026-11-30T09:00:00Z',
  date: 'must be a date, YYYY-MM-DD',
  time: 'must be a time, HH:MM:SS',
  url: 'must be a URL',
  regex: 'is not in the expected form',
};

/** The phrase for one refusal (without the field's name), for zod's `customError`. */
export function plainIssue(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'is required';
      const expected = expectedWords(issue.expected);
      return issue.input === null ? `must be ${expected}, not null` : `must be ${expected}`;
    }
    case 'too_small': {
      const { minimum, origin, inclusive } = issue;
      if (origin === 'string')
        return Number(minimum) <= 1 ? 'must not be empty' : `must be at least ${characters(minimum as number)}`;
      if (origin === 'array' || origin === 'set')
        return Number(minimum) <= 1 && inclusive !== false
          ? 'must not be empty'
          : `must hold at least ${items(minimum as number)}`;
      return inclusive === false ? `must be greater than ${minimum}` : `must be at least ${minimum}`;
    }
    case 'too_big': {
      const { maximum, origin, inclusive } = issue;
      if (origin === 'string') return `must be at most ${characters(maximum as number)}`;
      if (origin === 'array' || origin === 'set') return `must hold at most ${items(maximum as number)}`;
      return inclusive === false ? `must be less than ${maximum}` : `must be at most ${maximum}`;
    }
    case 'invalid_format': {
      if (issue.format === 'starts_with' && 'prefix' in issue) return `must start with ${quoted(issue.prefix)}`;
      if (issue.format === 'ends_with' && 'suffix' in issue) return `must end with ${quoted(issue.suffix)}`;
      if (issue.format === 'includes' && 'includes' in issue) return `must contain ${quoted(issue.includes)}`;
      return FORMATS[issue.format] ?? `must be a valid ${issue.format}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${quoted(issue.values[0])}`
        : `must be one of ${issue.values.map(quoted).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `holds unknown fields: ${issue.keys.map(quoted).join(', ')}`;
    case 'invalid_union':
      return 'is not in any of the forms accepted';
    case 'invalid_key':
      return 'holds an invalid key';
    case 'invalid_element':
      return 'holds an invalid value';
    default:
      return 'is not valid';
  }
}

z.config({ customError: plainIssue });
