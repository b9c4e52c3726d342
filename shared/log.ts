/**
 * Structured logging: one JSON object per line, with the invocation's correlation id. Secrets never reach a
 * log line (fields named like keys, tokens, codes or passwords are replaced) and personal data is masked
 * (emails `w•••@example.com`, phones `+33 6 •• •• •• 34`), including inside free text.
 */

import { LOCAL_PART_CHARACTERS } from './domain/email-address.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** A logger that adds these fields to every line. */
  child(fields: LogFields): Logger;
}

/** Where lines go: the Functions InvocationContext in a function, stdout elsewhere. */
export type LogSink = (level: LogLevel, line: string) => void;

const levels: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are secrets: replaced whole, whatever they hold. */
const secretName =
  /^(authorization|cookie|set-cookie|password|passwd|secret|client_?secret|key|access_?key|accesskey|token|id_?token|access_?token|refresh_?token|authorization_?code|verification_?code|code_?verifier|verifier|state|nonce|otp|temporary_?password|activation_?code|connection_?string)$|(secret|password|token|_key|Key|verifier)$/i;

/** An address as the validator accepts it: the whole local part (its own characters) before the domain. */
const emailPattern = new RegExp(
  `([${LOCAL_PART_CHARACTERS}])[${LOCAL_PART_CHARACTERS}]*@([A-Za-z0-9.-]+\\.[A-Za-z]{2,})`,
  'g',
);
const phonePattern = /\+\d[\d\s.-]{6,16}\d/g;
/** A text without any of these holds no email, phone or secret query parameter. */
const maybePersonal = /[@+=]/;
/** Query parameters that carry secrets in URLs (invitation key, OAuth code/state, reset token). */
const secretQuery = /([?&](?:key|code|state|token|code_verifier|client_secret|sig)=)[^&\s"']+/gi;

/** `willy.urs@example.com` → `w•••@example.com`. */
export function maskEmail(email: string): string {
  return email.replace(emailPattern, '$1•••@$2');
}

/** `+33612345634` → `+33 6 •• •• •• 34`: the country code, first digit and the last two stay readable. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^\d]/g, '');
  if (digits.length < 6) return '••';
  const cc =
    digits.startsWith('33') || digits.startsWith('32') || digits.startsWith('41')
      ? digits.slice(0, 2)
      : digits.slice(0, 1);
  const rest = digits.slice(cc.length);
  const hidden = Math.max(0, Math.ceil((rest.length - 3) / 2));
  return `+${cc} ${rest[0]} ${Array.from({ length: hidden }, () => '••').join(' ')} ${rest.slice(-2)}`;
}

/** Masks emails, phones and secret query parameters inside free text. */
export function maskText(text: string): string {
  // Each pattern needs its own mark (`=` of a query parameter, `@` of an address, `+` of a phone): most values
  // (ids, names, statuses) have none and are returned as they are.
  if (!maybePersonal.test(text)) return text;
  return text
    .replace(secretQuery, '$1[redacted]')
    .replace(emailPattern, '$1•••@$2')
    .replace(phonePattern, (p) => maskPhone(p));
}

/**
 * An error as a log line needs it: what it is and said (masked), the code and HTTP status an SDK gives it, where it
 * was thrown (the first frame of its stack) and, in turn, what caused it.
 */
function errorFields(error: Error, depth: number): LogFields {
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  const frame = error.stack?.split('\n').find((line) => /^\s+at /.test(line));
  return {
    name: error.name,
    message: maskText(error.message),
    ...(code === undefined ? {} : { code: redact(code, depth + 1) }),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    ...(frame ? { stack: maskText(frame.trim()) } : {}),
    ...(error.cause === undefined ? {} : { cause: redact(error.cause, depth + 1) }),
  };
}

/** Returns a copy of the fields that is safe to log. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return maskText(value);
  if (value instanceof Error) return errorFields(value, depth);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: LogFields = {};
    for (const [k, v] of Object.entries(value))
      out[k] = secretName.test(k) && v !== undefined ? '[redacted]' : redact(v, depth + 1);
    return out;
  }
  return value;
}

export function createLogger(sink: LogSink, base: LogFields = {}, minLevel: LogLevel = 'info'): Logger {
  const write = (level: LogLevel, event: string, fields?: LogFields) => {
    if (levels[level] < levels[minLevel]) return;
    const line = { at: new Date().toISOString(), level, event, ...(redact({ ...base, ...fields }) as LogFields) };
    sink(level, JSON.stringify(line));
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
    child: (fields) => createLogger(sink, { ...base, ...fields }, minLevel),
  };
}

/** A sink for processes outside a function invocation (start-up, tools). */
export const stdoutSink: LogSink = (level, line) => {
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(`${line}\n`);
};
