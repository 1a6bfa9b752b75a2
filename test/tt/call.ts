import type { Callbacks, TtFail } from '../../src/tt/index.js';

export type Settled<S> = { ok: true; res: S; completed: unknown } | { ok: false; err: TtFail; completed: unknown };

/** Calls a callback-style tt API and waits for `complete`, reporting which of success or fail came first. */
export function call<S, O extends object>(api: (options: O & Callbacks<S>) => unknown, options: O): Promise<Settled<S>> {
  return new Promise((resolve) => {
    let outcome: { ok: true; res: S } | { ok: false; err: TtFail } | undefined;
    api({
      ...options,
      success: (res: S) => (outcome = { ok: true, res }),
      fail: (err: TtFail) => (outcome = { ok: false, err }),
      complete: (completed: unknown) => {
        if (!outcome) throw new Error('complete ran before success or fail');
        resolve({ ...outcome, completed });
      },
    } as O & Callbacks<S>);
  });
}
