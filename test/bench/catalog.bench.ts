// The catalog at scale: the generated seed of 1,000 services in 16 regions, listed by the
// catalog in plain Node through the real SDK (the production dist/aws.js bundle) against the
// emulator. Every App Runner call answers after a simulated round trip, as a remote endpoint
// would. Prints the time to the first services, the time to all, the calls made, the most calls
// in flight (counted by the emulator) and the longest the event loop was blocked meanwhile.
import * as path from 'path';
import type { AwsSdk } from '../../src/aws/lazy';
import { Catalog, DEFAULT_MAX_CALLS_IN_FLIGHT } from '../../src/catalog/catalog';
import { describeAwsError } from '../../src/aws/errors';
import { systemClock } from '../../src/shared/clock';
import { startDefaultEmulator } from '../emulator/index';
import { scaleSeed } from '../emulator/seeds/scale';

const root = path.resolve(__dirname, '../../..');
const SERVICES = 1000;
const REGIONS = 16;
const ROUND_TRIP_MS = 50;

async function control(url: string, what: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/_emulator/${what}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`emulator ${what}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as Record<string, unknown>;
}

/** The longest gap between ticks of a 10 ms interval, beyond the 10 ms: how long the event loop was blocked. */
function watchEventLoop(): () => number {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 10);
    last = now;
  }, 10);
  return () => {
    clearInterval(timer);
    return Math.max(0, worst);
  };
}

async function main(): Promise<void> {
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'AKIDBENCH', AWS_SECRET_ACCESS_KEY: 'bench', AWS_EC2_METADATA_DISABLED: 'true' });
  const emulator = await startDefaultEmulator({ operationDelayMs: 0 });
  try {
    const seed = scaleSeed({ services: SERVICES, regions: REGIONS });
    const regions = [...new Set(seed.apprunner.services.map((s) => (s as { region: string }).region))];
    await control(emulator.url, 'seed', seed);
    await control(emulator.url, 'faults', { service: 'apprunner', operation: '*', kind: 'latency', latencyMs: ROUND_TRIP_MS });
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the built bundle by path
    const aws = require(path.join(root, 'dist', 'aws.js')) as AwsSdk;
    const session = aws.createSession({ endpointUrl: emulator.url });
    const catalog = new Catalog({
      api: () => session.appRunner,
      regions,
      clock: systemClock,
      pollIntervalMs: () => 5000,
      maxCallsInFlight: DEFAULT_MAX_CALLS_IN_FLIGHT,
      describeError: (err, ctx) => describeAwsError(err, ctx),
      log: (line) => console.error(line),
    });
    await fetch(`${emulator.url}/_emulator/calls`, { method: 'DELETE' });

    const blocked = watchEventLoop();
    const start = performance.now();
    let firstAt: number | undefined;
    let firstCount = 0;
    catalog.onDidChange(() => {
      if (firstAt === undefined && catalog.services().length > 0) {
        firstAt = performance.now() - start;
        firstCount = catalog.services().length;
      }
    });
    await catalog.load();
    const allAt = performance.now() - start;
    const longestBlock = blocked();

    const failed = catalog.regions().filter((r) => r.state !== 'loaded');
    if (failed.length || catalog.services().length !== SERVICES) {
      throw new Error(
        `listed ${catalog.services().length} of ${SERVICES}; failed regions: ${failed.map((r) => r.error?.message).join('; ')}`,
      );
    }
    const calls = (await control(emulator.url, 'calls')) as { calls: Array<{ operation: string }>; maxInFlight: number };
    const byOperation = new Map<string, number>();
    calls.calls.forEach((c) => byOperation.set(c.operation, (byOperation.get(c.operation) ?? 0) + 1));
    session.dispose();
    catalog.dispose();

    const ms = (n: number) => `${Math.round(n)} ms`;
    console.log(
      `catalog (${SERVICES} services in ${regions.length} regions, real SDK → emulator, ${ROUND_TRIP_MS} ms per call; cold: the SDK's first initialisation included)`,
    );
    console.log(`  time to first services:     ${ms(firstAt ?? NaN)} (${firstCount} services)`);
    console.log(`  time to all services:       ${ms(allAt)}`);
    console.log(`  calls made:                 ${calls.calls.length} (${[...byOperation].map(([op, n]) => `${op} ${n}`).join(', ')})`);
    console.log(`  maximum calls in flight:    ${calls.maxInFlight} (limit ${DEFAULT_MAX_CALLS_IN_FLIGHT})`);
    console.log(`  longest event-loop block:   ${ms(longestBlock)}`);
  } finally {
    await emulator.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
