// The rules beside the schema, one block per rule id, with the edge cases the fixtures do not cover.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigDiagnostic } from '../../../src/config/types';
import { validateConfig } from '../../../src/config/validator';
import { NOW, fixture, summarize, textAt } from './helpers';

/** A valid file for `runtime` with `runExtra` lines added under `run:` and `buildExtra` under `build:`. */
function config(runtime: string, runExtra: string[] = [], buildExtra: string[] = []): string {
  return [
    'version: 1.0',
    `runtime: ${runtime}`,
    'build:',
    '  commands:',
    '    build:',
    '      - make',
    ...buildExtra.map((line) => `  ${line}`),
    'run:',
    '  command: ./start',
    ...runExtra.map((line) => `  ${line}`),
    '',
  ].join('\n');
}

function ofRule(text: string, rule: string, now = NOW): ConfigDiagnostic[] {
  return validateConfig(text, { now }).filter((d) => d.rule === rule);
}

describe('rule version', () => {
  const cases: [written: string, expected: 'ok' | 'warning' | 'error'][] = [
    ['1.0', 'ok'],
    ['"1.0"', 'ok'],
    ["'1.0'", 'ok'],
    ['1', 'warning'],
    ['1.00', 'warning'],
    ['1.10', 'error'],
    ['1.1', 'error'],
    ['2.0', 'error'],
    ['"1"', 'error'],
    ['latest', 'error'],
    ['0.9', 'error'],
  ];
  for (const [written, expected] of cases) {
    it(`version: ${written} is ${expected}`, () => {
      const text = config('nodejs22').replace('version: 1.0', `version: ${written}`);
      const found = ofRule(text, 'version');
      if (expected === 'ok') {
        assert.deepEqual(found, []);
      } else {
        assert.deepEqual(
          found.map((d) => [d.severity, textAt(text, d), d.data?.replacement]),
          [[expected, written, '1.0']],
        );
      }
    });
  }

  it('explains that YAML reads 1.10 as 1.1', () => {
    assert.match(
      ofRule(config('nodejs22').replace('version: 1.0', 'version: 1.10'), 'version')[0].message,
      /reads `1\.10` as the number 1\.1/,
    );
  });

  it('leaves a version that is not a scalar to the type check', () => {
    const text = config('nodejs22').replace('version: 1.0', 'version: [1.0]');
    assert.deepEqual(summarize(validateConfig(text, { now: NOW })), [['type', 'error', '1:10-1:15']]);
  });
});

describe('rule runtime-end-of-support', () => {
  it('warns after the date, with the date and a successor', () => {
    const [warning] = ofRule(config('nodejs16'), 'runtime-end-of-support');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /reached end of support on 2025-12-01.*Consider `nodejs22`/);
    assert.match(ofRule(config('php81'), 'runtime-end-of-support')[0].message, /2025-12-31/);
  });

  it('is silent before the date and for runtimes without one', () => {
    assert.deepEqual(ofRule(config('nodejs16'), 'runtime-end-of-support', new Date('2025-11-30T12:00:00Z')), []);
    assert.equal(ofRule(config('nodejs16'), 'runtime-end-of-support', new Date('2025-12-01T00:00:00Z')).length, 1);
    for (const runtime of ['python311', 'nodejs22', 'corretto8', 'corretto11']) {
      assert.deepEqual(ofRule(config(runtime), 'runtime-end-of-support'), [], runtime);
    }
  });
});

