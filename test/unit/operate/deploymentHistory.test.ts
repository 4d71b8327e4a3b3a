import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperationSummary, Service } from '../../../src/aws/types';
import {
  deploymentHistory,
  formatSize,
  imageChange,
  parseImageIdentifier,
  pinnedIdentifier,
  rememberRunningImage,
  sourceConfigurationWithImage,
} from '../../../src/operate/deploymentHistory';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const REPO = '111122223333.dkr.ecr.us-east-1.amazonaws.com/team/web';

const ops: OperationSummary[] = [
  { Id: 'op-1', Type: 'CREATE_SERVICE', Status: 'SUCCEEDED', StartedAt: new Date('2026-01-01T10:00:00Z') },
  { Id: 'op-2', Type: 'UPDATE_SERVICE', Status: 'SUCCEEDED', StartedAt: new Date('2026-01-02T10:00:00Z') },
  { Id: 'op-p', Type: 'PAUSE_SERVICE', Status: 'SUCCEEDED', StartedAt: new Date('2026-01-03T10:00:00Z') },
  { Id: 'op-3', Type: 'UPDATE_SERVICE', Status: 'ROLLBACK_SUCCEEDED', StartedAt: new Date('2026-01-04T10:00:00Z') },
];

test('parseImageIdentifier splits repository, tag and digest, also with a registry port', () => {
  assert.deepEqual(parseImageIdentifier(`${REPO}:v2`), { repositoryUri: REPO, repositoryName: 'team/web', tag: 'v2' });
  assert.deepEqual(parseImageIdentifier(`127.0.0.1:5000/web@${D1}`), {
    repositoryUri: '127.0.0.1:5000/web',
    repositoryName: 'web',
    digest: D1,
  });
  assert.deepEqual(parseImageIdentifier('127.0.0.1:5000/web'), { repositoryUri: '127.0.0.1:5000/web', repositoryName: 'web' });
  assert.equal(parseImageIdentifier('web:latest'), undefined);
  assert.equal(parseImageIdentifier(`${REPO}@sha256:short`), undefined);
});

test('rememberRunningImage records the running image against the newest succeeded deployment only once', () => {
  const first = rememberRunningImage(
    ops,
    { imageIdentifier: `${REPO}:v2`, digest: D2 },
    { 'op-1': { imageIdentifier: `${REPO}:v1`, digest: D1 } },
  );
  assert.deepEqual(first['op-2'], { imageIdentifier: `${REPO}:v2`, digest: D2 });
  assert.equal(first['op-3'], undefined, 'a rolled-back deployment did not leave its image running');
  assert.equal(rememberRunningImage(ops, { imageIdentifier: 'other/x', digest: D1 }, first), first, 'nothing new: same object');
});

test('deploymentHistory lists deployments newest first with ECR facts, marks the running one, skips pauses', () => {
  const rows = deploymentHistory(
    ops,
    { 'op-1': { imageIdentifier: `${REPO}:v1`, digest: D1 }, 'op-2': { imageIdentifier: `${REPO}:v2`, digest: D2 } },
    [
      { digest: D1, tags: ['v1'], pushedAt: new Date('2026-01-01T09:00:00Z'), sizeBytes: 1500 },
      { digest: D2, tags: ['v2', 'latest'], sizeBytes: 2_000_000 },
    ],
    D2,
  );
  assert.deepEqual(
    rows.map((r) => [r.operationId, r.status, r.image?.tag, r.image?.digest, r.image?.tagsNow.join(','), r.image?.sizeBytes, r.current]),
    [
      ['op-3', 'ROLLBACK_SUCCEEDED', undefined, undefined, undefined, undefined, false],
      ['op-2', 'SUCCEEDED', 'v2', D2, 'v2,latest', 2_000_000, true],
      ['op-1', 'SUCCEEDED', 'v1', D1, 'v1', 1500, false],
    ],
  );
  assert.deepEqual(rows[2].image?.pushedAt, new Date('2026-01-01T09:00:00Z'));
});

test('imageChange previews exactly the image and nothing when it is already running', () => {
  const service = { SourceConfiguration: { ImageRepository: { ImageIdentifier: `${REPO}:v2`, ImageRepositoryType: 'ECR' } } } as Service;
  assert.deepEqual(imageChange(service, pinnedIdentifier(REPO, D1)), [{ setting: 'Image', before: `${REPO}:v2`, after: `${REPO}@${D1}` }]);
  assert.deepEqual(imageChange(service, `${REPO}:v2`), []);
});

test('sourceConfigurationWithImage keeps the image configuration, auto deployments and authentication', () => {
  const service = {
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: `${REPO}:v2`,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: { Port: '8080', RuntimeEnvironmentVariables: { A: '1' } },
      },
      AutoDeploymentsEnabled: false,
      AuthenticationConfiguration: { AccessRoleArn: 'arn:aws:iam::111122223333:role/r' },
    },
  } as unknown as Service;
  assert.deepEqual(sourceConfigurationWithImage(service, `${REPO}@${D1}`), {
    ImageRepository: {
      ImageIdentifier: `${REPO}@${D1}`,
      ImageRepositoryType: 'ECR',
      ImageConfiguration: { Port: '8080', RuntimeEnvironmentVariables: { A: '1' } },
    },
    AutoDeploymentsEnabled: false,
    AuthenticationConfiguration: { AccessRoleArn: 'arn:aws:iam::111122223333:role/r' },
  });
  assert.throws(() => sourceConfigurationWithImage({} as Service, 'x/y'), /Only image services/);
});

test('formatSize', () => {
  assert.equal(formatSize(undefined), '');
  assert.equal(formatSize(512), '512 B');
  assert.equal(formatSize(2_345_678), '2.3 MB');
});
