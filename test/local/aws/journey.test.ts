// `npm run test:aws` cannot reach a real account here: its refusal without credentials runs as
// the maintainer would run it (a process with an empty AWS configuration), and its read-only
// journey runs against the emulator through the SDK's own endpoint variable, so that the code a
// maintainer runs against AWS is not untested.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { main } from '../../aws/journey';
import { startDefaultEmulator, type DefaultEmulator } from '../../emulator/index';

const JOURNEY = path.join(__dirname, '..', '..', 'aws', 'journey.js');
let dir = '';
let emulator: DefaultEmulator;
const savedEnv = { ...process.env };

/** The environment without any AWS credentials or configuration of the machine. */
function bareEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('APPRUNNER_')) env[k] = v;
  fs.writeFileSync(path.join(dir, 'config'), '');
  fs.writeFileSync(path.join(dir, 'credentials'), '');
  return {
    ...env,
    AWS_CONFIG_FILE: path.join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-aws-'));
  emulator = await startDefaultEmulator();
});

after(async () => {
  process.env = savedEnv;
  await emulator.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('without credentials it refuses before any call, and says what it needs', () => {
  const run = spawnSync(process.execPath, [JOURNEY], { env: bareEnv(), encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 2, run.stdout + run.stderr);
  assert.match(run.stdout, /test:aws needs AWS credentials and found none/);
  assert.match(run.stdout, /Set AWS_PROFILE/);
});

test('an unknown argument is refused', () => {
  const run = spawnSync(process.execPath, [JOURNEY, '--delete-everything'], { env: bareEnv(), encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 2);
  assert.match(run.stdout, /unknown argument --delete-everything/);
});

test('the read-only journey passes against the emulator through AWS_ENDPOINT_URL: list, describe, operations, logs, metrics, 10 s of Live Tail', async () => {
  const control = async (route: string, body: unknown) => {
    const res = await fetch(`${emulator.url}/_emulator/${route}`, { method: 'POST', body: JSON.stringify(body) });
    const text = await res.text();
    assert.ok(res.ok, `${route}: ${text}`);
    return JSON.parse(text);
  };
  await control('seed', {
    apprunner: {
      services: [
        { region: 'eu-west-1', name: 'journey', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/journey:1', createdAt: '-1d' },
      ],
    },
  });
  process.env = {
    ...bareEnv(),
    AWS_ENDPOINT_URL: emulator.url,
    AWS_ACCESS_KEY_ID: 'AKID123456789012',
    AWS_SECRET_ACCESS_KEY: 'test',
    APPRUNNER_TEST_REGIONS: 'us-east-1,eu-west-1',
  };
  // The service's log group, found through DescribeLogGroups by its ARN's name and id.
  const list = await fetch(`${emulator.url}/`, {
    method: 'POST',
    headers: {
      'x-amz-target': 'AppRunner.ListServices',
      'content-type': 'application/x-amz-json-1.0',
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID123456789012/20260101/eu-west-1/apprunner/aws4_request',
    },
    body: '{}',
  });
  const arn: string = (await list.json()).ServiceSummaryList[0].ServiceArn;
  const [, name, id] = /service\/([^/]+)\/([^/]+)$/.exec(arn) ?? [];
  await control('logs/put', {
    region: 'eu-west-1',
    logGroupName: `/aws/apprunner/${name}/${id}/application`,
    logStreamName: 'instance/0123456789abcdef0123456789abcdef',
    events: [{ message: 'hello from the journey' }],
  });
  const lines: string[] = [];
  const code = await main([], (line) => lines.push(line));
  assert.equal(code, 0, lines.join('\n'));
  const text = lines.join('\n');
  for (const step of [
    /ok {3}apprunner:ListServices us-east-1: 0 service/,
    /ok {3}apprunner:ListServices eu-west-1: 1 service/,
    /ok {3}apprunner:DescribeService journey: RUNNING/,
    /ok {3}apprunner:ListOperations/,
    /ok {3}logs:FilterLogEvents .*application: 1 event/,
    /ok {3}cloudwatch:GetMetricData: \d+ series/,
    /ok {3}logs:StartLiveTail: \d+ message/,
    /test:aws: passed/,
  ]) {
    assert.match(text, step);
  }
});
