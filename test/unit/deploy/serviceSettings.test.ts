import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ecrAccessTrustPolicy,
  healthCheckPathProblem,
  INSTANCE_SIZES,
  portProblem,
  serviceNameProblem,
  trustsServicePrincipal,
} from '../../../src/deploy/serviceSettings';

test('service names: 4-40 characters of App Runner pattern', () => {
  assert.equal(serviceNameProblem('orders-api'), undefined);
  assert.equal(serviceNameProblem('a_b1'), undefined);
  assert.equal(serviceNameProblem('x'.repeat(40)), undefined);
  assert.match(serviceNameProblem('abc') ?? '', /4 to 40 characters \(this one has 3\)/);
  assert.match(serviceNameProblem('x'.repeat(41)) ?? '', /4 to 40/);
  assert.match(serviceNameProblem('-abc') ?? '', /starts with a letter or a digit/);
  assert.match(serviceNameProblem('my.service') ?? '', /not "\."/);
});

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

test('the wizard offers exactly the CPU/memory pairs App Runner accepts', () => {
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

test('a role is usable for ECR access when its trust policy allows build.apprunner.amazonaws.com', () => {
  assert.ok(trustsServicePrincipal(ecrAccessTrustPolicy(), 'build.apprunner.amazonaws.com'));
  assert.ok(trustsServicePrincipal(encodeURIComponent(ecrAccessTrustPolicy()), 'build.apprunner.amazonaws.com'));
  const several = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Principal: { Service: ['ecs-tasks.amazonaws.com', 'build.apprunner.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
    ],
  });
  assert.ok(trustsServicePrincipal(several, 'build.apprunner.amazonaws.com'));
  const tasks = JSON.stringify({
    Statement: [{ Effect: 'Allow', Principal: { Service: 'tasks.apprunner.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  assert.equal(trustsServicePrincipal(tasks, 'build.apprunner.amazonaws.com'), false);
  const denied = JSON.stringify({
    Statement: [{ Effect: 'Deny', Principal: { Service: 'build.apprunner.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  });
  assert.equal(trustsServicePrincipal(denied, 'build.apprunner.amazonaws.com'), false);
  assert.equal(trustsServicePrincipal('%7Bbroken', 'build.apprunner.amazonaws.com'), false);
  assert.equal(trustsServicePrincipal(undefined, 'build.apprunner.amazonaws.com'), false);
});
