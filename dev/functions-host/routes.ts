/**
 * ASP.NET Core route templates, as the Functions host uses them for HTTP triggers: literals (case-insensitive),
 * `{name}`, `{name?}`, `{name=default}`, `{*rest}`, complex segments like `{file}.{ext}`, and inline constraints
 * (`{id:int}`, `{code:length(6)}`, `{slug:regex(^[a-z-]+$)}`). Candidates are ordered by ASP.NET inbound precedence.
 */

type Check = (value: string) => boolean;

interface LiteralPart {
  kind: 'literal';
  text: string;
  /** `text` lower-cased once, for the case-insensitive comparison. */
  lower: string;
}
interface ParamPart {
  kind: 'param';
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue?: string;
  constraints: Check[];
}
type Part = LiteralPart | ParamPart;
interface Segment {
  parts: Part[];
  /** Only for complex segments (more than one part). */
  pattern?: RegExp;
}

export interface CompiledRoute {
  template: string;
  segments: Segment[];
  /** ASP.NET inbound precedence digits: lower sorts first (literal 1, complex 2, constrained 3, param 4, catch-all 5). */
  precedence: number[];
}

const int32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const int64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const integer = /^[+-]?\d+$/;
const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const guid =
  /^([0-9a-f]{32}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|\{[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\}|\([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\))$/i;

function within(value: string, [low, high]: readonly [bigint, bigint]): boolean {
  if (!integer.test(value)) return false;
  const n = BigInt(value);
  return n >= low && n <= high;
}

function numbers(arg: string | undefined, count: number[], name: string): bigint[] {
  const list = (arg ?? '').split(',').map((s) => s.trim());
  if (!count.includes(list.length) || !list.every((s) => integer.test(s))) {
    throw new Error(`Route constraint "${name}" needs ${count.join(' or ')} integer argument(s), got "${arg ?? ''}".`);
  }
  return list.map((s) => BigInt(s));
}

const constraints: Record<string, (arg: string | undefined, name: string) => Check> = {
  int: () => (v) => within(v, int32),
  long: () => (v) => within(v, int64),
  bool: () => (v) => /^(true|false)$/i.test(v),
  guid: () => (v) => guid.test(v),
  alpha: () => (v) => /^[a-z]*$/i.test(v),
  datetime: () => (v) => !Number.isNaN(Date.parse(v)),
  decimal: () => (v) => /^[+-]?(\d+\.?\d*|\.\d+)$/.test(v),
  double: () => (v) => number.test(v),
  float: () => (v) => number.test(v),
  required: () => (v) => v.length > 0,
  minlength: (arg, name) => {
    const [min] = numbers(arg, [1], name) as [bigint];
    return (v) => v.length >= Number(min);
  },
  maxlength: (arg, name) => {
    const [max] = numbers(arg, [1], name) as [bigint];
    return (v) => v.length <= Number(max);
  },
  length: (arg, name) => {
    const [a, b] = numbers(arg, [1, 2], name) as [bigint, bigint?];
    return (v) => (b === undefined ? v.length === Number(a) : v.length >= Number(a) && v.length <= Number(b));
  },
  min: (arg, name) => {
    const [min] = numbers(arg, [1], name) as [bigint];
    return (v) => within(v, int64) && BigInt(v) >= min;
  },
  max: (arg, name) => {
    const [max] = numbers(arg, [1], name) as [bigint];
    return (v) => within(v, int64) && BigInt(v) <= max;
  },
  range: (arg, name) => {
    const [min, max] = numbers(arg, [2], name) as [bigint, bigint];
    return (v) => within(v, int64) && BigInt(v) >= min && BigInt(v) <= max;
  },
  // Like ASP.NET: case-insensitive, not anchored unless the pattern says so, and `{{`/`}}` stand for braces.
  regex: (arg) => {
    const pattern = new RegExp((arg ?? '').replace(/\{\{/g, '{').replace(/\}\}/g, '}'), 'i');
    return (v) => pattern.test(v);
  },
};

/** Splits on `/` outside braces, so regex constraints may contain slashes. */
function splitSegments(template: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of template) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
    if (ch === '/' && depth === 0) {
      segments.push(current);
      current = '';
    } else current += ch;
  }
  segments.push(current);
  return segments;
}

