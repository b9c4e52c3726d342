/**
 * `GET /api/openapi.json`: the OpenAPI document of every route, built from the schemas the functions validate with
 * and the routes' descriptions (shared/http/api-document.ts). The document depends only on the code: `npm run build`
 * writes it to `dist/openapi.json` (shared/http/api-document-file.ts), and the route serves that file with its
 * server set to PUBLIC_BASE_URL + `/api`, read on the first request and kept for the process — so a cold instance
 * does not load every schema to answer. Without the file (a build by `tsc` alone) it builds the document once.
 * Its only dependency is the settings: the first request does not load the adapters (shared/deps.ts).
 */
import { readFile } from 'node:fs/promises';
import { type Settings, settings } from '../../shared/config.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

/** Compiled, this module is dist/functions/handlers/ and the build's document dist/openapi.json. */
const STORED = new URL('../../openapi.json', import.meta.url);

type Document = Record<string, unknown>;

let stored: Promise<Document | undefined> | undefined;
let served: { serverUrl: string; document: Document } | undefined;

/** The document written by the build, if there is one. */
function storedDocument(): Promise<Document | undefined> {
  stored ??= readFile(STORED, 'utf8').then(
    (text) => JSON.parse(text) as Document,
    () => undefined,
  );
  return stored;
}

/** The document for this server URL: the build's, or built here (once either way). */
export async function documentFor(serverUrl: string, read = storedDocument): Promise<Document> {
  if (served?.serverUrl !== serverUrl) {
    const fromBuild = await read();
    const document = fromBuild
      ? { ...fromBuild, servers: [{ url: serverUrl }] }
      : (await import('../../shared/http/api-document.js')).apiDocument(serverUrl);
    served = { serverUrl, document };
  }
  return served.document;
}

export const openApiHandler: Handler<{ settings: Pick<Settings, 'PUBLIC_BASE_URL'> }> = async (
  _request,
  _context,
  deps,
) =>
  jsonResponse(200, await documentFor(`${deps.settings.PUBLIC_BASE_URL}/api`), {
    'Cache-Control': 'public, max-age=300',
  });

/** `OpenApi` as the host calls it (registered by functions/open-api.ts, which imports this module on the first call). */
export const handler = edge(openApiHandler, () => ({ settings: settings() }));
