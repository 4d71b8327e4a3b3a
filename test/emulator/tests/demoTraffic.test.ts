import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { AppRunnerServiceModule } from '../apprunner';
import { EmulatorBus, EmulatorEvents } from '../bus';
import { demoLogLine, startDemoTraffic } from '../demoTraffic';

test('demo traffic writes application lines for running services only', async () => {
  const bus = new EmulatorBus();
  const status: Record<string, string> = { aaaa: 'RUNNING', bbbb: 'PAUSED' };
  const appRunner = {
    serviceInfo: (ref: { serviceId: string }) => ({ status: status[ref.serviceId] }),
  } as unknown as AppRunnerServiceModule;
  const lines: Array<EmulatorEvents['application-log']> = [];
  bus.on('application-log', (e) => lines.push(e));
  // Mock timers: the traffic's one-second interval is ticked, not waited for.
  mock.timers.enable({ apis: ['setInterval'] });
  const stop = startDemoTraffic({ bus, appRunner, linesPerSecond: 4 });
  try {
    for (const serviceId of Object.keys(status)) {
      bus.emit('service-created', {
        account: '123456789012',
        region: 'us-east-1',
        serviceName: `svc-${serviceId}`,
        serviceId,
        at: Date.now(),
      });
    }
    mock.timers.tick(1000);
  } finally {
    stop();
    mock.timers.reset();
  }
  assert.equal(lines.length, 4);
  assert.ok(lines.every((l) => l.serviceName === 'svc-aaaa' && l.instanceId.length === 4));
});

test('demo lines look like an API: access lines and JSON lines with levels', () => {
  let x = 0;
  const random = () => ((x = (x + 0.137) % 1), x);
  const lines = Array.from({ length: 200 }, (_, i) => demoLogLine(i, random));
  assert.ok(lines.some((l) => /^(INFO|ERROR) (GET|POST) \/\S* \d{3} \d+ms$/.test(l)));
  const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  assert.ok(json.some((j) => j.level === 'warn') && json.some((j) => j.level === 'error'));
});
