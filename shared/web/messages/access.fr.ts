/**
 * French words of the access pages added with block and unblock (the default language; docs/access.md). French
 * typography: a no-break space before « : », « ? ».
 */
import type { AccessMessages } from './access.en.js';

export const fr: AccessMessages = {
  codesUnknown:
    'Ces codes ne correspondent à aucune société. Vérifiez-les dans votre lien de connexion, ou connectez-vous sans code.',
  codesUnknownTitle: 'Il y a un problème',
  withoutCodes: 'Se connecter sans code',
  appTitle: 'L’application mobile',
  appLead:
    'Installez-la sur votre téléphone. Pour l’activer, il vous faut votre code d’identification et le code reçu par SMS.',
  appStoreIos: 'App Store (iPhone, iPad)',
  appStoreAndroid: 'Google Play (Android)',
  someProviderInSentence: 'la société qui vous a invité',
  refusedBlocked: (n) =>
    `Votre accès à ce compte a été bloqué par ${n.provider}${n.since ? ` depuis le ${n.since}` : ''}.`,
  otherAccount: 'Se connecter avec un autre compte',
  refusedInactiveSince: (n) =>
    `${n.provider} n’utilise plus cette plateforme depuis le ${n.since}\u00a0: les comptes clients qu’elle avait ouverts sont fermés.`,
};
