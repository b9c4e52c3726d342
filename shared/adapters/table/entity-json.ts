/**
 * Domain values are kept as one JSON column per entity (plus a few plain columns for filters and for people
 * reading the tables). Dates are revived by name, never by shape, so a name that looks like a date stays text.
 */

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(json: unknown, dateFields: readonly string[]): T {
  if (typeof json !== 'string') throw new Error('entity has no Data column');
  const value = JSON.parse(json) as Record<string, unknown>;
  for (const path of dateFields) {
    const parts = path.split('.');
    let holder: Record<string, unknown> | undefined = value;
    for (const part of parts.slice(0, -1)) holder = holder?.[part] as Record<string, unknown> | undefined;
    const last = parts.at(-1)!;
    const raw = holder?.[last];
    if (holder && typeof raw === 'string') holder[last] = new Date(raw);
  }
  return value as T;
}

export const OUTBOX_DATES = ['createdAt', 'sentAt', 'repeatability.firstSentAt', 'report.at'] as const;
