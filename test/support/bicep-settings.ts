/**
 * The app settings an Azure deployment of `infra/main.bicep` would give the function app, built from the Bicep
 * itself: the flat `var appSettings = { KEY: expression … }` block (one key per line), what the function-app module
 * adds (`union(appSettings, { … })`), and the params' defaults. Expressions are evaluated where they only use params,
 * vars and literals; what Azure computes from resources (identity-based storage and ACS, Key Vault references, the
 * app's host name) and the endpoints are replaced by their local substitutes, each listed in `LOCAL_SUBSTITUTES`
 * (and in docs/local-stack.md). Anything else fails with a message naming the key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { settingNames } from '../../shared/config.js';

type Value = string | number | boolean;

/** Settings the Functions host or platform reads, not the app (so unknown to shared/config.ts on purpose). */
export const PLATFORM_SETTINGS = [
  'AzureWebJobsStorage__credential',
  'languageWorkers__node__arguments',
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
];

/**
 * Where the local stack cannot serve Azure's mechanism, or the value is an Azure endpoint: the key Azure sets, the
 * key the stack sets instead (`null`: none), and why. The smallest substitutes that still run the same code paths.
 */
export const LOCAL_SUBSTITUTES: Record<string, { instead: string | null; why: string }> = {
  AzureWebJobsStorage__accountName: {
    instead: 'AzureWebJobsStorage',
    why: 'storage through the managed identity needs Entra tokens over https; Azurite takes a connection string',
  },
  AzureWebJobsStorage__credential: { instead: 'AzureWebJobsStorage', why: 'as above' },
  AzureWebJobsStorage__clientId: {
    instead: 'AzureWebJobsStorage__clientId',
    why: "the identity's client id (an output of the identity): the local managed identity's, whose tokens the local Entra serves to the host",
  },
  ACS_ENDPOINT: { instead: 'ACS_ENDPOINT', why: 'an output of the ACS resource: the local ACS (Entra tokens only)' },
  EMAIL_SENDER_ADDRESS: { instead: 'EMAIL_SENDER_ADDRESS', why: 'an output of the ACS resource: the local sender' },
  EMAIL_QUOTA_PER_MINUTE: {
    instead: 'EMAIL_QUOTA_PER_MINUTE',
    why: "the local ACS's own quota (it plays a verified custom domain, 30 a minute; tests raise it), set from the same value",
  },
  EMAIL_QUOTA_PER_HOUR: { instead: 'EMAIL_QUOTA_PER_HOUR', why: 'as above (100 an hour)' },
  CLIENT_APP_CERTIFICATE: {
    instead: 'CLIENT_APP_CERTIFICATE',
    why: "a Key Vault reference: the local app's certificate (PEM, from .dev/identities.json)",
  },
  SESSION_KEYS: { instead: 'SESSION_KEYS', why: 'a Key Vault reference: the local session key' },
  TWO_STEP_KEYS: { instead: 'TWO_STEP_KEYS', why: 'a Key Vault reference: the local two-step key' },
  CONSOLE_APP_CERTIFICATE: {
    instead: 'CONSOLE_APP_CERTIFICATE',
    why: "a Key Vault reference: the local console app's certificate (PEM)",
  },
  WORKFORCE_AUTHORITY_HOST: { instead: 'WORKFORCE_AUTHORITY_HOST', why: 'endpoint: the local Entra ID' },
  GRAPH_BASE_URL: { instead: 'GRAPH_BASE_URL', why: 'endpoint: the local Graph' },
  ENTRA_KNOWN_AUTHORITIES: {
    instead: 'ENTRA_KNOWN_AUTHORITIES',
    why: "endpoint: the local Entra ID's host (Azure: the External ID authority's host)",
  },
  PUBLIC_BASE_URL: { instead: 'PUBLIC_BASE_URL', why: "the app's host name: the local Functions host" },
  APPLICATIONINSIGHTS_CONNECTION_STRING: { instead: null, why: 'no Application Insights locally' },
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: { instead: null, why: 'no Application Insights locally' },
};

export interface BicepSetting {
  key: string;
  expression: string;
  /** Where the line is: `infra/main.bicep` or the function-app module. */
  file: string;
}

export class BicepSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BicepSettingsError';
  }
}

