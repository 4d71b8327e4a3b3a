import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, REPO_ROOT, fixture } from '../../unit/config/helpers';

const CLI = join(REPO_ROOT, 'out/src/config/lintCli.js');

function lint(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: FIXTURES, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('apprunner-lint CLI', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'apprunner-lint-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('prints nothing and exits 0 for a valid file', () => {
    assert.deepEqual(lint('valid/all-keys.yaml'), { status: 0, stdout: '', stderr: '' });
  });

  it('prints file:line:col: severity: message [rule], 1-based, and exits 1 on errors', () => {
    const { status, stdout, stderr } = lint('invalid/unknown-keys.yaml');
    assert.equal(status, 1);
    assert.equal(stderr, '');
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5);
    assert.equal(
      lines[0],
      'invalid/unknown-keys.yaml:5:5: error: Unknown key `biuld` in `build.commands`. Did you mean `build`? [unknown-key]',
    );
    for (const line of lines) assert.match(line, /^invalid\/unknown-keys\.yaml:\d+:\d+: (error|warning|info): .+ \[[a-z-]+\]$/);
  });

  it('exits 0 when there are only warnings', () => {
    const { status, stdout } = lint('invalid/port-redefined.yaml', 'invalid/version-1.yaml');
    assert.equal(status, 0);
    assert.deepEqual(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.replace(/: warning: .*\[/, ' [')),
      [
        'invalid/port-redefined.yaml:13:13 [env-redefines-port]',
        'invalid/port-redefined.yaml:15:13 [env-redefines-port]',
        'invalid/version-1.yaml:1:10 [version]',
      ],
    );
  });

  it('reports every file and exits 1 if any has errors', () => {
    const { status, stdout } = lint('valid/minimal.yaml', 'invalid/version-1-10.yaml', 'invalid/runtime-version-unreleased.yaml');
    assert.equal(status, 1);
    assert.deepEqual(
      stdout
        .trimEnd()
        .split('\n')
        .map((line) => line.split(':').slice(0, 3).join(':')),
      ['invalid/version-1-10.yaml:1:10', 'invalid/runtime-version-unreleased.yaml:8:20'],
    );
  });

  it('prints JSON with --format json and --format=json', () => {
    for (const args of [['--format', 'json'], ['--format=json']]) {
      const { status, stdout } = lint(...args, 'valid/minimal.yaml', 'invalid/duplicate-env.yaml');
      assert.equal(status, 1);
      const report = JSON.parse(stdout) as {
        files: { file: string; diagnostics: Record<string, unknown>[] }[];
        errorCount: number;
        warningCount: number;
        infoCount: number;
      };
      assert.deepEqual(
        report.files.map((f) => [f.file, f.diagnostics.length]),
        [
          ['valid/minimal.yaml', 0],
          ['invalid/duplicate-env.yaml', 2],
        ],
      );
      assert.deepEqual(report.files[1].diagnostics[0], {
        line: 10,
        column: 13,
        endLine: 10,
        endColumn: 21,
        severity: 'error',
        message: '`NODE_ENV` is already defined in `build.env` (line 8); only one of the values would reach the build.',
        rule: 'duplicate-env-name',
      });
      assert.deepEqual([report.errorCount, report.warningCount, report.infoCount], [2, 0, 0]);
    }
  });

  it('exits 2 for an unreadable file but still reports the others', () => {
    const { status, stdout, stderr } = lint('invalid/version-1-10.yaml', 'missing.yaml');
    assert.equal(status, 2);
    assert.match(stdout, /^invalid\/version-1-10\.yaml:1:10: error: /);
    assert.equal(stderr, 'apprunner-lint: cannot read missing.yaml: no such file\n');
    const json = lint('--format', 'json', 'missing.yaml');
    assert.equal(json.status, 2);
    assert.deepEqual((JSON.parse(json.stdout) as { files: unknown[] }).files, [{ file: 'missing.yaml', error: 'no such file' }]);
  });

  it('exits 2 with usage on bad arguments, 0 with --help', () => {
    for (const args of [[], ['--format'], ['--format', 'xml', 'a.yaml'], ['--fix', 'a.yaml']]) {
      const { status, stderr } = lint(...args);
      assert.equal(status, 2, args.join(' '));
      assert.match(stderr, /^apprunner-lint: .+\n\nUsage: apprunner-lint/);
    }
    const help = lint('--help');
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: apprunner-lint \[--format text\|json\] FILE\.\.\./);
    assert.match(lint('--', '--help').stderr, /cannot read --help/, 'after -- every argument is a file');
  });

  it('hints at apprunner.yml and hides a byte order mark from columns', () => {
    const yml = join(scratch, 'apprunner.yml');
    writeFileSync(yml, fixture('valid/minimal.yaml'));
    const ymlResult = lint(yml);
    assert.equal(ymlResult.status, 0);
    assert.match(ymlResult.stdout, /apprunner\.yml:1:1: info: App Runner looks for a file named apprunner\.yaml.* \[yml-extension\]\n$/);
    const bom = join(scratch, 'apprunner.yaml');
    writeFileSync(bom, `\uFEFFversoin: 1.0\n${fixture('valid/minimal.yaml').split('\n').slice(1).join('\n')}`);
    assert.match(lint(bom).stdout, /apprunner\.yaml:1:1: error: Unknown key `versoin`/);
  });

  it('quotes control characters, escape sequences and line breaks from the file as visible escapes', () => {
    const hostile = join(scratch, 'hostile.yaml');
    // YAML's double-quoted \e, \a and \n put ESC, BEL and a line break into a key and a value.
    writeFileSync(
      hostile,
      [
        'version: 1.0',
        'runtime: "nodejs18\\napprunner.yaml:1:1: info: forged [x]"',
        '"bu\\e]0;pwned\\aild\\r\\u202e": 1',
        'run:',
        '  command: node server.js',
        '',
      ].join('\n'),
    );
    const { stdout } = lint(hostile);
    const lines = stdout.trimEnd().split('\n');
    assert.ok(lines.length >= 2, stdout);
    for (const line of lines) assert.doesNotMatch(line, /[\p{Cc}\p{Cf}]/u);
    for (const line of lines) assert.match(line, /^\S*hostile\.yaml:\d+:\d+: (error|warning|info): .+ \[[a-z-]+\]$/);
    assert.ok(!lines.some((line) => line.startsWith('apprunner.yaml:1:1: info: forged')), stdout);
    assert.match(stdout, /nodejs18\\napprunner\.yaml:1:1: info: forged/);
    assert.match(stdout, /bu\\x1b\]0;pwned\\x07ild\\r\\u202e/);
  });
});
