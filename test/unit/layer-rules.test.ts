/**
 * The layer rules of `biome.json` (docs/architecture.md, "The rules"), shown to fail when broken: a small tree with
 * one wrong import per file, in each layer, is linted with the project's own configuration; every wrong file must be
 * reported by the rule that guards it, and the files that import what their layer may import must not be.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const biome = path.join(root, 'node_modules/.bin/biome');

const restricted = 'lint/style/noRestrictedImports';

/** path → [source, the rule that must report it (undefined: nothing may be reported)] */
const tree: Record<string, [string, string | undefined]> = {
  // The domain imports only the domain.
  'shared/domain/sdk.ts': [
    "import { TableClient } from '@azure/data-tables';\nexport const x = TableClient;",
    restricted,
  ],
  'shared/domain/node.ts': ["import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;", restricted],
  'shared/domain/jose.ts': ["import { jwtVerify } from 'jose';\nexport const x = jwtVerify;", restricted],
  'shared/domain/zod.ts': ["import { z } from 'zod';\nexport const x = z;", restricted],
  'shared/domain/config.ts': ["import { settings } from '../config.js';\nexport const x = settings;", restricted],
  'shared/domain/log.ts': ["import { createLogger } from '../log.js';\nexport const x = createLogger;", restricted],
  'shared/domain/deps.ts': ["import { getDeps } from '../deps.js';\nexport const x = getDeps;", restricted],
  'shared/domain/adapter.ts': [
    "import { systemClock } from '../adapters/system.js';\nexport const x = systemClock;",
    restricted,
  ],
  'shared/domain/http.ts': ["import { html } from '../http/html.js';\nexport const x = html;", restricted],
  'shared/domain/web.ts': ["import { renderPage } from '../web/layout.js';\nexport const x = renderPage;", restricted],
  'shared/domain/environment.ts': ['export const x = process.env.PUBLIC_BASE_URL;', 'lint/style/noRestrictedGlobals'],
  'shared/domain/use-cases/escape.ts': [
    "import { settings } from '../../config.js';\nexport const x = settings;",
    restricted,
  ],
  'shared/domain/use-cases/adapter.ts': [
    "import { tableFactory } from '../../adapters/table/tables.js';\nexport const x = tableFactory;",
    restricted,
  ],
  'shared/domain/rules.ts': ["import { clock } from './ports.js';\nexport const x = clock;", undefined],
  'shared/domain/ports.ts': ['export const clock = 1;', undefined],
  'shared/domain/use-cases/flow.ts': [
    "import { clock } from '../ports.js';\nimport { step } from './step.js';\nexport const x = clock + step;",
    undefined,
  ],
  'shared/domain/use-cases/step.ts': ['export const step = 1;', undefined],
  // Adapters never reach the edge, the pages, the functions or the composition root.
  'shared/adapters/http.ts': [
    "import { problemResponse } from '../http/problem.js';\nexport const x = problemResponse;",
    restricted,
  ],
  'shared/adapters/web.ts': [
    "import { renderPage } from '../web/layout.js';\nexport const x = renderPage;",
    restricted,
  ],
  'shared/adapters/functions.ts': [
    "import { healthHandler } from '../../functions/health.js';\nexport const x = healthHandler;",
    restricted,
  ],
  'shared/adapters/table/deps.ts': ["import { getDeps } from '../../deps.js';\nexport const x = getDeps;", restricted],
  'shared/adapters/store.ts': [
    "import { TableClient } from '@azure/data-tables';\nimport { clock } from '../domain/ports.js';\nexport const x = [TableClient, clock];",
    undefined,
  ],
  // The edge and the pages never reach adapters.
  'shared/http/adapter.ts': [
    "import { tableFactory } from '../adapters/table/tables.js';\nexport const x = tableFactory;",
    restricted,
  ],
  'shared/http/deps.ts': ["import { getDeps } from '../deps.js';\nexport const x = getDeps;", restricted],
  'shared/web/adapter.ts': [
    "import { createLinkKeys } from '../adapters/link-keys.js';\nexport const x = createLinkKeys;",
    restricted,
  ],
  'shared/http/edge.ts': [
    "import type { HttpRequest } from '@azure/functions';\nimport { clock } from '../domain/ports.js';\nexport const x = (r: HttpRequest) => [r, clock];",
    undefined,
  ],
  // Functions reach adapters only through shared/deps.ts.
  'functions/adapter.ts': [
    "import { createLinkKeys } from '../shared/adapters/link-keys.js';\nexport const x = createLinkKeys;",
    restricted,
  ],
  'functions/dev.ts': ["import { startStack } from '../dev/stack.js';\nexport const x = startStack;", restricted],
  'functions/good-function.ts': [
    "import { getDeps } from '../shared/deps.js';\nimport { clock } from '../shared/domain/ports.js';\nexport const x = [getDeps, clock];",
    undefined,
  ],
  'shared/deps.ts': ['export const getDeps = () => 1;', undefined],
  // No import cycles, in any layer.
  'shared/web/cycle-a.ts': [
    "import { b } from './cycle-b.js';\nexport const a = () => b();",
    'lint/suspicious/noImportCycles',
  ],
  'shared/web/cycle-b.ts': [
    "import { a } from './cycle-a.js';\nexport const b = () => a();",
    'lint/suspicious/noImportCycles',
  ],
};

interface Diagnostic {
  severity: string;
  category: string;
  message: string;
  location: { path: string | null };
}

let dir: string;
let diagnostics: Diagnostic[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'layer-rules-'));
  const config = JSON.parse(await readFile(path.join(root, 'biome.json'), 'utf8'));
  delete config.$schema;
  config.vcs = { enabled: false };
  await writeFile(path.join(dir, 'biome.json'), JSON.stringify(config));
  for (const [file, [source]] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), `${source}\n`);
  }
  const { stdout } = await promisify(execFile)(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
    cwd: dir,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  diagnostics = (JSON.parse(stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.severity === 'error');
}, 30_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const reported = (file: string) =>
  diagnostics.filter((d) => d.location.path?.split(path.sep).join('/') === file).map((d) => d.category);

describe('the layer rules of biome.json', () => {
  it.each(Object.entries(tree).filter(([, [, rule]]) => rule))(
    'when %s imports what its layer may not, then lint fails with that rule',
    (file, [, rule]) => {
      expect(reported(file)).toContain(rule);
    },
  );

  it('when every file imports only what its layer may, then lint reports nothing on them', () => {
    const allowed = Object.entries(tree)
      .filter(([, [, rule]]) => !rule)
      .map(([file]) => file);
    expect(allowed.flatMap((file) => reported(file).map((rule) => `${file}: ${rule}`))).toEqual([]);
  });

  it('when a rule is broken, then its message says what the layer may do instead', () => {
    const messages = diagnostics.filter((d) => d.category === restricted).map((d) => d.message);
    expect(messages.some((m) => /depend on a port/i.test(m) && /domain/i.test(m))).toBe(true);
    expect(messages.some((m) => /through the composition root, shared\/deps\.ts/.test(m))).toBe(true);
  });
});
