/**
 * English words of the activation SMS. One GSM-7 segment (160 characters) with the app's name (at most 30
 * characters), a 6-digit code and an 8-character identification code: every character here is in GSM-7's basic set.
 */
export const en = {
  text: (n: { app: string; code: string; identificationCode: string; minutes: number }) =>
    `${n.app}: activation code ${n.code}, valid ${n.minutes} minutes. Identification code: ${n.identificationCode}. Never share the activation code.`,
};

export type ActivationSmsMessages = typeof en;
