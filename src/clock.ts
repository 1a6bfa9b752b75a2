/** The mock's sense of time. Every expiry reads it, so tests move time instead of sleeping. */
export interface Clock {
  /** Milliseconds since the Unix epoch, as the mock sees it. */
  now(): number;
}

/** A clock that follows the system clock plus an offset that only ever grows (`POST /__mock/clock`). */
export class AdjustableClock implements Clock {
  #offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number {
    return this.base() + this.#offsetMs;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock can only move forward');
    this.#offsetMs += ms;
  }
  get offsetMs(): number {
    return this.#offsetMs;
  }
}

/** A clock that only moves when told to, for tests. */
export class ManualClock implements Clock {
  constructor(private time = Date.UTC(2025, 0, 1, 4, 0, 0)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export const unixSeconds = (clock: Clock): number => Math.floor(clock.now() / 1000);
