// The emulator's command line: one EMULATOR_URL line on stdout, seed loading, clean stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { AppRunnerClient, ListServicesCommand } from '@aws-sdk/client-apprunner';

const CLI = path.resolve(__dirname, '../cli.js');
const DEMO_SEED = path.resolve(__dirname, '../../../../test/emulator/seeds/demo.json');

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return { child, stdout: () => stdout, stderr: () => stderr };
}

async function firstLine(run: Run): Promise<string> {
  while (!run.stdout().includes('\n')) {
    if (run.child.exitCode !== null) {
      assert.fail(`the emulator exited early: ${run.stderr()}`);
    }
    await once(run.child.stdout!, 'data');
  }
  return run.stdout().split('\n')[0];
}

test('prints one EMULATOR_URL line, serves the seed, and stops cleanly on SIGTERM', { timeout: 10_000 }, async () => {
  const run = runCli(['--port', '0', '--seed', DEMO_SEED, '--operation-delay-ms', '50']);
  const line = await firstLine(run);
  const match = /^EMULATOR_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
  assert.ok(match, `unexpected first line: ${line}`);
  const url = match[1];

  const health = await (await fetch(`${url}/_emulator/health`)).json();
  assert.ok(health.services.includes('apprunner'));
  const client = new AppRunnerClient({
    region: 'eu-west-1',
    endpoint: url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  try {
    const listed = await client.send(new ListServicesCommand({}));
    assert.deepEqual(
      listed.ServiceSummaryList!.map((s) => s.ServiceName),
      ['orders-api-eu', 'docs-site', 'reporting-api'],
    );
  } finally {
    client.destroy();
  }
  const config = await (await fetch(`${url}/_emulator/apprunner/config`, { method: 'POST', body: '{}' })).json();
  assert.equal(config.operationDelayMs, 50);

  run.child.kill('SIGTERM');
  const [code] = await once(run.child, 'exit');
  assert.equal(code, 0);
  assert.equal(run.stdout(), `${line}\n`, 'nothing but the URL line on stdout');
});

test('refuses unknown options and unreadable seeds without printing a URL', { timeout: 10_000 }, async () => {
  const badOption = runCli(['--verbose', 'yes']);
  const [badOptionCode] = await once(badOption.child, 'exit');
  assert.equal(badOptionCode, 2);
  assert.match(badOption.stderr(), /unknown option --verbose[\s\S]*usage:/);
  assert.equal(badOption.stdout(), '');

  const badSeed = runCli(['--port', '0', '--seed', path.join(__dirname, 'missing-seed.json')]);
  const [badSeedCode] = await once(badSeed.child, 'exit');
  assert.equal(badSeedCode, 1);
  assert.match(badSeed.stderr(), /ENOENT/);
  assert.equal(badSeed.stdout(), '');
});
