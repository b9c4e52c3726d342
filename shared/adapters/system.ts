/** The system clock and GUIDs (random, and derived by name for idempotent bulk rows). */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock, Ids } from '../domain/ports.js';

export const systemClock: Clock = { now: () => new Date() };

export const systemIds: Ids = {
  newId: () => randomUUID(),
  derive(namespace, name) {
    // A name-based GUID (RFC 9562 version 8 layout) from SHA-256: stable, and unguessable without the namespace.
    const h = createHash('sha256').update(`${namespace}\u0000${name}`).digest();
    h[6] = (h[6]! & 0x0f) | 0x80;
    h[8] = (h[8]! & 0x3f) | 0x80;
    const hex = h.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  },
};
