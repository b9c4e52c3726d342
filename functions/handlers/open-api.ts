/**
 * `GET /api/openapi.json`: the OpenAPI document of every route, built from the schemas the functions validate with
 * and the routes' descriptions (shared/http/api-document.ts). The document is the same for every request: it is
 * built on the first one and kept for the process (a new PUBLIC_BASE_URL means a new process). Its only dependency
 * is the settings, so the first request does not load the adapters (shared/deps.ts).
 */
import { type Settings, settings } from '../../shared/config.js';
import { apiDocument } from '../../shared/http/api-document.js';
import { edge, type Handler } from '../../shared/http/handler.js';
import { jsonResponse } from '../../shared/http/respond.js';

let built: { serverUrl: string; document: ReturnType<typeof apiDocument> } | undefined;

/** The document for this server URL, built once. */
function documentFor(serverUrl: string): ReturnType<typeof apiDocument> {
  if (built?.serverUrl !== serverUrl) built = { serverUrl, document: apiDocument(serverUrl) };
  return built.document;
}

export const openApiHandler: Handler<{ settings: Pick<Settings, 'PUBLIC_BASE_URL'> }> = async (
  _request,
  _context,
  deps,
) => jsonResponse(200, documentFor(`${deps.settings.PUBLIC_BASE_URL}/api`), { 'Cache-Control': 'public, max-age=300' });

/** `OpenApi` as the host calls it (registered by functions/open-api.ts, which imports this module on the first call). */
export const handler = edge(openApiHandler, () => ({ settings: settings() }));
