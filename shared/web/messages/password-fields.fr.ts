/** Les mots des champs « nouveau mot de passe » de toutes les pages qui en fixent un (français, la langue par défaut). */
import type { PasswordFieldsMessages } from './password-fields.en.js';

export const fr: PasswordFieldsMessages = {
  passwordLabel: 'Nouveau mot de passe',
  confirmationLabel: 'Confirmez le nouveau mot de passe',
  criteriaHeading: 'Votre mot de passe doit\u00a0:',
  criteria: {
    length: 'compter de 8 à 256\u00a0caractères',
    characters:
      'ne contenir que des lettres sans accent, des chiffres, des symboles et des espaces (pas de é, ç, emoji…)',
    classes: 'mêler au moins 3 types parmi\u00a0: minuscules, majuscules, chiffres, symboles',
    'not-common': 'ne pas être un mot de passe courant',
    'not-personal': 'ne contenir ni votre nom ni le début de votre adresse e-mail',
  },
  met: 'respecté',
  unmet: 'non respecté',
  mismatch: 'Les deux mots de passe ne sont pas identiques.',
  matches: 'Les deux mots de passe sont identiques.',
  showPasswords: 'Afficher les mots de passe',
};
