import { describe, expect, it } from 'vitest';
import { SessionBook } from '../../src/baas/session-book.js';
import type { SessionClaims } from '../../src/baas/session-tokens.js';

const claims = (tenant: string, n: number): SessionClaims => ({
  tenant,
  epoch: '',
  userId: n,
  issuedAt: n,
  expiresAt: n + 1000,
  method: 'username',
  nonce: `nonce-${n}`,
});

describe('the session book', () => {
  it('lists a tenant’s sessions newest first', () => {
    const book = new SessionBook(5);
    for (let n = 1; n <= 3; n++) book.record(claims('a', n));
    expect(book.list('a').map((c) => c.userId)).toEqual([3, 2, 1]);
  });

  it('keeps only the newest entries once full, still newest first', () => {
    const book = new SessionBook(4);
    for (let n = 1; n <= 11; n++) book.record(claims('a', n));
    expect(book.list('a').map((c) => c.userId)).toEqual([11, 10, 9, 8]);
  });

  it('keeps tenants apart and clears one or all', () => {
    const book = new SessionBook(4);
    book.record(claims('a', 1));
    book.record(claims('b', 2));
    expect(book.list('b').map((c) => c.userId)).toEqual([2]);
    book.clear('a');
    expect(book.list('a')).toEqual([]);
    expect(book.list('b')).toHaveLength(1);
    book.clear();
    expect(book.list('b')).toEqual([]);
  });
});
