/** The cryptographic random source of the domain's draws (temporary passwords): `node:crypto`'s uniform `randomInt`. */
import { randomInt } from 'node:crypto';
import type { RandomSource } from '../domain/temporary-password.js';

export const cryptoRandom: RandomSource = { int: (maxExclusive) => randomInt(maxExclusive) };
