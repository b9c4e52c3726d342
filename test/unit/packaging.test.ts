/**
 * The deployment package: `azd deploy` zips the project minus what `.funcignore` lists (gitignore syntax) and, with
 * `remoteBuild: true` in azure.yaml, Flex Consumption runs `npm install` and `npm run build` on it. azd refuses an
 * explicit `remoteBuild: true` whose `.funcignore` keeps `node_modules` (Azure/azure-dev PR #7223). These tests read
 * both files, list what would be uploaded, and run the build on that list alone, as the remote build does.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface IgnoreRule {
  negated: boolean;
  directoryOnly: boolean;
  regex: RegExp;
}

/** gitignore patterns → rules (the subset of the syntax azd's ignore files use: globs, anchors, `!`, trailing `/`). */
function parseIgnoreFile(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1);
    const directoryOnly = line.endsWith('/');
    if (directoryOnly) line = line.slice(0, -1);
    // A slash at the start or in the middle anchors the pattern at the root; otherwise it matches at any depth.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    let source = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (c === '*' && line[i + 1] === '*') {
        source += line[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += line[i + 2] === '/' ? 2 : 1;
      } else if (c === '*') source += '[^/]*';
      else if (c === '?') source += '[^/]';
      else if (c === '[') {
        const end = line.indexOf(']', i);
        source += end > i ? line.slice(i, end + 1) : '\\[';
        i = end > i ? end : i;
      } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    rules.push({ negated, directoryOnly, regex: new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`) });
  }
  return rules;
}

/** Whether a path (relative, with `/`) is ignored: the last matching rule decides, as in git. */
function isIgnored(rules: IgnoreRule[], relativePath: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.directoryOnly && !isDirectory) continue;
    if (rule.regex.test(relativePath)) ignored = !rule.negated;
  }
  return ignored;
}

/** Every file azd would put in the package: a walk of the project that prunes ignored directories. */
function packagedFiles(projectRoot: string, rules: IgnoreRule[]): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(projectRoot, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      // A symbolic link to a directory (node_modules in a work tree) is zipped as the directory.
      const isDirectory =
        entry.isDirectory() || (entry.isSymbolicLink() && isDirectoryPath(path.join(projectRoot, relative)));
      if (isIgnored(rules, relative, isDirectory)) continue;
      if (isDirectory) walk(relative);
      else files.push(relative);
    }
  };
  walk('');
  return files.sort();
}

function isDirectoryPath(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `remoteBuild` of the `api` service in azure.yaml (a flat file: one service, keys one per line). */
function remoteBuildOf(azureYaml: string): boolean | undefined {
  const service = azureYaml.split(/^services:\s*$/m)[1] ?? '';
  const match = /^\s+remoteBuild:\s*(true|false)\s*(?:#.*)?$/m.exec(service);
  return match ? match[1] === 'true' : undefined;
}

const azureYaml = readFileSync(path.join(root, 'azure.yaml'), 'utf8');
const rules = parseIgnoreFile(readFileSync(path.join(root, '.funcignore'), 'utf8'));

describe('the ignore-file reader', () => {
  it('when patterns are anchored, directory-only, globbed or negated, then it reads them as git does', () => {
    const r = parseIgnoreFile('node_modules/\n/dist\n*.log\n!keep.log\ndocs/**/draft-*.md\n');
    expect(isIgnored(r, 'node_modules', true)).toBe(true);
    expect(isIgnored(r, 'a/node_modules', true)).toBe(true);
    expect(isIgnored(r, 'node_modules', false)).toBe(false);
    expect(isIgnored(r, 'dist', true)).toBe(true);
    expect(isIgnored(r, 'shared/dist', true)).toBe(false);
    expect(isIgnored(r, 'x/y.log', false)).toBe(true);
    expect(isIgnored(r, 'keep.log', false)).toBe(false);
    expect(isIgnored(r, 'docs/a/b/draft-1.md', false)).toBe(true);
    expect(isIgnored(r, 'docs/final.md', false)).toBe(false);
  });
});

describe('the deployment package (.funcignore against azure.yaml)', () => {
  const files = packagedFiles(root, rules);

  it('when azure.yaml asks for a remote build, then .funcignore leaves node_modules out', () => {
    expect(remoteBuildOf(azureYaml)).toBe(true);
    expect(isIgnored(rules, 'node_modules', true)).toBe(true);
    expect(files.filter((f) => f.startsWith('node_modules/') || f.includes('/node_modules/'))).toEqual([]);
  });

  it('when the remote build recreates dist/, then the local build output is not uploaded', () => {
    expect(isIgnored(rules, 'dist', true)).toBe(true);
  });

  it('when the package is made, then the local stack, its keys and local settings stay out', () => {
    for (const local of ['.dev', 'dev', 'test', 'infra', 'tools']) expect(isIgnored(rules, local, true)).toBe(true);
    expect(isIgnored(rules, 'local.settings.json', false)).toBe(true);
    expect(files.some((f) => f.startsWith('.dev/') || f.startsWith('dev/'))).toBe(false);
  });

  it('when the remote build runs npm install and npm run build, then everything they read is uploaded', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      main: string;
    };
    expect(pkg.scripts.build).toBeDefined();
    for (const needed of ['package.json', 'package-lock.json', 'host.json', 'tsconfig.json', 'tsconfig.build.json']) {
      expect(files).toContain(needed);
    }
    const sources = (dir: string) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${dir}/${f.split(path.sep).join('/')}`);
    for (const source of [...sources('functions'), ...sources('shared')]) expect(files).toContain(source);
  });
});

describe('the remote build, run on the package alone', () => {
  let buildDir = '';

  beforeAll(() => {
    buildDir = mkdtempSync(path.join(tmpdir(), 'package-'));
    for (const file of packagedFiles(root, rules)) {
      cpSync(path.join(root, file), path.join(buildDir, file));
    }
    // `npm install` on the server recreates node_modules; the installed tree stands in for it.
    symlinkSync(path.join(root, 'node_modules'), path.join(buildDir, 'node_modules'), 'dir');
  });

  afterAll(() => {
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it('when `npm run build` runs on what is uploaded, then every function and served asset is built', () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: buildDir, stdio: 'pipe' });
    const pkg = JSON.parse(readFileSync(path.join(buildDir, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/functions/*.js');
    const functionSources = readdirSync(path.join(root, 'functions')).filter((f) => f.endsWith('.ts'));
    expect(functionSources.length).toBeGreaterThan(0);
    for (const source of functionSources) {
      expect(existsSync(path.join(buildDir, 'dist/functions', source.replace(/\.ts$/, '.js')))).toBe(true);
      expect(existsSync(path.join(buildDir, 'dist/functions/handlers', source.replace(/\.ts$/, '.js')))).toBe(true);
    }
    // functions/handlers/open-api.ts serves the document the build writes.
    expect(existsSync(path.join(buildDir, 'dist/openapi.json'))).toBe(true);
    // functions/handlers/assets.ts serves these from the build output at run time.
    for (const asset of ['web/assets/company-form.client.js', 'domain/company-form.js']) {
      expect(existsSync(path.join(buildDir, 'dist/shared', asset))).toBe(true);
    }
  }, 120_000);
});
