/**
 * A small OData `$filter` evaluator for the Graph users the service looks up: `mail eq '…'`,
 * `identities/any(c:c/issuerAssignedId eq '…' and c/issuer eq '…')`, `otherMails/any(x:x eq '…')`,
 * `startswith(displayName,'…')`, `endswith(…)`, `in (…)`, combined with and/or/not. Strings compare
 * case-insensitively, as Graph does for these properties. `filterShape` tells which operators make it an
 * advanced query, which Graph refuses without `ConsistencyLevel: eventual`.
 */
import { GraphError } from './errors.js';

export type Literal = string | number | boolean | null;
type Node =
  | { kind: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; node: Node }
  | { kind: 'eq' | 'ne'; path: string[]; value: Literal }
  | { kind: 'in'; path: string[]; values: Literal[] }
  | { kind: 'startswith' | 'endswith'; path: string[]; value: string }
  | { kind: 'any'; path: string[]; variable: string; body: Node };

type Token = { type: 'string'; value: string } | { type: 'word'; value: string } | { type: 'punct'; value: string };

/** Compares two values of the named property; lets the caller treat aliases (e.g. issuers) as equal. */
export type Equality = (property: string, left: unknown, right: Literal) => boolean;

const unsupported = (detail: string) => new GraphError(400, 'BadRequest', `Invalid filter clause: ${detail}`);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) i += 1;
    else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw unsupported('unterminated string literal.');
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i += 1;
          break;
        } else value += text[i++];
      }
      tokens.push({ type: 'string', value });
    } else if ('(),:/'.includes(c)) {
      tokens.push({ type: 'punct', value: c });
      i += 1;
    } else {
      const match = /^[A-Za-z0-9_.@$+-]+/.exec(text.slice(i));
      if (!match) throw unsupported(`unexpected character '${c}'.`);
      tokens.push({ type: 'word', value: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.i < this.tokens.length) throw unsupported(`unexpected '${this.tokens[this.i]?.value}'.`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isWord(value: string): boolean {
    const t = this.peek();
    return t?.type === 'word' && t.value.toLowerCase() === value;
  }

  private expect(value: string): void {
    const t = this.tokens[this.i++];
    if (!t || t.value.toLowerCase() !== value) throw unsupported(`expected '${value}'.`);
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord('or')) {
      this.i += 1;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.unary();
    while (this.isWord('and')) {
      this.i += 1;
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.isWord('not')) {
      this.i += 1;
      return { kind: 'not', node: this.unary() };
    }
    if (this.peek()?.value === '(') {
      this.i += 1;
      const node = this.or();
      this.expect(')');
      return node;
    }
    for (const fn of ['startswith', 'endswith'] as const) {
      if (!this.isWord(fn)) continue;
      this.i += 1;
      this.expect('(');
      const path = this.path();
      this.expect(',');
      const value = this.literal();
      this.expect(')');
      if (typeof value !== 'string') throw unsupported(`${fn} needs a string.`);
      return { kind: fn, path, value };
    }
    const path = this.path();
    if (path.at(-1)?.toLowerCase() === 'any' && this.peek()?.value === '(') {
      this.i += 1;
      const variable = this.word();
      this.expect(':');
      const body = this.or();
      this.expect(')');
      return { kind: 'any', path: path.slice(0, -1), variable, body };
    }
    const op = this.word().toLowerCase();
    if (op === 'eq' || op === 'ne') return { kind: op, path, value: this.literal() };
    if (op === 'in') {
      this.expect('(');
      const values = [this.literal()];
      while (this.peek()?.value === ',') {
        this.i += 1;
        values.push(this.literal());
      }
      this.expect(')');
      return { kind: 'in', path, values };
    }
    throw unsupported(`operator '${op}' is not supported locally.`);
  }

  private word(): string {
    const t = this.tokens[this.i++];
    if (t?.type !== 'word') throw unsupported('expected a name.');
    return t.value;
  }

  private path(): string[] {
    const parts = [this.word()];
    while (this.peek()?.value === '/') {
      this.i += 1;
      parts.push(this.word());
    }
    return parts;
  }

  private literal(): Literal {
    const t = this.tokens[this.i++];
    if (t?.type === 'string') return t.value;
    if (t?.type === 'word') {
      if (t.value === 'true' || t.value === 'false') return t.value === 'true';
      if (t.value === 'null') return null;
      if (/^-?\d+(\.\d+)?$/.test(t.value)) return Number(t.value);
    }
    throw unsupported('expected a literal value.');
  }
}

function property(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (value as Record<string, unknown>)[key];
}

export const defaultEquality: Equality = (_property, left, right) => {
  if (right === null) return left === null || left === undefined;
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase();
  return left === right;
};

/** What Graph checks of a filter before running it. */
export interface FilterShape {
  /** Operators Graph serves only as advanced queries (`ConsistencyLevel: eventual` + `$count=true`): ne, not, endsWith. */
  advanced: string[];
  /** An `identities/any(…)` that names `issuerAssignedId` without `issuer` (Graph requires both). */
  identitiesWithoutIssuer: boolean;
}

export function filterShape(text: string): FilterShape {
  const advanced = new Set<string>();
  let identitiesWithoutIssuer = false;
  const names = (node: Node, found: Set<string>): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        names(node.left, found);
        names(node.right, found);
        return;
      case 'not':
        names(node.node, found);
        return;
      case 'any':
        names(node.body, found);
        return;
      default:
        found.add((node.path.at(-1) ?? '').toLowerCase());
    }
  };
  const walk = (node: Node): void => {
    switch (node.kind) {
      case 'and':
      case 'or':
        walk(node.left);
        walk(node.right);
        return;
      case 'not':
        advanced.add('not');
        walk(node.node);
        return;
      case 'ne':
        advanced.add('ne');
        return;
      case 'endswith':
        advanced.add('endsWith');
        return;
      case 'any': {
        if (node.path.at(-1)?.toLowerCase() === 'identities') {
          const found = new Set<string>();
          names(node.body, found);
          if (found.has('issuerassignedid') && !found.has('issuer')) identitiesWithoutIssuer = true;
        }
        walk(node.body);
        return;
      }
      default:
        return;
    }
  };
  walk(new Parser(tokenize(text)).parse());
  return { advanced: [...advanced], identitiesWithoutIssuer };
}

