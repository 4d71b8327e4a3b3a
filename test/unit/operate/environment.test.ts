import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import {
  applyEdits,
  Environment,
  environmentChanges,
  environmentOf,
  importEnvFile,
  nameProblem,
  parameterNameProblem,
  readSecretStatement,
  referenceProblem,
  secretNameProblem,
  sourceConfigurationWith,
  toEnvFile,
} from '../../../src/operate/environment';

const ACCOUNT = '123456789012';
const DB_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:orders/db-AbC123`;
const current: Environment = {
  variables: { NODE_ENV: 'production', LOG_LEVEL: 'info', FEATURE_X: 'on' },
  secrets: { DB_PASSWORD: DB_SECRET },
};

const service = {
  ServiceName: 'orders-api',
  SourceConfiguration: {
    ImageRepository: {
      ImageIdentifier: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders@sha256:${'a'.repeat(64)}`,
      ImageRepositoryType: 'ECR',
      ImageConfiguration: {
        Port: '3000',
        StartCommand: 'node server.js',
        RuntimeEnvironmentVariables: current.variables,
        RuntimeEnvironmentSecrets: current.secrets,
      },
    },
    AutoDeploymentsEnabled: false,
    AuthenticationConfiguration: { AccessRoleArn: `arn:aws:iam::${ACCOUNT}:role/AppRunnerECRAccessRole` },
  },
} as unknown as Service;

