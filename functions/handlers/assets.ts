/**
 * `GET /api/assets/{*path}`: the browser modules of the Create Company page, from the compiled `dist/shared/`.
 * Only an allow-list is served — the page's script and the rules module it imports — at paths that mirror
 * `dist/shared/`, so the script's relative import (`../../domain/company-form.js`) resolves in the browser to
 * another allowed asset. Files are read once per process and kept in memory; anything else is a 404.
 */
import { readFile } from 'node:fs/promises';
import type { HttpResponseInit } from '@azure/functions';
import { edge, type Handler } from '../../shared/http/handler.js';
import { problemResponse } from '../../shared/http/problem.js';
import { apiHeaders } from '../../shared/http/security-headers.js';

/** URL path under `/api/assets/` → file under `dist/shared/` (the same path). */
export const ASSETS: ReadonlySet<string> = new Set([
  'web/assets/company-form.client.js',
  'domain/company-form.js',
  'web/assets/copy-link.client.js',
  'web/assets/bulk-progress.client.js',
  'web/assets/password-criteria.client.js',
  'domain/password-rules.js',
]);

/**
 * Compiled, this module is `dist/functions/handlers/assets.js` and the files are in `dist/shared/`; run from source
 * (tests with tsx or vitest), it is `functions/handlers/assets.ts` and the build output is in `dist/shared/` under
 * the root.
 */
const SHARED = new URL(import.meta.url.endsWith('.ts') ? '../../dist/shared/' : '../../shared/', import.meta.url);

const cache = new Map<string, Promise<string>>();

/** The file's text without its source-map comment: the maps are not served, so browsers need not ask for them. */
function load(path: string): Promise<string> {
  let text = cache.get(path);
  if (!text) {
    text = readFile(new URL(path, SHARED), 'utf8').then((code) =>
      code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'),
    );
    // A failed read (build missing) is not remembered: the next request tries again.
    text.catch(() => cache.delete(path));
    cache.set(path, text);
  }
  return text;
}

export async function assetResponse(path: string): Promise<HttpResponseInit> {
  if (!ASSETS.has(path)) {
    return problemResponse({ status: 404, code: 'asset-not-found', title: 'No such asset' });
  }
  return {
    status: 200,
    headers: {
      ...apiHeaders(),
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=300',
      'X-Content-Type-Options': 'nosniff',
    },
    body: await load(path),
  };
}

export const assetsHandler: Handler<undefined> = async (request) => assetResponse(request.params.path ?? '');

/** `Assets` as the host calls it (registered by functions/assets.ts, which imports this module on the first call). */
export const handler = edge(assetsHandler, () => undefined);
