/**
 * The function app's settings as infra/main.bicep declares them, each with what its expression names — a parameter
 * and its default, a module output, or a literal — read with the one Bicep reader of `bicep-settings.ts`. Tests use it
 * to hold the settings schema (shared/config.ts) and the Bicep to the same names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { declarations, objectLines } from './bicep-settings.js';

export const MAIN_BICEP = path.resolve(import.meta.dirname, '../../infra/main.bicep');

export interface BicepParameter {
  name: string;
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
  const { params } = declarations(source);
  return new Map([...params].map(([name, defaultValue]) => [name, { name, defaultValue }]));
}

export function bicepAppSettings(source = readFileSync(MAIN_BICEP, 'utf8')): BicepAppSetting[] {
  const parameters = bicepParameters(source);
  return objectLines(source, /^var appSettings = \{\s*$/, 'infra/main.bicep').map(({ key, expression }) => {
    const setting: BicepAppSetting = { name: key, expression };
    const parameter = parameters.get(expression);
    if (parameter) setting.parameter = parameter;
    if (/^\w+\.outputs\.\w+$/.test(expression)) setting.moduleOutput = expression;
    const literal = /^'([^'$]*)'$/.exec(expression);
    if (literal) setting.literal = literal[1];
    return setting;
  });
}
