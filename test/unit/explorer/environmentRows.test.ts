import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import { MASK, environmentPlace, environmentSummary, rowDescription, rowTooltip } from '../../../src/explorer/environmentRows';

const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

function imageService(variables: Record<string, string>, secrets: Record<string, string>): Service {
  return {
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1',
        ImageRepositoryType: 'ECR',
        ImageConfiguration: { RuntimeEnvironmentVariables: variables, RuntimeEnvironmentSecrets: secrets },
      },
    },
  } as unknown as Service;
}

test('an image service: variables and secrets by name, counted in the summary', () => {
  const place = environmentPlace(imageService({ b: '2', A: 'one' }, { DB: secretArn }));
  assert.deepEqual(place, {
    kind: 'image',
    rows: [
      { name: 'A', kind: 'variable', value: 'one' },
      { name: 'b', kind: 'variable', value: '2' },
      { name: 'DB', kind: 'secret', value: secretArn },
    ].sort((x, y) => x.name.localeCompare(y.name)),
  });
  assert.equal(environmentSummary(place!), '2 variables · 1 secret');
  assert.equal(environmentSummary(environmentPlace(imageService({}, {}))!), 'no variables');
});

test('plain values are masked (the same mask whatever the length) until revealed; secrets show their reference', () => {
  const short = { name: 'A', kind: 'variable' as const, value: 'x' };
  const long = { name: 'B', kind: 'variable' as const, value: 'a much longer value' };
  assert.equal(rowDescription(short, false), MASK);
  assert.equal(rowDescription(long, false), MASK);
  assert.doesNotMatch(rowTooltip(long, false), /much longer/);
  assert.equal(rowDescription(long, true), 'a much longer value');
  assert.match(rowTooltip(long, true), /a much longer value/);
  const secret = { name: 'DB', kind: 'secret' as const, value: secretArn };
  assert.equal(rowDescription(secret, false), `secret → ${secretArn}`);
  assert.match(rowTooltip(secret, false), /instance role/);
});

test('source-code services say where their values live', () => {
  const code = (source: 'REPOSITORY' | 'API', values?: object) =>
    ({
      SourceConfiguration: {
        CodeRepository: {
          RepositoryUrl: 'https://github.com/o/r',
          CodeConfiguration: { ConfigurationSource: source, CodeConfigurationValues: values },
        },
      },
    }) as unknown as Service;
  assert.deepEqual(environmentPlace(code('REPOSITORY')), { kind: 'repository' });
  assert.equal(environmentSummary(environmentPlace(code('REPOSITORY'))!), 'in apprunner.yaml (repository)');
  const api = environmentPlace(code('API', { Runtime: 'NODEJS_22', RuntimeEnvironmentVariables: { A: '1', B: '2' } }));
  assert.deepEqual(api, { kind: 'api', variables: 2, secrets: 0 });
  assert.equal(environmentSummary(api!), 'in the code configuration (2 variables)');
  assert.equal(environmentPlace({} as Service), undefined);
});
