/**
 * French words (the default language) of the console's bulk invite. French typography: a no-break space before « : »,
 * « ? » and inside « » quotes.
 */
import type { CsvProblem, Where } from '../../http/csv.js';
import type { BulkFormProblem, ConsoleBulkMessages } from './console-bulk.en.js';

/** Où le fichier ne peut pas être lu : ses lignes numérotées comme la page de l’envoi les numérote. */
const where = (at: Where) =>
  'line' in at
    ? ` à la ligne ${at.line} du fichier (l’en-tête est la ligne 1)`
    : at.row === 0
      ? ' à sa ligne d’en-tête'
      : ` à la ligne ${at.row} (les lignes sont numérotées à partir de la première ligne après l’en-tête)`;

/** Pourquoi un CSV ne peut pas être lu, et comment le corriger. */
function unreadable(reason: CsvProblem): string {
  switch (reason.kind) {
    case 'quote-in-unquoted-field':
      return `Le fichier ne peut pas être lu${where(reason)}\u00a0: une cellule contient un guillemet (") sans être entre guillemets. Mettez toute la cellule entre guillemets doubles et doublez chaque guillemet qu’elle contient, par exemple "=HYPERLINK(""x"")".`;
    case 'text-after-closing-quote':
      return `Le fichier ne peut pas être lu${where(reason)}\u00a0: une cellule entre guillemets continue après son guillemet fermant. Doublez chaque guillemet qu’elle contient, par exemple "dire ""bonjour""".`;
    case 'quote-not-closed':
      return `Le fichier ne peut pas être lu${where(reason)}\u00a0: une cellule ouvre un guillemet qui n’est jamais fermé. Fermez-le, et doublez chaque guillemet que la cellule contient.`;
    case 'more-cells-than-columns':
      return `Le fichier ne peut pas être lu${where(reason)}\u00a0: elle a plus de cellules que la ligne d’en-tête n’a de colonnes. Supprimez les cellules en trop, ou mettez entre guillemets doubles une cellule qui contient le séparateur.`;
    case 'not-utf8':
      return reason.because === 'bom'
        ? `Le fichier ne peut pas être lu${where(reason)}\u00a0: il se dit en UTF-8 mais ne l’est pas. Enregistrez-le de nouveau en «\u00a0CSV UTF-8\u00a0».`
        : `Le fichier ne peut pas être lu${where(reason)}\u00a0: il n’est pas en UTF-8. Enregistrez-le en «\u00a0CSV UTF-8\u00a0» ou «\u00a0CSV (séparateur\u00a0: point-virgule)\u00a0».`;
    case 'utf16':
      return 'Le fichier ne peut pas être lu\u00a0: il est en UTF-16 («\u00a0Texte Unicode\u00a0» d’Excel). Enregistrez-le en «\u00a0CSV UTF-8\u00a0» ou «\u00a0CSV (séparateur\u00a0: point-virgule)\u00a0».';
    case 'replacement-character':
      return `Le fichier ne peut pas être lu${where(reason)}\u00a0: il contient le caractère \uFFFD, la marque de lettres perdues par une conversion antérieure. Corrigez ces lettres et envoyez de nouveau le fichier.`;
    case 'no-header':
      return 'Le fichier est vide\u00a0: une ligne d’en-tête est attendue (email;firstName;lastName…).';
    case 'column-not-allowed':
      return `Le fichier ne peut pas être lu\u00a0: la colonne «\u00a0${reason.column}\u00a0» n’est pas permise.`;
    case 'column-twice':
      return `Le fichier ne peut pas être lu\u00a0: la colonne «\u00a0${reason.column}\u00a0» est donnée deux fois. Gardez-en une.`;
    case 'column-and-field':
      return `Le fichier ne peut pas être lu\u00a0: les colonnes «\u00a0${reason.column}\u00a0» et «\u00a0${reason.field}\u00a0» ne peuvent pas être données ensemble. Gardez «\u00a0${reason.field}\u00a0».`;
    case 'other':
      return `Le fichier ne peut pas être lu${reason.row === undefined ? '' : where({ row: reason.row })}. Vérifiez ses guillemets et ses séparateurs, puis envoyez-le de nouveau.`;
  }
}

