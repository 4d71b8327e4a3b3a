// The one clock: time and sleeps for code that waits (polling, backoff). Tests inject a fake one.
import type * as TimersPromises from 'timers/promises';

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // Required on the first sleep: loading the built-in module is a measurable share of activation.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sleep: (ms, signal) => (require('timers/promises') as typeof TimersPromises).setTimeout(ms, undefined, { signal }),
};
