/**
 * libphonenumber-js with its full metadata takes 100–400 ms to load: the app's dependencies (shared/deps.ts, which
 * every handler loads) must not load it; the phone-number adapter loads it on the first number read.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { phoneNumbers } from '../../shared/adapters/phone-numbers.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The packages a source loads statically, transitively (type-only imports and `import()` excluded). */
function staticPackages(entry: string): Set<string> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(path.join(root, file), 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const specifier = m[1]!;
      if (!specifier.startsWith('.')) packages.add(specifier);
      else {
        const resolved = path.join(path.dirname(file), specifier).replace(/\.js$/, '.ts');
        if (existsSync(path.join(root, resolved))) visit(resolved);
      }
    }
  };
  visit(entry);
  return packages;
}

describe('phone numbers on a cold start', () => {
  it('when the app’s dependencies load, then the phone-number library does not', () => {
    expect([...staticPackages('shared/deps.ts')].filter((p) => p.startsWith('libphonenumber-js'))).toEqual([]);
  });

  it('when a number is first read, then the library is loaded and reads it', () => {
    expect(phoneNumbers.parse('06 12 34 56 78', 'FR')).toEqual({ e164: '+33612345678', country: 'FR', line: 'mobile' });
    expect(phoneNumbers.parse('05 56 00 00 00', 'FR')?.line).toBe('fixed-line');
    expect(phoneNumbers.parse('+33 1 2', 'FR')).toBeUndefined();
  });
});