export const fr: ConsoleBulkMessages = {
  inviteSeveral: 'Inviter plusieurs personnes',
  inviteSeveralHint: 'Déposez un fichier CSV enregistré depuis Excel, ou collez ses lignes.',
  title: 'Inviter plusieurs personnes',
  lead: (provider: string, max: string) =>
    `Invitez jusqu’à ${max}\u00a0personnes pour ${provider} en une fois\u00a0: déposez un fichier CSV, ou collez ses lignes avec leur ligne d’en-tête. Chaque ligne devient une invitation, comme depuis le formulaire Inviter.`,
  fileLabel: 'Fichier CSV',
  fileHint:
    'Séparé par des points-virgules ou des virgules\u00a0; enregistré par Excel en «\u00a0CSV UTF-8\u00a0» ou «\u00a0CSV (séparateur\u00a0: point-virgule)\u00a0».',
  pasteLabel: 'Ou collez les lignes',
  pasteHint: 'La ligne d’en-tête d’abord, puis une personne par ligne. Utilisé quand aucun fichier n’est choisi.',
  submit: 'Inviter ces personnes',
  problemTitle: 'L’invitation groupée n’a pas été lancée',
  problem: (p: BulkFormProblem): string => {
    switch (p.kind) {
      case 'nothing':
        return 'Choisissez un fichier CSV ou collez des lignes.';
      case 'unreadable':
        return unreadable(p.reason);
      case 'charset':
        return `Le fichier ne peut pas être lu\u00a0: son jeu de caractères «\u00a0${p.charset}\u00a0» n’est pas pris en charge. Enregistrez-le en «\u00a0CSV UTF-8\u00a0».`;
      case 'empty':
        return 'Le fichier est vide\u00a0: une ligne d’en-tête est attendue (email;firstName;lastName…).';
      case 'no-rows':
        return 'Le fichier a une ligne d’en-tête mais aucune ligne.';
      case 'too-many':
        return `Le fichier a ${p.rows}\u00a0lignes\u00a0: au plus ${p.max} en une fois. Découpez-le.`;
      case 'missing-columns':
        return `Il manque à la ligne d’en-tête la ou les colonnes obligatoires\u00a0: ${p.columns.join(', ')}.`;
      case 'unknown-columns':
        return `La ligne d’en-tête a des colonnes qui ne sont pas lues\u00a0: ${p.columns.join(', ')}. Les colonnes lues sont listées plus bas.`;
      case 'try-again':
        return 'Ce fichier est encore en cours d’envoi\u00a0: patientez un instant, puis consultez la liste des envois plus bas.';
    }
  },
  columnsHeading: 'Colonnes lues',
  columnsLead:
    'La première ligne nomme les colonnes, dans n’importe quel ordre. Les cellules vides sont ignorées. Les lignes comportant une erreur sont listées après l’envoi\u00a0; les autres sont invitées.',
  columnName: 'Colonne',
  columnWhat: 'Contenu',
  required: 'obligatoire',
  columns: {
    email: 'Adresse e-mail',
    firstName: 'Prénom',
    lastName: 'Nom',
    locale: 'Langue de l’invitation\u00a0: fr (par défaut) ou en',
    phone: 'Numéro de portable\u00a0: 06\u00a012\u00a034\u00a056\u00a078, ou au format international (+33612345678)',
    expiresInDays: 'Jours avant l’expiration du lien\u00a0: 1 à 30 (7 par défaut)',
    message: 'Message personnel, 500\u00a0caractères au plus',
    sendEmail: 'Envoyer l’e-mail\u00a0: oui (par défaut) ou non',
    'company.name': 'Nom de la société (la société préremplie pour le client)',
    'company.registrationNumber': 'SIRET ou numéro d’immatriculation',
    'company.vatNumber': 'Numéro de TVA',
    'company.phone': 'Téléphone de la société (numéro national du pays de la société, ou international)',
    'company.address.line1': 'Adresse',
    'company.address.line2': 'Complément d’adresse',
    'company.address.postalCode': 'Code postal',
    'company.address.city': 'Ville',
    'company.address.country': 'Pays, deux lettres (FR)',
  },
  example: 'Télécharger un exemple de fichier CSV',
  exampleFile: 'exemple-invitations.csv',
  encodingNote:
    'Les fichiers d’Excel sont lus tels quels\u00a0: points-virgules ou virgules, UTF-8 avec ou sans BOM, ou Windows-1252 («\u00a0CSV (séparateur\u00a0: point-virgule)\u00a0»). Un fichier «\u00a0Texte Unicode\u00a0» (UTF-16) est refusé\u00a0: enregistrez-le en «\u00a0CSV UTF-8\u00a0».',
  recentHeading: 'Envois récents',
  recentNone: 'Aucune invitation groupée pour l’instant.',
  recentItem: (when: string) => `Envoyé le ${when}`,
  status: { processing: 'En cours', completed: 'Terminé' },
  recentCounts: (total: number, created: number, problems: number) =>
    `${total}\u00a0lignes · ${created}\u00a0invitations créées · ${problems}\u00a0non invitées`,
  batchTitle: 'Invitation groupée',
  batchLead: (when: string) => `Envoyée le ${when}.`,
  progressLabel: (done: number, of: number, percent: number) =>
    `Lignes traitées\u00a0: ${done} sur ${of} (${percent}\u00a0%)`,
  totalsHeading: 'Totaux',
  totals: {
    total: 'Lignes lues',
    rejected: 'Refusées à la lecture',
    accepted: 'Acceptées',
    created: 'Invitations créées',
    refused: 'Refusées à l’invitation',
    queued: 'E-mails en attente d’envoi',
    sent: 'E-mails envoyés',
    failed: 'E-mails non remis',
  },
  pacedNote:
    'Les e-mails partent au rythme que permet le service d’envoi\u00a0; chaque invitation indique son propre état de remise.',
  refresh: 'Actualiser',
  errorsHeading: (count: number) => `Lignes non invitées (${count})`,
  errorsNone: 'Toutes les lignes ont été acceptées.',
  errorsCaption: 'Les lignes sont numérotées à partir de la première ligne après l’en-tête.',
  row: 'Ligne',
  email: 'E-mail',
  column: 'Colonne',
  problemColumn: 'Problème',
  wholeRow: '(la ligne)',
  downloadErrors: 'Télécharger ces lignes (CSV)',
  errorsFile: (id: string) => `invitations-non-envoyees-${id}.csv`,
  back: 'Retour à l’invitation groupée',
  notFoundTitle: 'Envoi introuvable',
  notFound: 'Il n’y a pas d’invitation groupée de ce numéro pour votre organisation.',
  refusals: {
    'invitation-pending': 'déjà invitée\u00a0: une invitation est en attente',
    'already-client': 'déjà client chez vous',
    'concurrent-update': 'invitée au même moment par ailleurs\u00a0: réessayez plus tard',
    forbidden: 'non autorisé pour votre organisation',
    'provider-inactive': 'votre organisation est inactive',
    'invitation-not-stored': 'n’a pas pu être enregistrée\u00a0: invitez de nouveau cette personne',
  },
  fieldProblems: {
    invalidEmail: 'adresse e-mail non valable',
    empty: 'vide',
    missing: 'manquant',
    tooLong: (max: string) => `${max}\u00a0caractères au plus`,
    tooSmall: (min: string) => `au moins ${min}`,
    tooLarge: (max: string) => `au plus ${max}`,
    unknownColumn: 'une colonne qui n’est pas lue',
    sameEmail: (row: number) => `même adresse e-mail que la ligne ${row}`,
    phone: 'pas un numéro de téléphone reconnu (06\u00a012\u00a034\u00a056\u00a078 ou +33612345678)',
    country: 'pas un code pays de deux lettres (FR)',
    locale: 'fr ou en',
    wholeNumber: 'pas un nombre entier',
    yesNo: 'oui ou non',
    invalid: (_detail: string) => 'valeur non valable',
  },
};