/** Parses once; the returned predicate runs against Graph-shaped user objects. */
export function compileFilter(text: string, equals: Equality = defaultEquality): (item: object) => boolean {
  const tree = new Parser(tokenize(text)).parse();
  const resolve = (path: string[], root: unknown, vars: Map<string, unknown>) => {
    const [head, ...rest] = path as [string, ...string[]];
    let value = vars.has(head) ? vars.get(head) : property(root, head);
    for (const part of rest) value = property(value, part);
    return value;
  };
  const evaluate = (node: Node, root: unknown, vars: Map<string, unknown>): boolean => {
    switch (node.kind) {
      case 'and':
        return evaluate(node.left, root, vars) && evaluate(node.right, root, vars);
      case 'or':
        return evaluate(node.left, root, vars) || evaluate(node.right, root, vars);
      case 'not':
        return !evaluate(node.node, root, vars);
      case 'eq':
      case 'ne': {
        const same = equals(node.path.at(-1) ?? '', resolve(node.path, root, vars), node.value);
        return node.kind === 'eq' ? same : !same;
      }
      case 'in': {
        const value = resolve(node.path, root, vars);
        return node.values.some((v) => equals(node.path.at(-1) ?? '', value, v));
      }
      case 'startswith': {
        const value = resolve(node.path, root, vars);
        return typeof value === 'string' && value.toLowerCase().startsWith(node.value.toLowerCase());
      }
      case 'endswith': {
        const value = resolve(node.path, root, vars);
        return typeof value === 'string' && value.toLowerCase().endsWith(node.value.toLowerCase());
      }
      case 'any': {
        const items = resolve(node.path, root, vars);
        if (!Array.isArray(items)) return false;
        return items.some((item) => evaluate(node.body, root, new Map(vars).set(node.variable, item)));
      }
    }
  };
  return (item) => evaluate(tree, item, new Map());
}
