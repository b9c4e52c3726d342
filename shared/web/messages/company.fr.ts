/**
 * French words (the default language) of the pages after sign-in: Create Company, welcome, company picker,
 * refusals, sign-in problems and the sign-in codes page. French typography: a no-break space before « : », « ? »
 * and inside « » quotes. Button names follow the seeds ("Créer la société", "Se connecter").
 */
import type { Sentence } from '../i18n.js';
import type { CompanyMessages } from './company.en.js';

export const fr = {
  createTitle: 'Confirmez votre société',
  createLead: (provider: string) =>
    `${provider} a enregistré ces informations pour vous. Vérifiez-les, corrigez-les si besoin, puis sélectionnez «\u00a0Créer la société\u00a0».`,
  signedInAs: <T>(n: { name: T; email: T }): Sentence<T> => [
    'Vous êtes connecté en tant que ',
    n.name,
    ' (',
    n.email,
    ').',
  ],
  companyLegend: 'Votre société',
  addressLegend: 'Adresse de la société',
  optional: '(facultatif)',
  labels: {
    name: 'Nom de la société',
    registrationNumber: 'Numéro d’immatriculation',
    vatNumber: 'Numéro de TVA intracommunautaire',
    phone: 'Téléphone',
    line1: 'Adresse',
    line2: 'Complément d’adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    country: 'Pays',
  },
  hints: {
    registrationNumber:
      'En France\u00a0: SIRET (14\u00a0chiffres) ou SIREN (9\u00a0chiffres). Les espaces sont acceptés.',
    vatNumber: 'Commence par le code du pays, par exemple FR\u00a012\u00a0345678901.',
    phone: 'Avec l’indicatif du pays, par exemple +33\u00a01\u00a023\u00a045\u00a067\u00a089.',
    line2: 'Bâtiment, étage, boîte postale…',
  },
  problems: {
    required: 'Ce champ est obligatoire.',
    'too-short': 'Saisissez au moins {min}\u00a0caractères.',
    'too-long': 'Saisissez au plus {max}\u00a0caractères.',
    'invalid-characters': 'Retirez les caractères invisibles (retours à la ligne, tabulations) de ce champ.',
    'invalid-siret':
      'Ce n’est pas un SIRET (14\u00a0chiffres) ou un SIREN (9\u00a0chiffres) valide\u00a0: un chiffre est sans doute erroné. Vérifiez-le sur votre Kbis.',
    'invalid-vat':
      'Ce n’est pas un numéro de TVA valide pour le pays choisi\u00a0: le code du pays en 2\u00a0lettres, puis le numéro (par exemple FR12345678901).',
    'vat-mismatch':
      'Ce numéro de TVA est celui d’une autre société\u00a0: ses 9\u00a0derniers chiffres doivent être le SIREN ci-dessus.',
    'invalid-postal-code': 'Ce code postal ne correspond pas au pays choisi (par exemple {example}).',
    'invalid-country':
      'Il n’est pas encore possible de créer une société dans ce pays. Choisissez un pays de la liste.',
    'invalid-phone':
      'Saisissez un numéro avec l’indicatif du pays, par exemple +33\u00a01\u00a023\u00a045\u00a067\u00a089.',
  },
  errorSummaryTitle: 'Veuillez corriger les points suivants',
  submit: 'Créer la société',
  statusInvalid:
    'Le bouton «\u00a0Créer la société\u00a0» reste gris tant que tout n’est pas valide. À corriger\u00a0:',
  statusValid: 'Tout est valide\u00a0: vous pouvez sélectionner «\u00a0Créer la société\u00a0».',
  countryChoose: 'Choisissez un pays',

  welcomeTitle: (platform: string) => `Bienvenue sur ${platform}`,
  welcomeHello: (firstName: string) => `Bonjour ${firstName},`,
  welcomeCompany: <T>(company: T): Sentence<T> => ['Votre société ', company, ' est prête.'],
  welcomeLead: 'Que souhaitez-vous faire\u00a0?',
  welcomeLinks: {
    equipment: 'Mes équipements',
    requests: 'Mes demandes d’intervention',
    documents: 'Mes documents',
    profile: 'Mon profil',
  },
  signOut: 'Se déconnecter',

  pickerTitle: 'Choisissez une société',
  pickerLegend: 'Avec quelle société souhaitez-vous continuer\u00a0?',
  pickerWith: (provider: string) => `avec ${provider}`,
  pickerSubmit: 'Continuer',

  refusedTitle: {
    blocked: 'Votre accès a été suspendu',
    merged: 'Ce compte a été fusionné avec un autre',
    'provider-inactive': 'Ce service n’est plus disponible pour vous',
    'no-access': 'Aucun accès pour ce compte',
  },
  refusedBlockedWhat: (provider: string) =>
    `Pour le retrouver, contactez ${provider}\u00a0: seule cette société peut le rétablir.`,
  refusedMerged: (since?: string) =>
    `Vos comptes clients ont été fusionnés${since ? ` le ${since}` : ''}\u00a0: toutes vos informations sont désormais dans un seul compte, et celui-ci est fermé.`,
  refusedMergedInto: <T>(email: T): Sentence<T> => [
    'Déconnectez-vous, puis connectez-vous avec le compte ',
    email,
    '.',
  ],
  refusedMergedWhat: 'Déconnectez-vous, puis connectez-vous avec le compte que vous utilisez désormais.',
  refusedInactive: (provider: string) =>
    `${provider} n’utilise plus cette plateforme\u00a0: les comptes clients qu’elle avait ouverts sont fermés.`,
  refusedInactiveWhat: (provider: string) =>
    `Contactez ${provider} pour trouver la meilleure solution\u00a0: en général, votre adresse e-mail est libérée afin que vous puissiez ouvrir un nouveau compte.`,
  refusedNoAccess: 'Vous êtes connecté, mais aucune société n’a encore donné accès à ce compte.',
  refusedNoAccessWhat:
    'Si vous avez reçu une invitation, ouvrez le lien de son e-mail. Sinon, demandez à la société avec laquelle vous travaillez de vous inviter.',
  refusedContact: <T>(email: T): Sentence<T> => ['Besoin d’aide\u00a0? Écrivez à ', email, '.'],
  someProvider: 'La société qui vous a invité',

  problemTitle: {
    'wrong-account': 'Vous vous êtes connecté avec un autre compte',
    'email-not-verified': 'Ce compte ne prouve pas votre adresse e-mail',
    cancelled: 'Connexion annulée',
    expired: 'Cette invitation a expiré',
    revoked: 'Cette invitation n’est plus valable',
    'not-signed-in': 'Vous n’êtes pas connecté',
    'session-expired': 'Votre session a expiré',
    'session-ended': 'Votre session a été fermée',
    'invitation-page-expired': 'Cette page a expiré',
    'state-mismatch': 'La connexion n’a pas pu aboutir',
    'sign-in-failed': 'La connexion a échoué',
  },
  problemWrongAccount: <T>(n: { invited: T; signedIn: T }): Sentence<T> => [
    'Cette invitation est adressée à ',
    n.invited,
    ', mais vous vous êtes connecté en tant que ',
    n.signedIn,
    '. Votre invitation vous attend toujours.',
  ],
  problemWrongAccountNoEmails:
    'Cette invitation est adressée à une autre adresse e-mail. Votre invitation vous attend toujours.',
  problemEmailNotVerified: <T>(invited: T): Sentence<T> => [
    'Le compte avec lequel vous vous êtes connecté ne prouve pas que l’adresse ',
    invited,
    ' est la vôtre\u00a0: ce n’est pas l’adresse avec laquelle il se connecte. Connectez-vous avec le compte dont l’adresse de connexion est ',
    invited,
    '. Votre invitation vous attend toujours.',
  ],
  problemEmailNotVerifiedNoEmail:
    'Le compte avec lequel vous vous êtes connecté ne prouve pas que l’adresse invitée est la vôtre. Connectez-vous avec le compte dont l’adresse de connexion est celle de l’invitation. Votre invitation vous attend toujours.',
  problemCancelled: 'Vous avez quitté la connexion avant la fin. Rien n’a changé\u00a0: vous pouvez recommencer.',
  problemExpired: (provider: string) => `Demandez à ${provider} de vous envoyer une nouvelle invitation.`,
  problemRevoked: (provider: string) =>
    `${provider} a annulé cette invitation. Contactez cette société si vous pensez qu’il s’agit d’une erreur.`,
  problemNotSignedIn:
    'Vous n’êtes pas connecté sur cet appareil, ou vous vous êtes déconnecté. Connectez-vous pour accéder à cette page.',
  problemSessionExpired:
    'Pour votre sécurité, vous avez été déconnecté au bout d’un certain temps. Reconnectez-vous pour continuer.',
  problemInvitationPageExpired:
    'Cette page a été ouverte il y a trop longtemps, ou dans un autre navigateur. Pour continuer, rouvrez le lien de l’invitation depuis l’e-mail que vous avez reçu.',
  problemSessionEnded:
    'Cette session a été fermée\u00a0: vous vous êtes déconnecté, ou votre mot de passe a été changé. Reconnectez-vous pour continuer.',
  problemStateMismatch:
    'La page de connexion a été ouverte il y a trop longtemps, ou dans une autre fenêtre. Recommencez depuis cette page.',
  problemSignInFailed: 'Un problème est survenu pendant la connexion. Réessayez dans un instant.',
  retryAs: (email: string) => `Se connecter en tant que ${email}`,
  retry: 'Réessayer',
  signIn: 'Se connecter',

  startTitle: 'Se connecter',
  startLead:
    'Si le lien de connexion que vous avez reçu contient des codes, saisissez-les ici. Sinon, laissez les champs vides.',
  clientCode: 'Code client',
  companyCode: 'Code société',
  codeHint:
    'Donnés par la société avec laquelle vous travaillez, dans votre lien de connexion (client=… et societe=…).',
} satisfies CompanyMessages;
