import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { OperationSummary, Service } from '../../../src/aws/types';
import { templateFiles } from '../../../src/migrate/core';
import { planMigration } from '../../../src/migrate/plan';
import { digestLookup, lastDeploymentStart, runningImage, TagLookupResult } from '../../../src/migrate/runningImage';

const REPOSITORY_URI = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/orders';
const IMAGE = `${REPOSITORY_URI}:v42`;
const DIGEST = 'sha256:' + 'cd'.repeat(32);
const DEPLOYED = new Date('2026-11-30T12:00:00Z');
const BEFORE = new Date('2026-11-30T11:00:00Z');
const AFTER = new Date('2026-11-30T13:00:00Z');

describe('where to ask for the running digest', () => {
  test('a private ECR image: the registry (account), region, repository and tag from the identifier', () => {
    assert.deepEqual(digestLookup(IMAGE, 'ECR'), {
      kind: 'ecr',
      registryId: '123456789012',
      region: 'eu-west-1',
      repositoryName: 'team/orders',
      tag: 'v42',
    });
  });
  test('no tag means latest, as App Runner reads it', () => {
    assert.equal((digestLookup(REPOSITORY_URI, 'ECR') as { tag: string }).tag, 'latest');
  });
  test('a registry on loopback (the emulator, a local registry) is looked up in the service region', () => {
    assert.deepEqual(digestLookup('127.0.0.1:5055/hello:build-1', 'ECR'), { kind: 'ecr', repositoryName: 'hello', tag: 'build-1' });
  });
  test('an identifier with a digest is pinned already', () => {
    assert.deepEqual(digestLookup(`${REPOSITORY_URI}@${DIGEST}`, 'ECR'), { kind: 'pinned', digest: DIGEST });
  });
  test('ECR Public cannot be resolved, and the plan says how to check', () => {
    const lookup = digestLookup('public.ecr.aws/nginx/nginx:1.27', 'ECR_PUBLIC');
    assert.equal(lookup.kind, 'unknown');
    assert.match((lookup as { reason: string }).reason, /ECR Public/);
    assert.match((lookup as { check: string }).check, /imagetools inspect/);
  });
});

describe('the image the new service runs', () => {
  const ecr = digestLookup(IMAGE, 'ECR');
  const found = (pushedAt?: Date): TagLookupResult => ({ kind: 'found', digest: DIGEST, ...(pushedAt ? { pushedAt } : {}) });
  const cases: Array<{ name: string; result?: TagLookupResult; last?: Date; pinned: boolean; says: RegExp }> = [
    {
      name: 'tag pushed before the last deployment',
      result: found(BEFORE),
      last: DEPLOYED,
      pinned: true,
      says: /unchanged since the last deployment/,
    },
    { name: 'tag pushed after the last deployment (moved)', result: found(AFTER), last: DEPLOYED, pinned: false, says: /may have moved/ },
    { name: 'no successful deployment listed', result: found(BEFORE), pinned: true, says: /no successful deployment was found/ },
    {
      name: 'ECR refused DescribeImages',
      result: { kind: 'failed', action: 'ecr:DescribeImages', error: 'AccessDeniedException', denied: true },
      last: DEPLOYED,
      pinned: false,
      says: /refused ecr:DescribeImages/,
    },
    {
      name: 'ECR failed otherwise',
      result: { kind: 'failed', action: 'ecr:DescribeImages', error: 'ThrottlingException', denied: false },
      last: DEPLOYED,
      pinned: false,
      says: /ThrottlingException/,
    },
    {
      name: 'the tag is gone',
      result: { kind: 'not-found', missing: 'tag' },
      last: DEPLOYED,
      pinned: false,
      says: /tag team\/orders:v42 is no longer in ECR/,
    },
    {
      name: 'the repository is not in the registry',
      result: { kind: 'not-found', missing: 'repository' },
      last: DEPLOYED,
      pinned: false,
      says: /repository team\/orders is not in ECR of registry 123456789012/,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const image = runningImage(IMAGE, ecr, c.result, c.last);
      assert.equal(image.pinned, c.pinned);
      assert.match(image.pinned ? image.note : image.reason, c.says);
      assert.equal(image.image, c.pinned ? `${REPOSITORY_URI}@${DIGEST}` : IMAGE, 'pinned: repository@digest; otherwise the tag as it is');
      if (!image.pinned) assert.ok(image.check.length > 0, 'an unpinned image says what to check');
    });
  }
  test('the access-denied case names the IAM action to ask for', () => {
    const image = runningImage(IMAGE, ecr, { kind: 'failed', action: 'ecr:DescribeImages', error: 'AccessDenied', denied: true }, DEPLOYED);
    assert.ok(!image.pinned && /Ask for ecr:DescribeImages/.test(image.check));
  });
});

