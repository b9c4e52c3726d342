/** The app's versions compare as Semantic Versioning 2.0.0 §11 says: numbers as numbers, a pre-release below its release. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAppVersions, isBelowMinimum, parseAppVersion } from '../../shared/domain/app-version.js';

const v = (text: string) => {
  const version = parseAppVersion(text);
  if (!version) throw new Error(`not a version: ${text}`);
  return version;
};

describe('reading a version', () => {
  it.each([
    ['1.4.2', [1, 4, 2], []],
    ['2.1', [2, 1, 0], []],
    ['3', [3, 0, 0], []],
    ['1.0.0-beta.2', [1, 0, 0], ['beta', '2']],
    ['1.0.0+build.7', [1, 0, 0], []],
    ['0.9.12-rc.1+sha.5114f85', [0, 9, 12], ['rc', '1']],
  ])('when the app says %s, then it reads as %j %j', (text, numbers, preRelease) => {
    expect(parseAppVersion(text)).toEqual({ numbers, preRelease });
  });

  it.each([
    '',
    'v1.2.3',
    '1.2.x',
    '01.2.3',
    '1.02.3',
    '1.2.3.4',
    '1..2',
    '1.2.3-',
    '1.2.3-beta..1',
    '1.2.3-01',
    ' 1.2.3',
    '1.2.3 (45)',
    '9'.repeat(16),
    `1.2.3-${'a'.repeat(70)}`,
  ])('when the app says %j, then it is no version', (text) => {
    expect(parseAppVersion(text)).toBeUndefined();
  });
});

describe('comparing versions', () => {
  it.each([
    ['1.10.0', '1.9.3'],
    ['2.0.0', '1.99.99'],
    ['1.0.10', '1.0.9'],
    ['1.0.0', '1.0.0-rc.1'],
    ['1.0.0-rc.1', '1.0.0-beta.11'],
    ['1.0.0-beta.11', '1.0.0-beta.2'],
    ['1.0.0-beta.2', '1.0.0-beta'],
    ['1.0.0-beta', '1.0.0-alpha.beta'],
    ['1.0.0-alpha.beta', '1.0.0-alpha.1'],
    ['1.0.0-alpha.1', '1.0.0-alpha'],
  ])('when %s meets %s, then it ranks after it', (later, earlier) => {
    expect(compareAppVersions(v(later), v(earlier))).toBe(1);
    expect(compareAppVersions(v(earlier), v(later))).toBe(-1);
  });

  it('when versions differ only by build metadata or a missing .0, then they rank the same', () => {
    expect(compareAppVersions(v('1.2.0+a'), v('1.2.0+b'))).toBe(0);
    expect(compareAppVersions(v('1.2'), v('1.2.0'))).toBe(0);
  });

  it('when the minimum is 1.9.3, then 1.10.0 and 1.9.3 are served and 1.9.2 and 1.9.3-beta are not', () => {
    const minimum = v('1.9.3');
    expect(isBelowMinimum(v('1.10.0'), minimum)).toBe(false);
    expect(isBelowMinimum(v('1.9.3'), minimum)).toBe(false);
    expect(isBelowMinimum(v('1.9.2'), minimum)).toBe(true);
    expect(isBelowMinimum(v('1.9.3-beta'), minimum)).toBe(true);
  });

  it('when any three release versions are compared, then the order is the numbers’ order, part by part', () => {
    const part = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(fc.tuple(part, part, part), fc.tuple(part, part, part), (a, b) => {
        const expected = Math.sign(a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
        expect(compareAppVersions(v(a.join('.')), v(b.join('.')))).toBe(expected);
      }),
    );
  });
});
