import { describe, expect, it } from 'vitest';
import { statusOf } from '../../src/faults/raw-response.js';
import { expectStatus, hserve, newTestMock } from '../helpers.js';
import { AUTHENTICATE, idsOf, loggedIn, signedBody, SILENT_LOGIN, codeFor, userCount } from './bytedance-steps.js';

describe('the 603 switch on POST /hserve/v2.5/idp/bytedance/authenticate/', () => {
  it('answers 603 with the id of the account silent login creates for a new person', async () => {
    const t = await newTestMock();
    t.faults.add('authenticate=603:once');
    const before = userCount(t);
    const res = await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t, 'carol', 'toutiao')), create_user: true, update_userprofile: 'setnx' });
    expect(statusOf(res)).toBe(603);
    const body = await res.json();
    expect(body).toEqual({ code: 603, message: 'unauthorized', id: expect.any(Number), openid: idsOf(t, 'carol', 'toutiao').openid });
    expect(userCount(t)).toBe(before + 1);

    // The next silent login finds that same account, and the refusal synced no profile.
    const next = await expectStatus(await hserve(t, 'POST', SILENT_LOGIN, { code: await codeFor(t, 'carol', 'toutiao'), app_name: 'toutiao', create_user: false }), 201);
    expect(next.user_info.id).toBe(body.id);
    expect(next.user_info).toMatchObject({ is_authorized: false, nickname: null });
  });

  it('answers 603 with the existing account of a known person and creates no user', async () => {
    const t = await newTestMock();
    const known = await loggedIn(t, 'alice', 'douyin');
    t.faults.add('authenticate=603:once');
    const before = userCount(t);
    const res = await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t)), update_userprofile: 'overwrite' });
    expect(statusOf(res)).toBe(603);
    expect((await res.json()).id).toBe(known.user_info.id);
    expect(userCount(t)).toBe(before);
  });

  it('answers 404 rather than 603 when create_user is false and the person has no account, as silent login would', async () => {
    const t = await newTestMock();
    t.faults.add('authenticate=603');
    const res = await hserve(t, 'POST', AUTHENTICATE, { ...(await signedBody(t, 'bob', 'douyin')), create_user: false });
    await expectStatus(res, 404);
  });
});
