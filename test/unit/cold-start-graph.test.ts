/**
 * What a cold instance loads before its first answer (docs/benchmarks.md, "Where the time goes"): the function
 * files load nothing (test/unit/functions-layout.test.ts); a handler loads its own graph on the first call. These
 * tests read the static import graph of the sources (`import type` is erased; `import()` happens later) and keep the
 * edge and the OpenAPI route free of what they do not need at their first answer.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/** Every module a source loads statically, transitively: project files (relative to the root) and packages. */
function staticGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const specifier = m[1]!;
      if (!specifier.startsWith('.')) {
        packages.add(specifier);
        continue;
      }
      const resolved = path.join(path.dirname(file), specifier).replace(/\.js$/, '.ts');
      if (!existsSync(path.join(root, resolved))) throw new Error(`${file}: cannot resolve ${specifier}`);
      visit(resolved);
    }
  };
  visit(entry);
  return { files: [...files].sort(), packages: [...packages].sort() };
}

describe('what a cold instance loads', () => {
  it('when the edge is loaded, then it loads no page and no session crypto (only a failure page for a browser does)', () => {
    const { files, packages } = staticGraph('shared/http/handler.ts');
    expect(files.filter((f) => f.startsWith('shared/web/') || f === 'shared/http/session.ts')).toEqual([]);
    expect(packages).not.toContain('jose');
  });

  it('when the OpenAPI route is first called, then it loads neither the adapters, the session crypto nor the schemas', () => {
    const { files, packages } = staticGraph('functions/handlers/open-api.ts');
    expect(files.filter((f) => f.startsWith('shared/adapters/') || f === 'shared/deps.ts')).toEqual([]);
    expect(packages.filter((p) => p.startsWith('@azure/') && p !== '@azure/functions')).toEqual([]);
    expect(packages).not.toContain('jose');
    // The document comes from the build (dist/openapi.json): the schemas load only if it is missing.
    expect(files).not.toContain('shared/http/api-document.ts');
  });

  it('when a route that validates no body with a schema is first called, then it does not load zod', () => {
    // Loading zod is about 100 ms of a cold instance's first answer (docs/decisions.md, "Cold start"): the settings,
    // the edge and the invitee's pages read their input without it.
    for (const handler of [
      'open-api',
      'health',
      'assets',
      'accept-invitation-callback',
      'create-company',
      'welcome',
      'sign-in',
      'sign-in-callback',
      'console-home',
      'console-sign-in',
    ]) {
      expect(staticGraph(`functions/handlers/${handler}.ts`).packages, handler).not.toContain('zod');
    }
    expect(staticGraph('shared/config.ts').packages).toEqual([]);
  });

  it('when the app’s dependencies load, then the phone-number library does not (100–400 ms; it loads on the first number read)', () => {
    expect(staticGraph('shared/deps.ts').packages.filter((p) => p.startsWith('libphonenumber-js'))).toEqual([]);
  });

  it('when the graph is read, then it follows value imports and skips type-only ones', () => {
    const { files, packages } = staticGraph('shared/http/respond.ts');
    expect(files).toEqual(['shared/http/respond.ts', 'shared/http/security-headers.ts']);
    expect(packages).toEqual([]);
  });
});
