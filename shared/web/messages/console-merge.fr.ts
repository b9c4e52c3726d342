/**
 * French words (the default language) of merging two client files in the console, in seed 004's words ("Fusion de
 * comptes client": the information of both kept in one of them, the other disabled). French typography: a no-break
 * space before « : » and « ? ».
 */
import { de } from '../i18n.js';
import type { ConsoleMergeMessages } from './console-merge.en.js';

export const fr: ConsoleMergeMessages = {
  action: 'Fusionner',
  mergedInto: 'Fusionnée dans',
  mergedIntoLink: 'la fiche conservée',
  pickTitle: (name: string) => `Fusionner ${name} avec une autre fiche`,
  pickLead:
    'Choisissez la fiche de la même personne qui est conservée\u00a0: elle garde l’historique des deux, et cette fiche-ci est close. Recherchez-la par nom, e-mail ou téléphone.',
  searchRegion: 'Rechercher la fiche conservée',
  searchLabel: 'Nom, e-mail ou téléphone de la fiche conservée',
  searchHint:
    'Nom ou prénom, ou leur début, dans n’importe quel ordre\u00a0; ou une adresse e-mail ou un numéro complets.',
  searchButton: 'Rechercher',
  searchTooShort:
    'Saisissez un nom ou son début, une adresse e-mail complète ou un numéro de téléphone (100\u00a0caractères au plus).',
  noResult: (q: string) => `Aucune autre fiche ne correspond à «\u00a0${q}\u00a0».`,
  resultsHeading: 'Fiches avec lesquelles fusionner',
  columns: { name: 'Nom', email: 'E-mail', status: 'Statut', choose: 'Action' },
  choose: 'Choisir',
  cancel: 'Retour à la fiche',
  confirmTitle: 'Fusionner ces deux fiches\u00a0?',
  absorbedHeading: 'Cette fiche est close',
  survivorHeading: 'Cette fiche est conservée',
  whatHappens: 'Ce qui se passe',
  happens: {
    history:
      'La fiche conservée garde l’historique des deux\u00a0: les adresses de la fiche close deviennent ses adresses secondaires (elles reçoivent seulement les e-mails), et ses invitations apparaissent sur sa fiche.',
    companies:
      'Les sociétés créées avec l’identifiant de la fiche close sont aussi celles de l’identifiant de la fiche conservée.',
    devices: 'Les téléphones et tablettes activés sur la fiche close sont déconnectés.',
    login:
      'Si la fiche close a son propre identifiant, il ne sert plus auprès de votre organisation\u00a0: après s’être connectée, la personne apprend que le compte a été fusionné, et dans quelle adresse (masquée). Il est désactivé quand plus aucune organisation ne le sert. Son adresse e-mail reste réservée.',
    final: 'La console ne permet pas d’annuler une fusion.',
  },
  confirm: 'Fusionner les fiches',
  refused: {
    'same-file': 'Une fiche ne peut pas être fusionnée avec elle-même.',
    'other-provider': 'La fiche à conserver n’est pas une fiche de votre organisation.',
    'already-merged': 'Cette fiche a déjà été fusionnée dans une autre.',
    'survivor-merged': 'La fiche à conserver a elle-même été fusionnée dans une autre\u00a0: fusionnez dans celle-ci.',
    'survivor-without-account':
      'Ce client s’est déjà connecté et pas la fiche à conserver\u00a0: fusionnez plutôt le prospect dans cette fiche-ci.',
    other: 'Les fiches n’ont pas pu être fusionnées.',
  },
  doneTitle: 'Les fiches sont fusionnées',
  doneLead: (absorbed: string, survivor: string) =>
    `La fiche ${de(absorbed)} a été fusionnée dans celle ${de(survivor)}.`,
  doneAccount: {
    disabled: 'Son identifiant a été désactivé\u00a0: plus aucune organisation ne le sert.',
    kept: 'Son identifiant n’ouvre plus l’espace de votre organisation\u00a0; une autre organisation le sert encore.',
    none: 'Elle n’avait pas d’identifiant propre.',
  },
  openSurvivor: (name: string) => `Ouvrir la fiche ${de(name)}`,
  status: { client: 'Client', prospect: 'Prospect' },
};
