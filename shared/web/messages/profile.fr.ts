/** Les mots du profil du client, du changement de mot de passe et de sa confirmation (français, la langue par défaut). */
import type { ProfileMessages } from './profile.en.js';

export const fr: ProfileMessages = {
  title: 'Mon profil',
  profileLink: 'Connexion et mot de passe',
  signInHeading: 'Connexion',
  signInEmail: 'E-mail de connexion',
  securityHeading: 'Sécurité',
  passwordLead: 'Pour changer votre mot de passe, il vous sera demandé de vous reconnecter.',
  changePassword: 'Changer le mot de passe',
  providersHeading: 'Vos prestataires',
  providerSince: (date) => `client depuis le ${date}`,
  noProviders: 'Aucun prestataire pour le moment.',
  companiesHeading: 'Vos sociétés',
  noCompanies: 'Aucune société pour le moment.',
  dataHeading: 'Vos données',
  dataLead:
    'Tout ce que vos prestataires conservent sur vous (vos coordonnées, les invitations et leur historique, vos appareils), dans un fichier JSON.',
  downloadData: 'Télécharger mes données',
  backHome: 'Retour à l’accueil',
  changeTitle: 'Changer le mot de passe',
  changeLead: 'Choisissez un nouveau mot de passe. Une fois changé, vous êtes déconnecté de vos autres appareils.',
  submit: 'Changer le mot de passe',
  cancel: 'Annuler',
  errors: {
    heading: 'Le mot de passe n’a pas été changé',
    rule: 'Le nouveau mot de passe ne respecte pas toutes les règles ci-dessous.',
    mismatch: 'Les deux mots de passe ne sont pas identiques.',
    rejected: 'Le service de connexion a refusé ce mot de passe. Choisissez-en un autre.',
    empty: 'Saisissez un nouveau mot de passe.',
  },
  changedTitle: 'Mot de passe changé',
  changedLead: 'Votre mot de passe a bien été mis à jour.',
  changedElsewhere: 'Vous avez été déconnecté de vos autres appareils. Un e-mail confirme le changement.',
  backToProfile: 'Retour à mon profil',
};
