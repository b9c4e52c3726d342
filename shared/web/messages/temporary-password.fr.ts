/** Les mots du mot de passe temporaire de la console (français, la langue par défaut). */
import type { TemporaryPasswordMessages } from './temporary-password.en.js';

export const fr: TemporaryPasswordMessages = {
  heading: 'Mot de passe',
  signsInWith: 'Se connecte avec (principal)',
  othersReceiveOnly:
    'Reçoivent seulement les e-mails (secondaires)\u00a0: ces adresses ne permettent pas de se connecter',
  noOtherEmails: 'Aucune autre adresse.',
  action: 'Générer un mot de passe temporaire',
  notOffered: {
    'no-account':
      'Pas de mot de passe temporaire\u00a0: le client ne s’est pas encore connecté, il n’a donc pas de compte. Renvoyez plutôt l’invitation.',
    'multiple-providers':
      'Pas de mot de passe temporaire\u00a0: le client est client de plusieurs prestataires. Il peut réinitialiser son mot de passe lui-même depuis la page de connexion.',
    blocked:
      'Pas de mot de passe temporaire\u00a0: ce client est bloqué. Débloquez-le d’abord s’il doit pouvoir se connecter à nouveau.',
    merged:
      'Pas de mot de passe temporaire\u00a0: ce client a été fusionné avec un autre client. Agissez depuis la fiche de ce client.',
  },
  confirmTitle: 'Générer un mot de passe temporaire\u00a0?',
  confirmLead: (client, email) => `Un nouveau mot de passe pour ${client}, qui se connecte avec ${email}.`,
  confirmEffects: [
    'Le mot de passe actuel cesse aussitôt de fonctionner, et le client est déconnecté partout.',
    'Vous voyez le mot de passe temporaire une seule fois\u00a0: transmettez-le vous-même au client. Le client est prévenu par e-mail, sans le mot de passe.',
    'À sa prochaine connexion, le client doit choisir un nouveau mot de passe.',
  ],
  confirm: 'Générer le mot de passe',
  cancel: 'Annuler',
  resultTitle: 'Mot de passe temporaire',
  resultLead: (email) => `Le mot de passe temporaire du compte qui se connecte avec ${email}\u00a0:`,
  passwordLabel: 'Mot de passe temporaire',
  copy: 'Copier le mot de passe',
  copied: 'Mot de passe copié.',
  resultOnce:
    'Il n’est affiché que cette fois\u00a0: personne ne pourra le revoir, vous non plus. Générez-en un autre s’il est perdu.',
  resultNext: 'À sa prochaine connexion, le client doit choisir un nouveau mot de passe.',
  backToSheet: 'Retour à la fiche client',
  refusedTitle: 'Pas de mot de passe temporaire',
};
