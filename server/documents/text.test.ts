import { describe, expect, it } from 'vitest';
import { isDocumentError } from './errors.js';
import { decodeText, normalizeText } from './text.js';

describe('decodeText', () => {
  it('strips a UTF-8 BOM and decodes UTF-16 in both byte orders', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]))).toBe('hi');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]))).toBe(
      'Grüße',
    );
    const be = Buffer.from('Grüße', 'utf16le').swap16();
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('Grüße');
  });

  it('refuses invalid UTF-8 rather than replacing it with U+FFFD', () => {
    try {
      decodeText(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]));
      expect.unreachable();
    } catch (err) {
      expect(isDocumentError(err, 'invalid_encoding')).toBe(true);
      expect((err as Error).message).toMatch(/UTF-8/);
    }
  });
});

describe('normalizeText', () => {
  it('unifies line ends, collapses spaces, trims lines and keeps one blank line between paragraphs', () => {
    expect(normalizeText('  a\r\nb\rc\n\n\n\n  d \t e  \f f\u2028g ')).toBe('a\nb\nc\n\nd e\nf\ng');
  });

  it('removes control characters but keeps tabs as spaces and NFC-composes', () => {
    expect(normalizeText('a\u0000b\u0007c\u009bd\te\u000bf Mu\u0308ller')).toBe('abcd e\nf Müller');
  });

  it('turns non-breaking spaces into spaces', () => {
    expect(normalizeText('10\u00a0mg')).toBe('10 mg');
  });
});