test('the last deployment: the newest successful CREATE_SERVICE, UPDATE_SERVICE or START_DEPLOYMENT', () => {
  const ops: OperationSummary[] = [
    { Id: '1', Type: 'CREATE_SERVICE', Status: 'SUCCEEDED', StartedAt: new Date('2026-11-01T00:00:00Z') },
    { Id: '2', Type: 'START_DEPLOYMENT', Status: 'SUCCEEDED', StartedAt: DEPLOYED },
    { Id: '3', Type: 'UPDATE_SERVICE', Status: 'ROLLBACK_SUCCEEDED', StartedAt: AFTER },
    { Id: '4', Type: 'RESUME_SERVICE', Status: 'SUCCEEDED', StartedAt: AFTER },
  ];
  assert.deepEqual(lastDeploymentStart(ops), DEPLOYED);
  assert.equal(lastDeploymentStart([ops[3]]), undefined);
});

function service(identifier: string): Service {
  return {
    ServiceName: 'orders-api',
    ServiceArn: 'arn:aws:apprunner:eu-west-1:123456789012:service/orders-api/0123456789abcdef0123456789abcdef',
    SourceConfiguration: {
      ImageRepository: { ImageIdentifier: identifier, ImageRepositoryType: 'ECR', ImageConfiguration: { Port: '8080' } },
    },
    InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
    HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/' },
  } as Service;
}

describe('the plan and the templates', () => {
  test('pinned: the image is repository@digest everywhere and no comment is written', () => {
    const plan = planMigration({
      service: service(IMAGE),
      runningImage: runningImage(IMAGE, digestLookup(IMAGE, 'ECR'), { kind: 'found', digest: DIGEST, pushedAt: BEFORE }, DEPLOYED),
    });
    assert.equal(plan.input.primaryContainer.image, `${REPOSITORY_URI}@${DIGEST}`);
    assert.equal(plan.imageNotPinned, undefined);
    assert.ok(!plan.actions.some((a) => /Pin the image/.test(a)));
    const [cfn, tf] = templateFiles(plan, 'twin');
    assert.ok(!/Not pinned/.test(cfn.text) && !/Not pinned/.test(tf.text));
    assert.match(tf.text, new RegExp(`image\\s+= "${REPOSITORY_URI}@${DIGEST}"`));
  });

  test('not pinned: the tag stays, the plan asks to pin it, and both templates say why above the image', () => {
    const running = runningImage(IMAGE, digestLookup(IMAGE, 'ECR'), { kind: 'found', digest: DIGEST, pushedAt: AFTER }, DEPLOYED);
    const plan = planMigration({ service: service(IMAGE), runningImage: running });
    assert.equal(plan.input.primaryContainer.image, IMAGE);
    assert.match(plan.imageNotPinned?.reason ?? '', /may have moved/);
    assert.ok(plan.actions.some((a) => /^Pin the image to the digest the service runs: .*may have moved/.test(a)));
    assert.match(plan.rows.find((r) => r.ecsExpress === 'primaryContainer.image')?.note ?? '', /^not pinned: /);
    const [cfn, tf] = templateFiles(plan, 'twin');
    assert.match(cfn.text, /\n\s+# Not pinned to a digest: .*may have moved.*\n\s+# Check: .*\n\s+Image: .*:v42\n/);
    assert.equal((parse(cfn.text) as any).Resources.Service.Properties.PrimaryContainer.Image, IMAGE);
    assert.match(tf.text, /\n {4}# Not pinned to a digest: .*\n {4}# Check: .*\n {4}image\s+= ".*:v42"\n/);
  });

  test('a reason with a line break cannot end the comment and add template content', () => {
    const plan = planMigration({
      service: service(IMAGE),
      runningImage: { pinned: false, image: IMAGE, reason: 'x\nResources:\n  Evil: {}', check: 'y\r\nresource "aws_iam_role" "evil" {}' },
    });
    const [cfn, tf] = templateFiles(plan, 'twin');
    assert.deepEqual(Object.keys((parse(cfn.text) as any).Resources).sort(), ['ExecutionRole', 'InfrastructureRole', 'Service']);
    assert.ok(!/^resource "aws_iam_role" "evil"/m.test(tf.text));
  });
});
