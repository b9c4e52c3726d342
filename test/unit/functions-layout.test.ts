/**
 * The layout of `functions/`: every file registers exactly one function (`app.http`, `app.storageQueue`,
 * `app.eventGrid`, `app.timer`, …) and is named after it in kebab-case (`ResendInvitation` →
 * `resend-invitation.ts`), so a function is found by its name; nothing else lives there (helpers belong in
 * `shared/`), and no function imports another.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

  it('when listed, then it holds only TypeScript files, one per function', () => {
    const others = entries.filter((e) => !e.endsWith('.ts') || !statSync(path.join(dir, e)).isFile());
    expect(others).toEqual([]);
    expect(entries.length).toBeGreaterThan(0);
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
});
