import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deniedAction, describeAwsError } from '../../../src/aws/errors';

const ctx = { action: 'apprunner:ListServices', region: 'us-east-1', doing: 'list App Runner services', profile: 'dev' };

test('missing credentials name the profile and offer the profile picker', () => {
  const e = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
  const info = describeAwsError(e, ctx);
  assert.equal(info.kind, 'no-credentials');
  assert.match(info.message, /^Could not list App Runner services in us-east-1: no AWS credentials were found for profile 'dev'/);
  assert.ok(info.fixes.some((f) => f.command === 'apprunner.selectProfile'));
});

test('an expired SSO session offers `aws sso login --profile X` in a terminal', () => {
  const e = Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), {
    name: 'CredentialsProviderError',
  });
  const info = describeAwsError(e, ctx);
  assert.equal(info.kind, 'sso-expired');
  assert.deepEqual(info.fixes[0], { label: 'Run aws sso login', terminalCommand: 'aws sso login --profile dev' });
});

test('a token provider error is an SSO problem too', () => {
  assert.equal(describeAwsError(Object.assign(new Error('Token is expired'), { name: 'TokenProviderError' }), ctx).kind, 'sso-expired');
});

test('access denied says which action was refused', () => {
  const info = describeAwsError(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }), {
    ...ctx,
    action: 'apprunner:PauseService',
  });
  assert.equal(info.kind, 'access-denied');
  assert.match(info.message, /not allowed to call apprunner:PauseService/);
});

test('throttling says so, with the attempts the SDK made', () => {
  const info = describeAwsError(
    Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { attempts: 3 } }),
    ctx,
  );
  assert.equal(info.kind, 'throttled');
  assert.match(info.message, /throttling apprunner:ListServices \(still throttled after 3 attempts\)/);
});

test('a busy service (InvalidStateException) tells the user to wait', () => {
  const info = describeAwsError(Object.assign(new Error('Service is in OPERATION_IN_PROGRESS'), { name: 'InvalidStateException' }), ctx);
  assert.equal(info.kind, 'busy');
  assert.match(info.message, /Wait until the current operation ends/);
});

test('a region without an App Runner endpoint is named', () => {
  const e = Object.assign(new Error('getaddrinfo ENOTFOUND apprunner.af-south-1.amazonaws.com'), {
    code: 'ENOTFOUND',
    hostname: 'apprunner.af-south-1.amazonaws.com',
  });
  const info = describeAwsError(e, { ...ctx, region: 'af-south-1' });
  assert.equal(info.kind, 'region-unavailable');
  assert.match(info.message, /App Runner may not be offered in af-south-1/);
});

test('connection refused points at the endpoint setting', () => {
  const info = describeAwsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), ctx);
  assert.equal(info.kind, 'endpoint-unreachable');
  assert.match(info.message, /apprunner.endpointUrl/);
});

test('not found, quota, invalid request, server error and unknown errors each get their kind', () => {
  assert.equal(describeAwsError(Object.assign(new Error('gone'), { name: 'ResourceNotFoundException' }), ctx).kind, 'not-found');
  assert.equal(describeAwsError(Object.assign(new Error('too many'), { name: 'ServiceQuotaExceededException' }), ctx).kind, 'quota');
  assert.equal(describeAwsError(Object.assign(new Error('bad'), { name: 'InvalidRequestException' }), ctx).kind, 'invalid-request');
  assert.equal(
    describeAwsError(Object.assign(new Error('boom'), { name: 'InternalServiceErrorException', $metadata: { httpStatusCode: 500 } }), ctx)
      .kind,
    'service-error',
  );
  const unknown = describeAwsError('weird', { action: 'x' });
  assert.equal(unknown.kind, 'unknown');
  assert.equal(unknown.message, 'weird');
});

test('without a profile the message says "the default profile"', () => {
  const e = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
  assert.match(describeAwsError(e, { action: 'a' }).message, /for the default profile/);
});

test('access denied names the action AWS refused and gives the policy to ask for', () => {
  const denied = Object.assign(
    new Error(
      'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/AppRunnerECRAccessRole because no identity-based policy allows the iam:CreateRole action',
    ),
    { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } },
  );
  const info = describeAwsError(denied, { ...ctx, action: 'iam:ListRoles' });
  assert.equal(info.kind, 'access-denied');
  assert.match(info.message, /not allowed to call iam:CreateRole\. Ask your administrator/);
  assert.deepEqual(JSON.parse(info.policy ?? ''), {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PassRole'],
        Resource: 'arn:aws:iam::123456789012:role/AppRunnerECRAccessRole',
      },
    ],
  });
  assert.deepEqual(info.fixes[0], { label: 'Show Policy', document: { language: 'json', content: info.policy } });
});

test('the refused action is read only when it is shaped like one', () => {
  assert.equal(deniedAction('… is not authorized to perform: logs:StartLiveTail on resource: arn:aws:logs:…'), 'logs:StartLiveTail');
  assert.equal(deniedAction('is not authorized to perform: [x](command:evil)'), undefined);
  const info = describeAwsError(Object.assign(new Error('no'), { name: 'AccessDeniedException' }), {
    ...ctx,
    action: 'ecr:CreateRepository',
  });
  assert.match(info.message, /not allowed to call ecr:CreateRepository/);
  assert.deepEqual(JSON.parse(info.policy ?? '').Statement[0], { Effect: 'Allow', Action: ['ecr:CreateRepository'], Resource: '*' });
});
