import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import { RUNTIMES } from '../../../src/config/runtimes';
import { BASE_IMAGES, dockerfileFromApprunnerYaml } from '../../../src/migrate/dockerfile';

const FIXTURES = join(__dirname, '../../../../test/fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, 'apprunner-yaml/dockerfile', name), 'utf8');

/** The Dockerfile's instructions as [KEYWORD, arguments], read by a Dockerfile parser nobody here wrote. */
function instructions(text: string): Array<[string, string]> {
  return DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => [i.getKeyword(), i.getArgumentsContent() ?? '']);
}

function written(yaml: string): string {
  const result = dockerfileFromApprunnerYaml(yaml);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.text;
}

test('every App Runner runtime has a base image, and only those', () => {
  assert.deepEqual(Object.keys(BASE_IMAGES).sort(), RUNTIMES.map((r) => r.id).sort());
});

describe('a table of apprunner.yaml files', () => {
  const cases: Array<{ file: string; expected: Array<[string, string]> }> = [
    {
      file: 'python311-all-keys.yaml',
      expected: [
        ['FROM', 'python:3.11.14'],
        ['WORKDIR', '/app'],
        ['ARG', 'PIP_DISABLE_PIP_VERSION_CHECK="1"'],
        ['COPY', '. .'],
        ['RUN', 'python3 --version'],
        ['RUN', 'pip3 install -r requirements.txt'],
        ['RUN', 'python3 -m pytest -q'],
        ['RUN', 'pip3 install -r requirements.txt'],
        ['ENV', 'PORT=8000'],
        ['ENV', 'APP_PORT=8000'],
        ['ENV', 'LOG_LEVEL="info"'],
        ['ENV', 'WORKERS="4"'],
        ['EXPOSE', '8000'],
        ['CMD', '["python3","-m","gunicorn","app:server","--bind","0.0.0.0:8000"]'],
      ],
    },
    {
      file: 'dotnet6-abdulaimusah.yaml',
      expected: [
        ['FROM', 'mcr.microsoft.com/dotnet/sdk:6.0'],
        ['WORKDIR', '/app'],
        ['COPY', '. .'],
        ['RUN', 'scripts/prebuild.sh'],
        ['RUN', 'dotnet publish -c Release -o out'],
        ['RUN', 'scripts/postbuild.sh'],
        ['ENV', 'PORT=5000'],
        ['ENV', 'APP_PORT=5000'],
        ['ENV', 'ASPNETCORE_URLS="http://*:5000;https://*5000"'],
        ['EXPOSE', '5000'],
        ['CMD', '["dotnet","out/BlogApi.dll"]'],
      ],
    },
    {
      file: 'corretto11-jamesgosling.yaml',
      expected: [
        ['FROM', 'maven:3-amazoncorretto-11'],
        ['WORKDIR', '/app'],
        ['COPY', '. .'],
        ['RUN', 'mvn clean  package'],
        ['ENV', 'PORT=8080'],
        ['EXPOSE', '8080'],
        ['CMD', '["java","-Xms256m","-jar","target/HelloWorldJavaApp-1.0-SNAPSHOT.jar","."]'],
      ],
    },
    {
      file: 'nodejs14-ap-hunt.yaml',
      expected: [
        ['FROM', 'node:14'],
        ['WORKDIR', '/app'],
        ['COPY', '. .'],
        ['RUN', 'npm install'],
        ['RUN', 'npm run build'],
        ['ENV', 'PORT=8080'],
        ['ENV', 'DATABASE_URL="postgresql://localhost"'],
        ['EXPOSE', '8080'],
        ['CMD', '["npm","run","start"]'],
      ],
    },
    {
      // run.env sets PORT itself: its value stands, not a second PORT.
      file: 'nodejs18-port-in-env-nnirror.yaml',
      expected: [
        ['FROM', 'node:18'],
        ['WORKDIR', '/app'],
        ['COPY', '. .'],
        ['RUN', 'npm install'],
        ['ENV', 'PORT="8080"'],
        ['EXPOSE', '8080'],
        ['CMD', '["node","collab.js"]'],
      ],
    },
    {
      // A start command with a glob runs through sh -c, as App Runner's shell would run it.
      file: 'python311-allenneuraldynamics.yaml',
      expected: [
        ['FROM', 'python:3.11'],
        ['WORKDIR', '/app'],
        ['COPY', '. .'],
        ['RUN', 'pip3 install .'],
        ['RUN', 'pip3 install .'],
        ['ENV', 'PORT=8080'],
        ['ENV', 'API_GATEWAY_HOST="api.allenneuraldynamics-test.org"'],
        ['ENV', 'DATABASE="metadata_index"'],
        ['ENV', 'COLLECTION="data_assets"'],
        ['EXPOSE', '8080'],
        ['CMD', '["sh","-c","panel serve src/aind_metadata_viz/app.py --port 8080 --allow-websocket-origin=* --keep-alive 10000"]'],
      ],
    },
  ];
  for (const c of cases) {
    test(c.file, () => assert.deepEqual(instructions(written(fixture(c.file))), c.expected));
  }

  const refused: Array<{ file: string; says: RegExp }> = [
    { file: 'invalid-commands-list-094459.yaml', says: /build\.commands must be a mapping with pre-build, build and post-build lists/ },
    {
      file: 'invalid-runtime-docker-leonidshamis.yaml',
      says: /runtime "docker" is not an App Runner runtime.*Use one of python3, python311, nodejs12/,
    },
    // `- echo "Node version: $(node --version)"` is a mapping to YAML (and to App Runner).
    { file: 'nodejs18-guzmanygomez.yaml', says: /build\.commands\.build\[2\] is a mapping, not a command: .*Put the command in quotes/ },
  ];
  for (const r of refused) {
    test(`${r.file} is refused with what to fix`, () => {
      const result = dockerfileFromApprunnerYaml(fixture(r.file));
      assert.ok(!result.ok);
      assert.match(result.message, r.says);
    });
  }
});

