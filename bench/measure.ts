/**
 * Small measuring tools of the bench: percentiles of latency samples, a sampler of a process's resident memory
 * (`ps -o rss=`, or /proc where it exists), and number formatting for the report.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

export interface Summary {
  count: number;
  median: number;
  p95: number;
  mean: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    mean: sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Resident set size of a process in bytes, or undefined once it is gone. */
export async function rssOf(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // Not Linux, or the process is gone: ask ps.
  }
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], (error, stdout) => {
      const kb = Number(stdout.trim());
      resolve(error || !Number.isFinite(kb) || kb <= 0 ? undefined : kb * 1024);
    });
  });
}

export interface MemorySampler {
  /** Stops sampling; resolves with the samples (bytes), the peak, when it was (ms after the start) and the last. */
  stop(): Promise<{ samples: number[]; peak: number; peakAtMs: number; last: number }>;
}

/** Samples a process's RSS every `everyMs` until stopped. */
export function sampleMemory(pid: number, everyMs = 250): MemorySampler {
  const samples: number[] = [];
  const times: number[] = [];
  const started = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const rss = await rssOf(pid);
      if (rss !== undefined) {
        samples.push(rss);
        times.push(performance.now() - started);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const rss = await rssOf(pid);
      if (rss !== undefined) {
        samples.push(rss);
        times.push(performance.now() - started);
      }
      const peak = Math.max(0, ...samples);
      return { samples, peak, peakAtMs: times[samples.indexOf(peak)] ?? 0, last: samples.at(-1) ?? 0 };
    },
  };
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const ms = (value: number) => (value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`);
export const seconds = (valueMs: number) => `${(valueMs / 1000).toFixed(1)} s`;
export const sleep = (delayMs: number) => new Promise((resolve) => setTimeout(resolve, delayMs));
