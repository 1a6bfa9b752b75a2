import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Person } from '../store/schema.js';

/** `tt.getUserInfo().userInfo` (contract A6). */
export interface TtUserInfo {
  nickName: string;
  avatarUrl: string;
  gender: number;
  city: string;
  province: string;
  country: string;
  language: string;
}

/** What the encrypted data decrypts to: the profile, the openid and a watermark. */
export interface DecryptedUserInfo extends TtUserInfo {
  openId: string;
  watermark: { appid: string; timestamp: number };
}

export interface SignedUserInfo {
  userInfo: TtUserInfo;
  rawData: string;
  signature?: string;
  encryptedData?: string;
  iv?: string;
}

export function userInfoOf(person: Person): TtUserInfo {
  return {
    nickName: person.nickName,
    avatarUrl: person.avatarUrl,
    gender: person.gender,
    city: person.city,
    province: person.province,
    country: person.country,
    language: person.language ?? '',
  };
}

/** sha1(rawData + session_key) in lower-case hex, with the session_key as its base64 text. */
export const signRawData = (rawData: string, sessionKey: string): string =>
  createHash('sha1').update(rawData + sessionKey).digest('hex');

/**
 * Signs and encrypts a person's profile with a session_key exactly as the platform does: AES-128-CBC,
 * PKCS#7, key = base64-decoded session_key, random 16-byte IV, watermark with the appid and Unix seconds.
 */
export function signUserInfo(
  person: Person,
  opts: { openid: string; appid: string; sessionKey: string; nowMs: number; withCredentials: boolean },
): SignedUserInfo {
  const userInfo = userInfoOf(person);
  const rawData = JSON.stringify(userInfo);
  if (!opts.withCredentials) return { userInfo, rawData };
  const payload: DecryptedUserInfo = {
    ...userInfo,
    openId: opts.openid,
    watermark: { appid: opts.appid, timestamp: Math.floor(opts.nowMs / 1000) },
  };
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(opts.sessionKey, 'base64'), iv);
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return {
    userInfo,
    rawData,
    signature: signRawData(rawData, opts.sessionKey),
    encryptedData: encrypted.toString('base64'),
    iv: iv.toString('base64'),
  };
}

export type UserInfoProblem = 'signature' | 'decrypt' | 'watermark' | 'openid';

export class UserInfoCheckError extends Error {
  constructor(readonly problem: UserInfoProblem, message: string) {
    super(message);
  }
}

/**
 * What a developer's server does with `tt.getUserInfo` data (contract A6): check the signature,
 * decrypt, check the watermark's appid and the openid. Throws UserInfoCheckError naming the step.
 */
export function checkUserInfo(
  data: { rawData: string; signature: string; encryptedData: string; iv: string },
  expect: { sessionKey: string; appid: string; openid: string },
): DecryptedUserInfo {
  if (signRawData(data.rawData, expect.sessionKey) !== data.signature) {
    throw new UserInfoCheckError('signature', 'signature does not match rawData and the session_key of this code');
  }
  let payload: DecryptedUserInfo;
  try {
    const iv = Buffer.from(data.iv, 'base64');
    const key = Buffer.from(expect.sessionKey, 'base64');
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    const text = Buffer.concat([decipher.update(Buffer.from(data.encryptedData, 'base64')), decipher.final()]).toString('utf8');
    payload = JSON.parse(text) as DecryptedUserInfo;
  } catch {
    throw new UserInfoCheckError('decrypt', 'encryptedData does not decrypt with the session_key of this code');
  }
  if (payload?.watermark?.appid !== expect.appid) {
    throw new UserInfoCheckError('watermark', 'the watermark appid of encryptedData is not this mini-program');
  }
  if (payload.openId !== expect.openid) {
    throw new UserInfoCheckError('openid', 'encryptedData belongs to another user than the code');
  }
  return payload;
}
