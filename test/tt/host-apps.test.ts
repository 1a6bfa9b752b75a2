import { describe, expect, it } from 'vitest';
import { appNameOf } from '../../src/tt/host-apps.js';

describe('appNameOf', () => {
  it.each([
    ['douyin', undefined, 'Douyin'],
    ['toutiao', undefined, 'Toutiao'],
    ['devtools', undefined, 'devtools'],
    ['xigua', undefined, 'xigua'],
    ['douyin', 'Douyin_lite', 'Douyin_lite'],
    // Names of Object.prototype members are hosts like any other, not inherited functions.
    ['constructor', undefined, 'constructor'],
    ['toString', undefined, 'toString'],
  ])('gives host %s (appName %s) the appName %s', (host, given, expected) => {
    expect(appNameOf(host, given)).toBe(expected);
  });
});
