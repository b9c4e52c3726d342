/**
 * The activation SMS's text, in the client file's language: the app's name (the provider's `platformName`), the
 * activation code, the identification code and the validity. Kept to one GSM-7 segment: the app's name is reduced
 * to GSM-7 (accents outside it dropped, other characters left out) and to 30 characters.
 */
import { ACTIVATION_CODE_TTL_MS, type ActivationSmsComposer } from '../domain/activation-sms.js';
import { activationSmsMessages } from './messages/activation-sms.js';

/** GSM 03.38's basic character set (one septet each). */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Its extension table (an escape and a septet: two each). */
const GSM7_EXTENSION = '^{}\\[~]|€\f';
const MAX_APP_NAME = 30;

/** How many SMS segments a text takes: GSM-7 (160, or 153 a part when longer), else UCS-2 (70, or 67 a part). */
export function smsSegments(text: string): { encoding: 'GSM-7' | 'UCS-2'; units: number; segments: number } {
  let septets = 0;
  for (const c of text) {
    if (GSM7_BASIC.includes(c)) septets += 1;
    else if (GSM7_EXTENSION.includes(c)) septets += 2;
    else {
      const units = [...text].reduce((n, ch) => n + (ch.codePointAt(0)! > 0xffff ? 2 : 1), 0);
      return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}

/** A name reduced to GSM-7's basic set: letters lose accents GSM-7 lacks (ê → e), other characters are left out. */
export function gsm7Name(name: string): string {
  const kept = [...name.normalize('NFC')]
    .map((c) => (GSM7_BASIC.includes(c) ? c : c.normalize('NFD').replace(/\p{M}/gu, '')))
    .map((c) => [...c].filter((x) => GSM7_BASIC.includes(x) && x !== '\n' && x !== '\r').join(''))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  return kept.slice(0, MAX_APP_NAME).trim();
}

export const activationSmsComposer: ActivationSmsComposer = {
  compose: ({ locale, provider, code, identificationCode }) =>
    activationSmsMessages[locale].text({
      app: gsm7Name(provider.platformName) || gsm7Name(provider.name) || 'App',
      code,
      identificationCode,
      minutes: ACTIVATION_CODE_TTL_MS / 60_000,
    }),
};
