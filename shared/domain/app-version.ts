/**
 * The mobile app's versions (seed 004: "make sure the client has the latest version"). The app names its version in
 * `X-App-Version`; the service refuses one below the minimum of the settings. Versions compare as Semantic Versioning
 * 2.0.0 says (§11): major, minor and patch as numbers (1.10.0 > 1.9.3), a pre-release below its release
 * (1.4.0-beta.2 < 1.4.0), build metadata ignored. Stores and apps often print "2.1" for "2.1.0": one to three numbers
 * are accepted, the missing ones read as 0.
 */

export interface AppVersion {
  /** Major, minor, patch. */
  numbers: [number, number, number];
  /** The pre-release identifiers (`beta.2` → `['beta', '2']`); empty for a release. */
  preRelease: string[];
}

/** At most this many characters: a header longer than that is not a version. */
export const APP_VERSION_MAX_LENGTH = 64;

const NUMBER = '(0|[1-9]\\d{0,14})';
const IDENTIFIER = '[0-9A-Za-z-]+';
const VERSION = new RegExp(
  `^${NUMBER}(?:\\.${NUMBER})?(?:\\.${NUMBER})?(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+${IDENTIFIER}(?:\\.${IDENTIFIER})*)?$`,
);

/** The version this text names, or undefined when it names none (`1.2.x`, `v1`, `01.2.3`, an empty text). */
export function parseAppVersion(text: string): AppVersion | undefined {
  if (text.length > APP_VERSION_MAX_LENGTH) return undefined;
  const match = VERSION.exec(text);
  if (!match) return undefined;
  const preRelease = match[4]?.split('.') ?? [];
  // SemVer §9: numeric pre-release identifiers have no leading zeros.
  if (preRelease.some((id) => /^\d+$/.test(id) && id.length > 1 && id.startsWith('0'))) return undefined;
  return {
    numbers: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)],
    preRelease,
  };
}

const isNumeric = (id: string) => /^\d+$/.test(id);

function comparePreRelease(a: string[], b: string[]): number {
  // A release (no pre-release) ranks above any of its pre-releases.
  if (!a.length || !b.length) return (a.length ? -1 : 0) + (b.length ? 1 : 0);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    if (isNumeric(x) && isNumeric(y)) return Math.sign(Number(x) - Number(y));
    // Numeric identifiers rank below alphanumeric ones; these compare in ASCII order.
    if (isNumeric(x) !== isNumeric(y)) return isNumeric(x) ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return Math.sign(a.length - b.length);
}

/** Negative when `a` comes before `b`, 0 when they rank the same, positive after (SemVer §11). */
export function compareAppVersions(a: AppVersion, b: AppVersion): number {
  for (let i = 0; i < 3; i++) {
    const difference = a.numbers[i]! - b.numbers[i]!;
    if (difference !== 0) return Math.sign(difference);
  }
  return comparePreRelease(a.preRelease, b.preRelease);
}

/** What the service answers an app of this version: served, or told to update first. */
export function isBelowMinimum(version: AppVersion, minimum: AppVersion): boolean {
  return compareAppVersions(version, minimum) < 0;
}
