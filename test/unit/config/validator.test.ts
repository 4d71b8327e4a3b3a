import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rootSchema } from '../../../src/config/schema';
import { validateConfig } from '../../../src/config/validator';
import { NOW, fixture, fixtureNames, summarize, textAt } from './helpers';

const validate = (text: string, fileName?: string) => validateConfig(text, { now: NOW, fileName });

describe('validator: valid files', () => {
  for (const name of fixtureNames('valid')) {
    it(`${name} has no diagnostics`, () => {
      assert.deepEqual(validate(fixture(`valid/${name}`)), []);
    });
  }

  it('CRLF line endings give the same result as LF', () => {
    for (const name of fixtureNames('valid')) {
      const crlf = fixture(`valid/${name}`).replace(/\n/g, '\r\n');
      assert.deepEqual(validate(crlf), [], name);
    }
  });
});

/**
 * Every invalid fixture with the exact diagnostics it must produce: rule, severity and the 1-based
 * range, plus the text under that range (checked separately, so a wrong column cannot hide).
 */
const EXPECTED: Record<string, [rule: string, severity: string, range: string, text: string][]> = {
  'bad-runtime.yaml': [['enum', 'error', '2:10-2:18', 'nodejs20']],
  'comments-only.yaml': [['required', 'error', '1:1-1:35', '# Only a comment: no settings yet.']],
  'docker-runtime.yaml': [['enum', 'error', '2:10-2:20', 'DOCKERFILE']],
  'duplicate-env.yaml': [
    ['duplicate-env-name', 'error', '10:13-10:21', 'NODE_ENV'],
    ['duplicate-env-name', 'error', '20:13-20:20', 'DB_HOST'],
  ],
  'empty.yaml': [['required', 'error', '1:1-1:1', '']],
  'end-of-support.yaml': [['runtime-end-of-support', 'warning', '2:10-2:18', 'nodejs16']],
  'missing-required.yaml': [
    ['required', 'error', '4:3-4:11', 'commands'],
    ['required', 'error', '7:1-7:4', 'run'],
    ['required', 'error', '11:7-11:22', 'name: LOG_LEVEL'],
  ],
  'multiline-command.yaml': [
    ['pattern', 'error', '8:12-10:14', '|\n    npm run migrate\n    npm start'],
    ['range', 'error', '12:11-12:16', '70000'],
  ],
  'multiple-documents.yaml': [['multiple-documents', 'warning', '10:1-10:4', '---']],
  'port-redefined.yaml': [
    ['env-redefines-port', 'warning', '13:13-13:17', 'PORT'],
    ['env-redefines-port', 'warning', '15:13-15:21', 'APP_PORT'],
  ],
  'pre-run-original-build.yaml': [
    ['runtime-end-of-support', 'warning', '2:10-2:17', 'python3'],
    ['pre-run-original-build', 'error', '8:3-8:10', 'pre-run'],
  ],
  'runtime-version-format.yaml': [['pattern', 'error', '8:20-8:26', 'latest']],
  'runtime-version-mismatch.yaml': [
    ['runtime-end-of-support', 'warning', '2:10-2:18', 'nodejs18'],
    ['runtime-version', 'error', '8:20-8:26', '20.1.0'],
  ],
  'runtime-version-unreleased.yaml': [['runtime-version-unreleased', 'warning', '8:20-8:27', '22.15.0']],
  'secret-value-from.yaml': [
    ['secret-value-from', 'error', '13:19-13:94', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['secret-value-from', 'error', '15:19-15:68', 'arn:aws:ssm:us-east-1:12345:parameter/myapp/token'],
    ['secret-value-from', 'error', '17:19-17:95', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password'],
    ['secret-value-from', 'error', '19:19-19:44', '"hunter2 is my password!"'],
  ],
  'secrets-in-env.yaml': [
    ['secret-in-env', 'warning', '9:14-9:54', 'npm_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['secret-in-env', 'warning', '16:14-16:29', 's3cr3t-Passw0rd'],
    ['secret-in-env', 'warning', '18:14-18:54', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['secret-in-env', 'warning', '20:14-20:58', 'postgres://app:pa55word@db.internal:5432/app'],
  ],
  // The parser notices the unclosed `[` where the next key starts.
  'syntax-error.yaml': [['yaml-syntax', 'error', '6:1-6:2', 'r']],
  'underscore-keys.yaml': [
    ['underscore-key', 'error', '5:5-5:14', 'pre_build'],
    ['underscore-key', 'error', '10:3-10:18', 'runtime_version'],
    ['underscore-key', 'error', '14:7-14:17', 'value_from'],
  ],
  'unknown-keys.yaml': [
    ['unknown-key', 'error', '5:5-5:10', 'biuld'],
    ['unknown-key', 'error', '8:3-8:9', 'comand'],
    ['unknown-key', 'error', '9:3-9:10', 'Network'],
    ['unknown-key', 'error', '11:3-11:15', 'observations'],
    ['unknown-key', 'error', '12:1-12:8', 'network'],
  ],
  'unquoted-colon.yaml': [['type', 'error', '6:9-6:47', 'echo "Node version: $(node --version)"']],
  'version-1-10.yaml': [['version', 'error', '1:10-1:14', '1.10']],
  'version-1.yaml': [['version', 'warning', '1:10-1:11', '1']],
  'wrong-types.yaml': [
    ['runtime-end-of-support', 'warning', '2:10-2:17', 'python3'],
    ['type', 'error', '5:5-5:38', '- pip install -r requirements.txt'],
    ['type', 'error', '8:5-8:20', '- python app.py'],
    ['type', 'error', '10:11-10:17', '"8080"'],
    ['type', 'error', '12:7-12:17', '- APP_PORT'],
    ['type', 'error', '13:8-13:22', 'LOG_LEVEL=info'],
  ],
};

describe('validator: invalid files, exact ranges', () => {
  it('every invalid fixture has expectations', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), fixtureNames('invalid'));
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, () => {
      const text = fixture(`invalid/${name}`);
      const diagnostics = validate(text);
      assert.deepEqual(
        summarize(diagnostics),
        expected.map(([rule, severity, range]) => [rule, severity, range]),
      );
      assert.deepEqual(
        diagnostics.map((d) => textAt(text, d)),
        expected.map(([, , , source]) => source),
      );
    });
  }

  it('CRLF line endings keep every range', () => {
    for (const name of Object.keys(EXPECTED)) {
      const text = fixture(`invalid/${name}`);
      assert.deepEqual(summarize(validate(text.replace(/\n/g, '\r\n'))), summarize(validate(text)), name);
    }
  });
});

describe('validator: messages', () => {
  it('suggests the nearest key and runtime', () => {
    const messages = validate(fixture('invalid/unknown-keys.yaml')).map((d) => d.message);
    assert.match(messages[0], /Unknown key `biuld` in `build\.commands`\. Did you mean `build`\?/);
    assert.match(messages[3], /Allowed here: `runtime-version`, `pre-run`, `command`, `network`, `env` and `secrets`/);
    assert.match(messages[4], /`network` belongs under `run`/);
    assert.match(validate(fixture('invalid/bad-runtime.yaml'))[0].message, /Did you mean `nodejs22`\?/);
  });

  it('carries the replacement a quick fix needs', () => {
    assert.deepEqual(
      validate(fixture('invalid/unknown-keys.yaml')).map((d) => d.data?.replacement),
      ['build', 'command', 'network', undefined, undefined],
    );
    assert.deepEqual(
      validate(fixture('invalid/underscore-keys.yaml')).map((d) => d.data?.replacement),
      ['pre-build', 'runtime-version', 'value-from'],
    );
    assert.equal(validate(fixture('invalid/bad-runtime.yaml'))[0].data?.replacement, 'nodejs22');
  });

  it('explains that App Runner has no Docker runtime', () => {
    const [diagnostic] = validate(fixture('invalid/docker-runtime.yaml'));
    assert.match(diagnostic.message, /no Docker runtime/);
    assert.equal(diagnostic.data, undefined);
  });

  it('says why an unquoted command with ": " is a mapping and offers it quoted', () => {
    const [diagnostic] = validate(fixture('invalid/unquoted-colon.yaml'));
    assert.match(diagnostic.message, /must be a string, not a mapping\. YAML reads the ": "/);
    assert.equal(diagnostic.data?.replacement, `'echo "Node version: $(node --version)"'`);
  });

  it('names the first definition of a duplicate', () => {
    const messages = validate(fixture('invalid/duplicate-env.yaml')).map((d) => d.message);
    assert.match(messages[0], /`NODE_ENV` is already defined in `build\.env` \(line 8\)/);
    assert.match(messages[1], /`DB_HOST` is already defined in `run\.env` \(line 17\)/);
  });

  it('does not report a missing key that a misspelt key stands for', () => {
    assert.ok(!validate(fixture('invalid/unknown-keys.yaml')).some((d) => d.rule === 'required'));
    assert.ok(!validate(fixture('invalid/underscore-keys.yaml')).some((d) => d.rule === 'required'));
  });
});

describe('validator: YAML forms', () => {
  it('reports YAML syntax errors at the parser position', () => {
    const tab = validate('version: 1.0\nrun:\n\tcommand: x\n');
    assert.ok(
      tab.some((d) => d.rule === 'yaml-syntax' && d.severity === 'error' && d.range.start.line === 2),
      JSON.stringify(tab),
    );
    const quote = validate('version: 1.0\nruntime: "nodejs22\n');
    assert.ok(
      quote.some((d) => d.rule === 'yaml-syntax' && /quote/i.test(d.message)),
      JSON.stringify(quote),
    );
  });

  it('reports duplicate keys', () => {
    const diagnostics = validate(`${fixture('valid/minimal.yaml')}runtime: nodejs18\n`);
    const duplicate = diagnostics.find((d) => d.rule === 'yaml-syntax');
    assert.ok(duplicate);
    assert.equal(duplicate.message, 'Duplicate key `runtime`: YAML keeps only one of the values.');
    assert.equal(duplicate.range.start.line, 8);
  });

  it('reports unresolved tags as warnings', () => {
    const diagnostics = validate(fixture('valid/minimal.yaml').replace('node server.js', '!Sub node server.js'));
    assert.deepEqual(summarize(diagnostics), [['yaml-syntax', 'warning', '8:12-8:16']]);
  });

  it('counts columns after UTF-8 text in UTF-16 units, as editors do', () => {
    const text = fixture('valid/utf8-comments.yaml').replace('python3 app.py # démarrer', 'python3 app.py # démarrer\n  comand: x # 🚀');
    const unknown = validate(text).find((d) => d.rule === 'unknown-key');
    assert.ok(unknown);
    assert.equal(textAt(text, unknown), 'comand');
    const emoji = validate(
      '# 🚀🚀\nversion: 1.0\nruntime: nodejs20 # 🚀\nbuild: {commands: {build: [x]}}\nrun: {command: "🚀", comand: x}\n',
    );
    assert.deepEqual(summarize(emoji), [
      ['enum', 'error', '3:10-3:18'],
      ['unknown-key', 'error', '5:22-5:28'],
    ]);
  });

  it('reports exact ranges inside flow-style mappings', () => {
    const text =
      'version: 1.0\nruntime: nodejs22\nbuild: {commands: {biuld: [npm ci]}}\nrun: {command: npm start, network: {port: "80"}}\n';
    const diagnostics = validate(text);
    assert.deepEqual(summarize(diagnostics), [
      ['unknown-key', 'error', '3:20-3:25'],
      ['type', 'error', '4:43-4:47'],
    ]);
    assert.deepEqual(
      diagnostics.map((d) => textAt(text, d)),
      ['biuld', '"80"'],
    );
  });

  it('reports exact ranges with 1-space indentation', () => {
    const text = fixture('valid/one-space-indent.yaml').replace(' command: npm start', ' command: npm start\n pre_run: [x]');
    const diagnostics = validate(text);
    assert.deepEqual(summarize(diagnostics), [['underscore-key', 'error', '9:2-9:9']]);
  });

  it('accepts --- and ... markers and reads only the first document', () => {
    assert.deepEqual(validate(fixture('valid/document-markers.yaml')), []);
    assert.deepEqual(validate(`---\n${fixture('valid/minimal.yaml')}---\n`), [], 'an empty trailing document is harmless');
  });

  it('treats a file with only --- as having no settings', () => {
    assert.deepEqual(summarize(validate('---\n')), [['required', 'error', '1:1-1:4']]);
  });

  it('reports a top level that is not a mapping', () => {
    assert.deepEqual(summarize(validate('- version: 1.0\n')), [['type', 'error', '1:1-1:15']]);
    assert.match(validate('just text\n')[0].message, /The file must be a mapping, not a string/);
  });

  it('reports empty values at their key', () => {
    const diagnostics = validate('version: 1.0\nruntime: nodejs22\nbuild:\nrun:\n  command: npm start\n');
    assert.deepEqual(summarize(diagnostics), [['type', 'error', '3:1-3:6']]);
    assert.match(diagnostics[0].message, /`build` must be a mapping, it is empty/);
  });

  it('follows aliases and reports an alias to a missing anchor', () => {
    const diagnostics = validate(fixture('valid/minimal.yaml').replace('node server.js', '*missing'));
    assert.ok(
      diagnostics.some((d) => d.rule === 'type' && /unknown anchor/.test(d.message)),
      JSON.stringify(diagnostics),
    );
  });

  it('ignores a UTF-8 byte order mark the editor keeps out of the text', () => {
    assert.deepEqual(validate(`\uFEFF${fixture('valid/minimal.yaml')}`), []);
  });
});

describe('validator: yml extension', () => {
  it('adds an information hint for apprunner.yml only', () => {
    const text = fixture('valid/minimal.yaml');
    assert.deepEqual(summarize(validate(text, '/work/app/apprunner.yml')), [['yml-extension', 'info', '1:1-1:13']]);
    assert.deepEqual(
      validate(text, 'C:\\work\\app\\apprunner.yml').map((d) => d.rule),
      ['yml-extension'],
    );
    assert.deepEqual(validate(text, '/work/app/apprunner.yaml'), []);
    assert.deepEqual(validate(text, '/work/app/my-apprunner.yml'), []);
  });
});

describe('validator: schema use', () => {
  it('resolves the schema once and reuses it', () => {
    validate(fixture('valid/minimal.yaml'));
    const first = rootSchema();
    validate(fixture('valid/all-keys.yaml'));
    assert.equal(rootSchema(), first);
  });
});