describe('edits merge into the whole maps App Runner replaces', () => {
  test('add, change, rename and delete give exactly the merged maps, and the preview says so', () => {
    const edits = [
      { kind: 'set', name: 'CACHE_TTL', value: '60' },
      { kind: 'set', name: 'LOG_LEVEL', value: 'debug' },
      { kind: 'rename', from: 'FEATURE_X', to: 'FEATURE_Y' },
      { kind: 'delete', name: 'NODE_ENV' },
    ] as const;
    const next = applyEdits(current, [...edits]);
    assert.deepEqual(next, { variables: { LOG_LEVEL: 'debug', CACHE_TTL: '60', FEATURE_Y: 'on' }, secrets: { DB_PASSWORD: DB_SECRET } });
    assert.deepEqual(
      environmentChanges(current, next, [...edits]).map((c) => [c.name, c.change, c.from]),
      [
        ['CACHE_TTL', 'added', undefined],
        ['FEATURE_Y', 'renamed', 'FEATURE_X'],
        ['LOG_LEVEL', 'changed', undefined],
        ['NODE_ENV', 'removed', undefined],
      ],
    );
    assert.deepEqual(current.variables.NODE_ENV, 'production', 'the current environment is not mutated');
  });

  test('one UpdateService source configuration keeps the image, port, start command, role and deployments setting', () => {
    const next = applyEdits(current, [{ kind: 'set', name: 'CACHE_TTL', value: '60' }]);
    const source = sourceConfigurationWith(service, next);
    assert.deepEqual(source, {
      ImageRepository: {
        ImageIdentifier: service.SourceConfiguration!.ImageRepository!.ImageIdentifier,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: {
          Port: '3000',
          StartCommand: 'node server.js',
          RuntimeEnvironmentVariables: { NODE_ENV: 'production', LOG_LEVEL: 'info', FEATURE_X: 'on', CACHE_TTL: '60' },
          RuntimeEnvironmentSecrets: { DB_PASSWORD: DB_SECRET },
        },
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: { AccessRoleArn: `arn:aws:iam::${ACCOUNT}:role/AppRunnerECRAccessRole` },
    });
    assert.deepEqual(environmentOf(service), current);
    assert.throws(
      () => sourceConfigurationWith({ SourceConfiguration: { CodeRepository: {} } } as unknown as Service, next),
      /image services/,
    );
  });

  test('turning a variable into a secret replaces it with the reference', () => {
    const next = applyEdits(current, [{ kind: 'set-secret', name: 'LOG_LEVEL', reference: '/orders/log-level' }]);
    assert.equal(next.variables.LOG_LEVEL, undefined);
    assert.equal(next.secrets.LOG_LEVEL, '/orders/log-level');
  });

  test('reserved, invalid and duplicate names are refused with the reason', () => {
    assert.throws(() => applyEdits(current, [{ kind: 'set', name: 'PORT', value: '1' }]), /PORT is set by App Runner/);
    assert.throws(() => applyEdits(current, [{ kind: 'set', name: 'AWSAPPRUNNER_X', value: '1' }]), /reserved/);
    assert.throws(() => applyEdits(current, [{ kind: 'set', name: '1BAD', value: '1' }]), /letters, digits and underscores/);
    assert.throws(() => applyEdits(current, [{ kind: 'set', name: 'DB_PASSWORD', value: 'x' }]), /already defined/);
    assert.throws(() => applyEdits(current, [{ kind: 'rename', from: 'NODE_ENV', to: 'LOG_LEVEL' }]), /already defined/);
    assert.throws(() => applyEdits(current, [{ kind: 'delete', name: 'NOPE' }]), /not defined/);
    assert.throws(
      () => applyEdits(current, [{ kind: 'set-secret', name: 'K', reference: 'arn:aws:s3:::bucket' }]),
      /Secrets Manager secret ARN/,
    );
    assert.equal(nameProblem('', 'variable'), 'A name is needed.');
  });
});

describe('.env import', () => {
  const file = [
    { name: 'NODE_ENV', value: 'production' },
    { name: 'LOG_LEVEL', value: 'warn' },
    { name: 'NEW_ONE', value: 'x' },
    { name: 'PORT', value: '8080' },
    { name: 'DB_PASSWORD', value: 'hunter2' },
  ];

  test('adds and changes, lists what the file lacks and removes nothing unless asked', () => {
    const imported = importEnvFile(current, file, false);
    assert.deepEqual(
      imported.changes.map((c) => [c.name, c.change]),
      [
        ['LOG_LEVEL', 'changed'],
        ['NEW_ONE', 'added'],
      ],
    );
    assert.deepEqual(imported.missingFromFile, ['FEATURE_X']);
    assert.equal(imported.result.variables.FEATURE_X, 'on');
    assert.deepEqual(
      imported.refused.map((r) => r.name),
      ['PORT', 'DB_PASSWORD'],
    );
    assert.equal(imported.result.secrets.DB_PASSWORD, DB_SECRET, 'a plain value never replaces a secret');
  });

  test('removes the missing names when asked, and shows them as removed', () => {
    const imported = importEnvFile(current, file, true);
    assert.equal(imported.result.variables.FEATURE_X, undefined);
    assert.ok(imported.changes.some((c) => c.name === 'FEATURE_X' && c.change === 'removed'));
  });

  test('export writes secrets as references and quotes what needs it; it reads back the same', () => {
    const text = toEnvFile({ variables: { A: 'plain', B: 'two words', C: 'x"y' }, secrets: { S: DB_SECRET } }, 'orders\napi');
    assert.equal(
      text,
      [
        '# Environment of the App Runner service orders api.',
        'A=plain',
        'B="two words"',
        'C="x\\"y"',
        '',
        '# Secrets: references to Secrets Manager or Parameter Store, not their values.',
        `S=${DB_SECRET}`,
        '',
      ].join('\n'),
    );
  });
});

test('secret references, secret names and parameter names as AWS validates them', () => {
  for (const ok of [
    DB_SECRET,
    `${DB_SECRET}:password::`,
    `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!db-1234`,
    `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/orders/key`,
    '/orders/key',
    'key',
  ]) {
    assert.equal(referenceProblem(ok), undefined, ok);
  }
  for (const bad of ['', 'arn:aws:s3:::b', 'has space']) assert.ok(referenceProblem(bad), bad);
  assert.equal(secretNameProblem('orders/db_password'), undefined);
  assert.match(secretNameProblem('orders db')!, /letters, digits/);
  assert.match(secretNameProblem('orders-AbC123')!, /random suffix/);
  assert.equal(parameterNameProblem('/orders/db/password'), undefined);
  assert.match(parameterNameProblem('/aws/x')!, /cannot start with aws/);
  assert.match(parameterNameProblem('a/b')!, /starts with \//);
  assert.match(parameterNameProblem('/' + Array.from({ length: 16 }, (_, i) => `l${i}`).join('/'))!, /15 levels/);
});

test('the statement the instance role needs to read a secret', () => {
  assert.deepEqual(readSecretStatement(`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:orders/db:password::`, 'us-east-1', ACCOUNT), {
    Effect: 'Allow',
    Action: ['secretsmanager:GetSecretValue'],
    Resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:orders/db-??????`,
  });
  assert.deepEqual(readSecretStatement('/orders/key', 'eu-west-1', ACCOUNT), {
    Effect: 'Allow',
    Action: ['ssm:GetParameters'],
    Resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/orders/key`,
  });
});
