import { describe, expect, it } from 'vitest';
import { normaliseSync } from '../../src/baas/profile-sync.js';
import { DEFAULT_AVATAR } from '../../src/baas/users.js';
import { expectStatus, fixtures, hserve, newTestMock } from '../helpers.js';
import { AUTHENTICATE, idsOf, loggedIn, setUserFields, signedBody, userOf } from './bytedance-steps.js';

const alice = fixtures.people.alice!;

// What the user had before the authorized login: nickname, city and country ("") set by the user; avatar
// and gender as a new record has them; province and language never set.
const BEFORE = { nickname: 'Set by the user', avatar: DEFAULT_AVATAR, gender: 0, city: 'Paris', province: null, country: '', language: null };
const PLATFORM = { nickname: alice.nickName, avatar: alice.avatarUrl, gender: alice.gender, city: alice.city, province: alice.province, country: alice.country, language: '' };

const EXPECTED = {
  overwrite: PLATFORM,
  setnx: { ...BEFORE, avatar: PLATFORM.avatar, gender: PLATFORM.gender, province: PLATFORM.province, language: PLATFORM.language },
  false: BEFORE,
} as const;

/** A user of alice's douyin account whose first-level profile is BEFORE; returns its id. */
async function userWithProfile(t: Awaited<ReturnType<typeof newTestMock>>): Promise<number> {
  const id: number = (await loggedIn(t)).user_info.id;
  setUserFields(t, id, BEFORE);
  return id;
}

const firstLevel = (user: Record<string, unknown>) => Object.fromEntries(Object.keys(BEFORE).map((k) => [k, user[k]]));

describe('update_userprofile on POST /hserve/v2.5/idp/bytedance/authenticate/', () => {
  it.each(['overwrite', 'setnx', 'false'] as const)('applies %s field by field', async (mode) => {
    const t = await newTestMock();
    const id = await userWithProfile(t);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), update_userprofile: mode }), 201);
    expect(firstLevel(body.user_info)).toEqual(EXPECTED[mode]);
    expect(firstLevel(userOf(t, id))).toEqual(EXPECTED[mode]);
  });

  it.each(['overwrite', 'setnx', 'false'] as const)('refreshes _provider and authorizes the user under %s', async (mode) => {
    const t = await newTestMock();
    const id = await userWithProfile(t);
    await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), update_userprofile: mode }), 201);
    const user = userOf(t, id);
    expect(user.is_authorized).toBe(true);
    expect(user._provider.douyin).toEqual({ ...idsOf(t, 'alice', 'douyin'), ...PLATFORM });
  });

  it.each([['bar'], [true], [false], [null], ['OVERWRITE'], [undefined]])('treats update_userprofile %j as setnx', async (value) => {
    const t = await newTestMock();
    await userWithProfile(t);
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), update_userprofile: value }), 201);
    expect(firstLevel(body.user_info)).toEqual(EXPECTED.setnx);
  });

  it('keeps an avatar and a gender the user chose under setnx', async () => {
    const t = await newTestMock();
    const id = await userWithProfile(t);
    setUserFields(t, id, { avatar: 'https://example.invalid/mine.png', gender: 1 });
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), update_userprofile: 'setnx' }), 201);
    expect(body.user_info).toMatchObject({ avatar: 'https://example.invalid/mine.png', gender: 1 });
  });

  it('writes no first-level field of a new user under false', async () => {
    const t = await newTestMock();
    const body = await expectStatus(await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), update_userprofile: 'false' }), 201);
    expect(body.user_info).toMatchObject({ nickname: null, avatar: DEFAULT_AVATAR, gender: 0, city: null, is_authorized: true });
    expect(body.user_info._provider.douyin.nickname).toBe(alice.nickName);
  });
});

describe('normaliseSync', () => {
  it.each([
    ['overwrite', 'overwrite'],
    ['setnx', 'setnx'],
    ['false', 'false'],
    [false, 'setnx'],
    [null, 'setnx'],
    [undefined, 'setnx'],
    ['bar', 'setnx'],
    ['Overwrite', 'setnx'],
  ])('turns %j into %s', (value, expected) => {
    expect(normaliseSync(value)).toBe(expected);
  });
});
