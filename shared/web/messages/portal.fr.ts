/** Les mots du cadre du portail : l'avis « Connecté en tant que », son bouton Fermer, et « Changer de compte ». */
import type { Sentence } from '../i18n.js';
import type { PortalMessages } from './portal.en.js';

export const fr: PortalMessages = {
  signedInAs: <T>(n: { email: T; place?: T | undefined }): Sentence<T> =>
    n.place === undefined
      ? ['Connecté en tant que ', n.email]
      : ['Connecté en tant que ', n.email, ' \u2014 ', n.place],
  noticeLabel: 'Compte connecté',
  close: 'Fermer',
  closeNotice: 'Fermer l\u2019avis',
  switchAccount: 'Changer de compte',
};
