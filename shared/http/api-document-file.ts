/**
 * The OpenAPI document as a file of the build: `npm run build` ends with `node dist/shared/http/api-document-file.js`,
 * which writes `dist/openapi.json`. The document depends on nothing but the code (the routes' descriptions and
 * schemas), so `GET /api/openapi.json` serves this file with its server URL set, instead of loading every schema
 * and building the document on a cold instance's first request; without the file (a build by `tsc` alone) the
 * route builds the document itself (functions/handlers/open-api.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apiDocument } from './api-document.js';

/** The server URL written in the file; the route replaces it with PUBLIC_BASE_URL + `/api`. */
export const STORED_SERVER_URL = 'https://onboarding.invalid/api';

/** Writes the document to `file`. */
export function writeApiDocument(file: string | URL): void {
  writeFileSync(file, JSON.stringify(apiDocument(STORED_SERVER_URL)));
}

// Run as a script (the end of `npm run build`): compiled, this module is dist/shared/http/, the file dist/openapi.json.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeApiDocument(new URL('../../openapi.json', import.meta.url));
}
