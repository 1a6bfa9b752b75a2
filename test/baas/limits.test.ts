import { describe, expect, it } from 'vitest';
import { OUTBOX_LIMIT } from '../../src/store/writer.js';
import { deliver } from '../../src/baas/outbox.js';
import { DEMO, expectStatus, hserve, json, newTestMock } from '../helpers.js';
import { logsIn } from './account-actions.js';

describe('limits that keep one mock healthy for a whole test suite', () => {
  it('keeps the newest messages of an outbox and drops the oldest beyond the limit', async () => {
    const t = await newTestMock();
    for (let i = 0; i < OUTBOX_LIMIT + 5; i++) {
      t.store.write((w) => deliver(w, DEMO.clientId, 1000 + i, { kind: 'sms', purpose: 'sms-code', to: `1380000${i}`, code: String(i), text: `code ${i}` }));
    }
    const outbox = Object.values(t.store.tenant(DEMO.clientId)!.outbox);
    expect(outbox).toHaveLength(OUTBOX_LIMIT);
    expect(outbox[0]!.code).toBe('5');
    expect(outbox.at(-1)!.code).toBe(String(OUTBOX_LIMIT + 4));
  });

  it('refuses a user-list $regex with nested quantifiers instead of running it', async () => {
    const t = await newTestMock();
    const { token } = await logsIn(t, 'username', 'ifanrx', '111111');
    const where = encodeURIComponent(JSON.stringify({ nickname: { $regex: '(a+)+$' } }));
    const body = await expectStatus(await hserve(t, 'GET', `/hserve/v2.2/user/info/?where=${where}`, undefined, { token }), 400);
    expect(body.error_msg).toMatch(/\$regex on nickname is too complex/);
    const simple = encodeURIComponent(JSON.stringify({ nickname: { $regex: '^ali' } }));
    await expectStatus(await hserve(t, 'GET', `/hserve/v2.2/user/info/?where=${simple}`, undefined, { token }), 200);
  });

  it('answers an oversized code2session body with 413 in the platform envelope', async () => {
    const t = await newTestMock();
    const res = await t.request('/api/apps/v2/jscode2session', json({ appid: DEMO.appid, secret: 'x'.repeat(2 * 1024 * 1024) }));
    const body = await expectStatus(res, 413);
    expect(body).toMatchObject({ err_no: 40014, err_tips: expect.stringContaining('larger than the limit') });
  });
});
