import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSessionKey } from '../../src/ids.js';
import { checkUserInfo, signUserInfo, UserInfoCheckError, type UserInfoProblem } from '../../src/openplatform/user-info.js';
import { DEMO, fixtures } from '../helpers.js';

const alice = fixtures.people.alice!;
const NOW = Date.UTC(2025, 0, 1, 4, 0, 0);
const OPENID = '_000aliceInDouyin';

function signed(sessionKey: string, opts: { appid?: string; openid?: string } = {}) {
  const info = signUserInfo(alice, { openid: opts.openid ?? OPENID, appid: opts.appid ?? DEMO.appid, sessionKey, nowMs: NOW, withCredentials: true });
  return { rawData: info.rawData, signature: info.signature!, encryptedData: info.encryptedData!, iv: info.iv! };
}

function problemOf(fn: () => unknown): UserInfoProblem | 'none' {
  try {
    fn();
    return 'none';
  } catch (err) {
    if (err instanceof UserInfoCheckError) return err.problem;
    throw err;
  }
}

describe('signUserInfo', () => {
  it('signs with sha1(rawData + session_key) in lower-case hex', () => {
    const key = newSessionKey();
    const data = signed(key);
    expect(data.signature).toBe(createHash('sha1').update(data.rawData + key).digest('hex'));
    expect(data.signature).toMatch(/^[0-9a-f]{40}$/);
  });

  it('encrypts the profile, openId and watermark with AES-128-CBC under the session_key', () => {
    const key = newSessionKey();
    const data = signed(key);
    const decipher = createDecipheriv('aes-128-cbc', Buffer.from(key, 'base64'), Buffer.from(data.iv, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(data.encryptedData, 'base64')), decipher.final()]).toString('utf8');
    expect(JSON.parse(plain)).toEqual({
      ...JSON.parse(data.rawData),
      openId: OPENID,
      watermark: { appid: DEMO.appid, timestamp: NOW / 1000 },
    });
  });

  it('uses a fresh iv for every call', () => {
    const key = newSessionKey();
    expect(signed(key).iv).not.toBe(signed(key).iv);
  });

  it('leaves out signature, encryptedData and iv without credentials', () => {
    const info = signUserInfo(alice, { openid: OPENID, appid: DEMO.appid, sessionKey: newSessionKey(), nowMs: NOW, withCredentials: false });
    expect(Object.keys(info).sort()).toEqual(['rawData', 'userInfo']);
    expect(info.userInfo).toMatchObject({ nickName: alice.nickName, gender: alice.gender });
  });
});

describe('checkUserInfo', () => {
  const expectFor = (sessionKey: string) => ({ sessionKey, appid: DEMO.appid, openid: OPENID });

  it('returns the decrypted payload when every check passes', () => {
    const key = newSessionKey();
    const payload = checkUserInfo(signed(key), expectFor(key));
    expect(payload).toMatchObject({ openId: OPENID, nickName: alice.nickName, watermark: { appid: DEMO.appid } });
  });

  it('reports a signature made with another session_key', () => {
    const key = newSessionKey();
    expect(problemOf(() => checkUserInfo(signed(newSessionKey()), expectFor(key)))).toBe('signature');
  });

  it('reports a rawData changed after signing', () => {
    const key = newSessionKey();
    const data = signed(key);
    const tampered = { ...data, rawData: data.rawData.replace(alice.nickName, 'Mallory') };
    expect(problemOf(() => checkUserInfo(tampered, expectFor(key)))).toBe('signature');
  });

  it('reports encryptedData that does not decrypt', () => {
    const key = newSessionKey();
    const data = signed(key);
    const truncated = Buffer.from(data.encryptedData, 'base64').subarray(0, 20).toString('base64');
    expect(problemOf(() => checkUserInfo({ ...data, encryptedData: truncated }, expectFor(key)))).toBe('decrypt');
  });

  it('reports encryptedData made under another session_key even with a valid signature', () => {
    const key = newSessionKey();
    const other = signed(newSessionKey());
    const data = { ...signed(key), encryptedData: other.encryptedData, iv: other.iv };
    expect(problemOf(() => checkUserInfo(data, expectFor(key)))).toBe('decrypt');
  });

  it('reports an iv that is not 16 bytes', () => {
    const key = newSessionKey();
    const data = { ...signed(key), iv: Buffer.alloc(8).toString('base64') };
    expect(problemOf(() => checkUserInfo(data, expectFor(key)))).toBe('decrypt');
  });

  it('reports a watermark of another mini-program', () => {
    const key = newSessionKey();
    expect(problemOf(() => checkUserInfo(signed(key, { appid: 'tt00000000000000ff' }), expectFor(key)))).toBe('watermark');
  });

  it('reports an openId of another user', () => {
    const key = newSessionKey();
    expect(problemOf(() => checkUserInfo(signed(key, { openid: '_000someoneElse' }), expectFor(key)))).toBe('openid');
  });
});
