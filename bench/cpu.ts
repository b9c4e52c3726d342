/**
 * CPU time spent by the processes a measurement involves, read from `/proc` (user + system, whole clock ticks of
 * 10 ms): the Functions host, Azurite, and the bench process itself (the load client, the raw writes' SDK; the local
 * Entra ID and ACS also live there but are idle under load). CPU time is far less disturbed than latency by whatever
 * else runs on the machine, and it shows where a request's cost goes when every process shares the same cores.
 */
import { readdir, readFile } from 'node:fs/promises';

export interface CpuSample {
  hostMs: number;
  azuriteMs: number;
  benchMs: number;
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

async function cpuMsOf(pid: number): Promise<number> {
  if (!pid) return 0;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.split(') ')[1]?.split(' ');
  return fields ? (Number(fields[11]) + Number(fields[12])) * TICK_MS : 0;
}

/** The child process of this one that runs Azurite (the stack's own; its ports are chosen at random), or 0. */
export async function azuritePid(): Promise<number> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const parent = Number(stat.split(') ')[1]?.split(' ')[1]);
    if (cmdline.includes('azurite.js') && parent === process.pid) return Number(entry);
  }
  return 0;
}

/** Reads the three processes' CPU time so far; `minus` gives what was spent between two readings. */
export function cpuMeter(hostPid: number, azurite: number) {
  return {
    async read(): Promise<CpuSample> {
      const self = process.cpuUsage();
      return {
        hostMs: await cpuMsOf(hostPid),
        azuriteMs: await cpuMsOf(azurite),
        benchMs: (self.user + self.system) / 1000,
      };
    },
  };
}

export const cpuMinus = (a: CpuSample, b: CpuSample): CpuSample => ({
  hostMs: a.hostMs - b.hostMs,
  azuriteMs: a.azuriteMs - b.azuriteMs,
  benchMs: a.benchMs - b.benchMs,
});

export const cpuPlus = (a: CpuSample, b: CpuSample): CpuSample => ({
  hostMs: a.hostMs + b.hostMs,
  azuriteMs: a.azuriteMs + b.azuriteMs,
  benchMs: a.benchMs + b.benchMs,
});

export const NO_CPU: CpuSample = { hostMs: 0, azuriteMs: 0, benchMs: 0 };
