import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, newTestMock, type TestMock } from '../helpers.js';
import { logsIn, logsInAnonymously } from './account-actions.js';

const PATH = '/hserve/v2.5/user/info/';

async function loggedIn() {
  const t = await newTestMock();
  const { token, user_id } = await logsIn(t, 'username', 'ifanrx', '111111');
  const put = async (body: unknown, status = 200) => expectStatus(await hserve(t, 'PUT', PATH, body, { token }), status);
  return { t, token, userId: user_id, put };
}

const stored = (t: TestMock, id: number) => t.store.user('7f2c5a9e1b3d4c6e8a0f', id)!;

describe('PUT /hserve/v2.5/user/info/', () => {
  it('writes profile and custom fields and answers 200 with the full record', async () => {
    const { t, userId, put } = await loggedIn();
    t.clock.advance(5000);
    const res = await put({ nickname: 'Ming', avatar: 'https://example.invalid/a.png', gender: 1, city: '杭州', language: null, age: 30, tags: ['a'] });
    expect(res).toMatchObject({ id: userId, nickname: 'Ming', avatar: 'https://example.invalid/a.png', gender: 1, city: '杭州', language: null, age: 30, tags: ['a'], _username: 'ifanrx' });
    expect(res.updated_at).toBe(Math.floor(t.clock.now() / 1000));
    expect(stored(t, userId)).toEqual(res);
  });

  it('answers the record unchanged for an empty body', async () => {
    const { t, userId, put } = await loggedIn();
    const before = structuredClone(stored(t, userId));
    expect(await put({})).toEqual(before);
  });

  it.each(['id', 'created_at', 'updated_at', 'created_by', '_username', '_email', '_email_verified', '_phone_verified', '_provider', '_anonymous', 'is_authorized', 'openid', 'unionid', 'user_id'])(
    'answers 400 naming the read-only field %s and changes nothing',
    async (field) => {
      const { t, userId, put } = await loggedIn();
      const before = structuredClone(stored(t, userId));
      const res = await put({ nickname: 'Changed', [field]: 'x' }, 400);
      expect(res.error_msg).toMatch(new RegExp(`^${field}: is read-only`));
      expect(stored(t, userId)).toEqual(before);
    },
  );

  it.each([
    [{ nickname: 5 }, /^nickname: must be a string or null/],
    [{ avatar: null }, /^avatar: must be a string/],
    [{ gender: 3 }, /^gender: /],
    [{ gender: '1' }, /^gender: /],
    [{ city: { $append: ['x'] } }, /^city: /],
    [{ '1st': 1 }, /^1st: is not a valid field name/],
    [{ $set: { age: 1 } }, /^\$set: is not a valid field name/],
  ])('answers 400 naming the field for %j', async (body, message) => {
    const { put } = await loggedIn();
    expect((await put(body, 400)).error_msg).toMatch(message);
  });

  it('applies $incr_by, counting a missing field as 0', async () => {
    const { put } = await loggedIn();
    expect((await put({ score: { $incr_by: 5 } })).score).toBe(5);
    expect((await put({ score: { $incr_by: -2 } })).score).toBe(3);
  });

  it('applies $append, $append_unique, $remove and $pop to lists', async () => {
    const { put } = await loggedIn();
    expect((await put({ tags: { $append: ['a', 'b'] } })).tags).toEqual(['a', 'b']);
    expect((await put({ tags: { $append: ['a'] } })).tags).toEqual(['a', 'b', 'a']);
    expect((await put({ tags: { $append_unique: ['b', 'c', 'c'] } })).tags).toEqual(['a', 'b', 'a', 'c']);
    expect((await put({ tags: { $remove: ['a'] } })).tags).toEqual(['b', 'c']);
    expect((await put({ tags: { $pop: 1 } })).tags).toEqual(['b']);
    await put({ tags: ['x', 'y', 'z'] });
    expect((await put({ tags: { $pop: -1 } })).tags).toEqual(['y', 'z']);
  });

  it('patches an object field with $update', async () => {
    const { put } = await loggedIn();
    await put({ prefs: { theme: 'dark', lang: 'zh' } });
    expect((await put({ prefs: { $update: { lang: 'en', size: 2 } } })).prefs).toEqual({ theme: 'dark', lang: 'en', size: 2 });
  });

  it.each([
    [{ age: 'old' }, { age: { $incr_by: 1 } }, /^age: \$incr_by needs a number field/],
    [{}, { score: { $incr_by: '1' } }, /^score: \$incr_by takes a number/],
    [{ tags: 'x' }, { tags: { $append: ['y'] } }, /^tags: \$append needs a list field/],
    [{}, { tags: { $append: 'y' } }, /^tags: \$append takes a list/],
    [{}, { tags: { $pop: 2 } }, /^tags: \$pop takes 1/],
    [{ prefs: [1] }, { prefs: { $update: { a: 1 } } }, /^prefs: \$update needs an object field/],
    [{}, { prefs: { $update: [1] } }, /^prefs: \$update takes an object/],
    [{}, { n: { $mul: 2 } }, /^n: unknown operator \$mul/],
    [{}, { n: { $incr_by: 1, extra: 2 } }, /^n: an operator/],
  ])('answers 400 for an operator that does not fit (%j then %j)', async (first, second, message) => {
    const { put } = await loggedIn();
    await put(first);
    expect((await put(second, 400)).error_msg).toMatch(message);
  });

  it('lets an anonymous user write custom fields', async () => {
    const t = await newTestMock();
    const anon = await logsInAnonymously(t);
    const res = await expectStatus(await hserve(t, 'PUT', PATH, { level: 2 }, { token: anon.token }), 200);
    expect(res).toMatchObject({ level: 2, _anonymous: true });
  });

  it('answers 400 for malformed JSON and 401 without a session', async () => {
    const { t, token } = await loggedIn();
    const res = await t.request(PATH, {
      method: 'PUT',
      headers: { 'X-Hydrogen-Client-ID': '7f2c5a9e1b3d4c6e8a0f', Authorization: `Hydrogen-r1 ${token}`, 'content-type': 'application/json' },
      body: '{"nickname":',
    });
    expect((await expectStatus(res, 400)).error_msg).toMatch(/^body: /);
    await expectStatus(await hserve(t, 'PUT', PATH, { nickname: 'x' }), 401);
  });
});
