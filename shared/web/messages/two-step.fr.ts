/** Les mots de la vérification en deux étapes : la section du profil, l'activation, la désactivation, la page du code. */
import type { TwoStepMessages } from './two-step.en.js';

export const fr: TwoStepMessages = {
  sectionLead:
    'La vérification en deux étapes demande, après votre mot de passe, un code d’une application d’authentification sur votre téléphone.',
  onLead:
    'La vérification en deux étapes est activée\u00a0: la connexion demande un code de votre application d’authentification.',
  turnOn: 'Activer la vérification en deux étapes',
  turnOff: 'Désactiver la vérification en deux étapes',
  enrollTitle: 'Activer la vérification en deux étapes',
  enrollLead:
    'Scannez ce QR code avec votre application d’authentification (Microsoft Authenticator, Google Authenticator…), puis saisissez le code qu’elle affiche.',
  qrLabel: 'QR code à scanner avec votre application d’authentification',
  manualEntry: 'Impossible de le scanner\u00a0? Saisissez cette clé dans l’application (basée sur l’heure)\u00a0:',
  codeLabel: 'Code',
  codeHint: 'Les 6\u00a0chiffres affichés par l’application.',
  confirm: 'Confirmer',
  cancel: 'Annuler',
  recoveryTitle: 'La vérification en deux étapes est activée',
  recoveryLead:
    'Conservez ces codes de secours en lieu sûr. Chacun permet de vous connecter une fois si vous n’avez plus votre téléphone.',
  recoveryOnce: 'Ils ne sont affichés qu’une seule fois.',
  backToProfile: 'Retour à mon profil',
  offTitle: 'Désactiver la vérification en deux étapes',
  offLead: 'Saisissez un code de votre application d’authentification, ou l’un de vos codes de secours.',
  offSubmit: 'Désactiver la vérification en deux étapes',
  offDone: 'La vérification en deux étapes est désactivée.',
  signInTitle: 'Vérification en deux étapes',
  signInLead: 'Saisissez le code affiché par votre application d’authentification.',
  signInHint: 'Les 6\u00a0chiffres de l’application, ou l’un de vos codes de secours.',
  verify: 'Vérifier',
  noAccess: 'Pas d’accès à l’application',
  errors: {
    heading: 'Il y a un problème',
    wrong: 'Ce code n’est pas le bon. Vérifiez l’heure de votre téléphone et saisissez le dernier code.',
    replayed: 'Ce code a déjà été utilisé. Attendez le suivant.',
    empty: 'Saisissez le code.',
    locked: (minutes) => `Trop de codes erronés. Réessayez dans ${minutes}\u00a0minute${minutes > 1 ? 's' : ''}.`,
  },
  issuer: 'Portail client',
};
