import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsToPublish } from '../../../src/config/otherProviders';
import { validateConfig } from '../../../src/config/validator';

const broken = 'version: 1.0\nruntime: nodejs22\nbuild:\n  commands:\n    build: [npm ci\nrun:\n  command: npm start\n  unknownKey: 1\n';

test('with the Red Hat YAML extension validating, YAML syntax errors are left to it and every other problem stays ours', () => {
  const all = validateConfig(broken);
  assert.ok(all.some((d) => d.rule === 'yaml-syntax'));
  const published = diagnosticsToPublish(all, { redHatYamlValidates: true });
  assert.ok(published.every((d) => d.rule !== 'yaml-syntax'));
  assert.deepEqual(
    published,
    all.filter((d) => d.rule !== 'yaml-syntax'),
  );
});

test('without it, every diagnostic is published', () => {
  const all = validateConfig(broken);
  assert.deepEqual(diagnosticsToPublish(all, { redHatYamlValidates: false }), all);
});

test('the manifest gives our schema to no other YAML extension', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const manifest = require('../../../../package.json');
  assert.equal(manifest.contributes.yamlValidation, undefined);
});
