/**
 * Email addresses as the service compares them: trimmed, lowercased, and with an internationalised domain
 * in its ASCII (punycode) form, so `Willy.Urs@Exämple.fr ` and `willy.urs@xn--exmple-cua.fr` are one person.
 * Used at every entry point and at binding (SECURITY.md, "Sign-in").
 */

/** The characters a local part may hold (RFC 5322's atext and the dot): one list for the rule and for masking. */
export const LOCAL_PART_CHARACTERS = "A-Za-z0-9!#$%&'*+/=?^_`{|}~.-";
const LOCAL_PART = new RegExp(`^[${LOCAL_PART_CHARACTERS}]+$`);
const MAX_LENGTH = 254;

/** Returns the normalized address, or undefined when it is not a usable email address. */
export function normalizeEmail(input: string): string | undefined {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  const local = trimmed.slice(0, at).toLowerCase();
  const domain = asciiDomain(trimmed.slice(at + 1));
  if (!domain || local.length > 64 || !LOCAL_PART.test(local)) return undefined;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  const address = `${local}@${domain}`;
  return address.length <= MAX_LENGTH ? address : undefined;
}

/** IDN → punycode through the WHATWG URL parser (a global, no import), with the usual shape checks. */
function asciiDomain(domain: string): string | undefined {
  if (!domain || /[\s/\\?#@:%[\]]/.test(domain)) return undefined;
  let host: string;
  try {
    host = new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
  const labels = host.split('.');
  if (labels.length < 2) return undefined;
  if (!labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l))) return undefined;
  if (/^\d+$/.test(labels.at(-1)!)) return undefined;
  return host;
}

export function isEmail(input: string): boolean {
  return normalizeEmail(input) !== undefined;
}

/** `a•••@example.com`: whose address it is, without giving it away whole (emails to another mailbox of the person). */
export function maskedAddress(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}
