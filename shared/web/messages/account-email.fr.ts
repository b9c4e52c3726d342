/**
 * French words (the default language) of the account emails. French typography: a no-break space before « : »,
 * « ? », « ; » and inside « » quotes. `satisfies` makes a missing translation a compile error.
 */
import type { Sentence } from '../i18n.js';
import { de } from '../i18n.js';
import type { AccountEmailMessages } from './account-email.en.js';

export const fr = {
  signOff: (service: string) => `L’équipe ${service}`,
  automatic: 'Cet e-mail a été envoyé automatiquement\u00a0; les réponses ne sont pas lues.',
  contactSupport: <T>(email: T): Sentence<T> => ['Une question\u00a0? Écrivez à ', email, '.'],

  resetSubject: (service: string) => `Réinitialiser votre mot de passe ${service}`,
  resetHeading: 'Réinitialiser votre mot de passe',
  resetPreheader: (minutes: number) =>
    `Votre lien pour choisir un nouveau mot de passe, valable ${minutes}\u00a0minutes.`,
  resetLead: (service: string) =>
    `Quelqu’un, probablement vous, a demandé à réinitialiser le mot de passe de votre compte ${service}.`,
  resetButton: 'Choisir un nouveau mot de passe',
  resetValidity: (minutes: number, until: string) =>
    `Ce lien est valable ${minutes}\u00a0minutes, jusqu’au ${until}, et ne sert qu’une fois.`,
  resetFallback: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur\u00a0:',
  resetTextOpen: 'Pour choisir un nouveau mot de passe, ouvrez ce lien\u00a0:',
  resetNotYou: 'Si vous n’avez rien demandé, ignorez cet e-mail\u00a0: votre mot de passe ne change pas.',

  refusedSubject: (service: string) => `Votre demande de réinitialisation du mot de passe ${service}`,
  refusedHeading: 'Votre mot de passe ne peut pas être réinitialisé',
  refusedLead: (service: string) =>
    `Nous avons reçu une demande de réinitialisation du mot de passe de votre compte ${service}, mais ce compte ne peut plus se connecter\u00a0:`,
  refusedBlocked: <T>(n: { provider: T; since?: string }): Sentence<T> => [
    n.provider,
    n.since ? ` a bloqué son accès le ${n.since}.` : ' a bloqué son accès.',
  ],
  refusedMerged: <T>(n: { into?: T; since?: string }): Sentence<T> =>
    n.into
      ? [
          'Ce compte a été fusionné avec le compte ',
          n.into,
          n.since ? ` le ${n.since}` : '',
          '. Connectez-vous plutôt avec ce compte-là.',
        ]
      : [
          `Ce compte a été fusionné avec un autre compte${n.since ? ` le ${n.since}` : ''}. Connectez-vous avec celui-là.`,
        ],
  refusedProviderInactive: <T>(n: { provider: T; since?: string }): Sentence<T> => [
    n.provider,
    n.since ? ` n’utilise plus le service depuis le ${n.since}.` : ' n’utilise plus le service.',
  ],
  refusedYourProvider: 'Votre prestataire',
  refusedContactProvider: (provider?: string) =>
    provider
      ? `Pour retrouver l’accès, contactez ${provider}.`
      : 'Pour retrouver l’accès, contactez votre prestataire.',
  refusedNoLink: 'Cet e-mail ne contient aucun lien\u00a0: rien n’a été modifié sur votre compte.',
  refusedNotYou: 'Si vous n’avez rien demandé, vous pouvez ignorer cet e-mail.',

  changedSubject: (service: string) => `Votre mot de passe ${service} a été modifié`,
  changedHeading: 'Votre mot de passe a été modifié',
  changedLead: (n: { service: string; at: string }) =>
    `Le mot de passe de votre compte ${n.service} a été modifié le ${n.at}`,
  changedHow: {
    reset: ', avec un lien de réinitialisation.',
    profile: ', depuis votre profil.',
    'forced-change': ', à la connexion qui a suivi un mot de passe temporaire.',
  },
  changedNotYou:
    'Si ce n’était pas vous, réinitialisez votre mot de passe tout de suite («\u00a0Mot de passe oublié\u00a0?\u00a0» sur la page de connexion) et contactez votre prestataire.',

  temporarySubject: (service: string) => `Un mot de passe temporaire a été défini pour votre compte ${service}`,
  temporaryHeading: 'Un mot de passe temporaire a été défini',
  temporaryLead: <T>(n: { provider: T; service: string; at: string }): Sentence<T> => [
    'Un professionnel de ',
    n.provider,
    ` a défini un mot de passe temporaire pour votre compte ${n.service} le ${n.at}.`,
  ],
  temporaryHowGiven: 'Il vous le communique lui-même\u00a0: il n’est jamais envoyé par e-mail.',
  temporaryChange: 'Vous devrez le changer à votre prochaine connexion.',
  temporaryNotYou: (provider: string) => `Si vous ne vous attendiez pas à ce changement, contactez ${provider}.`,

  twoStepHelpSubject: (client: string) => `${client} demande la désactivation de la vérification en deux étapes`,
  twoStepHelpHeading: 'Un client n’a plus accès à son application d’authentification',
  twoStepHelpLead: <T>(n: { client: T; email: T; provider: string; at: string }): Sentence<T> => [
    '',
    n.client,
    ' (',
    n.email,
    `), client ${de(n.provider)}, a demandé le ${n.at} la désactivation de la vérification en deux étapes sur son compte\u00a0: il n’a plus l’application qui lui donne ses codes.`,
  ],
  twoStepHelpHow:
    'Vérifiez que la demande vient bien de lui (appelez-le à un numéro que vous connaissez déjà), puis dans la console ouvrez sa fiche client et choisissez «\u00a0Désactiver la vérification en deux étapes\u00a0».',
  twoStepHelpNotYou: 'Si vous ne gérez pas ce client, transférez cet e-mail à un collègue qui le gère, ou ignorez-le.',

  twoStepOffSubject: (service: string) => `La vérification en deux étapes a été désactivée sur votre compte ${service}`,
  twoStepOffHeading: 'La vérification en deux étapes a été désactivée',
  twoStepOffLead: <T>(n: { provider: T; service: string; at: string }): Sentence<T> => [
    'Un professionnel de ',
    n.provider,
    ` a désactivé la vérification en deux étapes sur votre compte ${n.service} le ${n.at}.`,
  ],
  twoStepOffNow:
    'Vous vous connectez désormais avec votre seul mot de passe. Vous pouvez réactiver la vérification en deux étapes depuis votre profil.',
  twoStepOffNotYou: (provider: string) => `Si vous ne l’avez pas demandé, contactez ${provider} tout de suite.`,

  emailCodeSubject: (service: string) => `Votre code pour vous connecter à ${service} avec cette adresse`,
  emailCodeHeading: 'Confirmez votre nouvelle adresse de connexion',
  emailCodeLead: (service: string) =>
    `Vous avez demandé à vous connecter désormais à votre compte ${service} avec cette adresse. Saisissez ce code sur la page qui vous l’a demandé\u00a0:`,
  emailCodeProposed: <T>(n: { provider: T; service: string }): Sentence<T> => [
    '',
    n.provider,
    ` vous propose de vous connecter désormais à votre compte ${n.service} avec cette adresse. Si vous êtes d’accord, connectez-vous comme d’habitude, puis saisissez ce code sur la page ci-dessous\u00a0:`,
  ],
  emailCodeWhere: 'La page où le saisir (après vous être connecté avec votre adresse actuelle)\u00a0:',
  emailCodeValidity: (minutes: number, until: string) =>
    `Le code fonctionne ${minutes}\u00a0minutes, jusqu’au ${until}, une seule fois.`,
  emailCodeNotYou: 'Si vous n’avez rien demandé, ignorez cet e-mail\u00a0: rien ne change sans le code.',
  emailChangedSubject: (service: string) => `L’adresse de connexion à ${service} a changé`,
  emailChangedHeading: 'Votre adresse de connexion a changé',
  emailChangedLead: <T>(n: { service: string; at: string; to: T }): Sentence<T> => [
    `Depuis le ${n.at}, votre compte ${n.service} se connecte avec `,
    n.to,
    ' au lieu de cette adresse, qui ne permet plus de s’y connecter.',
  ],
  emailChangedNotYou:
    'Si vous n’êtes pas à l’origine de ce changement, contactez tout de suite votre prestataire\u00a0: quelqu’un d’autre utilise peut-être votre compte.',
} satisfies AccountEmailMessages;
