import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { RUNTIMES, isPastEndOfSupport } from '../../../src/config/runtimes';
import { starterConfig } from '../../../src/config/starter';
import { validateConfig } from '../../../src/config/validator';
import { NOW } from './helpers';

describe('starter files', () => {
  for (const runtime of RUNTIMES) {
    it(`${runtime.id}: valid, commented, for that runtime`, () => {
      const text = starterConfig(runtime.id);
      const expected = isPastEndOfSupport(runtime, NOW) ? ['runtime-end-of-support'] : [];
      assert.deepEqual(
        validateConfig(text, { now: NOW }).map((d) => d.rule),
        expected,
      );
      const values = parse(text) as { version: number; runtime: string; run: { 'pre-run'?: string[] } };
      assert.equal(values.runtime, runtime.id);
      assert.equal(values.version, 1);
      assert.equal(values.run['pre-run'] !== undefined, runtime.id === 'python311', 'pre-run only where the docs use it');
      assert.ok(text.split('\n').filter((line) => line.trimStart().startsWith('#')).length >= 10, 'optional keys are shown as comments');
      assert.match(text, /# runtime-version: /);
    });
  }

  it('keeps the optional keys valid when uncommented', () => {
    const uncommented = starterConfig('nodejs22').replace(
      /^(\s*)# ((pre-build|post-build|env|runtime-version|secrets):.*|- .*| {2}- .*| {4}.*)$/gm,
      '$1$2',
    );
    assert.deepEqual(
      validateConfig(uncommented, { now: NOW }).map((d) => d.rule),
      [],
    );
    assert.match(uncommented, /^ {2}secrets: /m);
  });

  it('refuses an unknown runtime', () => {
    assert.throws(() => starterConfig('nodejs20'), /Unknown App Runner runtime: nodejs20/);
  });
});
