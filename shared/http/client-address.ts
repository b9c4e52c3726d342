/**
 * The client address that per-address limits count a request under (SECURITY.md: the right-most address of
 * `X-Forwarded-For`, the one the platform's front end added — never a left-most one, which the client may write).
 * In Azure the App Service front end appends the address it saw, as `ip:port`; locally our Functions host appends
 * the socket's address the same way (`dev/functions-host/http-server.ts`). See docs/decisions.md, "Client address".
 *
 * IPv4 addresses count as they are; IPv6 addresses by their /64 network (`2001:db8:1:2::`), since one subscriber
 * holds a whole /64. Undefined when the header is missing or its last entry is not an address.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { HttpRequest } from '@azure/functions';

export function clientAddress(request: Pick<HttpRequest, 'headers'>): string | undefined {
  const forwarded = request.headers.get('x-forwarded-for');
  if (!forwarded) return undefined;
  return addressBucket(forwarded.split(',').at(-1) ?? '');
}

/** One `X-Forwarded-For` entry (`1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:443`, `2001:db8::1`) as its bucket. */
export function addressBucket(entry: string): string | undefined {
  let text = entry.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = text.replace(/%.*$/, ''); // an IPv6 zone (`fe80::1%eth0`) names an interface, not a client
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped) text = mapped[1]!;
  if (isIPv4(text)) return text;
  if (isIPv6(text)) return network64(text);
  return undefined;
}

/** The first four groups of an IPv6 address, zeros restored, as the /64 network's own address. */
function network64(address: string): string {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) =>
    part
      .split(':')
      .filter((g) => g !== '')
      .flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])); // an embedded IPv4 sits in the last two groups
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::`;
}
