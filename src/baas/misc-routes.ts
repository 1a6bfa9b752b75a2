import { Hono } from 'hono';
import { op, type AppEnv } from '../context.js';

/** Server time and the SDK version check: small, but the SDK breaks without them (contract E11, E12). */
export const miscRoutes = new Hono<AppEnv>();

miscRoutes.get('/hserve/v2.2/server/time/', op('server-time'), (c) => c.json({ time: chinaTime(c.get('deps').clock.now()) }));

// The SDK checks this at init in the IDE and does not handle a failure, so it always answers 200.
miscRoutes.get('/hserve/v1/latest-sdk-version/', op('sdk-version'), (c) =>
  c.json(
    Object.fromEntries(
      ['wechat_miniapp', 'alipay_miniapp', 'qq_miniapp', 'baidu_miniapp', 'bytedance_miniapp', 'jd_miniapp', 'kuaishou_miniapp'].map((k) => [k, SDK_VERSION]),
    ),
  ),
);

/** The newest SDK release the mock knows; answering it means the SDK never warns about being old. */
const SDK_VERSION = 'v3.23.6';

/** ISO 8601 with microseconds in the app's time zone, which for 知晓云 apps is China (+08:00). */
export function chinaTime(nowMs: number): string {
  const shifted = new Date(nowMs + 8 * 3600 * 1000).toISOString(); // 2025-01-01T12:00:00.123Z
  return `${shifted.slice(0, 23)}000+08:00`;
}
