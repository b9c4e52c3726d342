/**
 * Running the project's compiled ops commands (`dist/scripts/*.js`) against the integration stack, as a person
 * would: a child process, its exit code and what it printed. Each test file works on its own copy of the stack
 * file, since another run in the same work tree may rewrite `.dev/test-integration/stack.json` meanwhile.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { stack } from './stack.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A copy of this run's stack file for the file's tests; its path is known once `beforeAll` has run. */
export function stackFileCopy(label: string): () => string {
  let tempDir = '';
  beforeAll(async () => {
    tempDir = await mkdtemp(path.join(os.tmpdir(), `${label}-`));
    await writeFile(path.join(tempDir, 'stack.json'), JSON.stringify(stack()));
  });
  afterAll(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });
  return () => path.join(tempDir, 'stack.json');
}

/** Runs `dist/scripts/<name>.js` with these arguments, from the project root, at most 25 s. */
export function runScript(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'dist/scripts', `${name}.js`), ...args],
      { cwd: root, env, timeout: 25_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** The value printed on a `  label  value` line. */
export const printed = (run: Run, label: string) => new RegExp(`^\\s+${label}\\s+(\\S.*)$`, 'm').exec(run.stdout)?.[1];
