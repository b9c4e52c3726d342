/** Les mots de la demande d’effacement du client (profil → « Demander l’effacement de mes données »). */
import type { ErasureRequestMessages } from './erasure-request.en.js';

export const fr = {
  link: 'Demander l’effacement de mes données',
  lead: 'Vous pouvez demander à chaque prestataire dont vous êtes client d’effacer ce qu’il conserve sur vous.',
  title: 'Demander l’effacement de vos données',
  explain: (days: number) =>
    `Chaque prestataire ci-dessous est invité à effacer vos coordonnées, vos invitations et vos appareils. S’il ne l’a pas fait sous ${days}\u00a0jours, c’est fait automatiquement. Quand plus aucun prestataire ne vous compte parmi ses clients, votre compte est supprimé aussi\u00a0: vous ne pouvez plus vous connecter et l’application mobile cesse de fonctionner.`,
  providersHeading: 'Prestataires sollicités',
  exportFirst: 'Téléchargez d’abord vos données si vous voulez en garder une copie.',
  confirm: 'Oui, demander l’effacement de mes données',
  cancel: 'Non, revenir à mon profil',
  askedTitle: 'Votre demande a été transmise',
  asked: (at: string, by: string) =>
    `Vous avez demandé le ${at} l’effacement de vos données. Vos prestataires ont jusqu’au ${by}\u00a0; ensuite, c’est fait automatiquement.`,
  backToProfile: 'Retour à mon profil',
} satisfies ErasureRequestMessages;
