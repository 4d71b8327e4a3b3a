// The Dockerfile written from the Node.js sample's apprunner.yaml builds with the real Docker engine
// and the image runs the app as App Runner would: the port variables set, run.env seen, build.env
// used by the build and not kept, and the secret supplied from outside (as the task definition does).
// The machine cannot pull images, so the base image is mapped to the imported local/node:20.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { dockerfileFromApprunnerYaml } from '../../../src/migrate/dockerfile';
import { until } from '../until';

const run = promisify(execFile);
const SAMPLE = path.join(__dirname, '../../../../test/fixtures/sample-apps/node-source');
const TAG = `apprunner-test/node-source:${randomBytes(4).toString('hex')}`;
let container: string | undefined;
let workDir: string | undefined;

after(async () => {
  if (container) await run('docker', ['rm', '-f', container]).catch(() => undefined);
  await run('docker', ['rmi', '-f', TAG]).catch(() => undefined);
  if (workDir) await fs.rm(workDir, { recursive: true, force: true });
});

/** A loopback port nothing listens on now (containers run on the host network here: Docker cannot publish ports). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answer(url: string, timeoutMs: number): Promise<Record<string, unknown>> {
  return until(
    `${url} to answer`,
    async () => (await (await fetch(url, { signal: AbortSignal.timeout(2000) })).json()) as Record<string, unknown>,
    timeoutMs,
    200,
  );
}

test('the Dockerfile written from node-source/apprunner.yaml builds and runs the app', { timeout: 180_000 }, async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'node-source-'));
  await fs.cp(SAMPLE, workDir, { recursive: true });
  const result = dockerfileFromApprunnerYaml(await fs.readFile(path.join(workDir, 'apprunner.yaml'), 'utf8'), {
    baseImage: (image) => {
      assert.equal(image, 'node:22.17.0', 'the product names the runtime version’s official image');
      return 'local/node:20';
    },
  });
  assert.ok(result.ok, result.ok ? '' : result.message);
  await fs.writeFile(path.join(workDir, 'Dockerfile'), result.text);

  await run('docker', ['build', '--network', 'none', '-t', TAG, workDir], { maxBuffer: 16 * 1024 * 1024 });
  const { stdout: inspected } = await run('docker', [
    'image',
    'inspect',
    TAG,
    '--format',
    '{{json .Config.Env}} {{json .Config.ExposedPorts}}',
  ]);
  assert.match(inspected, /"PORT=3000"/);
  assert.match(inspected, /"3000\/tcp"/);
  assert.doesNotMatch(inspected, /DB_PASSWORD|BUILD_LABEL/, 'neither the secret nor build.env is in the image');

  // The image says PORT=3000 (checked above); on the host network the test moves it to a free port.
  const hostPort = await freePort();
  const { stdout: id } = await run('docker', [
    'run',
    '-d',
    '--network',
    'host',
    '-e',
    `PORT=${hostPort}`,
    '-e',
    'DB_PASSWORD=from-the-task-definition',
    TAG,
  ]);
  container = id.trim();
  const body = await answer(`http://127.0.0.1:${hostPort}/`, 30_000);
  assert.deepEqual(body, {
    greeting: 'hello from "node-source"',
    port: String(hostPort),
    appPort: '3000',
    buildLabel: 'node-source $(built)',
    buildLabelAtRun: null,
    secret: 'from-the-task-definition',
  });
});
