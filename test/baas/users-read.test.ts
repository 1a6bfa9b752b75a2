import { describe, expect, it } from 'vitest';
import { expectStatus, hserve, newTestMock, type TestMock } from '../helpers.js';
import { logsIn, registers, SEEDED } from './account-actions.js';

const setNickname = async (t: TestMock, token: string, nickname: string) =>
  expectStatus(await hserve(t, 'PUT', '/hserve/v2.5/user/info/', { nickname }, { token }), 200);

describe('GET /hserve/v2.5/user/info/<id>/', () => {
  it('shows the current user their full record', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'email', SEEDED.email.email, SEEDED.email.password);
    const me = await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${SEEDED.email.id}/`, undefined, { token }), 200);
    expect(me).toEqual(t.store.user('7f2c5a9e1b3d4c6e8a0f', SEEDED.email.id));
    expect(me).toMatchObject({ _email: 'ifanrx@ifanr.com', _email_verified: true, _provider: {} });
  });

  it('shows another user only id, nickname and avatar', async () => {
    const t = await newTestMock();
    const other = await registers(t, 'username', 'other');
    await setNickname(t, other.token, 'Other');
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const seen = await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${other.user_id}/`, undefined, { token }), 200);
    expect(seen).toEqual({ id: other.user_id, nickname: 'Other', avatar: 'https://media.ifanrusercontent.com/hydrogen/default_avatar.png' });
  });

  it('answers 404 with an error_msg for an unknown id', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const res = await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/999/', undefined, { token }), 404);
    expect(res).toEqual({ status: 'error', error_msg: 'user 999 not found' });
  });

  it('answers 400 naming the id when it is not a number', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const res = await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/abc/', undefined, { token }), 400);
    expect(res.error_msg).toMatch(/^id: /);
  });

  it('answers 401 without a session', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${SEEDED.username.id}/`), 401);
  });

  it('selects fields with keys, always keeping id', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const path = `/hserve/v2.5/user/info/${SEEDED.username.id}/`;
    const picked = await expectStatus(await hserve(t, 'GET', `${path}?keys=_username,nickname`, undefined, { token }), 200);
    expect(picked).toEqual({ id: SEEDED.username.id, _username: 'ifanrx', nickname: null });
    const dropped = await expectStatus(await hserve(t, 'GET', `${path}?keys=-_provider,-avatar`, undefined, { token }), 200);
    expect(dropped).not.toHaveProperty('_provider');
    expect(dropped).not.toHaveProperty('avatar');
    expect(dropped._username).toBe('ifanrx');
    const mixed = await expectStatus(await hserve(t, 'GET', `${path}?keys=nickname,-avatar`, undefined, { token }), 400);
    expect(mixed.error_msg).toMatch(/^keys: /);
  });

  it('does not let keys reveal another user’s private fields', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const seen = await expectStatus(await hserve(t, 'GET', `/hserve/v2.5/user/info/${SEEDED.email.id}/?keys=_email,nickname`, undefined, { token }), 200);
    expect(seen).toEqual({ id: SEEDED.email.id, nickname: null });
  });
});

describe('GET /hserve/v2.5/user/info/', () => {
  it('answers the current user’s full record', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const me = await expectStatus(await hserve(t, 'GET', '/hserve/v2.5/user/info/', undefined, { token }), 200);
    expect(me).toMatchObject({ id: SEEDED.username.id, _username: 'ifanrx' });
  });
});

describe('GET /hserve/v2.2/user/info/', () => {
  async function withUsers(names: string[]) {
    const t = await newTestMock();
    const ids: number[] = [];
    for (const name of names) {
      const u = await registers(t, 'username', `u_${name.toLowerCase()}`);
      await setNickname(t, u.token, name);
      ids.push(u.user_id);
      t.clock.advance(1000);
    }
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const list = async (query: string, status = 200) => expectStatus(await hserve(t, 'GET', `/hserve/v2.2/user/info/?${query}`, undefined, { token }), status);
    return { t, ids, list };
  }

  it('lists public views with meta, in id order, 20 by default', async () => {
    const { ids, list } = await withUsers(['Ming', 'Li']);
    const res = await list('');
    expect(res.meta).toEqual({ limit: 20, offset: 0, next: null, previous: null });
    expect(res.objects.map((u: { id: number }) => u.id)).toEqual([SEEDED.username.id, SEEDED.email.id, ...ids]);
    expect(res.objects[2]).toEqual({ id: ids[0], nickname: 'Ming', avatar: expect.any(String) });
  });

  it('filters with the where JSON the SDK sends', async () => {
    const { ids, list } = await withUsers(['Ming', 'Lily', 'Liam']);
    const where = (q: unknown) => `where=${encodeURIComponent(JSON.stringify(q))}`;
    const names = async (q: unknown) => (await list(where(q))).objects.map((u: { nickname: string }) => u.nickname);
    expect(await names({ $and: [{ nickname: { $contains: 'Li' } }] })).toEqual(['Lily', 'Liam']);
    expect(await names({ nickname: 'Ming' })).toEqual(['Ming']);
    expect(await names({ $or: [{ id: { $eq: ids[0] } }, { id: { $in: [String(ids[2])] } }] })).toEqual(['Ming', 'Liam']);
    expect(await names({ nickname: { $regex: '^l', $options: 'i' } })).toEqual(['Lily', 'Liam']);
    expect(await names({ $and: [{ nickname: { $isnull: false } }, { id: { $gt: ids[0] } }] })).toEqual(['Lily', 'Liam']);
    expect(await names({ nickname: { $nin: ['Lily'] }, id: { $gte: ids[0] } })).toEqual(['Ming', 'Liam']);
  });

  it.each([
    ['where={"_email":"ifanrx@ifanr.com"}', /^where: only id and nickname/],
    ['where={"city":"杭州"}', /^where: only id and nickname/],
    ['where={not json', /^where: is not valid JSON/],
    ['where=[1]', /^where: must be a JSON object/],
    ['where={"$nor":[]}', /^where: unknown operator/],
    ['where={"nickname":{"$near":1}}', /^where: unsupported operator/],
    ['where={"nickname":{"$regex":"("}}', /^where: .*regular expression/],
    ['limit=1001', /^limit: /],
    ['limit=-1', /^limit: /],
    ['offset=x', /^offset: /],
    ['order_by=_email', /^order_by: /],
    ['return_total_count=yes', /^return_total_count: /],
  ])('answers 400 naming the parameter for %s', async (query, message) => {
    const { list } = await withUsers([]);
    const res = await list(query.replace(/\{.*$|\[.*$/, (m) => encodeURIComponent(m)), 400);
    expect(res.error_msg).toMatch(message);
  });

  it('pages with limit and offset and links the neighbouring pages', async () => {
    const { ids, list } = await withUsers(['A', 'B', 'C']);
    const res = await list('limit=2&offset=2&return_total_count=1');
    expect(res.objects.map((u: { id: number }) => u.id)).toEqual([ids[0], ids[1]]);
    expect(res.meta).toMatchObject({ limit: 2, offset: 2, total_count: 5 });
    expect(res.meta.next).toBe('/hserve/v2.2/user/info/?limit=2&offset=4&return_total_count=1');
    expect(res.meta.previous).toBe('/hserve/v2.2/user/info/?limit=2&offset=0&return_total_count=1');
    const last = await list(res.meta.next.split('?')[1]);
    expect(last.objects.map((u: { id: number }) => u.id)).toEqual([ids[2]]);
    expect(last.meta.next).toBeNull();
  });

  it('counts the matches like count(), with limit=1', async () => {
    const { list } = await withUsers(['Ann', 'Anna', 'Bo']);
    const res = await list(`limit=1&return_total_count=1&where=${encodeURIComponent('{"nickname":{"$contains":"Ann"}}')}`);
    expect(res.meta.total_count).toBe(2);
    expect(res.objects).toHaveLength(1);
  });

  it('sorts by order_by, nulls last going up', async () => {
    const { ids, list } = await withUsers(['Cid', 'Abe', 'Bea']);
    const byName = await list('order_by=nickname');
    expect(byName.objects.map((u: { nickname: string | null }) => u.nickname)).toEqual(['Abe', 'Bea', 'Cid', null, null]);
    const newest = await list('order_by=-created_at,-id&limit=3');
    expect(newest.objects.map((u: { id: number }) => u.id)).toEqual([ids[2], ids[1], ids[0]]);
  });

  it('selects fields with keys', async () => {
    const { list } = await withUsers(['Ming']);
    const res = await list('keys=nickname');
    expect(Object.keys(res.objects[0]).sort()).toEqual(['id', 'nickname']);
  });

  it('lists only the users of the request’s environment', async () => {
    const t = await newTestMock();
    const staged = await registers(t, 'username', 'stager', 'pw', { envId: 'staging' });
    const res = await expectStatus(await hserve(t, 'GET', '/hserve/v2.2/user/info/', undefined, { token: staged.token, envId: 'staging' }), 200);
    expect(res.objects.map((u: { id: number }) => u.id)).toEqual([staged.user_id]);
  });

  it('answers 401 without a session', async () => {
    const t = await newTestMock();
    await expectStatus(await hserve(t, 'GET', '/hserve/v2.2/user/info/'), 401);
  });
});
