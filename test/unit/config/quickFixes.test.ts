import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SECRET_REFERENCE_PLACEHOLDER, quickFixesFor } from '../../../src/config/quickFixes';
import type { ConfigDiagnostic, RuleId } from '../../../src/config/types';
import { validateConfig } from '../../../src/config/validator';
import { NOW, applyEdits, fixture } from './helpers';

function diagnosticsOf(text: string, rule: RuleId): ConfigDiagnostic[] {
  return validateConfig(text, { now: NOW }).filter((d) => d.rule === rule);
}

/** Applies the first (or the titled) fix of the first diagnostic of `rule`. */
function fixed(text: string, rule: RuleId, title?: RegExp): string {
  const [diagnostic] = diagnosticsOf(text, rule);
  assert.ok(diagnostic, `no ${rule} diagnostic`);
  const fixes = quickFixesFor(text, diagnostic);
  const fix = title ? fixes.find((f) => title.test(f.title)) : fixes[0];
  assert.ok(fix, `no fix for ${rule}: ${fixes.map((f) => f.title).join(', ')}`);
  return applyEdits(text, fix.edits);
}

describe('quick fixes', () => {
  it('renames a misspelt key to the suggestion', () => {
    const text = fixture('invalid/unknown-keys.yaml');
    const [first] = diagnosticsOf(text, 'unknown-key');
    const [fix] = quickFixesFor(text, first);
    assert.equal(fix.title, 'Change to `build`');
    assert.equal(fix.isPreferred, true);
    assert.equal(applyEdits(text, fix.edits), text.replace('biuld:', 'build:'));
  });

  it('offers nothing for an unknown key without a suggestion', () => {
    const text = fixture('invalid/unknown-keys.yaml');
    const observations = diagnosticsOf(text, 'unknown-key').find((d) => d.message.includes('observations'));
    assert.ok(observations);
    assert.deepEqual(quickFixesFor(text, observations), []);
  });

  it('writes underscore keys with hyphens', () => {
    let text = fixture('invalid/underscore-keys.yaml');
    while (diagnosticsOf(text, 'underscore-key').length > 0) text = fixed(text, 'underscore-key');
    assert.equal(
      text,
      fixture('invalid/underscore-keys.yaml')
        .replace('pre_build', 'pre-build')
        .replace('runtime_version', 'runtime-version')
        .replace('value_from', 'value-from'),
    );
    assert.deepEqual(validateConfig(text, { now: NOW }), []);
  });

  it('replaces an unknown runtime with the nearest one', () => {
    const text = fixture('invalid/bad-runtime.yaml');
    const result = fixed(text, 'enum');
    assert.equal(result, text.replace('runtime: nodejs20', 'runtime: nodejs22'));
    assert.ok(
      validateConfig(result, { now: NOW }).some((d) => d.rule === 'runtime-version'),
      'the old runtime-version now shows up as wrong',
    );
  });

  it('offers no runtime when none is close', () => {
    const text = fixture('invalid/docker-runtime.yaml');
    assert.deepEqual(quickFixesFor(text, diagnosticsOf(text, 'enum')[0]), []);
  });

  it('writes version 1.0', () => {
    const text = fixture('invalid/version-1-10.yaml');
    assert.equal(fixed(text, 'version'), text.replace('version: 1.10', 'version: 1.0'));
    assert.match(fixed(fixture('invalid/version-1.yaml'), 'version'), /^version: 1\.0\n/);
  });

  it('quotes a command that YAML read as a mapping', () => {
    const text = fixture('invalid/unquoted-colon.yaml');
    const result = fixed(text, 'type');
    assert.equal(result, text.replace(`- echo "Node version: $(node --version)"`, `- 'echo "Node version: $(node --version)"'`));
    assert.deepEqual(validateConfig(result, { now: NOW }), []);
    const withApostrophe = text.replace('echo "Node version:', `echo "Node's version:`);
    assert.match(fixed(withApostrophe, 'type'), /- 'echo "Node''s version: \$\(node --version\)"'\n/);
  });

  it('removes pre-run from an original-build runtime, or switches the runtime', () => {
    const text = fixture('invalid/pre-run-original-build.yaml');
    const [diagnostic] = diagnosticsOf(text, 'pre-run-original-build');
    assert.deepEqual(
      quickFixesFor(text, diagnostic).map((f) => [f.title, f.isPreferred]),
      [
        ['Remove `pre-run`', true],
        ['Switch the runtime to `python311` (revised build, supports `pre-run`)', false],
      ],
    );
    assert.equal(fixed(text, 'pre-run-original-build', /Remove/), text.replace('  pre-run:\n    - pip install gunicorn\n', ''));
    assert.equal(fixed(text, 'pre-run-original-build', /Switch/), text.replace('runtime: python3\n', 'runtime: python311\n'));
  });

  it('removes pre-run written in flow style or as the last key', () => {
    const flow = fixture('valid/minimal.yaml')
      .replace('nodejs22', 'go1')
      .replace('  command: node server.js\n', '  pre-run: [a, b]  # install\n  command: node server.js\n');
    assert.equal(fixed(flow, 'pre-run-original-build', /Remove/), fixture('valid/minimal.yaml').replace('nodejs22', 'go1'));
    const last = `${fixture('valid/minimal.yaml').replace('nodejs22', 'go1')}  pre-run:\n    - a`;
    assert.equal(fixed(last, 'pre-run-original-build', /Remove/), fixture('valid/minimal.yaml').replace('nodejs22', 'go1'));
  });

  it('offers only the runtime switch when run is a flow mapping', () => {
    const text = 'version: 1.0\nruntime: nodejs16\nbuild: {commands: {build: [x]}}\nrun: {pre-run: [a], command: x}\n';
    assert.deepEqual(
      quickFixesFor(text, diagnosticsOf(text, 'pre-run-original-build')[0]).map((f) => f.title),
      ['Switch the runtime to `nodejs22` (revised build, supports `pre-run`)'],
    );
  });

  it('moves a secret-looking env value to a new run.secrets list', () => {
    const text = [
      'version: 1.0',
      'runtime: nodejs22',
      'build:',
      '  commands:',
      '    build:',
      '      - npm ci',
      'run:',
      '  command: npm start',
      '  env:',
      '    - name: LOG_LEVEL',
      '      value: info',
      '    - name: DB_PASSWORD',
      '      value: hunter2',
      '',
    ].join('\n');
    const [diagnostic] = diagnosticsOf(text, 'secret-in-env');
    const [fix] = quickFixesFor(text, diagnostic);
    assert.equal(fix.title, 'Move `DB_PASSWORD` to `run.secrets` (then store the value in Secrets Manager)');
    assert.equal(
      applyEdits(text, fix.edits),
      [
        'version: 1.0',
        'runtime: nodejs22',
        'build:',
        '  commands:',
        '    build:',
        '      - npm ci',
        'run:',
        '  command: npm start',
        '  env:',
        '    - name: LOG_LEVEL',
        '      value: info',
        '  secrets:',
        '    - name: DB_PASSWORD',
        `      value-from: "${SECRET_REFERENCE_PLACEHOLDER}"`,
        '',
      ].join('\n'),
    );
  });

  it('appends to an existing run.secrets list and drops an env list left empty', () => {
    const text = [
      'version: 1.0',
      'runtime: nodejs22',
      'build:',
      '  commands:',
      '    build:',
      '      - npm ci',
      'run:',
      '  env:',
      '  - name: API_TOKEN',
      '    value: abc123',
      '  command: npm start',
      '  secrets:',
      '  - name: DB',
      '    value-from: /app/db',
    ].join('\r\n');
    const result = fixed(text, 'secret-in-env');
    assert.equal(
      result,
      [
        'version: 1.0',
        'runtime: nodejs22',
        'build:',
        '  commands:',
        '    build:',
        '      - npm ci',
        'run:',
        '  command: npm start',
        '  secrets:',
        '  - name: DB',
        '    value-from: /app/db',
        '  - name: API_TOKEN',
        `    value-from: "${SECRET_REFERENCE_PLACEHOLDER}"`,
        '',
      ].join('\r\n'),
    );
    assert.deepEqual(
      validateConfig(result, { now: NOW }).map((d) => d.rule),
      ['secret-value-from'],
      'only the placeholder is left to fill in',
    );
  });

  it('does not move build.env values or rewrite flow-style env lists', () => {
    const build = fixture('invalid/secrets-in-env.yaml');
    assert.deepEqual(quickFixesFor(build, diagnosticsOf(build, 'secret-in-env')[0]), []);
    const flow =
      'version: 1.0\nruntime: nodejs22\nbuild: {commands: {build: [x]}}\nrun:\n  command: x\n  env: [{name: DB_PASSWORD, value: hunter2}]\n';
    assert.deepEqual(quickFixesFor(flow, diagnosticsOf(flow, 'secret-in-env')[0]), []);
  });

  it('offers nothing for rules without a fix', () => {
    const text = fixture('invalid/duplicate-env.yaml');
    assert.deepEqual(quickFixesFor(text, diagnosticsOf(text, 'duplicate-env-name')[0]), []);
  });
});
