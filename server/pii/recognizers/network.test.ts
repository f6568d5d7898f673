import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { ipRecognizer, macRecognizer } from './network.js';

describe('IP_ADDRESS', () => {
  const r = ipRecognizer();
  it.each([
    '192.168.1.20',
    '8.8.8.8',
    '255.255.255.255',
    '2001:db8::8a2e:370:7334',
    '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
    '::1',
    'fe80::1',
    '::ffff:192.168.0.1',
  ])('finds %s at 0.6', (ip) => {
    expect(found(r, `host ${ip}, please`)).toEqual([{ entity: 'IP_ADDRESS', value: ip, score: 0.6 }]);
  });

  it.each([
    ['octet over 255', '256.1.1.1'],
    ['leading zero', '01.2.3.4'],
    ['five parts', '1.2.3.4.5'],
    ['three parts', '1.2.3'],
    ['a time', '10:30:45'],
    ['a MAC address', '00:1A:2B:3C:4D:5E'],
    ['two "::"', '1::2::3'],
    ['v-prefixed version', 'v1.2.3.4'],
  ])('drops %s', (_, text) => {
    expect(values(r, `see ${text} now`)).toEqual([]);
  });

  it.each(['version 1.2.3.4', 'Version: 10.0.0.1', 'release 2.4.1.7', 'section 1.2.3.4', 'build 4.0.1.2'])(
    'drops a dotted quad after a version or section word: %s',
    (text) => {
      expect(values(r, `Upgraded to ${text} today`)).toEqual([]);
    },
  );

  it('leaves a zone id, a prefix length and brackets out of the span', () => {
    expect(values(r, 'at fe80::1%eth0, 2001:db8::/32 and [2001:db8::1]:8080')).toEqual([
      'fe80::1',
      '2001:db8::',
      '2001:db8::1',
    ]);
  });

  it('finds an address glued to a label by a colon', () => {
    expect(values(r, 'Note:fe80::1 and IP:10.0.0.1')).toEqual(['10.0.0.1', 'fe80::1']);
  });

  it('ends an address before sentence punctuation', () => {
    expect(values(r, 'It was 10.0.0.1. Then ::1.')).toEqual(['10.0.0.1', '::1']);
  });
});

describe('MAC_ADDRESS', () => {
  const r = macRecognizer();
  it('finds colon, hyphen (0.6) and Cisco dotted (0.5) forms', () => {
    expect(found(r, 'a 00:1A:2B:3C:4D:5E b 00-1a-2b-3c-4d-5e c 001a.2b3c.4d5e')).toEqual([
      { entity: 'MAC_ADDRESS', value: '00:1A:2B:3C:4D:5E', score: 0.6 },
      { entity: 'MAC_ADDRESS', value: '00-1a-2b-3c-4d-5e', score: 0.6 },
      { entity: 'MAC_ADDRESS', value: '001a.2b3c.4d5e', score: 0.5 },
    ]);
  });

  it.each([
    ['mixed separators', '00:1A-2B:3C:4D:5E'],
    ['all zero', '00:00:00:00:00:00'],
    ['broadcast', 'ff:ff:ff:ff:ff:ff'],
    ['seven groups', '00:1A:2B:3C:4D:5E:6F'],
    ['words in Cisco form', 'face.beef.cafe'],
    ['non-hex', '00:1A:2B:3C:4D:5G'],
  ])('drops %s', (_, text) => {
    expect(values(r, `mac ${text} end`)).toEqual([]);
  });
});
