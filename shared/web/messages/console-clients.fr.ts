/**
 * French words (the default language) of the console's client pages, in seed 000's words where it has them
 * ("Clients/Prospects", "Statut du client", "Code d'identification", "Envoyer par SMS", "Parrain"…). French
 * typography: a no-break space before « : » and « ? ».
 */
import { de } from '../i18n.js';
import type { ConsoleClientsMessages } from './console-clients.en.js';

export const fr = {
  searchTitle: 'Clients',
  searchLead: (provider: string) =>
    `Retrouvez un client ou un prospect ${de(provider)} par son nom, son e-mail ou son numéro de téléphone.`,
  searchLabel: 'Nom, e-mail ou téléphone',
  searchHint:
    'Nom ou prénom, ou leur début, dans n’importe quel ordre\u00a0; ou une adresse e-mail ou un numéro de téléphone complets.',
  searchButton: 'Rechercher',
  newProspect: 'Nouveau prospect',
  searchTooShort:
    'Saisissez un nom ou son début, une adresse e-mail complète ou un numéro de téléphone (100\u00a0caractères au plus).',
  noResult: (q: string) => `Aucun client ni prospect ne correspond à «\u00a0${q}\u00a0».`,
  resultsHeading: 'Résultats de la recherche',
  truncated: (n: number) => `Seuls les ${n} premiers résultats sont affichés\u00a0: précisez le nom pour les réduire.`,
  blocks: { client: 'Clients', prospect: 'Prospects' },
  blockHeading: (name: string, count: number) => `${name} (${count})`,
  columns: {
    civility: 'Civilité',
    name: 'Nom Prénom',
    state: 'État',
    status: 'Statut du client',
    email: 'Mail',
    phone: 'Téléphone',
    address: 'Adresse',
    postalCode: 'Code postal',
    city: 'Ville',
  },
  civility: { mr: 'M.', mrs: 'Mme' },
  status: { prospect: 'Prospect', client: 'Client' },
  states: {
    active: 'Actif',
    blocked: 'Bloqué',
    merged: 'Fusionné dans une autre fiche',
    prospect: 'Pas encore inscrit',
  },

  newTitle: 'Nouveau prospect',
  newLead: (provider: string) =>
    `Un prospect ${de(provider)}\u00a0: il devient client quand il se connecte. Seuls le prénom et le nom sont obligatoires.`,
  editTitle: (name: string) => `Modifier ${name}`,
  errorSummaryTitle: 'Corrigez ces champs',
  legends: { followUp: 'Suivi', person: 'La personne', contact: 'Coordonnées', app: 'L’application mobile' },
  labels: {
    civility: 'Civilité',
    firstName: 'Prénom',
    lastName: 'Nom',
    email: 'E-mail',
    phone: 'Numéro de portable',
    addressLine1: 'Adresse',
    postalCode: 'Code postal',
    city: 'Ville',
    department: 'Département',
    referrer: 'Parrain',
    advisor: 'Conseiller en relation',
    mobileAppOffered: 'Souhaitez-vous mettre l’application mobile à disposition de ce client\u00a0?',
    usableUntil: 'L’application sera utilisable jusqu’au',
  },
  hints: {
    email: 'L’adresse à laquelle vous lui écrivez\u00a0; celle avec laquelle il se connecte est celle de son compte.',
    phone:
      'Avec l’indicatif du pays, par exemple +33\u00a06\u00a012\u00a034\u00a056\u00a078\u00a0; un numéro français peut commencer par 0. Le code d’activation y est envoyé par SMS.',
    addressLine1: 'Si vous donnez une adresse, son code postal et sa ville sont nécessaires aussi.',
    department: 'Par exemple 33 - Gironde.',
    usableUntil: 'Inclus. Laissez vide pour ne pas fixer de fin.',
  },
  noCivility: 'Non renseignée',
  yes: 'Oui',
  no: 'Non',
  optional: '(facultatif)',
  create: 'Créer le prospect',
  save: 'Enregistrer',
  cancel: 'Annuler',
  problems: {
    required: 'Ce champ est obligatoire.',
    'too-long': 'Ce texte est trop long.',
    'invalid-email': 'Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.',
    'invalid-phone':
      'Saisissez un numéro de portable avec l’indicatif du pays, par exemple +33\u00a06\u00a012\u00a034\u00a056\u00a078.',
    'invalid-date': 'Saisissez une date, par exemple 2027-06-30.',
    invalid: 'Cette valeur n’est pas valide.',
  },
  clientExists: 'Un client ou un prospect avec cette adresse e-mail existe déjà\u00a0: aucun nouveau n’a été créé.',
  openExisting: 'Ouvrir sa fiche',
  tryAgain:
    'La fiche a changé pendant que vous la modifiiez. Vérifiez les valeurs ci-dessous et enregistrez à nouveau.',

  sheetTabs: 'Fiche client',
  tabs: { identity: 'Identité', access: 'Accès', invitations: 'Invitations', app: 'Appli mobile' },
  edit: 'Modifier',
  backToSearch: 'Retour à la recherche',
  exportData: 'Exporter les données (JSON)',
  notGiven: 'Non renseigné',
  identity: {
    civility: 'Civilité',
    lastName: 'Nom',
    firstName: 'Prénom',
    status: 'Statut du client',
    signInEmail: 'E-mail de connexion',
    primaryEmail: 'E-mail principal',
    secondaryEmails: 'Autres e-mails',
    phone: 'Numéro de portable',
    department: 'Département',
    referrer: 'Parrain',
    address: 'Adresse',
    created: 'Créé le',
    createdByInvitation: 'par une invitation acceptée',
  },
  access: {
    heading: 'Accès chez vous',
    status: 'Accès',
    reason: 'Motif',
    since: 'Depuis le',
    by: 'Par',
    none: 'Un prospect ne peut pas encore se connecter\u00a0: il obtient l’accès en acceptant une invitation.',
    providers: (n: number) =>
      n <= 1 ? 'Client de votre organisation seulement.' : `Client ${de(n)} organisations utilisant ce service.`,
    companies: 'Sociétés',
    noCompanies: 'Aucune société pour l’instant.',
    registration: (n: string) => `SIRET ${n}`,
  },
  invitations: {
    heading: 'Invitations',
    none: 'Aucune invitation n’a été envoyée à cette personne.',
    created: 'Envoyée le',
    email: 'E-mail',
    status: 'Statut',
    open: 'Ouvrir l’invitation',
    statuses: {
      pending: 'En attente',
      accepted: 'Acceptée',
      completed: 'Terminée',
      expired: 'Expirée',
      revoked: 'Révoquée',
    },
  },
  app: {
    heading: 'Appli mobile',
    offered: 'Application mise à disposition',
    advisor: 'Le conseiller en relation est',
    usableUntil: 'L’application sera utilisable jusqu’au',
    noEnd: 'Sans date de fin',
    firstConnection: 'Date première connexion',
    never: 'Pas encore',
    identificationCode: 'Code d’identification',
    noIdentificationCode: 'Aucun pour l’instant\u00a0: proposez l’application à ce client pour lui en attribuer un.',
    identificationHint: 'À donner au client pour installer l’application sur un autre téléphone ou une tablette.',
    activationCode: 'Code d’activation',
    activationNone: 'Aucun code envoyé pour l’instant.',
    activationSent: (at: string, to: string) => `Émis le ${at} pour le ${to}.`,
    activationValid: (until: string) => `Valable jusqu’au ${until}.`,
    activationExpired: (at: string) => `Expiré le ${at}.`,
    activationUsed: (at: string) => `Utilisé le ${at}.`,
    activationSpent: 'Épuisé après 5\u00a0essais erronés.',
    activationHidden: 'Le code lui-même n’est jamais affiché\u00a0: seul le client le reçoit.',
    delivery: 'SMS',
    deliveryStatus: {
      queued: 'en attente d’envoi',
      retrying: 'nouvel essai d’envoi',
      sent: 'envoyé',
      delivered: 'remis',
      failed: 'non remis',
    },
    locked:
      'L’activation est bloquée après 10\u00a0essais échoués en 24\u00a0heures\u00a0: l’envoi d’un nouveau code la débloque.',
    phone: 'Portable',
    department: 'Département',
    referrer: 'Parrain',
    sendHeading: 'Envoyer un nouveau code',
    sendExplains:
      'Un nouveau code à 6\u00a0chiffres est envoyé par SMS au numéro de portable de la fiche\u00a0; il est valable 10\u00a0minutes et le précédent cesse de fonctionner.',
    send: 'Envoyer par SMS',
    noPhoneToSend: 'Ajoutez un numéro de portable à la fiche pour envoyer un code.',
    notOfferedToSend:
      'L’application mobile n’est pas mise à disposition de ce client, ou sa date de fin est passée\u00a0: modifiez la fiche («\u00a0L’application mobile\u00a0») pour pouvoir lui envoyer un code.',
    devicesHeading: 'Appareils',
    noDevices: 'Aucun téléphone ni tablette activé pour l’instant.',
    device: 'Appareil',
    unnamedDevice: 'Téléphone ou tablette',
    activated: 'Activé le',
    lastSeen: 'Dernière utilisation',
    appVersion: 'Version de l’application',
    revokedOn: (at: string) => `Révoqué le ${at}`,
    signedOutOn: (at: string) =>
      `Déconnecté le ${at}\u00a0: le mot de passe du compte a changé, l’application redemande les codes.`,
    revoke: 'Révoquer',
    revokeLabel: (device: string) => `Révoquer ${device}`,
  },
  done: {
    created: 'Le prospect est créé.',
    saved: 'Les modifications sont enregistrées.',
    'sms-sent': (to: string, until: string) =>
      `Un nouveau code d’activation part vers le ${to}\u00a0; il est valable jusqu’au ${until}.`,
    'device-revoked': 'L’appareil est révoqué\u00a0: l’application n’y ouvre plus le compte du client.',
  },
  refused: {
    'no-phone': 'Aucun SMS envoyé\u00a0: la fiche n’a pas de numéro de portable. Modifiez la fiche pour en ajouter un.',
    'phone-not-allowed':
      'Aucun SMS envoyé\u00a0: ce numéro n’est pas un portable d’un pays vers lequel le service envoie des SMS. Vérifiez-le dans l’onglet Identité.',
    'not-offered':
      'Aucun SMS envoyé\u00a0: l’application mobile n’est pas mise à disposition de ce client, ou ne peut plus être utilisée.',
    'rate-limited': (at: string) =>
      `Aucun SMS envoyé\u00a0: trop de codes ont été envoyés récemment. Réessayez après le ${at}.`,
    'try-again': 'Aucun SMS envoyé\u00a0: la fiche a changé au même moment. Réessayez.',
    blocked: 'Aucun SMS envoyé\u00a0: l’accès de ce client est bloqué. Débloquez-le d’abord dans l’onglet Accès.',
    merged: 'Aucun SMS envoyé\u00a0: cette fiche a été fusionnée dans une autre. Envoyez le code depuis celle-ci.',
    'provider-inactive': 'Aucun SMS envoyé\u00a0: votre organisation n’utilise plus le service.',
    'device-gone': 'Cet appareil ne figure plus sur la fiche.',
  },
  revokeTitle: (device: string) => `Révoquer ${device}\u00a0?`,
  revokeLead: (name: string) =>
    `L’application de cet appareil cesse aussitôt d’ouvrir le compte ${de(name)}. Pour l’y utiliser de nouveau, le client l’active à nouveau avec un nouveau code.`,
  revokeConfirm: 'Oui, révoquer l’appareil',
  revokeCancel: 'Non, le garder',
  erase: 'Effacer',
  eraseTitle: (name: string) => `Effacer ${name}\u00a0?`,
  eraseLead: (name: string) =>
    `Tout ce que votre organisation conserve sur ${name} est supprimé définitivement\u00a0: la fiche, ses appareils et son code d’identification. Les invitations envoyées à ses adresses restent dans vos comptes mais ne nomment plus la personne, et leurs liens ne fonctionnent plus. C’est irréversible\u00a0: exportez les données d’abord si vous en avez besoin.`,
  eraseConfirm: 'Oui, effacer définitivement',
  eraseCancel: 'Non, garder la fiche',
  erasureRequested: (at: string, by: string) =>
    `Ce client a demandé le ${at}, depuis son profil, l’effacement de ses données. Effacez la fiche\u00a0; sinon, elle sera effacée automatiquement le ${by}.`,
  eraseClientLead: (name: string) =>
    `${name} s’est connecté(e)\u00a0: son accès à votre organisation prend fin aussi, avec toutes ses sessions ouvertes chez vous, et ce qu’il ou elle a créé pour vous (ses sociétés) est supprimé. Si aucune autre organisation ne le ou la sert, son compte est supprimé également.`,
  erased: (count: number) =>
    count === 0
      ? 'La fiche a été effacée.'
      : `La fiche a été effacée, et ${count === 1 ? 'l’invitation envoyée' : `les ${count} invitations envoyées`} à ses adresses anonymisée${count === 1 ? '' : 's'}.`,
  backToSheet: 'Retour à la fiche',
  notFoundTitle: 'Client introuvable',
  notFound: 'Il n’y a pas de tel client ni prospect pour votre organisation.',
} satisfies ConsoleClientsMessages;
