import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkBuiltPlatform, checkPushedManifest, pinnedPlatformLine } from '../../../src/deploy/imagePlatform';

test('linux/amd64 passes; another platform is refused with how to build for amd64', () => {
  assert.equal(checkBuiltPlatform('linux/amd64', 'FROM node:20\n'), undefined);
  const unpinned = checkBuiltPlatform('linux/arm64', 'FROM node:20\n');
  assert.match(
    unpinned?.message ?? '',
    /built for linux\/arm64, but App Runner runs linux\/amd64 images only\. Build it for amd64 \(docker build --platform linux\/amd64/,
  );
  assert.equal(unpinned?.line, undefined);
  const pinned = checkBuiltPlatform(
    'linux/arm64',
    '# syntax\nFROM --platform=linux/amd64 node:20 AS build\nFROM --platform=linux/arm64 scratch\n',
  );
  assert.equal(pinned?.line, 3);
  assert.match(pinned?.message ?? '', /Dockerfile line 3 asks for --platform=linux\/arm64: remove that flag/);
});

test('FROM lines that pin a platform: build arguments are not a pin', () => {
  assert.deepEqual(pinnedPlatformLine('from --platform=linux/arm64/v8 alpine\n'), { line: 1, platform: 'linux/arm64/v8' });
  assert.equal(pinnedPlatformLine('FROM --platform=$BUILDPLATFORM golang AS build\n'), undefined);
  assert.equal(pinnedPlatformLine(undefined), undefined);
});

test('the registry must hold one image manifest, not an index', () => {
  assert.equal(checkPushedManifest('application/vnd.docker.distribution.manifest.v2+json', 'r:t'), undefined);
  assert.equal(checkPushedManifest('application/vnd.oci.image.manifest.v1+json', 'r:t'), undefined);
  assert.equal(checkPushedManifest(undefined, 'r:t'), undefined);
  assert.match(
    checkPushedManifest('application/vnd.oci.image.index.v1+json', 'r:t')?.message ?? '',
    /r:t as application\/vnd\.oci\.image\.index\.v1\+json .*--provenance=false/,
  );
  assert.ok(checkPushedManifest('application/vnd.docker.distribution.manifest.list.v2+json', 'r:t'));
});
