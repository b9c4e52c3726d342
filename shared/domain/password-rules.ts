/**
 * The rule a client's new password must meet, whichever way it is set — reset link, profile, the change forced after
 * a temporary password (SECURITY.md): Entra External ID's own sign-up rule, so a person never meets two rules — 8 to
 * 256 characters, 3 of the 4 classes (lower case, upper case, digit, symbol), and no Unicode character (letters
 * without accents, digits, symbols and spaces: Entra refuses the rest) — plus: not a common password (nor
 * one with digits and symbols tacked on), and not containing the email's local part or the client's names. Each
 * criterion is reported on its own, so a page can show which ones are met as the person types.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordCriterion = 'length' | 'characters' | 'classes' | 'not-common' | 'not-personal';
export const PASSWORD_CRITERIA: readonly PasswordCriterion[] = [
  'length',
  'characters',
  'classes',
  'not-common',
  'not-personal',
];

/**
 * The characters Entra accepts in a password: ASCII letters, digits, symbols and the space ("Unicode characters" are
 * not allowed, https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy).
 */
const ENTRA_CHARACTERS = /^[\x20-\x7E]*$/;

/** What the password must not contain: the person's own words. */
export interface PasswordOwner {
  email?: string;
  firstName?: string;
  lastName?: string;
}

export interface PasswordCheck {
  met: PasswordCriterion[];
  unmet: PasswordCriterion[];
}

/** The character classes of Entra's rule present in the password. */
export function passwordClasses(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}]/u].filter((r) => r.test(password)).length;
}

/**
 * Common passwords and the words people build them from, lower case, accents removed (English and French lists of
 * the most used ones). A password is common when it is one of them, or one of them followed only by digits and
 * symbols (`Azerty123!`), or preceded by them (`123motdepasse`).
 */
const COMMON = new Set(
  [
    // The most used passwords (public breach corpora, English and French).
    '123456',
    '12345678',
    '123456789',
    '1234567890',
    '111111',
    '000000',
    '121212',
    '654321',
    '666666',
    '696969',
    '112233',
    '123123',
    '123321',
    '131313',
    '159753',
    '202020',
    '147258369',
    '987654321',
    '11111111',
    '00000000',
    'password',
    'passw0rd',
    'p@ssw0rd',
    'p@ssword',
    'pass',
    'passe',
    'motdepasse',
    'mot2passe',
    'mdp',
    'qwerty',
    'qwertyuiop',
    'azerty',
    'azertyuiop',
    'qwertz',
    'asdfgh',
    'asdfghjkl',
    'zxcvbn',
    'zxcvbnm',
    'wxcvbn',
    'abc',
    'abcd',
    'abcdef',
    'abcdefg',
    'abcdefgh',
    'abc123',
    'a1b2c3',
    'aaaaaa',
    'aaaaaaaa',
    'azertyui',
    'letmein',
    'welcome',
    'welcome1',
    'bienvenue',
    'bonjour',
    'salut',
    'coucou',
    'hello',
    'iloveyou',
    'jetaime',
    'monkey',
    'dragon',
    'master',
    'admin',
    'administrator',
    'administrateur',
    'root',
    'login',
    'user',
    'utilisateur',
    'football',
    'baseball',
    'soccer',
    'hockey',
    'basketball',
    'tennis',
    'rugby',
    'marseille',
    'paris',
    'lyon',
    'olympique',
    'psg',
    'france',
    'belgique',
    'suisse',
    'canada',
    'quebec',
    'europe',
    'soleil',
    'doudou',
    'chouchou',
    'loulou',
    'nicolas',
    'julien',
    'camille',
    'marie',
    'thomas',
    'pierre',
    'princess',
    'princesse',
    'sunshine',
    'shadow',
    'superman',
    'batman',
    'starwars',
    'pokemon',
    'naruto',
    'minecraft',
    'trustno1',
    'whatever',
    'freedom',
    'secret',
    'secure',
    'security',
    'changeme',
    'default',
    'test',
    'testtest',
    'access',
    'computer',
    'internet',
    'google',
    'microsoft',
    'windows',
    'apple',
    'samsung',
    'orange',
    'free',
    'summer',
    'winter',
    'spring',
    'autumn',
    'ete',
    'hiver',
    'printemps',
    'automne',
    'janvier',
    'decembre',
    'michael',
    'jennifer',
    'jordan',
    'charlie',
    'daniel',
    'andrew',
    'joshua',
    'matthew',
    'ashley',
    'jessica',
    'chocolate',
    'chocolat',
    'cookie',
    'flower',
    'fleur',
    'amour',
    'lovely',
    'love',
    'loveme',
    'family',
    'famille',
    'qazwsx',
    '1q2w3e4r',
    '1q2w3e',
    'zaq12wsx',
    '1qaz2wsx',
    'q1w2e3r4',
    'a1z2e3r4',
    'qwe123',
    'azerty123',
    'qwerty123',
  ].map((word) => word.toLowerCase()),
);

/** Lower case, accents removed, so `Été2024!` meets `ete`. */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

function isCommon(password: string): boolean {
  const text = folded(password);
  if (COMMON.has(text)) return true;
  // The word with digits and symbols around it: `Password1!`, `!!azerty2024`, `123Soleil`.
  const core = text.replace(/^[^\p{L}]+/u, '').replace(/[^\p{L}]+$/u, '');
  if (core.length > 0 && COMMON.has(core)) return true;
  // Digits and symbols with at most two letters, or one letter repeated: `12345678!a`, `Aaaaaaaa1`.
  if (core.replace(/[^\p{L}]/gu, '').length <= 2) return true;
  return /^(.)\1+$/u.test(core);
}

/** The person's own words, 3 characters or more, that the password contains (case and accents ignored). */
function personalWords(owner: PasswordOwner): string[] {
  const local = owner.email?.split('@')[0] ?? '';
  const words = [local, ...local.split(/[._+-]+/), owner.firstName ?? '', owner.lastName ?? '']
    .flatMap((w) => folded(w).split(/[\s'-]+/))
    .filter((w) => w.length >= 3);
  return [...new Set(words)];
}

/** Each criterion, met or not. */
export function checkPassword(password: string, owner: PasswordOwner = {}): PasswordCheck {
  const text = folded(password);
  const results: Record<PasswordCriterion, boolean> = {
    length: password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH,
    characters: ENTRA_CHARACTERS.test(password),
    classes: passwordClasses(password) >= 3,
    'not-common': !isCommon(password),
    'not-personal': !personalWords(owner).some((word) => text.includes(word)),
  };
  return {
    met: PASSWORD_CRITERIA.filter((c) => results[c]),
    unmet: PASSWORD_CRITERIA.filter((c) => !results[c]),
  };
}

/** Whether the password meets every criterion. */
export function passwordAcceptable(password: string, owner: PasswordOwner = {}): boolean {
  return checkPassword(password, owner).unmet.length === 0;
}
