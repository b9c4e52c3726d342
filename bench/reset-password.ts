/**
 * The forgot-password timing bench (SECURITY.md, "Uniform answers": the timing of `POST /api/ResetPassword` within
 * noise for an address with an account and one without). Measured here, never asserted in a test: N requests for an
 * existing address and N for an unknown one, interleaved (existing, unknown, existing, …) so drift in the machine
 * hits both alike; each timed from the send to the last byte of the answer. Returns both medians.
 *
 * Every request of a bench comes from one client address, so the per-IP limit (20 an hour) would soon answer for
 * itself: with the storage's connection string, the bench forgets that address's counter before each request, so
 * every request takes the full path (the limit counted, the request queued). The per-address limit lives in the
 * worker, out of the request: it changes nothing here.
 */
import { performance } from 'node:perf_hooks';
import { TableClient } from '@azure/data-tables';
import { hashedKey } from '../shared/adapters/table/keys.js';
import { resetLimitKeys } from '../shared/domain/password-reset.js';
import { addressBucket } from '../shared/http/client-address.js';
import { summarize } from './measure.js';

export interface ResetTimingOptions {
  /** The API's base URL, e.g. `http://localhost:7071/api`. */
  apiBase: string;
  /** An address an account signs in with, and one no account has. */
  existing: string;
  unknown: string;
  /** Requests of each kind (default 50). */
  n?: number;
  /** The app's storage (Azurite): the per-IP counter of the local addresses is forgotten before each request. */
  storageConnectionString?: string;
}

export interface ResetTiming {
  n: number;
  existingMedianMs: number;
  unknownMedianMs: number;
  /** Every answer was the same 202 (status and body). */
  uniform: boolean;
}

/** The local addresses the host counts a bench's requests under (IPv4 and IPv6 loopback). */
const LOCAL_ADDRESSES = ['127.0.0.1', '::1'].map((address) => addressBucket(address));

async function forgetIpCounters(connectionString: string): Promise<void> {
  const table = TableClient.fromConnectionString(connectionString, 'Limits', { allowInsecureConnection: true });
  for (const address of LOCAL_ADDRESSES) {
    const partition = hashedKey(resetLimitKeys.ip(address));
    try {
      for await (const row of table.listEntities({
        queryOptions: { filter: `PartitionKey eq '${partition}'`, select: ['PartitionKey', 'RowKey'] },
      })) {
        await table.deleteEntity(partition, String(row.rowKey));
      }
    } catch (error) {
      // No limit was ever taken on this storage: the table does not exist yet, nothing to forget.
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
  }
}

async function timedRequest(apiBase: string, email: string): Promise<{ ms: number; answer: string }> {
  const started = performance.now();
  const response = await fetch(`${apiBase.replace(/\/+$/, '')}/ResetPassword`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const body = await response.text();
  return { ms: performance.now() - started, answer: `${response.status} ${body}` };
}

export async function resetPasswordTiming(options: ResetTimingOptions): Promise<ResetTiming> {
  const n = options.n ?? 50;
  const existing: number[] = [];
  const unknown: number[] = [];
  const answers = new Set<string>();
  for (let i = 0; i < n; i++) {
    for (const [email, samples] of [
      [options.existing, existing],
      [options.unknown, unknown],
    ] as const) {
      if (options.storageConnectionString) await forgetIpCounters(options.storageConnectionString);
      const { ms, answer } = await timedRequest(options.apiBase, email);
      samples.push(ms);
      answers.add(answer);
    }
  }
  return {
    n,
    existingMedianMs: summarize(existing).median,
    unknownMedianMs: summarize(unknown).median,
    uniform: answers.size === 1,
  };
}
