import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BoundaryOperators, OperatorSpec } from '../config.js';
import { isPiiError } from '../errors.js';
import type { Finding } from '../types.js';
import { anonymize } from './anonymize.js';
import { decrypt } from './keyed.js';
import { MemoryVault } from './vault.js';

const text = '😀 Jane Doe, jane@example.com, card 4111 1111 1111 1111, Jane Doe again';
const at = (entityType: string, value: string, from = 0): Finding => {
  const i = text.indexOf(value, from);
  const start = [...text.slice(0, i)].length;
  return { entityType, start, end: start + [...value].length, score: 1, recognizer: 'test' };
};
const findings = [
  at('PERSON', 'Jane Doe'),
  at('EMAIL_ADDRESS', 'jane@example.com'),
  at('CREDIT_CARD', '4111 1111 1111 1111'),
  at('PERSON', 'Jane Doe', text.indexOf('again') - 9),
];
const ops = (d: OperatorSpec, entities: [string, OperatorSpec][] = []): BoundaryOperators => ({
  default: d,
  entities: new Map(entities),
});
const key = randomBytes(32);

describe('anonymize', () => {
  it('replace puts the entity label, and counts by type (never values)', () => {
    const r = anonymize(text, findings, ops({ type: 'replace' }));
    expect(r.text).toBe('😀 <PERSON>, <EMAIL_ADDRESS>, card <CREDIT_CARD>, <PERSON> again');
    expect(r.counts).toEqual({ PERSON: 2, EMAIL_ADDRESS: 1, CREDIT_CARD: 1 });
  });

  it('replace with a label, redact, and per-entity exceptions', () => {
    const r = anonymize(
      text,
      findings,
      ops({ type: 'redact' }, [['EMAIL_ADDRESS', { type: 'replace', label: '[email]' }]]),
    );
    expect(r.text).toBe('😀 , [email], card ,  again');
  });

  it('mask keeps the last N code points, and masks short values entirely', () => {
    const r = anonymize(text, findings, ops({ type: 'mask', keep: 4, char: '#' }));
    expect(r.text.startsWith('😀 #### Doe, ############.com, card ###############1111,')).toBe(true);
    const short = anonymize(
      'ab',
      [{ entityType: 'X', start: 0, end: 2, score: 1, recognizer: 't' }],
      ops({ type: 'mask', keep: 4, char: '*' }),
    );
    expect(short.text).toBe('**');
  });

  it('hash is HMAC-SHA256 under the key, the same for the same value', () => {
    const r = anonymize(text, findings, ops({ type: 'hash' }), { hashKey: key });
    const expected = createHmac('sha256', key).update('Jane Doe').digest('hex');
    expect(r.text.startsWith(`😀 ${expected}, `)).toBe(true);
    expect(r.text.split(expected)).toHaveLength(3);
    expect(r.text).not.toContain(createHmac('sha256', Buffer.alloc(32)).update('Jane Doe').digest('hex'));
  });

  it('pseudonymize gives consistent placeholders per value and type', () => {
    const vault = new MemoryVault();
    const r = anonymize(text, findings, ops({ type: 'pseudonymize' }), { vault });
    expect(r.text).toBe('😀 <PERSON_1>, <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1>, <PERSON_1> again');
    expect(vault.get('<PERSON_1>')).toBe('Jane Doe');
    const again = anonymize(
      'Bob and Jane Doe',
      [
        { entityType: 'PERSON', start: 0, end: 3, score: 1, recognizer: 't' },
        { entityType: 'PERSON', start: 8, end: 16, score: 1, recognizer: 't' },
      ],
      ops({ type: 'pseudonymize' }),
      { vault },
    );
    expect(again.text).toBe('<PERSON_2> and <PERSON_1>');
  });

  it('encrypt is reversible with the key and differs each time', () => {
    const r = anonymize(text, [findings[1] as Finding], ops({ type: 'encrypt' }), { encryptionKey: key });
    const token = /<ENC:[A-Za-z0-9_-]+>/.exec(r.text)?.[0] as string;
    expect(decrypt(key, token)).toBe('jane@example.com');
    const second = anonymize(text, [findings[1] as Finding], ops({ type: 'encrypt' }), {
      encryptionKey: key,
    });
    expect(second.text).not.toBe(r.text);
  });

  it('fails closed when a key or the vault is missing: no text comes back', () => {
    for (const [spec, code] of [
      [{ type: 'hash' }, 'pii_key_missing'],
      [{ type: 'encrypt' }, 'pii_key_missing'],
      [{ type: 'pseudonymize' }, 'pii_vault_missing'],
    ] as const) {
      let caught: unknown;
      try {
        anonymize(text, findings, ops({ type: 'replace' }, [['CREDIT_CARD', spec]]));
      } catch (err) {
        caught = err;
      }
      expect(isPiiError(caught, code)).toBe(true);
    }
  });

  it('ignores a finding overlapping an earlier one and accepts any order', () => {
    const overlapping = [
      findings[2] as Finding,
      { ...(findings[2] as Finding), start: (findings[2] as Finding).start + 2 },
    ];
    const r = anonymize(text, [...overlapping].reverse(), ops({ type: 'replace' }));
    expect(r.text).toContain('card <CREDIT_CARD>, Jane');
    expect(r.counts).toEqual({ CREDIT_CARD: 1 });
  });
});