/** The `KEY: expression` lines of the object literal opening at `opening` (a regex of its first line). */
export function objectLines(text: string, opening: RegExp, file: string): BicepSetting[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => opening.test(line));
  if (start < 0) throw new BicepSettingsError(`${file}: no ${opening.source} block`);
  const settings: BicepSetting[] = [];
  for (const line of lines.slice(start + 1)) {
    const trimmed = line.trim();
    if (/^\}\)?$/.test(trimmed)) return settings;
    if (trimmed === '' || trimmed.startsWith('//')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.+)$/.exec(trimmed);
    if (!match) throw new BicepSettingsError(`${file}: "${trimmed}" is not a KEY: expression line`);
    settings.push({ key: match[1]!, expression: match[2]!.replace(/\s+\/\/.*$/, ''), file });
  }
  throw new BicepSettingsError(`${file}: the ${opening.source} block never closes`);
}

/** Params (name → default expression, undefined when required) and single-line vars (name → expression). */
export function declarations(text: string): { params: Map<string, string | undefined>; vars: Map<string, string> } {
  const params = new Map<string, string | undefined>();
  const vars = new Map<string, string>();
  for (const line of text.split('\n')) {
    const param = /^param\s+(\w+)\s+\w+(?:\s*=\s*(.+))?$/.exec(line.trim());
    if (param) params.set(param[1]!, param[2]?.trim());
    const variable = /^var\s+(\w+)\s*=\s*(.+)$/.exec(line.trim());
    if (variable && !variable[2]!.trim().endsWith('{') && !variable[2]!.trim().endsWith('[')) {
      vars.set(variable[1]!, variable[2]!.trim());
    }
  }
  return { params, vars };
}

class Unevaluable extends Error {}

/** A small evaluator for the expressions app settings use: literals, interpolated strings, params, vars, !, ==, ?:. */
function evaluator(resolve: (name: string) => Value) {
  return function evaluate(expression: string): Value {
    let i = 0;
    const text = expression.trim();
    const space = () => {
      while (i < text.length && /\s/.test(text[i]!)) i += 1;
    };
    const eat = (token: string) => {
      space();
      if (text.startsWith(token, i)) {
        i += token.length;
        return true;
      }
      return false;
    };
    const ternary = (): Value => {
      const condition = or();
      if (!eat('?')) return condition;
      const yes = ternary();
      if (!eat(':')) throw new Unevaluable(`expected ':' in ${text}`);
      const no = ternary();
      return condition ? yes : no;
    };
    const or = (): Value => {
      let left = and();
      while (eat('||')) left = Boolean(and()) || Boolean(left);
      return left;
    };
    const and = (): Value => {
      let left = equality();
      while (eat('&&')) {
        const right = equality();
        left = Boolean(left) && Boolean(right);
      }
      return left;
    };
    const equality = (): Value => {
      const left = product();
      if (eat('==')) return left === product();
      if (eat('!=')) return left !== product();
      return left;
    };
    // Bicep's `*` and `/` on ints (`/` truncates toward zero).
    const product = (): Value => {
      let left = unary();
      for (;;) {
        if (eat('*')) left = Number(left) * Number(unary());
        else if (eat('/')) left = Math.trunc(Number(left) / Number(unary()));
        else return left;
      }
    };
    const unary = (): Value => (eat('!') ? !unary() : primary());
    const primary = (): Value => {
      space();
      const c = text[i];
      if (c === "'") return string();
      if (eat('(')) {
        const value = ternary();
        if (!eat(')')) throw new Unevaluable(`expected ')' in ${text}`);
        return value;
      }
      const number = /^-?\d+/.exec(text.slice(i));
      if (number) {
        i += number[0].length;
        return Number(number[0]);
      }
      const name = /^[A-Za-z_]\w*/.exec(text.slice(i));
      if (!name) throw new Unevaluable(`cannot read "${text.slice(i)}"`);
      i += name[0].length;
      if (name[0] === 'true' || name[0] === 'false') return name[0] === 'true';
      if (text[i] === '.' || text[i] === '[') throw new Unevaluable(`${name[0]}… is computed by Azure`);
      if (eat('(')) {
        const args: Value[] = [];
        if (!eat(')')) {
          do args.push(ternary());
          while (eat(','));
          if (!eat(')')) throw new Unevaluable(`expected ')' in ${text}`);
        }
        if (name[0] === 'empty') return args[0] === '' || args[0] === undefined;
        if (name[0] === 'string') return String(args[0]);
        if (name[0] === 'toLower') return String(args[0]).toLowerCase();
        throw new Unevaluable(`function ${name[0]}() is not evaluated here`);
      }
      return resolve(name[0]);
    };
    const string = (): string => {
      i += 1;
      let out = '';
      while (i < text.length) {
        const c = text[i]!;
        if (c === '\\') {
          out += text[i + 1] ?? '';
          i += 2;
        } else if (c === "'") {
          i += 1;
          return out;
        } else if (text.startsWith('${', i)) {
          const end = text.indexOf('}', i);
          out += String(evaluate(text.slice(i + 2, end)));
          i = end + 1;
        } else {
          out += c;
          i += 1;
        }
      }
      throw new Unevaluable(`unterminated string in ${text}`);
    };
    const value = ternary();
    space();
    if (i !== text.length) throw new Unevaluable(`cannot read "${text.slice(i)}"`);
    return value;
  };
}

