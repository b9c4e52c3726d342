/** The project's root above a built bench file (dist/bench/…): the folder holding host.json and package.json. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'host.json')) && existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no project root above ${from}`);
  }
}
