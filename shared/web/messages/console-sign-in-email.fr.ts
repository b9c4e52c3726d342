/** Les mots de « Changer l’adresse de connexion » sur une fiche client (le client confirme avec un code). */
import { de } from '../i18n.js';
import type { ConsoleSignInEmailMessages } from './console-sign-in-email.en.js';

export const fr = {
  action: 'Changer l’adresse de connexion',
  title: (name: string) => `Changer l’adresse de connexion ${de(name)}`,
  lead: (name: string, current: string) =>
    `${name} se connecte avec ${current}. Saisissez l’adresse avec laquelle cette personne veut se connecter\u00a0: un code y est envoyé, et le changement n’a lieu que lorsque ${name} se connecte comme d’habitude et saisit ce code. D’ici là, rien ne change.`,
  label: 'Nouvelle adresse de connexion',
  hint: 'L’adresse que le client vous a donnée, par exemple claire.dupont@example.com.',
  submit: 'Envoyer le code à cette adresse',
  cancel: 'Retour à la fiche',
  errors: {
    heading: 'Aucun code n’a été envoyé',
    invalid: 'Saisissez une adresse e-mail, comme claire.dupont@example.com.',
    'too-long': 'Cette adresse est trop longue pour se connecter (64\u00a0caractères au plus).',
    same: 'Le client se connecte déjà avec cette adresse.',
    taken: 'Un autre compte se connecte déjà avec cette adresse.',
    'no-email-sign-in': 'Ce client se connecte avec Google\u00a0: son adresse est celle que Google transmet.',
    'no-account':
      'Cette personne ne s’est pas encore connectée\u00a0: il n’y a pas d’adresse de connexion à changer. Modifiez plutôt la fiche.',
    'rate-limited': (minutes: number) =>
      `Trop de codes ont été envoyés pour ce compte. Réessayez dans ${minutes}\u00a0minute${minutes === 1 ? '' : 's'}.`,
  },
  done: 'Un code a été envoyé à la nouvelle adresse. Le changement aura lieu quand le client se connectera et le saisira dans son profil.',
} satisfies ConsoleSignInEmailMessages;
