import { describe, expect, it } from 'vitest';
import { deriveAnonymousOpenid, deriveOpenid, deriveUnionid, newLoginCode, newSessionKey, newSessionNonce, randomBytesFromPool } from '../src/ids.js';

describe('random values', () => {
  it('gives tt.login codes of 32 lowercase hex digits, a new one every time', () => {
    const codes = Array.from({ length: 2000 }, newLoginCode);
    for (const code of codes) expect(code).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('gives session keys of 16 random bytes in base64, and nonces of 12 in base64url', () => {
    const keys = Array.from({ length: 500 }, newSessionKey);
    for (const key of keys) expect(Buffer.from(key, 'base64').toString('base64')).toBe(key);
    expect(keys.map((key) => Buffer.from(key, 'base64').length)).toEqual(keys.map(() => 16));
    const nonces = Array.from({ length: 500 }, newSessionNonce);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(new Set([...keys, ...nonces]).size).toBe(1000);
  });

  it('hands out copies of the pooled bytes, which later values do not overwrite', () => {
    const first = randomBytesFromPool(16);
    const kept = Buffer.from(first);
    // Enough draws to go round the pool several times.
    for (let i = 0; i < 2000; i++) newLoginCode();
    expect(first).toEqual(kept);
    expect(randomBytesFromPool(16)).not.toEqual(first);
    expect(randomBytesFromPool(5)).toHaveLength(5);
  });
});

describe('derived ids', () => {
  it('derives the same openid, unionid and anonymous openid from the same seed, in every version', () => {
    // Stores and test suites keep these: a change in how they are derived would orphan every user.
    expect(deriveOpenid('seed-1', 'ttb6a68a34f8faf518', 'douyin', 'alice')).toBe('_000HXSvMhnGP8aoRrdV9Y5dzTmxYvWof59s');
    expect(deriveOpenid('seed-1', 'ttb6a68a34f8faf518', 'toutiao', 'alice')).toBe('_000z4HRs7ZRbBWyVdojX_ZFDNU_MEDFD3uI');
    expect(deriveUnionid('seed-1', 'dev-1', 'douyin', 'alice')).toBe('a8678b1e-8306-1d00-f5a4-170dbdab1f98');
    expect(deriveAnonymousOpenid('seed-1', 'ttb6a68a34f8faf518', 'douyin', 'alice-phone')).toBe('_000UTr9gbipPLtIDz6K3_kT3E17wwLAanon');
  });
});
