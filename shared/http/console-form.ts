/**
 * Reading a console page's POST body: an urlencoded form (every page), or for a page that declares it, a
 * `multipart/form-data` form with files (the bulk invite's CSV upload). The size is checked on the declared length and
 * again on the bytes read; the multipart body is parsed from those bytes (the platform's own `FormData` parser), so
 * nothing larger than the page's limit is ever held. A file's bytes are kept as bytes: the page decodes them itself
 * (`decodeCsv`), never as UTF-8 text.
 */
import type { HttpRequest } from '@azure/functions';
import { BrowserRefusal, FORM_LIMIT, readForm } from './browser.js';

/** What a page's POST may be: its largest body in bytes, and whether it takes `multipart/form-data`. */
export interface ConsoleBodyRule {
  limit: number;
  multipart?: boolean;
}

/** An uploaded file: its name and type as the browser gave them, and its bytes. */
export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

export interface ConsoleForm {
  fields: URLSearchParams;
  files: ReadonlyMap<string, UploadedFile>;
}

export const URLENCODED_ONLY: ConsoleBodyRule = { limit: FORM_LIMIT };

const MULTIPART = /^multipart\/form-data\s*;/i;

/** The declared body is larger than the page takes (checked before anything else is read). */
export const declaredTooLarge = (request: HttpRequest, rule: ConsoleBodyRule) =>
  Number(request.headers.get('content-length') ?? '0') > rule.limit;

export async function readConsoleForm(request: HttpRequest, rule: ConsoleBodyRule): Promise<ConsoleForm> {
  const type = request.headers.get('content-type') ?? '';
  if (!rule.multipart || !MULTIPART.test(type)) {
    if (rule.limit === FORM_LIMIT) return { fields: await readForm(request), files: new Map() };
    if (!/^application\/x-www-form-urlencoded\b/i.test(type)) throw new BrowserRefusal(415, 'expected a form');
    const bytes = await bodyWithin(request, rule.limit);
    return { fields: new URLSearchParams(new TextDecoder().decode(bytes)), files: new Map() };
  }
  const bytes = await bodyWithin(request, rule.limit);
  let data: FormData;
  try {
    data = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  } catch {
    throw new BrowserRefusal(415, 'unreadable multipart form');
  }
  const fields = new URLSearchParams();
  const files = new Map<string, UploadedFile>();
  for (const [name, value] of data.entries()) {
    if (typeof value === 'string') fields.append(name, value);
    else if (!files.has(name))
      files.set(name, { name: value.name, type: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { fields, files };
}

async function bodyWithin(request: HttpRequest, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get('content-length') ?? '0') > limit) throw new BrowserRefusal(413, 'form too large');
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > limit) throw new BrowserRefusal(413, 'form too large');
  return bytes;
}
