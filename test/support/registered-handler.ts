/**
 * A function's handler as its registration gives it to the host, read from the sources: `functions/<file>` registers
 * the route, `functions/handlers/<file>` exports `handler = edge(<handler>, …)`; the inner handler is returned, so a
 * test calls it with its own dependencies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { Handler } from '../../shared/http/handler.js';

export const functionsDir = path.resolve(import.meta.dirname, '../../functions');

export async function registeredHandler(file: string): Promise<{ handler: Handler<unknown>; route: string }> {
  const source = readFileSync(path.join(functionsDir, 'handlers', file), 'utf8');
  const name = /export const handler = edge\(\s*(\w+)\s*,/.exec(source)?.[1];
  expect(name, `${file}: exports no handler = edge(<handler>, …)`).toBeDefined();
  const module = (await import(pathToFileURL(path.join(functionsDir, 'handlers', file)).href)) as Record<
    string,
    Handler<unknown>
  >;
  const route = /route:\s*'([^']*)'/.exec(readFileSync(path.join(functionsDir, file), 'utf8'))?.[1];
  expect(route, `${file}: registers no route`).toBeDefined();
  return { handler: module[name!]!, route: route! };
}
