import type { Callbacks, TtFail } from './types.js';

/**
 * Calls `success`, then `complete`, as the device does. A callback that throws still lets `complete`
 * run; its error then surfaces as an unhandled rejection, as a device shows it in the console.
 */
export function succeed<S>(options: Callbacks<S> | undefined, res: S): void {
  try {
    options?.success?.(res);
  } finally {
    options?.complete?.(res);
  }
}

/** Calls `fail`, then `complete`. */
export function fail<S>(options: Callbacks<S> | undefined, err: TtFail): void {
  try {
    options?.fail?.(err);
  } finally {
    options?.complete?.(err);
  }
}

/** Runs `fn` after the caller returns: device callbacks never fire inside the call that asked for them. */
export function later(fn: () => void): void {
  void Promise.resolve().then(fn);
}
