import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embeddedV4, isBlockedAddress } from '../../../src/sandbox/net/address.js';

test('blocked: private, loopback, link-local, metadata, CGNAT, mapped and NAT64 forms', () => {
  for (const ip of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.100.100.200',
    '0.0.0.0',
    '::1',
    '::',
    'fe80::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '64:ff9b::a9fe:a9fe',
    'not-an-ip',
  ]) {
    assert.equal(isBlockedAddress(ip), true, ip);
  }
  for (const ip of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111'])
    assert.equal(isBlockedAddress(ip), false, ip);
  assert.equal(embeddedV4('::ffff:7f00:1'), '127.0.0.1');
});