describe('rule runtime-version', () => {
  const allowed: [string, string][] = [
    ['nodejs22', '22'],
    ['nodejs22', '22.17.0'],
    ['nodejs22', '"22.14.0"'],
    ['nodejs18', '18'],
    ['nodejs18', '18.20.8'],
    ['nodejs12', '12.22.12'],
    ['python311', '3.11'],
    ['python311', '3.11.7'],
    ['python3', '3.8.20'],
    ['python3', '3.7.16'],
    ['corretto8', '8.312.07.1'],
    ['corretto11', '11.0.13.08.1'],
    ['corretto11', '11'],
    ['dotnet6', '6.0.9'],
    ['php81', '8.1.32'],
    ['ruby31', '3.1.7'],
    ['go1', '1.18.10'],
  ];
  for (const [runtime, version] of allowed) {
    it(`${runtime} with ${version} is accepted`, () => {
      const text = config(runtime, [`runtime-version: ${version}`]);
      assert.deepEqual([...ofRule(text, 'runtime-version'), ...ofRule(text, 'runtime-version-unreleased'), ...ofRule(text, 'pattern')], []);
    });
  }

  const neverHad: [string, string][] = [
    ['nodejs18', '20.1.0'],
    ['nodejs22', '18'],
    ['python3', '3.11'],
    ['python3', '3.9.1'],
    ['python311', '3.12'],
    ['corretto11', '11.1'],
    ['corretto8', '11.0.13'],
    ['dotnet6', '7.0.1'],
    ['go1', '1.21.0'],
    ['ruby31', '3.2.0'],
    ['nodejs22', '-22'],
    ['python311', '3.10'],
  ];
  for (const [runtime, version] of neverHad) {
    it(`${runtime} never had ${version}`, () => {
      const text = config(runtime, [`runtime-version: ${version}`]);
      const found = [...ofRule(text, 'runtime-version'), ...ofRule(text, 'pattern')];
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(textAt(text, found[0]), version);
    });
  }

  it('judges the text as written: 3.10 is not 3.1', () => {
    const [error] = ofRule(config('python311', ['runtime-version: 3.10']), 'runtime-version');
    assert.match(error.message, /`python311` never had version 3\.10: its versions are 3\.11\.x/);
  });

  const unreleased: [string, string][] = [
    ['nodejs22', '22.15.0'],
    ['nodejs22', '22.18'],
    ['dotnet6', '6.0.5'],
    ['python311', '3.11.20'],
    ['go1', '1.18.3'],
  ];
  for (const [runtime, version] of unreleased) {
    it(`${runtime} ${version} is outside the release notes: warning`, () => {
      const [warning] = ofRule(config(runtime, [`runtime-version: ${version}`]), 'runtime-version-unreleased');
      assert.equal(warning?.severity, 'warning');
    });
  }

  it('is skipped for unknown runtimes and left to the schema for non-numeric text', () => {
    assert.deepEqual(ofRule(config('nodejs20', ['runtime-version: 20.11.0']), 'runtime-version'), []);
    assert.equal(ofRule(config('nodejs20', ['runtime-version: 1e3']), 'runtime-version').length, 1, 'a number that is no version');
    const text = config('nodejs22', ['runtime-version: 22.x']);
    assert.deepEqual(ofRule(text, 'runtime-version'), []);
    assert.equal(ofRule(text, 'pattern').length, 1);
  });
});

describe('rule pre-run-original-build', () => {
  for (const runtime of ['python3', 'nodejs12', 'nodejs14', 'nodejs16', 'corretto8', 'corretto11', 'dotnet6', 'php81', 'ruby31', 'go1']) {
    it(`rejects pre-run with ${runtime}`, () => {
      const text = config(runtime, ['pre-run:', '  - echo hi']);
      const found = ofRule(text, 'pre-run-original-build');
      assert.deepEqual(
        found.map((d) => [d.severity, textAt(text, d)]),
        [['error', 'pre-run']],
      );
    });
  }

  for (const runtime of ['python311', 'nodejs18', 'nodejs22']) {
    it(`accepts pre-run with ${runtime}`, () => {
      assert.deepEqual(ofRule(config(runtime, ['pre-run:', '  - echo hi']), 'pre-run-original-build'), []);
    });
  }

  it('names the revised alternative when there is one', () => {
    assert.match(ofRule(config('nodejs16', ['pre-run: [x]']), 'pre-run-original-build')[0].message, /switch to `nodejs22`/);
    assert.match(ofRule(config('go1', ['pre-run: [x]']), 'pre-run-original-build')[0].message, /Remove it\.$/);
  });
});

describe('rule env-redefines-port', () => {
  it('warns about PORT in run.env and run.secrets, not in build.env', () => {
    const text = config(
      'nodejs22',
      ['env:', '  - name: PORT', '    value: "80"', 'secrets:', '  - name: PORT', '    value-from: /x/port'],
      ['env:', '  - name: PORT', '    value: "1"'],
    );
    const found = ofRule(text, 'env-redefines-port');
    assert.deepEqual(
      found.map((d) => [d.severity, d.range.start.line + 1]),
      [
        ['warning', 13],
        ['warning', 16],
      ],
    );
  });

  it('warns about the variable network.env names', () => {
    const text = config('nodejs22', ['network:', '  env: HTTP_PORT', 'env:', '  - name: HTTP_PORT', '    value: "80"']);
    const [warning] = ofRule(text, 'env-redefines-port');
    assert.equal(textAt(text, warning), 'HTTP_PORT');
    assert.equal(warning.range.start.line + 1, 12);
  });
});

describe('rule duplicate-env-name', () => {
  it('keeps build and run environments apart', () => {
    const text = config('nodejs22', ['env:', '  - name: MODE', '    value: a'], ['env:', '  - name: MODE', '    value: b']);
    assert.deepEqual(ofRule(text, 'duplicate-env-name'), []);
  });

  it('finds duplicates within secrets and between secrets and env', () => {
    const text = config('nodejs22', [
      'secrets:',
      '  - name: A',
      '    value-from: /a',
      '  - name: A',
      '    value-from: /b',
      'env:',
      '  - name: B',
      '    value: x',
      '  - name: B',
      '    value: y',
    ]);
    assert.deepEqual(
      ofRule(text, 'duplicate-env-name').map((d) => textAt(text, d)),
      ['A', 'B'],
    );
  });
});

