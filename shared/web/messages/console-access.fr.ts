/** French words of the console's block and unblock (the default language; docs/console.md). */
import type { ConsoleAccessMessages } from './console-access.en.js';

export const fr: ConsoleAccessMessages = {
  block: 'Bloquer',
  unblock: 'Débloquer',
  blockTitle: (name) => `Bloquer ${name}`,
  unblockTitle: (name) => `Débloquer ${name}`,
  blockLead: (name) =>
    `${name} n’aura plus accès chez vous\u00a0: sa prochaine page, sa connexion et l’application mobile sont refusées, avec une page qui dit que vous l’avez bloqué et depuis quand. Rien n’est supprimé.`,
  unblockLead: (name) =>
    `${name} retrouve l’accès chez vous\u00a0: il peut de nouveau se connecter et utiliser l’application mobile.`,
  reason: 'Motif',
  optional: '(facultatif)',
  reasonHint: 'Pour vos collègues seulement\u00a0: le client ne le voit jamais. 500\u00a0caractères au plus.',
  reasonTooLong: 'Le motif doit faire 500\u00a0caractères au plus.',
  cancel: 'Annuler',
  merged: 'Ce client a été fusionné avec un autre client\u00a0: bloquez ou débloquez celui-là.',
  tryAgain: 'La fiche a changé entre-temps\u00a0: réessayez.',
  blockedBy: (by, since) => `Bloqué par ${by} le ${since}.`,
  done: {
    blocked: 'Le client est bloqué\u00a0: sa prochaine page, sa connexion et l’application sont refusées.',
    unblocked: 'Le client est débloqué\u00a0: il peut de nouveau se connecter.',
  },
};
