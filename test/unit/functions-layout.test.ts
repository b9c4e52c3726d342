/**
 * The layout of `functions/`: every file registers exactly one function (`app.http`, `app.storageQueue`,
 * `app.eventGrid`, `app.timer`, …) and is named after it in kebab-case (`ResendInvitation` →
 * `resend-invitation.ts`), so a function is found by its name; nothing else lives there (helpers belong in
 * `shared/`), and no function imports another. The host imports every function file before it listens, so a
 * function file loads nothing at registration: it imports its handler, `functions/handlers/<same name>.ts`, on the
 * first call (`shared/http/on-first-call.ts`), and a cold instance loads only the code of what it runs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../functions');

/** Every registration in a module's source: `app.<trigger>(` and the name it registers, when it is a literal. */
function registrations(source: string): Array<{ trigger: string; name: string | undefined }> {
  return [...source.matchAll(/\bapp\s*\.\s*(\w+)\s*\(\s*(?:(['"`])([^'"`]*)\2)?/g)].map((m) => ({
    trigger: m[1]!,
    name: m[3],
  }));
}

/** What a function file may import when it is loaded: the Functions library and the on-first-call wrappers. */
const LOAD_TIME_IMPORTS = ['@azure/functions', '../shared/http/on-first-call.js'];

/** The modules a source imports when it is loaded (`import type` left out: it is erased) and those it imports later. */
function importsOf(source: string): { atLoad: string[]; later: string[] } {
  const atLoad = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );
  const later = [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return { atLoad, later };
}

/** What a function file loads that it should not: anything but the allowed modules, and any handler but its own. */
function loadProblemsOf(file: string, source: string): string[] {
  const { atLoad, later } = importsOf(source);
  const own = `./handlers/${file.replace(/\.ts$/, '.js')}`;
  return [
    ...atLoad.filter((s) => !LOAD_TIME_IMPORTS.includes(s)).map((s) => `${file} loads ${s} at registration`),
    ...(later.length === 1 && later[0] === own
      ? []
      : [`${file} must import ${own} on the first call (found: ${later.join(', ') || 'none'})`]),
  ];
}

/** `ResendInvitation` → `resend-invitation`, `OpenApi` → `open-api`. */
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** What is wrong with one file of `functions/` (nothing when it is one function, named after it). */
function problemsOf(file: string, source: string): string[] {
  const found = registrations(source);
  if (found.length !== 1) {
    const names = found.map((r) => r.name ?? `app.${r.trigger}(…)`).join(', ') || 'nothing';
    return [`${file} registers ${found.length === 0 ? 'no function' : `${found.length} functions`} (${names})`];
  }
  const { name, trigger } = found[0]!;
  if (!name) return [`${file}: app.${trigger}( without a literal function name`];
  const problems = file === `${kebab(name)}.ts` ? [] : [`${file} registers ${name}: name it ${kebab(name)}.ts`];
  for (const m of source.matchAll(/from\s+['"](\.\/[^'"]+)['"]/g)) problems.push(`${file} imports ${m[1]}`);
  return problems;
}

describe('functions/', () => {
  const entries = readdirSync(dir).sort();

  it('when listed, then it holds only TypeScript files, one per function, and their handlers', () => {
    const others = entries.filter((e) =>
      e === 'handlers'
        ? !statSync(path.join(dir, e)).isDirectory()
        : !e.endsWith('.ts') || !statSync(path.join(dir, e)).isFile(),
    );
    expect(others).toEqual([]);
    expect(entries.length).toBeGreaterThan(1);
    const handlers = existsSync(path.join(dir, 'handlers')) ? readdirSync(path.join(dir, 'handlers')).sort() : [];
    expect(handlers).toEqual(entries.filter((e) => e.endsWith('.ts')));
  });

  it('when a function file is loaded, then it loads nothing but the Functions library, and its handler on the first call', () => {
    const problems = entries
      .filter((e) => e.endsWith('.ts'))
      .flatMap((file) => loadProblemsOf(file, readFileSync(path.join(dir, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('when the on-first-call wrappers are loaded, then they load nothing (the edge only if a handler fails to load)', () => {
    const source = readFileSync(path.resolve(dir, '../shared/http/on-first-call.ts'), 'utf8');
    expect(importsOf(source)).toEqual({ atLoad: [], later: ['./handler.js'] });
  });

  it('when a handler file is read, then it registers nothing (its function file does)', () => {
    const handlersDir = path.join(dir, 'handlers');
    const registering = (existsSync(handlersDir) ? readdirSync(handlersDir) : []).filter(
      (file) => registrations(readFileSync(path.join(handlersDir, file), 'utf8')).length > 0,
    );
    expect(registering).toEqual([]);
  });

  it('when each file is read, then it registers exactly one function, is named after it and imports no other function', () => {
    const problems = entries
      .filter((e) => e.endsWith('.ts'))
      .flatMap((file) => problemsOf(file, readFileSync(path.join(dir, file), 'utf8')));
    expect(problems).toEqual([]);
  });

  it('when a file breaks the layout, then the check says how', () => {
    const two = "azf.app.http('SignIn', {});\nazf.app.http('SignOut', {});";
    expect(problemsOf('sign-in.ts', two)).toEqual(['sign-in.ts registers 2 functions (SignIn, SignOut)']);
    expect(problemsOf('helpers.ts', 'export const x = 1;')).toEqual(['helpers.ts registers no function (nothing)']);
    expect(problemsOf('invitation-resend.ts', "app.http('ResendInvitation', {});")).toEqual([
      'invitation-resend.ts registers ResendInvitation: name it resend-invitation.ts',
    ]);
    expect(problemsOf('open-api.ts', "import { routes } from './health.js';\napp.http('OpenApi', {});")).toEqual([
      'open-api.ts imports ./health.js',
    ]);
    expect(problemsOf('x.ts', 'app.timer(name, {});')).toEqual(['x.ts: app.timer( without a literal function name']);
    expect(
      registrations("app.storageQueue('DispatchOutbox', {}); app.eventGrid(\n  'EmailDeliveryReport', {})"),
    ).toEqual([
      { trigger: 'storageQueue', name: 'DispatchOutbox' },
      { trigger: 'eventGrid', name: 'EmailDeliveryReport' },
    ]);
    expect(kebab('GetInvitationBatch')).toBe('get-invitation-batch');
  });

  it('when a function file loads more than it may, then the check names what', () => {
    const lazy =
      "import azf from '@azure/functions';\nimport { onFirstRequest } from '../shared/http/on-first-call.js';\n";
    const own = "app.http('Health', { handler: onFirstRequest(() => import('./handlers/health.js')) });";
    expect(loadProblemsOf('health.ts', `${lazy}import type { Deps } from '../shared/deps.js';\n${own}`)).toEqual([]);
    expect(loadProblemsOf('health.ts', `${lazy}import { getDeps } from '../shared/deps.js';\n${own}`)).toEqual([
      'health.ts loads ../shared/deps.js at registration',
    ]);
    expect(loadProblemsOf('health.ts', `${lazy}import '../shared/log.js';\n${own}`)).toEqual([
      'health.ts loads ../shared/log.js at registration',
    ]);
    expect(
      loadProblemsOf('health.ts', `${lazy}${own.replace('./handlers/health.js', './handlers/open-api.js')}`),
    ).toEqual(['health.ts must import ./handlers/health.js on the first call (found: ./handlers/open-api.js)']);
    expect(loadProblemsOf('health.ts', `${lazy}app.http('Health', { handler });`)).toEqual([
      'health.ts must import ./handlers/health.js on the first call (found: none)',
    ]);
  });
});
