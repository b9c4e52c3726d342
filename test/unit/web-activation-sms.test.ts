/** The activation SMS's text (shared/web/activation-sms.ts): both languages, the codes, one GSM-7 segment. */
import { describe, expect, it } from 'vitest';
import { activationSmsComposer, gsm7Name, smsSegments } from '../../shared/web/activation-sms.js';
import { GFMS } from '../support/fakes.js';

const long = { ...GFMS, platformName: 'Mon Conseiller Topinvest Patrimoine' };

describe('activation SMS text', () => {
  it.each(['fr', 'en'] as const)('in %s: the app’s name, both codes, 10 minutes, one GSM-7 segment', (locale) => {
    for (const provider of [GFMS, long]) {
      const text = activationSmsComposer.compose({ locale, provider, code: '482913', identificationCode: 'K7M2XQ9P' });
      expect(text).toContain('482913');
      expect(text).toContain('K7M2XQ9P');
      expect(text).toContain('10 minutes');
      expect(text).toContain(provider.platformName.slice(0, 20));
      expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    }
  });

  it('French and English differ', () => {
    const input = { provider: GFMS, code: '482913', identificationCode: 'K7M2XQ9P' };
    expect(activationSmsComposer.compose({ ...input, locale: 'fr' })).toMatch(/code d'activation/);
    expect(activationSmsComposer.compose({ ...input, locale: 'en' })).toMatch(/activation code/);
  });

  it('counts segments as carriers do: é is GSM-7, ê is not, € takes two septets', () => {
    expect(smsSegments('é'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('é'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments('ê')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(smsSegments('ê'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a\u00a0b').encoding).toBe('UCS-2');
  });

  it('a platform name outside GSM-7 is reduced to it, so the SMS stays one segment', () => {
    expect(gsm7Name('Crêpe Conseil™ 🚀')).toBe('Crepe Conseil');
    const text = activationSmsComposer.compose({
      locale: 'fr',
      provider: { ...GFMS, platformName: 'Fenêtre sur l’épargne — Conseil 🚀' },
      code: '000000',
      identificationCode: 'K7M2XQ9P',
    });
    expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});
