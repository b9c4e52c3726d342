/**
 * How a storage failure reaches the caller (shared/adapters/table/tables.ts `storage`, SECURITY.md "Reliability"):
 * an outage — no answer at all, a timeout, throttling or a 5xx — is `dependency-unavailable` (503 with Retry-After
 * at the edge); a refusal that says something about the request (404, 409, 412) stays what it is.
 */
import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { storage } from '../../shared/adapters/table/tables.js';
import { DomainError } from '../../shared/domain/errors.js';

const failing = (error: unknown) => storage(() => Promise.reject(error));

describe('a storage call that fails', () => {
  it('when storage does not answer at all (connection refused), then the caller gets dependency-unavailable with a Retry-After', async () => {
    const refused = new RestError('connect ECONNREFUSED 127.0.0.1:10002', { code: 'ECONNREFUSED' });
    await expect(failing(refused)).rejects.toMatchObject({
      code: 'dependency-unavailable',
      details: { retryAfterSeconds: 5, dependency: 'storage' },
    });
  });

  it('when storage times out, throttles or answers 5xx, then the caller gets dependency-unavailable', async () => {
    for (const statusCode of [408, 429, 500, 503]) {
      const error = await failing(new RestError('storage said no', { statusCode })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'dependency-unavailable' });
    }
  });

  it('when storage refuses the request itself (404, 409, 412), then the error stays the SDK’s', async () => {
    for (const statusCode of [404, 409, 412]) {
      const error = await failing(new RestError('storage said no', { statusCode })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RestError);
    }
  });
});
