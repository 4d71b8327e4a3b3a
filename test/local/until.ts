// The one bounded wait of the local layer: polls a condition until it gives a value or the time is up.
import { setTimeout as delay } from 'timers/promises';

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`, { cause: last });
    await delay(intervalMs);
  }
}
