/** French words of the forgot-password pages (the default language); seed 003 for the page after the change. */
import type { ResetPasswordMessages } from './reset-password.en.js';

export const fr: ResetPasswordMessages = {
  forgotLink: 'Mot de passe oublié\u00a0?',
  requestTitle: 'Mot de passe oublié\u00a0?',
  requestLead:
    'Saisissez l’adresse e-mail avec laquelle vous vous connectez. Nous vous enverrons un lien pour choisir un nouveau mot de passe.',
  emailLabel: 'Adresse e-mail',
  emailInvalid: 'Saisissez une adresse e-mail, par exemple nom@exemple.fr.',
  send: 'M’envoyer un lien',
  sentTitle: 'Consultez votre boîte de réception',
  sentLead:
    'Si un compte se connecte avec cette adresse, nous venons de lui envoyer un e-mail avec un lien pour choisir un nouveau mot de passe.',
  sentSpam:
    'Rien après quelques minutes\u00a0? Regardez dans vos courriers indésirables (SPAM)\u00a0: les e-mails y arrivent parfois.',
  sentOutlook:
    'Avec Hotmail ou Outlook.com, regardez dans le dossier «\u00a0Courrier indésirable\u00a0»\u00a0; si l’e-mail s’y trouve, indiquez qu’il n’est pas indésirable, pour que les suivants arrivent dans votre boîte de réception.',
  sentExpiry: (minutes) => `Le lien fonctionne ${minutes}\u00a0minutes, une seule fois.`,
  backToSignIn: 'Retour à la connexion',
  chooseTitle: 'Choisissez un nouveau mot de passe',
  chooseLead: (email) => `Pour le compte qui se connecte avec ${email}.`,
  save: 'Enregistrer le nouveau mot de passe',
  errorsHeading: 'Le mot de passe n’a pas été changé',
  rejectedByDirectory: 'Le service de connexion a refusé ce mot de passe\u00a0: choisissez-en un autre.',
  doneTitle: 'Mot de passe réinitialisé',
  doneLead:
    'Votre mot de passe a bien été mis à jour. Vous allez être redirigé automatiquement dans quelques secondes…',
  notRedirected: 'Si vous n’êtes pas redirigé, cliquez ici\u00a0:',
  signIn: 'Se connecter',
  usedTitle: 'Ce lien a déjà servi',
  usedLead: 'Chaque lien change le mot de passe une seule fois. Pour le changer à nouveau, demandez un nouveau lien.',
  expiredTitle: 'Ce lien a expiré',
  expiredLead: 'Un lien fonctionne 30\u00a0minutes, et seul le dernier envoyé. Demandez un nouveau lien.',
  unknownTitle: 'Ce lien ne fonctionne pas',
  unknownLead: 'Il est peut-être incomplet\u00a0: rouvrez-le depuis l’e-mail, ou demandez un nouveau lien.',
  newLink: 'M’envoyer un nouveau lien',
  refusedTitle: 'Requête refusée',
  refusedLead: 'Ce formulaire doit être envoyé depuis sa page. Rouvrez la page et réessayez.',
};
