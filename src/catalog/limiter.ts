// At most `max` calls in flight; the rest wait in order of arrival (so every region's first page
// goes out before any region's second page).

export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** The most calls that were in flight at once. */
  maxInFlight = 0;
  /** Calls started so far. */
  started = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`max must be a positive integer, not ${max}`);
    }
  }

  get inFlight(): number {
    return this.active;
  }

  /** Runs `call` once a slot is free; a call whose signal aborted while it waited is not started. */
  async run<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.active < this.max) {
      this.active++;
    } else {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      signal?.throwIfAborted();
      this.started++;
      this.maxInFlight = Math.max(this.maxInFlight, this.active);
      return await call();
    } finally {
      const next = this.waiting.shift();
      if (next) {
        next(); // the slot passes to the next waiting call
      } else {
        this.active--;
      }
    }
  }
}