function parseParam(body: string, template: string): ParamPart {
  const catchAll = body.startsWith('*');
  let rest = body.replace(/^\*{1,2}/, '');
  const name = /^[^:=?]+/.exec(rest)?.[0] ?? '';
  if (!name) throw new Error(`Route "${template}" has a parameter without a name.`);
  rest = rest.slice(name.length);
  const checks: Check[] = [];
  while (rest.startsWith(':')) {
    const cname = /^:([a-zA-Z]+)/.exec(rest)?.[1] ?? '';
    rest = rest.slice(1 + cname.length);
    let arg: string | undefined;
    if (rest.startsWith('(')) {
      let depth = 0;
      let end = 0;
      for (; end < rest.length; end++) {
        if (rest[end] === '(') depth++;
        else if (rest[end] === ')' && --depth === 0) break;
      }
      arg = rest.slice(1, end);
      rest = rest.slice(end + 1);
    }
    const factory = constraints[cname.toLowerCase()];
    if (!factory) throw new Error(`Route "${template}" uses the unknown constraint "${cname}".`);
    checks.push(factory(arg, cname));
  }
  const param: ParamPart = { kind: 'param', name, optional: false, catchAll, constraints: checks };
  if (rest === '?') param.optional = true;
  else if (rest.startsWith('=')) param.defaultValue = rest.slice(1);
  else if (rest !== '') throw new Error(`Route "${template}" has a malformed parameter "{${body}}".`);
  return param;
}

const literalPart = (text: string): LiteralPart => ({ kind: 'literal', text, lower: text.toLowerCase() });

function parseSegment(text: string, template: string): Segment {
  const parts: Part[] = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      literal += ch;
      i++;
    } else if (ch === '{') {
      let depth = 0;
      let end = i + 1;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')') depth--;
        else if (text[end] === '}' && depth <= 0) break;
      }
      if (end >= text.length) throw new Error(`Route "${template}" has an unclosed "{".`);
      if (literal) parts.push(literalPart(literal));
      literal = '';
      parts.push(parseParam(text.slice(i + 1, end), template));
      i = end;
    } else if (ch === '}') throw new Error(`Route "${template}" has an unmatched "}".`);
    else literal += ch;
  }
  if (literal) parts.push(literalPart(literal));
  if (parts.length <= 1) return { parts };
  if (parts.some((p) => p.kind === 'param' && (p.optional || p.catchAll || p.defaultValue !== undefined))) {
    throw new Error(`Route "${template}": optional, default and catch-all parameters must fill a whole segment.`);
  }
  const source = parts.map((p) => (p.kind === 'literal' ? p.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '(.+)'));
  return { parts, pattern: new RegExp(`^${source.join('')}$`, 'i') };
}

function digit(segment: Segment): number {
  const [first] = segment.parts;
  if (segment.parts.length > 1) return 2;
  if (!first || first.kind === 'literal') return 1;
  if (first.catchAll) return 5;
  return first.constraints.length > 0 ? 3 : 4;
}

/** Compiles `prefix/route`; the route of an `app.http` without `route` is the function name. */
export function compileRoute(prefix: string, route: string): CompiledRoute {
  const template = [prefix, route]
    .map((s) => s.replace(/^~?\/+|\/+$/g, ''))
    .filter((s) => s !== '')
    .join('/');
  const segments = template === '' ? [] : splitSegments(template).map((s) => parseSegment(s, template));
  segments.forEach((segment, index) => {
    const [part] = segment.parts;
    if (!part) throw new Error(`Route "${template}" has an empty segment.`);
    if (part.kind === 'param' && part.catchAll && index !== segments.length - 1) {
      throw new Error(`Route "${template}": a catch-all parameter must be the last segment.`);
    }
  });
  return { template, segments, precedence: segments.map(digit) };
}

