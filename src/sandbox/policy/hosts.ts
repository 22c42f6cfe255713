import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/**
 * Canonical form of a host name so that `Example.COM.`, `example.com` and
 * `xn--...` spellings compare equal: lowercase, no trailing dot, IDNA (punycode).
 * IPv6 literals lose their brackets. Returns null for something that is not a
 * host at all (empty, spaces, userinfo, path, port).
 */
export function normalizeHost(input: string): string | null {
  let h = input.trim();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (isIP(h) === 6) return h.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === '' || /[\s/@:?#\\]/.test(h)) return null;
  let wildcard = false;
  if (h.startsWith('*.')) {
    wildcard = true;
    h = h.slice(2);
  }
  const ascii = domainToASCII(h.toLowerCase());
  if (!ascii || ascii.endsWith('.')) return null;
  return wildcard ? `*.${ascii}` : ascii;
}

/** Does a normalised rule host (`a.b`, `*.a.b`, IP) match a normalised request host? */
export function hostMatches(rule: string, host: string): boolean {
  if (rule === host) return true;
  if (rule.startsWith('*.')) return host.endsWith(rule.slice(1)) && isIP(host) === 0;
  return false;
}
