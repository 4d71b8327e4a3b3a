import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageTag, isValidRepositoryName, parseImageReference, registryHost, repositoryNameFor } from '../../../src/deploy/imageNames';

/** Docker's rule for a tag. */
const DOCKER_TAG = /^[\w][\w.-]{0,127}$/;

const when = new Date(Date.UTC(2026, 10, 21, 14, 30, 5));

test('tags carry the short commit and the UTC time, and are valid Docker tags', () => {
  assert.equal(imageTag('AB12CD3EF', when), 'ab12cd3-20261121-143005');
  assert.equal(imageTag('ab12cd3', when, true), 'ab12cd3-dirty-20261121-143005');
  assert.equal(imageTag(undefined, when), 'build-20261121-143005');
  assert.equal(imageTag('not a commit', when), 'build-20261121-143005');
  assert.match(imageTag('ab12cd3', when, true), DOCKER_TAG);
  assert.notEqual(imageTag('ab12cd3', when), imageTag('ab12cd3', new Date(when.getTime() + 1000)));
});

test('repository names follow ECR rules', () => {
  assert.equal(repositoryNameFor('Orders_API'), 'orders_api');
  assert.equal(repositoryNameFor('web--front'), 'web-front');
  assert.equal(repositoryNameFor('-x-'), 'apprunner-x');
  for (const name of ['Orders_API', 'a1b2', 'web--front', 'My Service 2', '__weird__']) {
    assert.ok(isValidRepositoryName(repositoryNameFor(name)), name);
  }
  assert.equal(isValidRepositoryName('Upper'), false);
});

test('the registry host comes from the repository URI, whatever registry it is', () => {
  assert.equal(registryHost('123456789012.dkr.ecr.us-east-1.amazonaws.com/app'), '123456789012.dkr.ecr.us-east-1.amazonaws.com');
  assert.equal(registryHost('127.0.0.1:5055/123456789012/us-east-1/app'), '127.0.0.1:5055');
  assert.throws(() => registryHost('app'), /no registry host/);
});

test('image references split into repository, tag and digest; a port is not a tag', () => {
  assert.deepEqual(parseImageReference('127.0.0.1:5055/app:v1'), { repository: '127.0.0.1:5055/app', tag: 'v1', digest: undefined });
  assert.deepEqual(parseImageReference('127.0.0.1:5055/app'), { repository: '127.0.0.1:5055/app', digest: undefined });
  assert.deepEqual(parseImageReference('r.example/app@sha256:abc'), { repository: 'r.example/app', digest: 'sha256:abc' });
  assert.deepEqual(parseImageReference('r.example/app:v2@sha256:abc'), { repository: 'r.example/app', tag: 'v2', digest: 'sha256:abc' });
});
