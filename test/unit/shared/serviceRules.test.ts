import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  autoScalingNameProblem,
  canonicalCpu,
  canonicalMemory,
  healthCheckNumberProblem,
  healthCheckPathProblem,
  INSTANCE_SIZES,
  instanceSizeProblem,
  maxConcurrencyProblem,
  maxSizeProblem,
  minSizeProblem,
  portProblem,
  startCommandProblem,
} from '../../../src/shared/serviceRules';

test('ports and health check paths', () => {
  assert.equal(portProblem('8080'), undefined);
  assert.ok(portProblem('0'));
  assert.ok(portProblem('65536'));
  assert.ok(portProblem('80a'));
  assert.equal(healthCheckPathProblem(''), undefined);
  assert.equal(healthCheckPathProblem('/health'), undefined);
  assert.match(healthCheckPathProblem('health') ?? '', /starts with \//);
  assert.match(healthCheckPathProblem('/a b') ?? '', /no spaces/);
});

test('exactly the CPU/memory pairs App Runner accepts are offered', () => {
  const pairs = INSTANCE_SIZES.map((s) => `${s.cpu}/${s.memory}`);
  assert.deepEqual(pairs, [
    '0.25 vCPU/0.5 GB',
    '0.25 vCPU/1 GB',
    '0.5 vCPU/1 GB',
    '1 vCPU/2 GB',
    '1 vCPU/3 GB',
    '1 vCPU/4 GB',
    '2 vCPU/4 GB',
    '2 vCPU/6 GB',
    '4 vCPU/8 GB',
    '4 vCPU/10 GB',
    '4 vCPU/12 GB',
  ]);
  assert.equal(pairs.includes('0.5 vCPU/2 GB'), false);
});

test('sizes in either unit DescribeService may answer with', () => {
  assert.equal(canonicalCpu('256'), '0.25 vCPU');
  assert.equal(canonicalCpu('4096'), '4 vCPU');
  assert.equal(canonicalCpu('2 vCPU'), '2 vCPU');
  assert.equal(canonicalCpu('3 vCPU'), undefined);
  assert.equal(canonicalCpu('1000'), undefined);
  assert.equal(canonicalMemory('512'), '0.5 GB');
  assert.equal(canonicalMemory('12288'), '12 GB');
  assert.equal(canonicalMemory('6 GB'), '6 GB');
  assert.equal(canonicalMemory('5 GB'), undefined);
});

test('only the pairs App Runner accepts', () => {
  for (const s of INSTANCE_SIZES) assert.equal(instanceSizeProblem(s.cpu, s.memory), undefined);
  assert.equal(instanceSizeProblem('1024', '3072'), undefined);
  assert.equal(instanceSizeProblem('0.5 vCPU', '2 GB'), '0.5 vCPU goes with 1 GB of memory, not 2 GB.');
  assert.equal(instanceSizeProblem('4 vCPU', '4 GB'), '4 vCPU goes with 8 GB or 10 GB or 12 GB of memory, not 4 GB.');
  assert.match(instanceSizeProblem('3 vCPU', '4 GB') ?? '', /not a CPU size/);
  assert.match(instanceSizeProblem('1 vCPU', '5 GB') ?? '', /not a memory size/);
});

test('health check numbers are 1-20', () => {
  for (const which of ['interval', 'timeout', 'healthyThreshold', 'unhealthyThreshold'] as const) {
    assert.equal(healthCheckNumberProblem(which, '1'), undefined);
    assert.equal(healthCheckNumberProblem(which, '20'), undefined);
    assert.match(healthCheckNumberProblem(which, '0') ?? '', /whole number from 1 to 20/);
    assert.match(healthCheckNumberProblem(which, '21') ?? '', /whole number from 1 to 20/);
    assert.match(healthCheckNumberProblem(which, '2.5') ?? '', /whole number/);
    assert.match(healthCheckNumberProblem(which, '') ?? '', /whole number/);
  }
  assert.match(healthCheckNumberProblem('timeout', '0') ?? '', /^The timeout/);
});

test('start commands are one line; empty means the image’s own', () => {
  assert.equal(startCommandProblem('node server.js --port 3000'), undefined);
  assert.equal(startCommandProblem(''), undefined);
  assert.match(startCommandProblem('npm ci\nnpm start') ?? '', /line breaks/);
  assert.match(startCommandProblem('a\rb') ?? '', /line breaks/);
});

test('auto scaling names and limits as CreateAutoScalingConfiguration checks them', () => {
  assert.equal(autoScalingNameProblem('burst'), undefined);
  assert.equal(autoScalingNameProblem('a-b_c'), undefined);
  assert.match(autoScalingNameProblem('abc') ?? '', /4 to 32 characters \(this one has 3\)/);
  assert.match(autoScalingNameProblem('x'.repeat(33)) ?? '', /4 to 32/);
  assert.match(autoScalingNameProblem('_abc') ?? '', /starts with a letter or a digit/);
  assert.match(autoScalingNameProblem('ab.cd') ?? '', /not "\."/);
  assert.equal(minSizeProblem('1'), undefined);
  assert.equal(minSizeProblem('25'), undefined);
  assert.match(minSizeProblem('0') ?? '', /1 to 25/);
  assert.match(minSizeProblem('26') ?? '', /1 to 25/);
  assert.equal(maxSizeProblem('25', 3), undefined);
  assert.match(maxSizeProblem('2', 3) ?? '', /at least the minimum \(3\)/);
  assert.match(maxSizeProblem('26') ?? '', /1 to 25/);
  assert.equal(maxConcurrencyProblem('200'), undefined);
  assert.match(maxConcurrencyProblem('201') ?? '', /1 to 200/);
  assert.match(maxConcurrencyProblem('0') ?? '', /1 to 200/);
});
