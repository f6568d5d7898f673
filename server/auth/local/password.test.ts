import { describe, expect, it } from 'vitest';
import {
  argon2Params,
  checkPasswordRules,
  dummyHash,
  hashPassword,
  needsRehash,
  OWASP_MIN,
  parsePhc,
  verifyPassword,
} from './password.js';
import { fastConfig, thrown } from './test-support/fixtures.js';

describe('password rules', () => {
  it('rejects short passwords and says so', () => {
    const err = thrown(() => checkPasswordRules('alice', 'elevenchars'));
    expect(err.code).toBe('password_rejected');
    expect(err.message).toContain('at least 12 characters');
    expect(() => checkPasswordRules('alice', 'twelve chars')).not.toThrow();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(thrown(() => checkPasswordRules('alice', '🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).code).toBe(
      'password_rejected',
    );
    expect(() => checkPasswordRules('alice', '🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑')).not.toThrow();
  });

  it('rejects the username in any case, and says so', () => {
    const err = thrown(() => checkPasswordRules('Administrator', 'aDMINISTRATOR'));
    expect(err.code).toBe('password_rejected');
    expect(err.message).toContain('username');
  });

  it('rejects absurdly long passwords', () => {
    expect(thrown(() => checkPasswordRules('alice', 'x'.repeat(1025))).message).toContain('at most');
  });
});

describe('argon2id hashing', () => {
  it('stores the configured default parameters in the PHC string: m=65536, t=3, p=1', async () => {
    const params = argon2Params({
      ...fastConfig,
      argon2MemoryKiB: 65_536,
      argon2TimeCost: 3,
      argon2Parallelism: 1,
    });
    const phc = await hashPassword('correct horse battery', params);
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword(phc, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(phc, 'correct horse batterY')).toBe(false);
  });

  it('uses the OWASP floor m=19456, t=2, p=1 when configured so, and refuses less', async () => {
    const phc = await hashPassword('correct horse battery', argon2Params(fastConfig));
    expect(phc.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(OWASP_MIN).toEqual({ memoryKiB: 19_456, timeCost: 2, parallelism: 1 });
    expect(thrown(() => argon2Params({ ...fastConfig, argon2MemoryKiB: 4096 })).code).toBe('config_invalid');
    expect(thrown(() => argon2Params({ ...fastConfig, argon2TimeCost: 1 })).code).toBe('config_invalid');
  });

  it('matches a password typed in another Unicode form (NFKC)', async () => {
    const phc = await hashPassword('ﬁlet mignon 12', argon2Params(fastConfig)); // "ﬁ" ligature
    expect(await verifyPassword(phc, 'filet mignon 12')).toBe(true);
  });

  it('treats a malformed stored hash as a mismatch', async () => {
    expect(await verifyPassword('not a hash', 'whatever it is')).toBe(false);
  });

  it('builds dummy hashes with the real parameters that match nothing', async () => {
    const params = argon2Params(fastConfig);
    const dummy = dummyHash(params);
    expect(parsePhc(dummy)).toEqual({ type: 'argon2id', ...params });
    expect(dummyHash(params)).not.toBe(dummy);
    expect(await verifyPassword(dummy, 'correct horse battery')).toBe(false);
  });
});

describe('needsRehash', () => {
  const weak = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaA';
  it('is true when any configured parameter is higher, or the type is not argon2id', () => {
    expect(needsRehash(weak, { memoryKiB: 65_536, timeCost: 2, parallelism: 1 })).toBe(true);
    expect(needsRehash(weak, { memoryKiB: 19_456, timeCost: 3, parallelism: 1 })).toBe(true);
    expect(needsRehash(weak, { memoryKiB: 19_456, timeCost: 2, parallelism: 2 })).toBe(true);
    expect(needsRehash(weak.replace('argon2id', 'argon2i'), OWASP_MIN)).toBe(true);
    expect(needsRehash('garbage', OWASP_MIN)).toBe(true);
  });
  it('is false for equal or stronger stored parameters, in either parameter order', () => {
    expect(needsRehash(weak, OWASP_MIN)).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=65536,p=1,t=3$c2FsdA$aGFzaA', OWASP_MIN)).toBe(false);
  });
});
