/** French words of turning a client's two-step verification off in the console (the default language). */
import { de } from '../i18n.js';
import type { ConsoleTwoStepMessages } from './console-two-step.en.js';

export const fr: ConsoleTwoStepMessages = {
  heading: 'Vérification en deux étapes',
  on: 'activée',
  off: 'désactivée',
  noAccount: 'Le client ne s’est pas encore connecté.',
  status: 'État\u00a0:',
  action: 'Désactiver la vérification en deux étapes',
  title: (name: string) => `Désactiver la vérification en deux étapes ${de(name)}`,
  lead: (name: string) =>
    `${name} se connectera avec son seul mot de passe, jusqu’à ce qu’il réactive la vérification en deux étapes. Ne le faites qu’une fois sûr que la demande vient de lui (par exemple en l’appelant à un numéro que vous connaissez déjà). Il en est informé par e-mail.`,
  reason: 'Motif',
  optional: '(facultatif)',
  reasonHint: 'Pour vos collègues seulement\u00a0: le client ne le voit jamais. 500\u00a0caractères au plus.',
  reasonTooLong: 'Le motif doit faire 500\u00a0caractères au plus.',
  submit: 'Désactiver',
  cancel: 'Annuler',
  notOn: 'La vérification en deux étapes n’est pas activée pour ce client\u00a0: il n’y a rien à désactiver.',
  noAccountRefusal:
    'Le client ne s’est pas encore connecté\u00a0: il n’a pas de vérification en deux étapes à désactiver.',
  tryAgain: 'La fiche client a changé entre-temps\u00a0: réessayez.',
  history: 'Historique',
  turnedOff: (by: string, at: string) => `Désactivée par ${by} le ${at}.`,
  because: (reason: string) => `Motif\u00a0: ${reason}`,
  done: 'La vérification en deux étapes est désactivée\u00a0: le client se connecte avec son seul mot de passe et en a été informé par e-mail.',
};
