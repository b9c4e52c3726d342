/**
 * Reads the function app's settings as infra/main.bicep declares them: the flat `var appSettings = { KEY: expression }`
 * object (one key per line), each expression with what it names — a parameter and its default, a module output, or a
 * literal. Tests use it to hold the settings schema (shared/config.ts) and the Bicep to the same names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const MAIN_BICEP = path.resolve(import.meta.dirname, '../../infra/main.bicep');

export interface BicepParameter {
  name: string;
  type: string;
  /** The default's source text; undefined when the parameter is required. */
  defaultValue: string | undefined;
}

export interface BicepAppSetting {
  name: string;
  /** The Bicep expression, as written. */
  expression: string;
  /** The parameter the value is, when the expression is a bare parameter name. */
  parameter?: BicepParameter;
  /** `module.outputs.name` when the value is a module output. */
  moduleOutput?: string;
  /** The value when the expression is a string literal. */
  literal?: string;
}

export function bicepParameters(source = readFileSync(MAIN_BICEP, 'utf8')): Map<string, BicepParameter> {
  const parameters = new Map<string, BicepParameter>();
  for (const match of source.matchAll(/^param\s+(\w+)\s+(\w+)(?:\s*=\s*(.+))?$/gm)) {
    const [, name, type, defaultValue] = match as unknown as [string, string, string, string | undefined];
    parameters.set(name, { name, type, defaultValue: defaultValue?.trim() });
  }
  return parameters;
}

export function bicepAppSettings(source = readFileSync(MAIN_BICEP, 'utf8')): BicepAppSetting[] {
  const block = /^var appSettings = \{\n([\s\S]*?)\n\}$/m.exec(source);
  if (!block) throw new Error('infra/main.bicep has no flat `var appSettings = { … }` block');
  const parameters = bicepParameters(source);
  return (block[1] as string).split('\n').map((line) => {
    const entry = /^\s{2}(\w+): (.+)$/.exec(line);
    if (!entry) throw new Error(`appSettings: one KEY: expression per line, got: ${line}`);
    const [, name, expression] = entry as unknown as [string, string, string];
    const setting: BicepAppSetting = { name, expression };
    const parameter = parameters.get(expression);
    if (parameter) setting.parameter = parameter;
    if (/^\w+\.outputs\.\w+$/.test(expression)) setting.moduleOutput = expression;
    const literal = /^'([^'$]*)'$/.exec(expression);
    if (literal) setting.literal = literal[1];
    return setting;
  });
}
