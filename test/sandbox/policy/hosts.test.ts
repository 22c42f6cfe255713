import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostMatches, normalizeHost } from '../../../src/sandbox/policy/hosts.js';

test('normalizeHost: lowercase, trailing dot, punycode, IPv4 forms, brackets', () => {
  assert.equal(normalizeHost('Example.COM.'), 'example.com');
  assert.equal(normalizeHost('bücher.de'), 'xn--bcher-kva.de');
  assert.equal(normalizeHost('*.Example.com'), '*.example.com');
  assert.equal(normalizeHost('2130706433'), '127.0.0.1');
  assert.equal(normalizeHost('0x7f.1'), '127.0.0.1');
  assert.equal(normalizeHost('[::1]'), '::1');
  for (const bad of ['', 'a b', 'user@host', 'host/path', 'host:80', '.'])
    assert.equal(normalizeHost(bad), null, bad);
});

test('hostMatches: exact and subdomain wildcard, never an IP via wildcard', () => {
  assert.ok(hostMatches('a.com', 'a.com'));
  assert.ok(hostMatches('*.a.com', 'x.y.a.com'));
  assert.ok(!hostMatches('*.a.com', 'a.com'));
  assert.ok(!hostMatches('*.a.com', 'xa.com'));
  assert.ok(!hostMatches('a.com', 'a.com.evil.com'));
});
