/**
 * French words (the default language) of the professional console. French typography: a no-break space before « : »,
 * « ? » and inside « » quotes. The navigation's names follow ../shared/API.md ("Inviter", "Invitations").
 */
import type { ProfessionalRole } from '../../domain/provider.js';
import type { ConsoleMessages } from './console.en.js';

export const fr = {
  brand: 'Console professionnelle',
  navigation: 'Console',
  nav: { home: 'Accueil', invite: 'Inviter', invitations: 'Invitations' },
  signedInAs: (name: string, provider: string) => `${name} · ${provider}`,
  signedInLabel: 'Connecté en tant que',
  signOut: 'Se déconnecter',
  homeTitle: 'Accueil',
  homeLead: (provider: string) => `Les invitations de ${provider} en un coup d’œil.`,
  countsHeading: 'Invitations',
  counts: {
    pending: 'En attente',
    expiringSoon: 'Expirent dans les 48\u00a0heures',
    deliveryFailed: 'Email non remis',
    acceptedThisWeek: 'Acceptées cette semaine',
  },
  countHints: {
    pending: 'Envoyées, pas encore acceptées et non expirées.',
    expiringSoon: 'Invitations en attente dont le lien cesse de fonctionner dans les 48\u00a0heures.',
    deliveryFailed: 'Invitations en attente dont le dernier email n’a pas pu être remis.',
    acceptedThisWeek: 'Acceptées depuis lundi, que la société ait été créée depuis ou non.',
  },
  weekNote: (monday: string) => `La semaine a commencé le lundi ${monday} à 00:00, heure de Paris.`,
  countedAt: (at: string) => `Compté le ${at}.`,
  refusedTitle: {
    'role-missing': 'Cette page n’est pas ouverte à votre compte',
    'no-provider': 'Votre compte n’agit pour aucun fournisseur',
    'untrusted-post': 'Ce formulaire n’a pas pu être accepté',
  },
  roleMissing: (role: ProfessionalRole) =>
    `Cette page demande le rôle ${role}, que votre compte n’a pas sur la console. Demandez à votre administrateur de vous l’attribuer dans Microsoft Entra, puis reconnectez-vous.`,
  noProvider:
    'Votre compte n’agit pour aucun fournisseur inscrit à ce service, ou son fournisseur ne l’utilise plus. Adressez-vous à votre administrateur.',
  untrustedPost:
    'Il ne venait pas d’une page de cette console, ou la page était trop ancienne. Revenez en arrière, rechargez la page et réessayez.',
  backHome: 'Retour à l’accueil',
  unavailableTitle: 'La console n’est pas disponible',
  unavailable: 'La console professionnelle n’est pas configurée sur ce service.',
  signedOutTitle: 'Vous êtes déconnecté',
  signedOut: 'Votre session de la console est terminée sur cet appareil.',
  signInAgain: 'Se reconnecter',
  signIn: 'Se connecter',
  problemTitle: {
    cancelled: 'Connexion annulée',
    'state-mismatch': 'Cette connexion ne peut pas aboutir',
    'sign-in-failed': 'La connexion a échoué',
  },
  problem: {
    cancelled: 'Vous avez annulé la connexion. Vous pouvez recommencer quand vous le souhaitez.',
    'state-mismatch': 'Cette connexion a été commencée dans un autre onglet ou a expiré. Recommencez d’ici.',
    'sign-in-failed':
      'La réponse de Microsoft Entra n’a pas pu être vérifiée. Recommencez\u00a0; si cela se reproduit, prévenez le support.',
  },
} satisfies ConsoleMessages;
