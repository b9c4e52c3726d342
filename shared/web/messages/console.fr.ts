/**
 * French words (the default language) of the professional console. French typography: a no-break space before « : »,
 * « ? » and inside « » quotes. The navigation's names follow ../shared/API.md ("Inviter", "Invitations").
 */

import type { ProfessionalRole } from '../../domain/provider.js';
import { de } from '../i18n.js';
import type { ConsoleMessages } from './console.en.js';

export const fr = {
  brand: 'Console professionnelle',
  navigation: 'Console',
  nav: { home: 'Accueil', invite: 'Inviter', invitations: 'Invitations', clients: 'Clients' },
  signedInAs: (name: string, provider: string) => `${name} · ${provider}`,
  signedInLabel: 'Connecté en tant que',
  signOut: 'Se déconnecter',
  homeTitle: 'Accueil',
  homeLead: (provider: string) => `Les invitations ${de(provider)} en un coup d’œil.`,
  countsHeading: 'Invitations',
  counts: {
    pending: 'En attente',
    expiringSoon: 'Expirent dans les 48\u00a0heures',
    deliveryFailed: 'E-mail non remis',
    acceptedThisWeek: 'Acceptées cette semaine',
  },
  countHints: {
    pending: 'Envoyées, pas encore acceptées et non expirées.',
    expiringSoon: 'Invitations en attente dont le lien cesse de fonctionner dans les 48\u00a0heures.',
    deliveryFailed: 'Invitations en attente dont le dernier e-mail n’a pas pu être remis.',
    acceptedThisWeek: 'Acceptées depuis lundi, que la société ait été créée depuis ou non.',
  },
  weekNote: (monday: string) => `La semaine a commencé le lundi ${monday} à 00:00, heure de Paris.`,
  countedAt: (at: string) => `Compté le ${at}.`,
  invite: {
    title: 'Inviter',
    lead: (provider: string) =>
      `Invitez un client ${de(provider)}\u00a0: il reçoit un e-mail (ou vous lui donnez le lien) pour créer son compte.`,
    errorSummaryTitle: 'Corrigez ces champs',
    inviteeLegend: 'La personne',
    labels: {
      email: 'E-mail',
      firstName: 'Prénom',
      lastName: 'Nom',
      locale: 'Langue de l’invitation',
      phone: 'Numéro de portable',
      message: 'Message personnel',
      expiresInDays: 'Lien valable (jours)',
    },
    hints: {
      phone:
        'Avec l’indicatif du pays, par exemple +33\u00a06\u00a012\u00a034\u00a056\u00a078\u00a0; un numéro français peut commencer par 0.',
      message: 'Affiché dans l’e-mail et sur la page de l’invitation\u00a0; 500\u00a0caractères au plus.',
      expiresInDays: 'De 1 à 30\u00a0jours\u00a0; 7 par défaut.',
    },
    languages: { fr: 'Français', en: 'Anglais' },
    companyLegend: 'Société (facultatif)',
    companyHint:
      'Remplissez-la pour éviter la saisie à votre client\u00a0: il la confirme sur sa page «\u00a0Créer la société\u00a0». Si vous la remplissez, le nom et l’adresse sont nécessaires, avec les mêmes règles que sur cette page.',
    deliveryLegend: 'Comment l’invitation lui parvient',
    delivery: { email: 'Envoyer l’e-mail', link: 'Me donner le lien (je l’envoie moi-même)' },
    optional: '(facultatif)',
    submit: 'Envoyer l’invitation',
    problems: {
      required: 'Ce champ est obligatoire.',
      'too-long': 'C’est trop long.',
      'invalid-email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
      'invalid-phone':
        'Saisissez un numéro de portable avec l’indicatif du pays, par exemple +33\u00a06\u00a012\u00a034\u00a056\u00a078.',
      'invalid-expiry': 'Saisissez un nombre entier de jours, de 1 à 30.',
      invalid: 'Cette valeur n’est pas valide.',
    },
    messageTooLong: 'Le message personnel fait 500\u00a0caractères au plus.',
    alreadyInvited:
      'Cette personne a déjà une invitation en attente de votre organisation\u00a0: aucune nouvelle n’a été envoyée.',
    alreadyInvitedId: (id: string) => `Sa référence\u00a0: ${id}.`,
    openInvitation: 'Ouvrir cette invitation',
    alreadyClient:
      'Cette personne est déjà votre client\u00a0: elle peut déjà se connecter, aucune invitation n’est nécessaire.',
    providerInactive:
      'Votre organisation n’utilise plus ce service\u00a0: les invitations ne peuvent pas être envoyées.',
    tryAgain: 'Une autre invitation pour cet e-mail est en cours d’écriture. Réessayez dans quelques secondes.',
    sentTitle: 'Invitation créée',
    sentEmail: (name: string, email: string) =>
      `L’invitation ${de(name)} est créée\u00a0: l’e-mail à ${email} est en file d’envoi et part dans la minute.`,
    sentLink: (name: string) =>
      `L’invitation ${de(name)} est créée. Aucun e-mail n’est envoyé\u00a0: donnez-lui ce lien vous-même.`,
    linkLabel: 'Le lien de l’invitation',
    linkOnce:
      'Ce lien n’est affiché qu’une fois\u00a0: copiez-le maintenant. S’il est perdu, un renvoi donne un nouveau lien (l’ancien cesse alors de fonctionner).',
    linkGone:
      'Le lien a déjà été affiché et n’est pas conservé\u00a0: s’il est perdu, un renvoi de l’invitation donne un nouveau lien.',
    copy: 'Copier le lien',
    copied: 'Lien copié.',
    expires: (date: string) => `Le lien fonctionne jusqu’au ${date}.`,
    inviteAnother: 'Inviter quelqu’un d’autre',
    seeInvitation: 'Voir l’invitation (envoi, historique, actions)',
    notFoundTitle: 'Invitation introuvable',
    notFound: 'Cette invitation n’existe pas pour votre organisation.',
  },
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
