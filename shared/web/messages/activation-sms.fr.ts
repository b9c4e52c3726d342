/**
 * French words of the activation SMS (the default language). One GSM-7 segment: no no-break space before « : »
 * (it is not in GSM-7, and would make the SMS UCS-2, 70 characters a segment), é and à are in GSM-7's basic set,
 * ê and ç are not.
 */
import type { ActivationSmsMessages } from './activation-sms.en.js';

export const fr: ActivationSmsMessages = {
  text: (n) =>
    `${n.app} : code d'activation ${n.code}, valable ${n.minutes} minutes. Code d'identification : ${n.identificationCode}. Ne donnez jamais le code d'activation.`,
};
