// Demo traffic: while the demo runs, every RUNNING service writes application log lines like a
// small web API would (access lines, JSON lines with levels, an occasional warning or error),
// so the monitor has something live to show. Tests use the logs module's load generator instead.
import type { AppRunnerServiceModule } from './apprunner';
import type { EmulatorBus, ServiceRef } from './bus';

const PATHS = ['/', '/health', '/api/orders', '/api/orders/42', '/api/users/me', '/static/app.js', '/api/search?q=shoes'];

/** A deterministic pseudo-random sequence, so demo runs look alike. */
function* numbers(seed: number): Generator<number> {
  let x = seed || 1;
  for (;;) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield (x >>> 0) / 0x100000000;
  }
}

export function demoLogLine(n: number, random: () => number): string {
  const path = PATHS[Math.floor(random() * PATHS.length)];
  const ms = Math.round(5 + random() * random() * 400);
  const roll = random();
  if (roll < 0.03) {
    return JSON.stringify({ level: 'error', msg: 'upstream timeout', path, durationMs: ms * 10, requestId: `req-${n}` });
  }
  if (roll < 0.1) {
    return JSON.stringify({ level: 'warn', msg: 'slow request', path, durationMs: ms, requestId: `req-${n}` });
  }
  if (roll < 0.25) {
    return JSON.stringify({ level: 'info', msg: 'request handled', path, status: 200, durationMs: ms, requestId: `req-${n}` });
  }
  const status = roll > 0.97 ? 500 : roll > 0.9 ? 404 : 200;
  return `${status >= 500 ? 'ERROR' : 'INFO'} ${['GET', 'GET', 'GET', 'POST'][n % 4]} ${path} ${status} ${ms}ms`;
}

export function startDemoTraffic(opts: { bus: EmulatorBus; appRunner: AppRunnerServiceModule; linesPerSecond: number }): () => void {
  const services = new Map<string, ServiceRef>();
  opts.bus.on('service-created', (ref) => services.set(`${ref.account}/${ref.region}/${ref.serviceId}`, ref));
  opts.bus.on('service-deleted', (ref) => services.delete(`${ref.account}/${ref.region}/${ref.serviceId}`));
  const random = numbers(20261121);
  const next = () => random.next().value as number;
  let n = 0;
  const timer = setInterval(() => {
    for (const ref of services.values()) {
      if (opts.appRunner.serviceInfo(ref)?.status !== 'RUNNING') {
        continue;
      }
      // Two instances per service, named like App Runner's 32-hex instance ids.
      const instanceId = `${n % 2 ? 'b' : 'a'}${ref.serviceId.slice(1)}`;
      for (let i = 0; i < opts.linesPerSecond; i++) {
        n++;
        opts.bus.emit('application-log', { ...ref, at: Date.now(), instanceId, message: demoLogLine(n, next) });
      }
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
