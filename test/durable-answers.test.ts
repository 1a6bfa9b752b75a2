import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { DEMO, expectStatus, hserve, newTestMock } from './helpers.js';

describe('answers to changes', () => {
  it('leave only once the store says every change so far is on disk', async () => {
    const t = await newTestMock();
    let release!: () => void;
    const onDisk = new Promise<void>((resolve) => (release = resolve));
    vi.spyOn(t.store, 'unflushed').mockReturnValue(onDisk);

    let answered = false;
    const answer = hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'held-user', password: 'pw-123456' }).then((res) => {
      answered = true;
      return res;
    });
    // The change is applied in memory (after the password hash), yet no answer leaves while the disk is pending.
    while (!t.store.userByUsername(DEMO.clientId, 'held-user')) await turn();
    for (let i = 0; i < 5; i++) await turn();
    expect(answered).toBe(false);

    release();
    await expectStatus(await answer, 201);
  });
});
