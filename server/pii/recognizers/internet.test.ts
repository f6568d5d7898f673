import { describe, expect, it } from 'vitest';
import { found, values } from '../test-support/found.js';
import { emailRecognizer, urlRecognizer } from './internet.js';

describe('EMAIL_ADDRESS', () => {
  const r = emailRecognizer();
  it.each([
    'jane.doe@example.com',
    'j+tag@mail.example.co.uk',
    'JANE_DOE%1@EXAMPLE.ORG',
    'o-brien@hospital-north.nhs.uk',
    'иван@пример.рф',
    'user@xn--80ak6aa92e.com',
  ])('finds %s at 1.0', (email) => {
    expect(found(r, `write to ${email}.`)).toEqual([{ entity: 'EMAIL_ADDRESS', value: email, score: 1 }]);
  });

  it.each([
    ['no dot in the domain', 'jane@localhost'],
    ['digits in the TLD', 'jane@example.c0m'],
    ['one-letter TLD', 'jane@example.c'],
    ['double dot in the local part', 'a..b@example.com'],
    ['local part ending in a dot', 'a.@example.com'],
    ['hyphen at a label end', 'jane@example-.com'],
    ['empty local part', '@example.com'],
    ['local part over 64 characters', `${'a'.repeat(65)}@example.com`],
  ])('drops %s', (_, text) => {
    expect(values(r, `mail ${text} now`)).toEqual([]);
  });

  it('gives a file-name look-alike a low score', () => {
    expect(found(r, 'logo@2x.png')).toEqual([{ entity: 'EMAIL_ADDRESS', value: 'logo@2x.png', score: 0.2 }]);
  });

  it('does not swallow quotes, "=" or a trailing dot', () => {
    expect(values(r, `"jane@example.com" mailto=bob@example.org. (eve@example.net)`)).toEqual([
      'jane@example.com',
      'bob@example.org',
      'eve@example.net',
    ]);
  });

  it("leaves a URL's user info to the URL recognizer", () => {
    expect(values(r, 'https://user@host.example.com/path')).toEqual([]);
  });
});

describe('URL', () => {
  const r = urlRecognizer();
  it('finds scheme URLs (0.6), www hosts and bare host names (0.5)', () => {
    expect(
      found(
        r,
        'See https://example.org/a?b=1. Or www.nhs.uk, or portal.example.com/login; ftp://files.example.net',
      ),
    ).toEqual([
      { entity: 'URL', value: 'https://example.org/a?b=1', score: 0.6 },
      { entity: 'URL', value: 'ftp://files.example.net', score: 0.6 },
      { entity: 'URL', value: 'www.nhs.uk', score: 0.5 },
      { entity: 'URL', value: 'portal.example.com/login', score: 0.5 },
    ]);
  });

  it('keeps balanced brackets and drops unbalanced ones', () => {
    expect(values(r, '(see https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      'https://en.wikipedia.org/wiki/Foo_(bar)',
    ]);
  });

  it.each([
    ['a file name', 'report.txt'],
    ['an e-mail domain', 'jane@example.com'],
    ['a bare scheme', 'https://'],
    ['a TLD glued to more letters', 'example.community'],
    ['an abbreviation', 'e.g. this'],
  ])('drops %s', (_, text) => {
    expect(values(r, `x ${text} y`)).toEqual([]);
  });
});
