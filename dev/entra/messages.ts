/**
 * What the local Entra ID's pages and verification email say, in English and French (`ui_locales`).
 * API.md fixes the English labels ("Email", "Password", "Sign in", "Send code", "Verification code",
 * "Create account", "Yes"): tests and other engineers' journeys find controls by them.
 */

export type Locale = 'en' | 'fr';

const en = {
  productName: 'Local Entra ID',
  signInTitle: 'Sign in',
  signInIntro: (app: string) => `to continue to ${app}`,
  email: 'Email',
  password: 'Password',
  signInButton: 'Sign in',
  noAccount: 'No account?',
  createOne: 'Create one',
  signUpTitle: 'Create account',
  signUpIntro: (app: string) => `Create your account for ${app}. We will send a verification code to your email.`,
  sendCode: 'Send code',
  haveAccount: 'Already have an account?',
  signInLink: 'Sign in',
  verifyTitle: 'Verify your email',
  verifyIntro: (email: string) => `We sent a verification code to ${email}. Enter it and choose a password.`,
  emailVerified: (email: string) => `${email} is verified. Choose a password.`,
  verificationCode: 'Verification code',
  createAccount: 'Create account',
  resendCode: 'Send a new code',
  passwordHint:
    'At least 8 characters, with three of: lowercase letters, uppercase letters, digits, symbols. No accented or other Unicode characters.',
  consentTitle: 'Permissions requested',
  consentIntro: (app: string) => `${app} would like to:`,
  consentQuestion: 'Do you accept these permissions?',
  yes: 'Yes',
  no: 'No',
  changePasswordTitle: 'Update your password',
  changePasswordIntro: 'You need to update your password before you continue.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  changePasswordButton: 'Update password',
  signedInAs: (name: string) => `Signed in as ${name}`,
  pickAccountTitle: 'Pick an account',
  pickAccountIntro: (app: string) => `to continue to ${app}`,
  signedInHint: 'Signed in',
  useAnotherAccount: 'Use another account',
  errorTitle: 'We could not sign you in',
  errorBadCredentials: 'Your account or password is incorrect.',
  errorLocked: 'Your account is locked or disabled. Contact your support person to unlock it, then try again.',
  errorLockedOut: (minutes: number) =>
    `Your account is temporarily locked to prevent unauthorized use, after too many sign-in attempts with a wrong password. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
  errorEmail: 'Enter a valid email address.',
  errorPassword: 'Enter your password.',
  errorAccountExists: 'An account with this email already exists. Sign in instead.',
  errorCodeWrong: 'That code is incorrect. Check it and try again.',
  errorCodeExpired: 'That code has expired or was tried too many times. Send a new code.',
  errorSendFailed: 'We could not send the code. Try again in a moment.',
  errorPasswordLength: 'Your password must have between 8 and 256 characters.',
  errorPasswordComplexity:
    'Your password must contain three of these: lowercase letters, uppercase letters, digits, symbols.',
  errorPasswordUnicode:
    'Unicode characters are not allowed in a password: use letters without accents, digits and symbols.',
  errorSamePassword: 'Your new password must be different from your current password.',
  errorCurrentPassword: 'Your current password is incorrect.',
  errorExpired: 'This sign-in request has expired or cookies are blocked. Go back to the application and try again.',
  errorSignUpDisabled: 'This application does not allow creating accounts.',
  continueButton: 'Continue',
  signedOutTitle: 'You signed out of your account',
  signedOutText: 'You can close this window.',
  emailSubject: (tenant: string) => `Your ${tenant} verification code`,
  emailText: (code: string) =>
    `Your verification code is ${code}. It expires in 10 minutes.\n\nIf you did not ask for this code, you can ignore this email.`,
  emailHeading: 'Verify your email address',
  emailCodeIntro: 'Your verification code is:',
  emailFooter: 'It expires in 10 minutes. If you did not ask for this code, you can ignore this email.',
  scope: {
    openid: 'Sign you in',
    profile: 'View your basic profile',
    email: 'View your email address',
    offline_access: 'Maintain access to data you have given it access to',
    'user.read': 'Sign you in and read your profile',
  } as Record<string, string>,
};

export type Messages = typeof en;

const fr: Messages = {
  productName: 'Entra ID local',
  signInTitle: 'Se connecter',
  signInIntro: (app) => `pour continuer vers ${app}`,
  email: 'E-mail',
  password: 'Mot de passe',
  signInButton: 'Se connecter',
  noAccount: 'Pas de compte ?',
  createOne: 'Créez-en un',
  signUpTitle: 'Créer un compte',
  signUpIntro: (app) =>
    `Créez votre compte pour ${app}. Nous allons envoyer un code de vérification à votre adresse e-mail.`,
  sendCode: 'Envoyer le code',
  haveAccount: 'Vous avez déjà un compte ?',
  signInLink: 'Se connecter',
  verifyTitle: 'Vérifiez votre adresse e-mail',
  verifyIntro: (email) =>
    `Nous avons envoyé un code de vérification à ${email}. Saisissez-le et choisissez un mot de passe.`,
  emailVerified: (email) => `${email} est vérifiée. Choisissez un mot de passe.`,
  verificationCode: 'Code de vérification',
  createAccount: 'Créer le compte',
  resendCode: 'Envoyer un nouveau code',
  passwordHint:
    'Au moins 8 caractères, dont trois types parmi : minuscules, majuscules, chiffres, symboles. Pas de lettres accentuées ni d’autres caractères Unicode.',
  consentTitle: 'Autorisations demandées',
  consentIntro: (app) => `${app} souhaite :`,
  consentQuestion: 'Acceptez-vous ces autorisations ?',
  yes: 'Oui',
  no: 'Non',
  changePasswordTitle: 'Mettez à jour votre mot de passe',
  changePasswordIntro: 'Vous devez changer votre mot de passe avant de continuer.',
  currentPassword: 'Mot de passe actuel',
  newPassword: 'Nouveau mot de passe',
  changePasswordButton: 'Mettre à jour le mot de passe',
  signedInAs: (name) => `Connecté en tant que ${name}`,
  pickAccountTitle: 'Choisir un compte',
  pickAccountIntro: (app) => `pour continuer vers ${app}`,
  signedInHint: 'Connecté',
  useAnotherAccount: 'Utiliser un autre compte',
  errorTitle: 'Nous n’avons pas pu vous connecter',
  errorBadCredentials: 'Votre compte ou votre mot de passe est incorrect.',
  errorLocked:
    'Votre compte est verrouillé ou désactivé. Contactez votre support pour le déverrouiller, puis réessayez.',
  errorLockedOut: (minutes) =>
    `Votre compte est temporairement verrouillé pour empêcher une utilisation non autorisée, après trop de tentatives de connexion avec un mauvais mot de passe. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
  errorEmail: 'Saisissez une adresse e-mail valide.',
  errorPassword: 'Saisissez votre mot de passe.',
  errorAccountExists: 'Un compte existe déjà avec cette adresse e-mail. Connectez-vous.',
  errorCodeWrong: 'Ce code est incorrect. Vérifiez-le et réessayez.',
  errorCodeExpired: 'Ce code a expiré ou a été essayé trop de fois. Demandez un nouveau code.',
  errorSendFailed: 'Nous n’avons pas pu envoyer le code. Réessayez dans un instant.',
  errorPasswordLength: 'Votre mot de passe doit contenir entre 8 et 256 caractères.',
  errorPasswordComplexity:
    'Votre mot de passe doit contenir trois de ces types : minuscules, majuscules, chiffres, symboles.',
  errorPasswordUnicode:
    'Les caractères Unicode ne sont pas autorisés dans un mot de passe : utilisez des lettres sans accents, des chiffres et des symboles.',
  errorSamePassword: 'Votre nouveau mot de passe doit être différent de l’actuel.',
  errorCurrentPassword: 'Votre mot de passe actuel est incorrect.',
  errorExpired:
    'Cette demande de connexion a expiré ou les cookies sont bloqués. Revenez à l’application et réessayez.',
  errorSignUpDisabled: 'Cette application ne permet pas de créer des comptes.',
  continueButton: 'Continuer',
  signedOutTitle: 'Vous êtes déconnecté',
  signedOutText: 'Vous pouvez fermer cette fenêtre.',
  emailSubject: (tenant) => `Votre code de vérification ${tenant}`,
  emailText: (code) =>
    `Votre code de vérification est ${code}. Il expire dans 10 minutes.\n\nSi vous n’avez pas demandé ce code, ignorez cet e-mail.`,
  emailHeading: 'Vérifiez votre adresse e-mail',
  emailCodeIntro: 'Votre code de vérification :',
  emailFooter: 'Il expire dans 10 minutes. Si vous n’avez pas demandé ce code, ignorez cet e-mail.',
  scope: {
    openid: 'Vous connecter',
    profile: 'Afficher votre profil de base',
    email: 'Afficher votre adresse e-mail',
    offline_access: 'Conserver l’accès aux données auxquelles vous lui avez donné accès',
    'user.read': 'Vous connecter et lire votre profil',
  },
};

export function messages(locale: Locale): Messages {
  return locale === 'fr' ? fr : en;
}

/** Entra's `ui_locales` is a space-separated preference list; the first one we speak wins, else English. */
export function pickLocale(uiLocales: string | null | undefined): Locale {
  for (const tag of (uiLocales ?? '').split(/\s+/)) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'fr' || primary === 'en') return primary;
  }
  return 'en';
}
