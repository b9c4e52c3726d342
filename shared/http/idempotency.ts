/**
 * `Idempotency-Key` on mutating JSON endpoints: the same key with the same request within 24 h gets the first
 * answer again (with `Idempotent-Replayed: true`); with a different request it is refused (422); while the first
 * one still runs, a second gets 409. A failed first attempt (5xx or an exception) forgets the key, so a retry runs.
 */
import { createHash } from 'node:crypto';
import type { HttpResponseInit } from '@azure/functions';
import { IDEMPOTENCY_WINDOW_MS, type IdempotencyStore } from '../domain/ports.js';
import { problemResponse } from './problem.js';

const KEY = /^[\x21-\x7e]{1,255}$/;

/** 409: the first request with this key still runs. */
const stillRunning = () =>
  problemResponse(
    {
      status: 409,
      code: 'request-in-progress',
      title: 'A request with this Idempotency-Key is still running',
      detail: 'Retry in a moment.',
    },
    { 'Retry-After': '1' },
  );

export async function withIdempotency(
  store: IdempotencyStore,
  options: { key: string | null; scope: string; request: string; now: Date },
  run: () => Promise<HttpResponseInit>,
): Promise<HttpResponseInit> {
  if (options.key === null) return run();
  if (!KEY.test(options.key)) {
    return problemResponse({
      status: 400,
      code: 'invalid-idempotency-key',
      title: 'The Idempotency-Key header is not valid',
      detail: 'Use 1 to 255 visible ASCII characters, e.g. a UUID.',
    });
  }
  const fingerprint = createHash('sha256').update(options.request).digest('base64url');
  const begun = await store.begin(options.scope, options.key, fingerprint, options.now);
  let createdAt = options.now;
  if (!begun.claimed) {
    const record = begun.record;
    const fresh = options.now.getTime() - record.createdAt.getTime() < IDEMPOTENCY_WINDOW_MS;
    if (fresh && record.fingerprint !== fingerprint) {
      return problemResponse({
        status: 422,
        code: 'idempotency-key-reused',
        title: 'This Idempotency-Key was used for another request',
        detail: 'Use a new key for a different request.',
      });
    }
    if (fresh && record.state === 'done') {
      return {
        status: record.response.status,
        headers: { ...record.response.headers, 'Idempotent-Replayed': 'true' },
        body: record.response.body,
      };
    }
    if (fresh) {
      return stillRunning();
    }
    const etag = await store.restart(options.scope, options.key, fingerprint, options.now, record.etag);
    if (!etag) {
      return stillRunning();
    }
    createdAt = options.now;
  }
  let response: HttpResponseInit;
  try {
    response = await run();
  } catch (error) {
    await store.abandon(options.scope, options.key);
    throw error;
  }
  const status = response.status ?? 200;
  if (status >= 500) {
    await store.abandon(options.scope, options.key);
    return response;
  }
  await store.finish(options.scope, options.key, fingerprint, createdAt, {
    status,
    headers: (response.headers ?? {}) as Record<string, string>,
    body: typeof response.body === 'string' ? response.body : '',
  });
  return response;
}
