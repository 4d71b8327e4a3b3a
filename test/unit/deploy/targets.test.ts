import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeFolder, readTargets, removeTarget, SavedTarget, targetsForService, upsertTarget } from '../../../src/deploy/targets';

const arn = (name: string) => `arn:aws:apprunner:us-east-1:123456789012:service/${name}/0123456789abcdef0123456789abcdef`;
const target = (folder: string, service: string): SavedTarget => ({
  folder,
  dockerfile: `${folder}/Dockerfile`,
  serviceArn: arn(service),
  region: 'us-east-1',
  repositoryName: service,
});

test('settings written by hand: malformed entries are ignored', () => {
  assert.deepEqual(readTargets(undefined), []);
  assert.deepEqual(readTargets('x'), []);
  const good = target('api', 'api-svc');
  assert.deepEqual(readTargets([good, { folder: 'x' }, null, { ...good, region: '' }]), [good]);
});

test('one target per folder; folder spellings are normalized', () => {
  let list = upsertTarget([], target('services/api', 'one'));
  list = upsertTarget(list, target('./services/api/', 'two'));
  list = upsertTarget(list, target('.', 'root'));
  assert.equal(list.length, 2);
  assert.deepEqual(
    list.map((t) => [t.folder, t.serviceArn]),
    [
      ['services/api', arn('two')],
      ['.', arn('root')],
    ],
  );
  assert.equal(normalizeFolder('services\\api'), 'services/api');
  assert.deepEqual(
    targetsForService(list, arn('root')).map((t) => t.folder),
    ['.'],
  );
  assert.deepEqual(
    removeTarget(list, target('services/api', 'two')).map((t) => t.folder),
    ['.'],
  );
  assert.equal(normalizeFolder('./'), '.');
});