describe('secrets, versions and text that could change the Dockerfile', () => {
  test('secrets are named in a comment and never become an instruction', () => {
    const text = written(fixture('python311-all-keys.yaml'));
    assert.match(text, /# Secrets are not part of the image: ECS Express injects them from the task definition/);
    assert.match(text, /^# {3}DB_PASSWORD from arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-AbCdEf:password::$/m);
    assert.ok(!instructions(text).some(([, args]) => /DB_PASSWORD|API_TOKEN|FEATURE_FLAGS/.test(args)));
  });

  test('a runtime-version of the runtime names the image tag; another one falls back to the runtime default, with a note', () => {
    const yaml = (version: string) =>
      `version: 1.0\nruntime: nodejs22\nbuild:\n  commands:\n    build:\n      - node -v\nrun:\n  runtime-version: ${version}\n  command: node app.js\n`;
    assert.equal(instructions(written(yaml('22.16.0')))[0][1], 'node:22.16.0');
    const other = written(yaml('20.11.0'));
    assert.equal(instructions(other)[0][1], 'node:22');
    assert.match(other, /# runtime-version 20\.11\.0 names no tag of this image/);
  });

  test('the base image can be mapped (tests build on a local image); the product names the official one', () => {
    const yaml = fixture('nodejs14-ap-hunt.yaml');
    const mapped = dockerfileFromApprunnerYaml(yaml, { baseImage: () => 'local/node:20' });
    assert.ok(mapped.ok);
    assert.equal(mapped.baseImage, 'local/node:20');
    assert.equal(instructions(mapped.text)[0][1], 'local/node:20');
  });

  test('line breaks, heredocs, trailing backslashes and quotes in file content cannot add instructions', () => {
    const yaml = [
      'version: 1.0',
      'runtime: python311',
      'build:',
      '  commands:',
      '    build:',
      '      - "echo one\\nUSER root"',
      '      - "cat <<EOF"',
      '      - "echo continued \\\\"',
      '      - "[ -f x ] || true"',
      '  env:',
      '    - name: LABEL',
      '      value: "a\\" \\\\ $HOME"',
      'run:',
      '  command: "python3 app.py\\nUSER root"',
      '  env:',
      '    - name: MULTI',
      '      value: "x\\nUSER root"',
      '    - name: "bad name"',
      '      value: y',
      '  secrets:',
      '    - name: S',
      '      value-from: "arn:x\\nUSER root"',
    ].join('\n');
    const text = written(yaml);
    const found = instructions(text);
    assert.ok(!found.some(([keyword]) => keyword === 'USER'), text);
    assert.deepEqual(
      found.filter(([k]) => k === 'RUN').map(([, a]) => a),
      [
        '["/bin/sh","-c","echo one\\nUSER root"]',
        '["/bin/sh","-c","cat \\u003c\\u003cEOF"]',
        '["/bin/sh","-c","echo continued \\\\"]',
        '["/bin/sh","-c","[ -f x ] || true"]',
      ],
    );
    assert.ok(
      found.some(([k, a]) => k === 'ARG' && a === 'LABEL="a\\" \\\\ \\$HOME"'),
      text,
    );
    assert.match(text, /# run\.env MULTI has a line break, which a Dockerfile cannot hold: set it in the task definition\./);
    assert.match(text, /# run\.env bad name is not a variable name a Dockerfile accepts/);
    assert.deepEqual(found.at(-1), ['CMD', '["sh","-c","python3 app.py\\nUSER root"]']);
  });

  test('what is missing or wrong is said so that it can be fixed', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /holds no settings/],
      ['runtime: [', /not valid YAML/],
      ['version: 1.0\nruntime: nodejs22\nbuild:\n  commands:\n    build: [node -v]\n', /run is missing/],
      ['version: 1.0\nruntime: nodejs22\nrun:\n  network:\n    port: 3000\n', /run\.command is missing/],
      [
        'version: 1.0\nruntime: nodejs22\nrun:\n  command: node a.js\n  network:\n    port: http\n',
        /run\.network\.port "http" is not a port/,
      ],
    ];
    for (const [yaml, says] of cases) {
      const result = dockerfileFromApprunnerYaml(yaml);
      assert.ok(!result.ok, yaml);
      assert.match(result.message, says);
    }
  });
});
