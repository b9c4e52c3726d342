/**
 * The OpenAPI document written by the build (shared/http/api-document-file.ts → dist/openapi.json) and served by
 * `GET /api/openapi.json` with its server URL set: the same document the route would build itself.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentFor } from '../../functions/handlers/open-api.js';
import { apiDocument } from '../../shared/http/api-document.js';
import { STORED_SERVER_URL, writeApiDocument } from '../../shared/http/api-document-file.js';

const dir = mkdtempSync(path.join(tmpdir(), 'openapi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the OpenAPI document of the build', () => {
  it('when the build writes it, then it is the document with the placeholder server', () => {
    const file = path.join(dir, 'openapi.json');
    writeApiDocument(file);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.servers).toEqual([{ url: STORED_SERVER_URL }]);
    expect(written).toEqual(JSON.parse(JSON.stringify(apiDocument(STORED_SERVER_URL))));
  });

  it('when the route serves it, then its server is PUBLIC_BASE_URL/api and the rest is the built document', async () => {
    const file = path.join(dir, 'served.json');
    writeApiDocument(file);
    let reads = 0;
    const read = async () => {
      reads++;
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    };
    const url = 'https://stored.example/api';
    const served = await documentFor(url, read);
    expect(served).toEqual(JSON.parse(JSON.stringify(apiDocument(url))));
    expect(Object.keys(served)).toEqual(Object.keys(apiDocument(url)));
    expect(await documentFor(url, read)).toBe(served);
    expect(reads).toBe(1);
  });

  it('when the build wrote no document, then the route builds it', async () => {
    const url = 'https://built-here.example/api';
    expect(await documentFor(url, async () => undefined)).toEqual(apiDocument(url));
  });
});
