/** Les mots de « Libérer l’adresse » sur une fiche client (seed 004 : « demander la libération du courriel »). */
import { de } from '../i18n.js';
import type { ConsoleReleaseEmailMessages } from './console-release-email.en.js';

export const fr = {
  action: 'Libérer l’adresse',
  title: (name: string) => `Libérer l’adresse ${de(name)}\u00a0?`,
  lead: (name: string) =>
    `Les adresses ${de(name)} sont libérées\u00a0: cette fiche garde son historique mais ne les détient plus, et l’ancien identifiant ne permet plus de se connecter avec elles\u00a0; la personne peut donc créer un nouveau compte ou être invitée avec la même adresse. C’est irréversible.`,
  confirm: 'Oui, libérer l’adresse',
  cancel: 'Non, la garder',
  refused: {
    'account-in-use':
      'Cet identifiant peut encore se connecter, chez vous ou chez une autre organisation\u00a0: son adresse ne peut pas être libérée. Bloquez d’abord son accès, ou fusionnez les fiches.',
    'not-releasable':
      'Seule l’adresse d’une fiche fusionnée, ou d’un identifiant qu’aucune organisation ne sert plus, peut être libérée. Modifiez la fiche pour changer l’adresse d’un client.',
    'nothing-to-release': 'Cette fiche ne détient plus aucune adresse\u00a0: elle a déjà été libérée.',
  },
  done: 'L’adresse est libérée\u00a0: la personne peut de nouveau créer un compte avec elle.',
  history: 'Adresses libérées',
  historyLine: (at: string, by: string, addresses: string) => `${at}, par ${by}\u00a0: ${addresses}`,
  byOps: 'l’équipe d’exploitation',
  backToSheet: 'Retour à la fiche',
} satisfies ConsoleReleaseEmailMessages;
