import { describe, expect, it } from 'vitest';
import { identityFromClaims } from './claims.js';
import type { OidcSettings } from './types.js';

const settings = {
  groupsClaim: 'roles',
  attributeClaims: ['department', 'cost_center', 'sites'],
} as OidcSettings;
const base = { iss: 'https://idp.test', sub: 'u-1' };

describe('identityFromClaims', () => {
  it('keys the person by iss + sub, never by email', () => {
    const id = identityFromClaims({ ...base, email: 'a@b.test' }, {}, settings, 'jwt');
    expect(id).toMatchObject({
      issuer: 'https://idp.test',
      subject: 'u-1',
      email: 'a@b.test',
      idToken: 'jwt',
    });
  });

  it('reads groups from the configured claim, as a list or a single string, deduplicated', () => {
    expect(
      identityFromClaims({ ...base, roles: ['a', 'b', 'a', 7, null, ''] }, {}, settings, '').groups,
    ).toEqual(['a', 'b', '7']);
    expect(identityFromClaims({ ...base, roles: 'solo' }, {}, settings, '').groups).toEqual(['solo']);
    expect(identityFromClaims({ ...base, roles: { nested: true } }, {}, settings, '').groups).toEqual([]);
    expect(identityFromClaims({ ...base, groups: ['ignored'] }, {}, settings, '').groups).toEqual([]);
  });

  it('returns only configured, string-like attributes', () => {
    const id = identityFromClaims(
      { ...base, department: 'icu', cost_center: 4711, sites: ['north', 'south'], salary: '1' },
      {},
      settings,
      '',
    );
    expect(id.attributes).toEqual({ department: 'icu', cost_center: '4711', sites: ['north', 'south'] });
  });

  it('lets userinfo fill gaps but never override the ID token', () => {
    const id = identityFromClaims(
      { ...base, department: 'from-id-token' },
      { sub: 'someone-else', iss: 'https://evil.test', department: 'from-userinfo', roles: ['r'], name: 'N' },
      settings,
      '',
    );
    expect(id).toMatchObject({ issuer: 'https://idp.test', subject: 'u-1', groups: ['r'], displayName: 'N' });
    expect(id.attributes.department).toBe('from-id-token');
  });
});
