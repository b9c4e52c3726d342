/**
 * French words (the default language) of the invitation email and the invitation link's pages. French typography:
 * a no-break space before « : », « ? », « ; » and inside « » quotes, and the curly apostrophe ’ — except in the
 * button name API.md gives ("Accepter l'invitation", straight), kept exactly, with the step that quotes it.
 * `satisfies` makes a missing translation a compile error.
 */
import type { Sentence } from '../i18n.js';
import { de } from '../i18n.js';
import type { InvitationMessages } from './invitation.en.js';

interface Names {
  inviter: string;
  provider: string;
  platform: string;
}

export const fr = {
  acceptButton: "Accepter l'invitation",
  expiresOn: (date: string) => `Cette invitation expire le ${date}.`,
  messageFrom: (inviter: string) => `Message ${de(inviter)}\u00a0:`,
  contactSupport: <T>(email: T): Sentence<T> => ['Une question\u00a0? Écrivez à notre équipe\u00a0: ', email, '.'],

  emailSubject: (n: Names) => `${n.inviter} (${n.provider}) vous invite sur ${n.platform}`,
  emailSubjectResent: (n: Names) =>
    `${n.inviter} (${n.provider}) vous invite sur ${n.platform}\u00a0: votre nouveau lien`,
  emailSubjectNewLink: (n: Names) => `Votre nouveau lien pour rejoindre ${n.platform}`,
  emailPreheader: (n: Names & { expires: string }) =>
    `${n.inviter} (${n.provider}) vous invite sur ${n.platform}. Acceptez avant le ${n.expires}.`,
  emailHeading: (platform: string) => `Votre invitation à ${platform}`,
  greeting: (name: string) => `Bonjour ${name},`,
  invitedBy: <T>(n: { inviter: T; provider: T; platform: T }): Sentence<T> => [
    n.inviter,
    ', de ',
    n.provider,
    ', vous invite à utiliser ',
    n.platform,
    ' pour collaborer avec son équipe.',
  ],
  replacesEarlier: 'Ce lien remplace tout lien reçu précédemment\u00a0: seul celui-ci fonctionne désormais.',
  getStarted: 'Utilisez le bouton ci-dessous pour créer votre compte et commencer\u00a0:',
  linkFallback: 'Si le bouton ne fonctionne pas, copiez et collez ce lien dans votre navigateur\u00a0:',
  textOpenLink: 'Pour accepter l’invitation, ouvrez ce lien dans votre navigateur\u00a0:',
  notExpected: 'Si vous n’attendiez pas cette invitation, vous pouvez ignorer cet e-mail.',
  welcomeAboard: 'Bienvenue à bord.',
  signOff: (platform: string) => `L’équipe ${platform}`,
  postscript: <T>(documentation: T): Sentence<T> => [
    'P.-S. Besoin d’aide pour démarrer\u00a0? Consultez ',
    documentation,
    '.',
  ],
  documentation: (platform: string) => `la documentation ${de(platform)}`,

  landingTitle: (platform: string) => `Votre invitation à ${platform}`,
  landingLead: <T>(n: { inviter: T; provider: T; invitee: T; platform: T }): Sentence<T> => [
    n.inviter,
    ' (',
    n.provider,
    ') vous invite, ',
    n.invitee,
    ', à rejoindre ',
    n.platform,
    '.',
  ],
  invitationFor: <T>(n: { email: T; expires: T }): Sentence<T> => [
    'Cette invitation est adressée à ',
    n.email,
    ' et expire le ',
    n.expires,
    '.',
  ],
  companyHeading: 'Votre société',
  companyIntro: (provider: string) =>
    `${provider} a déjà saisi ces informations. Vous pourrez les vérifier et les corriger après votre connexion.`,
  companyName: 'Nom de la société',
  registrationNumber: 'Numéro d’immatriculation',
  vatNumber: 'Numéro de TVA',
  address: 'Adresse',
  phone: 'Téléphone',
  nextHeading: 'Et ensuite\u00a0?',
  nextStepSignInPage:
    "Cliquez sur «\u00a0Accepter l'invitation\u00a0»\u00a0: vous arrivez sur la page de connexion Microsoft.",
  nextStepAccount: <T>(email: T): Sentence<T> => [
    'Connectez-vous avec votre compte Microsoft ',
    email,
    ', ou créez-en un avec cette adresse e-mail\u00a0: vous recevrez un code de vérification par e-mail, puis choisirez un mot de passe.',
  ],
  nextStepCompany:
    'Vérifiez ou complétez les informations de votre société, puis cliquez sur «\u00a0Créer la société\u00a0».',

  expiredTitle: 'Cette invitation a expiré',
  expiredOn: (date: string) => `Elle a expiré le ${date}.`,
  expiredNewLink:
    'Vous pouvez demander un nouveau lien. Il sera envoyé uniquement à l’adresse e-mail à laquelle cette invitation a été adressée.',
  newLinkButton: 'M’envoyer un nouveau lien',
  expiredOrAsk: (provider: string) =>
    `Vous pouvez aussi demander à ${provider} de vous envoyer une nouvelle invitation.`,

  newLinkSentTitle: 'Consultez votre messagerie',
  newLinkSent:
    'Si cette invitation peut encore être renouvelée, un nouveau lien a été envoyé à l’adresse e-mail à laquelle elle a été adressée.',
  newLinkSentHint:
    'L’e-mail peut mettre quelques minutes à arriver\u00a0; pensez à vérifier vos courriers indésirables. Le nouveau lien remplace les précédents.',

  newLinkLimitedTitle: 'Trop de demandes',
  newLinkLimited: 'Un nouveau lien a déjà été demandé plusieurs fois aujourd’hui pour cette invitation.',
  newLinkLimitedHint: 'Réessayez demain, ou contactez la personne à l’origine de l’invitation.',

  acceptLimitedTitle: 'Trop de tentatives',
  acceptLimited: 'Cette invitation a été ouverte trop de fois en peu de temps.',
  acceptLimitedRetry: (minutes: number) =>
    minutes <= 1
      ? 'Réessayez dans une minute avec le même lien\u00a0: il est toujours valable.'
      : `Réessayez dans ${minutes}\u00a0minutes avec le même lien\u00a0: il est toujours valable.`,

  newerInvitationTitle: 'Une invitation plus récente vous attend',
  newerInvitation: (provider: string) =>
    `${provider} vous a envoyé une nouvelle invitation depuis l’expiration de celle-ci\u00a0: elle est toujours valable. Utilisez son lien, dans le dernier e-mail reçu ${de(provider)}.`,
  newerInvitationHint:
    'Vous ne le trouvez pas\u00a0? Vérifiez vos courriers indésirables, ou contactez la personne à l’origine de l’invitation.',

  notFoundTitle: 'Ce lien d’invitation n’est pas valide',
  notFound: 'Il a peut-être été mal recopié, annulé ou remplacé.',
  notFoundAsk: 'Demandez à la personne à l’origine de l’invitation de vous en envoyer une nouvelle.',
  notFoundHint: 'Si vous avez copié le lien depuis l’e-mail, vérifiez qu’il est complet.',

  supersededTitle: 'Une invitation plus récente vous a été envoyée',
  superseded: (provider: string) =>
    `Utilisez le lien du dernier e-mail reçu ${de(provider)}\u00a0: celui-ci ne fonctionne plus.`,
  supersededHint:
    'Vous ne le trouvez pas\u00a0? Vérifiez vos courriers indésirables, ou demandez une nouvelle invitation.',

  alreadyAcceptedTitle: 'Cette invitation a déjà été acceptée',
  alreadyAccepted: (platform: string) => `Votre compte est prêt\u00a0: connectez-vous pour accéder à ${platform}.`,
  signIn: 'Se connecter',

  notYetAvailableTitle: 'Bientôt disponible',
  notYetAvailable:
    'L’acceptation des invitations en ligne n’est pas encore disponible. Votre invitation reste valable.',
  notYetAvailableHint: 'Revenez plus tard avec le même lien.',
} satisfies InvitationMessages;