/** Every app setting the deployment writes: main.bicep's `appSettings`, then what the function-app module adds. */
export function readBicepSettings(root: string): { settings: BicepSetting[]; main: string } {
  const mainFile = 'infra/main.bicep';
  const moduleFile = 'infra/modules/function-app.bicep';
  const main = readFileSync(path.join(root, mainFile), 'utf8');
  const module = readFileSync(path.join(root, moduleFile), 'utf8');
  return {
    settings: [
      ...objectLines(main, /^var appSettings = \{\s*$/, mainFile),
      ...objectLines(module, /union\(appSettings, \{\s*$/, moduleFile),
    ],
    main,
  };
}

/**
 * The settings Azure would have, for a deployment with these param values (the ones without defaults), with the
 * substitutes' local values. Throws on a setting shared/config.ts does not know, on a required param without a value,
 * and on an expression that is neither evaluable nor a listed substitute.
 */
export function azureSettingsForLocalStack(
  root: string,
  deployment: { params: Record<string, Value>; substitutes: Record<string, string> },
): Record<string, string> {
  const { settings, main } = readBicepSettings(root);
  const { params, vars } = declarations(main);
  const known = new Set<string>([...settingNames, ...PLATFORM_SETTINGS]);
  const unknown = settings.filter((s) => !known.has(s.key)).map((s) => `${s.key} (${s.file})`);
  if (unknown.length > 0) {
    throw new BicepSettingsError(
      `The Bicep sets settings shared/config.ts does not know: ${unknown.join(', ')}. Add them to the schema (or to PLATFORM_SETTINGS if the host reads them).`,
    );
  }
  const resolve = (name: string): Value => {
    if (name in deployment.params) return deployment.params[name]!;
    if (params.has(name)) {
      const fallback = params.get(name);
      if (fallback === undefined) throw new BicepSettingsError(`param ${name} is required and has no local value`);
      return evaluate(fallback);
    }
    const variable = vars.get(name);
    if (variable !== undefined) return evaluate(variable);
    throw new Unevaluable(`${name} is neither a param nor a simple var`);
  };
  const evaluate = evaluator(resolve);
  const out: Record<string, string> = {};
  for (const { key, expression, file } of settings) {
    const substitute = LOCAL_SUBSTITUTES[key];
    if (substitute) {
      if (substitute.instead === null) continue;
      const value = deployment.substitutes[substitute.instead];
      if (value === undefined)
        throw new BicepSettingsError(`no local value for ${substitute.instead} (instead of ${key})`);
      out[substitute.instead] = value;
      continue;
    }
    let value: Value;
    try {
      value = evaluate(expression);
    } catch (error) {
      if (error instanceof Unevaluable) {
        throw new BicepSettingsError(
          `${file}: ${key}: ${expression} cannot be evaluated for the local stack (${error.message}); evaluate it or list a substitute in LOCAL_SUBSTITUTES`,
        );
      }
      throw error;
    }
    // An empty app setting is read as unset (shared/config.ts), so it is left out, as the stack leaves it out.
    if (value !== '') out[key] = String(value);
  }
  return out;
}