export function comparePrecedence(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.max(a.precedence.length, b.precedence.length); i++) {
    const diff = (a.precedence[i] ?? 0) - (b.precedence[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Splits a raw (still percent-encoded) URL path into decoded segments; one trailing slash is ignored. */
export function pathSegments(rawPath: string): string[] {
  const trimmed = rawPath.replace(/^\/+/, '').replace(/\/$/, '');
  if (trimmed === '') return [];
  return trimmed.split('/').map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
}

function accept(param: ParamPart, value: string, params: Record<string, string>): boolean {
  if (value === '' || !param.constraints.every((check) => check(value))) return false;
  params[param.name] = value;
  return true;
}

/**
 * Route values when the path matches (absent optional parameters are left out), else undefined. `lowered` is
 * `segments` lower-cased, which a caller trying every route computes once for all of them.
 */
export function matchRoute(
  route: CompiledRoute,
  segments: string[],
  lowered: string[] = segments.map((s) => s.toLowerCase()),
): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const { parts, pattern } = route.segments[i] as Segment;
    const value = segments[i];
    const [part] = parts as [Part];
    if (part.kind === 'param' && part.catchAll) {
      const rest = segments.slice(i).join('/');
      if (rest !== '' && !accept(part, rest, params)) return undefined;
      if (rest === '' && part.defaultValue !== undefined) params[part.name] = part.defaultValue;
      return params;
    }
    if (value === undefined) {
      if (part.kind === 'literal' || parts.length > 1 || (!part.optional && part.defaultValue === undefined)) {
        return undefined;
      }
      if (part.defaultValue !== undefined) params[part.name] = part.defaultValue;
      continue;
    }
    if (pattern) {
      const groups = pattern.exec(value)?.slice(1);
      if (!groups) return undefined;
      const names = parts.filter((p): p is ParamPart => p.kind === 'param');
      if (!names.every((p, n) => accept(p, groups[n] ?? '', params))) return undefined;
    } else if (part.kind === 'literal') {
      if (part.lower !== lowered[i]) return undefined;
    } else if (!accept(part, value, params)) return undefined;
  }
  return segments.length <= route.segments.length ? params : undefined;
}

/** The lower-cased text of a segment that is one literal, else undefined. */
function literalOf(segment: Segment | undefined): string | undefined {
  const [part, more] = segment?.parts ?? [];
  return part?.kind === 'literal' && !more ? part.lower : undefined;
}

/**
 * The routes a path may match, in their order: those whose first two segments are literals are filed under them
 * (a path matches them only if its own first two segments are the same, case-insensitively), the others go with
 * every path. Trying only those gives the same matches as trying every route, in the same order. Under the bench's
 * load, walking all 81 routes took 0.14–0.20 ms of each InviteUser request (their objects out of the CPU's caches
 * by then; a hot loop takes 5 µs); routing now takes about 0.04 ms (bench/overhead-probe.ts, timed in the host).
 */
export function routeTable<T extends { route: CompiledRoute }>(routes: T[]): (lowered: string[]) => T[] {
  const filed = new Map<string, Array<{ at: number; item: T }>>();
  const anywhere: Array<{ at: number; item: T }> = [];
  routes.forEach((item, at) => {
    const [first, second] = item.route.segments.map(literalOf);
    if (first === undefined || second === undefined) anywhere.push({ at, item });
    else {
      const key = `${first}/${second}`;
      filed.set(key, [...(filed.get(key) ?? []), { at, item }]);
    }
  });
  const inOrder = (list: Array<{ at: number; item: T }>) => list.sort((a, b) => a.at - b.at).map((e) => e.item);
  const lists = new Map([...filed].map(([key, list]) => [key, inOrder([...list, ...anywhere])]));
  const rest = inOrder(anywhere);
  return (lowered) => (lowered.length < 2 ? rest : (lists.get(`${lowered[0]}/${lowered[1]}`) ?? rest));
}
