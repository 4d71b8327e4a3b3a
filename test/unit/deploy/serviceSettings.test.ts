import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ecrAccessTrustPolicy, serviceNameProblem, trustsServicePrincipal } from '../../../src/deploy/serviceSettings';

test('service names: 4-40 characters of App Runner pattern', () => {
  assert.equal(serviceNameProblem('orders-api'), undefined);
  assert.equal(serviceNameProblem('a_b1'), undefined);
  assert.equal(serviceNameProblem('x'.repeat(40)), undefined);
  assert.match(serviceNameProblem('abc') ?? '', /4 to 40 characters \(this one has 3\)/);
  assert.match(serviceNameProblem('x'.repeat(41)) ?? '', /4 to 40/);
  assert.match(serviceNameProblem('-abc') ?? '', /starts with a letter or a digit/);
  assert.match(serviceNameProblem('my.service') ?? '', /not "\."/);
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