describe('rule secret-value-from', () => {
  const valid = [
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
    'arn:aws:secretsmanager:eu-central-1:123456789012:secret:db-AbCdEf:username::',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password:AWSCURRENT:',
    'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db',
    'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/token',
    'arn:aws:ssm:ap-southeast-2:123456789012:parameter/app/token',
    '/app/prod/token',
    'app-token',
    'app.token_1',
    '/aws/reference/secretsmanager/db-password',
  ];
  for (const valueFrom of valid) {
    it(`accepts ${valueFrom}`, () => {
      assert.deepEqual(ofRule(config('nodejs22', ['secrets:', '  - name: S', `    value-from: ${valueFrom}`]), 'secret-value-from'), []);
    });
  }

  const invalid: [string, RegExp][] = [
    ['arn:aws:s3:::my-bucket/secret.txt', /ARN of the `s3` service/],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db:password', /followed by two colons/],
    ['arn:aws:secretsmanager:useast1:123456789012:secret:db', /`useast1` is not a region/],
    ['arn:aws:ssm:us-east-1:123456789012:secret/db', /must start with `parameter\/`/],
    ['arn:azure:ssm:us-east-1:123456789012:parameter/db', /partition `azure`/],
    ['"my password"', /Is it the secret itself\?/],
    ['"${DB_PASSWORD}"', /neither a Secrets Manager secret ARN/],
  ];
  for (const [valueFrom, message] of invalid) {
    it(`rejects ${valueFrom}`, () => {
      const text = config('nodejs22', ['secrets:', '  - name: S', `    value-from: ${valueFrom}`]);
      const found = ofRule(text, 'secret-value-from');
      assert.equal(found.length, 1);
      assert.match(found[0].message, message);
      assert.equal(textAt(text, found[0]), valueFrom);
    });
  }

  it('rejects an SSM name longer than 2048 characters', () => {
    assert.equal(
      ofRule(config('nodejs22', ['secrets:', '  - name: S', `    value-from: /${'a'.repeat(2048)}`]), 'secret-value-from').length,
      1,
    );
  });
});

describe('rule secret-in-env', () => {
  const flagged: [name: string, value: string][] = [
    ['DB_PASSWORD', 'hunter2'],
    ['STRIPE_API_KEY', 'abc123def'],
    ['SESSION_SECRET', 'keyboard cat'],
    ['GITHUB_TOKEN', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['ACCESS', 'AKIAIOSFODNN7EXAMPLE'],
    ['KEY', '"-----BEGIN RSA PRIVATE KEY-----\\nMIIE..."'],
    ['SLACK', 'xoxb-1234567890-abcdefghij'],
    ['REDIS_URL', 'redis://default:s3cret@cache:6379'],
  ];
  for (const [name, value] of flagged) {
    it(`flags ${name}`, () => {
      const text = config('nodejs22', ['env:', `  - name: ${name}`, `    value: ${value}`]);
      const found = ofRule(text, 'secret-in-env');
      assert.deepEqual(
        found.map((d) => [d.severity, textAt(text, d)]),
        [['warning', value]],
      );
    });
  }

  const notFlagged: [name: string, value: string][] = [
    ['DB_PASSWORD', '""'],
    ['TOKEN_TTL', '3600'],
    ['USE_API_KEY', 'true'],
    ['JWT_SECRET_ARN', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt'],
    ['TOKEN_URL', 'https://auth.example.com/token'],
    ['DATABASE_URL', 'postgres://db.internal:5432/app'],
    ['LOG_LEVEL', 'debug'],
    ['PASSWORD_MIN_LENGTH', '12'],
  ];
  for (const [name, value] of notFlagged) {
    it(`does not flag ${name}: ${value}`, () => {
      assert.deepEqual(ofRule(config('nodejs22', ['env:', `  - name: ${name}`, `    value: ${value}`]), 'secret-in-env'), []);
    });
  }

  it('gives build.env its own advice, since the build has no secret references', () => {
    const [warning] = ofRule(config('nodejs22', [], ['env:', '  - name: NPM_TOKEN', '    value: abc123']), 'secret-in-env');
    assert.match(warning.message, /Build variables have no secret references/);
    const [runWarning] = ofRule(config('nodejs22', ['env:', '  - name: NPM_TOKEN', '    value: abc123']), 'secret-in-env');
    assert.match(runWarning.message, /reference it from `run\.secrets`/);
  });

  it('does not treat secrets references as env values', () => {
    assert.deepEqual(ofRule(fixture('valid/all-keys.yaml'), 'secret-in-env'), []);
  });
});
