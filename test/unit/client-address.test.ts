/**
 * The client address per-address limits count (SECURITY.md): the right-most `X-Forwarded-For` entry, the one the
 * platform's front end appended (`ip:port` in App Service), never one the client wrote before it; IPv6 by its /64.
 */
import { describe, expect, it } from 'vitest';
import { addressBucket, clientAddress } from '../../shared/http/client-address.js';

const request = (forwardedFor?: string) => ({
  headers: new Headers(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor }),
});

describe('the client address of a request', () => {
  it('when the client wrote its own X-Forwarded-For, then the right-most entry (the front end’s) counts, not theirs', () => {
    expect(clientAddress(request('203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.1, 198.51.100.7, 203.0.113.9:51234'))).toBe('203.0.113.9');
    expect(clientAddress(request('1.1.1.1, 2.2.2.2'))).toBe('2.2.2.2');
  });

  it('when the entry carries a port, brackets, a zone or an IPv4-mapped form, then the address alone counts', () => {
    expect(addressBucket(' 192.0.2.1:443 ')).toBe('192.0.2.1');
    expect(addressBucket('[::ffff:127.0.0.1]:50000')).toBe('127.0.0.1');
    expect(addressBucket('::ffff:192.0.2.8')).toBe('192.0.2.8');
    expect(addressBucket('[2001:db8:1:2::1]:443')).toBe('2001:db8:1:2::');
    expect(addressBucket('fe80::1%eth0')).toBe('fe80:0:0:0::');
  });

  it('when two IPv6 addresses share their first 64 bits, then they count as one network', () => {
    expect(addressBucket('2001:DB8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::');
    expect(addressBucket('2001:db8:1:2::ffff')).toBe('2001:db8:1:2::');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::');
    expect(addressBucket('::1')).toBe('0:0:0:0::');
  });

  it('when the header is missing or its last entry is not an address, then the address is unknown', () => {
    expect(clientAddress(request())).toBeUndefined();
    expect(clientAddress(request(''))).toBeUndefined();
    expect(clientAddress(request('203.0.113.9, unknown'))).toBeUndefined();
    expect(addressBucket('999.1.1.1')).toBeUndefined();
    expect(addressBucket('a#b/c')).toBeUndefined();
  });
});
