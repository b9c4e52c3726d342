/** French words of « Pas d’accès à l’application » (the default language, docs/two-step-help.md). */
import { de } from '../i18n.js';
import type { TwoStepHelpMessages } from './two-step-help.en.js';

export const fr: TwoStepHelpMessages = {
  linkLabel: 'Pas d’accès à l’application',
  title: 'Pas d’accès à l’application',
  lead: 'Vous avez activé la vérification en deux étapes\u00a0: la connexion demande le code affiché par votre application d’authentification. Si vous ne l’avez plus (téléphone perdu ou remplacé, application supprimée), les personnes qui gèrent votre compte chez votre prestataire peuvent désactiver la vérification en deux étapes pour vous.',
  how: 'Elles vérifieront que la demande vient bien de vous, par exemple en vous appelant. Une fois désactivée, vous vous connectez avec votre seul mot de passe, et vous pouvez la réactiver depuis votre profil.',
  button: 'Demander la désactivation de la vérification en deux étapes',
  back: 'Revenir au code',
  sentTitle: 'Votre demande a été envoyée',
  sentLead:
    'Nous avons demandé aux personnes qui gèrent votre compte de désactiver la vérification en deux étapes\u00a0:',
  professional: (name: string, email: string) => `${name} (${email})`,
  support: (provider: string, email: string) => `le support ${de(provider)} (${email})`,
  atProvider: (provider: string) => `Chez ${provider}\u00a0:`,
  sentNext:
    'Vous recevrez un e-mail une fois la désactivation faite. Vous pourrez alors vous connecter avec votre seul mot de passe.',
  nobodyTitle: 'Personne n’a pu être sollicité',
  nobodyLead:
    'Nous ne connaissons encore personne à qui demander chez votre prestataire. Contactez directement votre conseiller\u00a0: il peut désactiver la vérification en deux étapes depuis votre fiche client.',
  limitedTitle: 'Trop de demandes',
  limitedLead: (hours: number) =>
    `Vous avez déjà fait 3 demandes ces dernières 24\u00a0heures. Elles ont été envoyées\u00a0: attendez une réponse, ou réessayez dans ${hours}\u00a0heure${hours > 1 ? 's' : ''} environ.`,
  notPendingTitle: 'Cette page sert à la connexion avec vérification en deux étapes',
  notPendingLead:
    'Elle vous aide quand la connexion vous demande votre code de vérification en deux étapes. Reconnectez-vous pour y accéder.',
  signIn: 'Se connecter',
};
