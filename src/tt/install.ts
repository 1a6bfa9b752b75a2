import { createTt } from './create-tt.js';
import type { FakeTt, TtOptions } from './types.js';

/**
 * Puts a fake `tt` on `globalThis.tt`, where the SDK file and page code look for it; returns the undo,
 * which puts back whatever was there before.
 *
 * @example const uninstall = installTt({ url: mock.url, clientId: mock.clientId }); … uninstall();
 */
export function installTt(ttOrOptions: FakeTt | TtOptions): () => void {
  const tt = isFakeTt(ttOrOptions) ? ttOrOptions : createTt(ttOrOptions);
  const g = globalThis as { tt?: unknown };
  const had = Object.hasOwn(g, 'tt');
  const previous = g.tt;
  g.tt = tt;
  return () => {
    if (g.tt !== tt) return;
    if (had) g.tt = previous;
    else delete g.tt;
  };
}

const isFakeTt = (v: FakeTt | TtOptions): v is FakeTt => typeof (v as FakeTt).login === 'function';
