/** Les mots du changement d’adresse de connexion (profil → « Changer l’adresse de connexion »). */
import type { SignInEmailMessages } from './sign-in-email.en.js';

export const fr = {
  changeLink: 'Changer l’adresse de connexion',
  changeLead:
    'Vous vous connectez avec cette adresse. Vous pouvez vous connecter avec une autre à la place\u00a0: un code lui sera envoyé.',
  title: 'Changer votre adresse de connexion',
  current: 'Vous vous connectez avec',
  addressLead:
    'Saisissez l’adresse avec laquelle vous voulez vous connecter désormais. Nous y envoyons un code\u00a0: le saisir ici prouve que l’adresse est la vôtre. Vos autres adresses continuent de recevoir ce que vos prestataires leur envoient.',
  addressLabel: 'Nouvelle adresse de connexion',
  addressHint: 'Par exemple\u00a0: claire.dupont@example.com',
  sendCode: 'Envoyer le code',
  cancel: 'Annuler',
  codeTitle: 'Saisissez le code envoyé à votre nouvelle adresse',
  codeLead: (email: string, minutes: number) =>
    `Nous avons envoyé un code à 6\u00a0chiffres à ${email}. Il fonctionne ${minutes}\u00a0minutes. Tant que vous ne l’avez pas saisi, vous vous connectez toujours avec votre adresse actuelle.`,
  codeLabel: 'Code',
  codeHint: '6\u00a0chiffres, reçus par e-mail.',
  confirm: 'Changer mon adresse de connexion',
  otherAddress: 'Utiliser une autre adresse, ou recevoir un nouveau code',
  errors: {
    heading: 'L’adresse de connexion n’a pas été changée',
    invalid: 'Saisissez une adresse e-mail, comme claire.dupont@example.com.',
    'too-long': 'Cette adresse est trop longue pour se connecter (64\u00a0caractères au plus).',
    same: 'Vous vous connectez déjà avec cette adresse.',
    taken: 'Un autre compte se connecte déjà avec cette adresse. Saisissez-en une autre.',
    'no-email-sign-in':
      'Vous vous connectez avec Google\u00a0: l’adresse est celle que Google transmet et ne peut pas être changée ici.',
    'rate-limited': (minutes: number) =>
      `Trop de codes ont été envoyés pour votre compte. Réessayez dans ${minutes}\u00a0minute${minutes === 1 ? '' : 's'}.`,
    wrong: (left: number) =>
      `Ce n’est pas le code envoyé. ${left === 1 ? 'Il reste 1\u00a0essai' : `Il reste ${left}\u00a0essais`}.`,
    none: 'Aucun changement d’adresse n’est en attente\u00a0: saisissez d’abord la nouvelle adresse.',
    expired: 'Ce code a expiré. Demandez-en un nouveau.',
    spent: 'Ce code a été mal saisi trop de fois et ne fonctionne plus. Demandez-en un nouveau.',
  },
  doneTitle: 'Votre adresse de connexion a changé',
  doneLead: (email: string) => `Vous vous connectez désormais avec ${email}.`,
  doneOld: 'Votre ancienne adresse ne permet plus de vous connecter\u00a0; nous l’avons prévenue du changement.',
  backToProfile: 'Retour à mon profil',
} satisfies SignInEmailMessages;
