import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { BuildFailedError, DockerCli, DockerUnavailableError } from '../../../src/deploy/docker';
import { CancelledError } from '../../../src/deploy/processes';

// A stand-in for the docker CLI: records each call (argv, stdin, the config it sees) as a JSON
// line and answers like docker does.
const FAKE_DOCKER = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const args = process.argv.slice(2);
const cmd = args[0];
const record = (extra) => fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ args, dockerConfig: process.env.DOCKER_CONFIG, ...extra }) + '\\n');
const hang = () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  record({ grandchild: child.pid });
  setInterval(() => {}, 1000);
};
let stdin = '';
process.stdin.on('data', (d) => (stdin += d));
process.stdin.on('end', () => {
  if (cmd === 'version') {
    if (process.env.FAKE_MODE === 'daemon-down') {
      console.error('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
      process.exit(1);
    }
    console.log('Client: Docker Engine - Community\\n Version: 28.0.0\\nServer: Docker Engine\\n Version: 20.10.24');
    return;
  }
  if (cmd === 'buildx') {
    // BuildKit's CLI plugin, present only in the 'buildx' mode (like an engine without it otherwise).
    if (process.env.FAKE_MODE !== 'buildx') {
      console.error("docker: unknown command: docker buildx");
      process.exit(1);
    }
    console.log('github.com/docker/buildx v0.24.0');
    return;
  }
  if (cmd === 'build') {
    record({});
    console.log('Step 1/2 : FROM local/node:20');
    if (process.env.FAKE_MODE === 'hang-build') return hang();
    console.log('Step 2/2 : RUN exit 3');
    if (process.env.FAKE_MODE === 'fail-build') {
      // Like the legacy builder: colour codes around the RUN output and before the error.
      console.error("\\x1b[91moutput of the step\\n\\x1b[0mThe command '/bin/sh -c exit 3' returned a non-zero code: 3");
      process.exit(1);
    }
    fs.writeFileSync(args[args.indexOf('--iidfile') + 1], 'sha256:fakeimage');
    return;
  }
  if (cmd === 'login') {
    const config = path.join(process.env.DOCKER_CONFIG, 'config.json');
    const before = JSON.parse(fs.readFileSync(config, 'utf8'));
    record({ stdin, before });
    before.auths[args[args.length - 1]] = { auth: Buffer.from('AWS:' + stdin).toString('base64') };
    fs.writeFileSync(config, JSON.stringify(before));
    console.log('Login Succeeded');
    return;
  }
  if (cmd === 'push') {
    record({ config: fs.readFileSync(path.join(process.env.DOCKER_CONFIG, 'config.json'), 'utf8') });
    console.log('aaaaaaaaaaaa: Preparing');
    if (process.env.FAKE_MODE === 'hang-push') return hang();
    console.log('aaaaaaaaaaaa: Pushed');
    console.log('t: digest: sha256:' + 'b'.repeat(64) + ' size: 528');
    return;
  }
  record({});
});
`;

async function setup(mode = '') {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-docker-'));
  const bin = path.join(dir, 'docker');
  await fs.writeFile(bin, FAKE_DOCKER, { mode: 0o755 });
  // The user's own Docker config: a credential store and a context that must not leak or be lost.
  const userConfig = path.join(dir, 'user-docker');
  await fs.mkdir(path.join(userConfig, 'contexts', 'meta'), { recursive: true });
  const userConfigText = JSON.stringify({
    credsStore: 'osxkeychain',
    auths: { 'other.example': { auth: 'dXNlcjpwYXNz' } },
    currentContext: 'remote',
  });
  await fs.writeFile(path.join(userConfig, 'config.json'), userConfigText);
  const log = path.join(dir, 'calls.jsonl');
  const lines: string[] = [];
  const docker = new DockerCli({
    command: bin,
    env: { ...process.env, FAKE_LOG: log, FAKE_MODE: mode, DOCKER_CONFIG: userConfig },
    onOutput: (l) => lines.push(l),
  });
  const calls = async () =>
    (await fs.readFile(log, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { dir, docker, calls, lines, userConfig, userConfigText, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Running (a zombie waiting for its reaper has ended already). */
async function alive(pid: number): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
}

test('login and push: the password only goes through stdin, into a temporary config that is removed', async () => {
  const s = await setup();
  try {
    await s.docker.probe();
    const session = await s.docker.login('127.0.0.1:5055', 'AWS', 'p4ssw0rd-secret');
    const digest = await s.docker.push('127.0.0.1:5055/app:t', session);
    await session.dispose();
    assert.equal(digest, `sha256:${'b'.repeat(64)}`);
    const [login, push] = await s.calls();
    for (const call of [login, push]) {
      assert.equal(
        call.args.some((a: string) => a.includes('p4ssw0rd-secret')),
        false,
        call.args.join(' '),
      );
      assert.equal(call.dockerConfig, session.configDir);
      assert.notEqual(call.dockerConfig, s.userConfig);
    }
    assert.deepEqual(login.args, ['login', '--username', 'AWS', '--password-stdin', '127.0.0.1:5055']);
    assert.equal(login.stdin, 'p4ssw0rd-secret');
    // Only the context is carried over: no credential store, no other registry's login.
    assert.deepEqual(login.before, { auths: { '127.0.0.1:5055': {} }, currentContext: 'remote' });
    assert.match(push.config, /127\.0\.0\.1:5055/);
    await assert.rejects(fs.stat(session.configDir), /ENOENT/);
    assert.equal(await fs.readFile(path.join(s.userConfig, 'config.json'), 'utf8'), s.userConfigText);
  } finally {
    await s.cleanup();
  }
});

test('build: steps are reported and the failing Dockerfile line is named', async () => {
  const s = await setup('fail-build');
  try {
    const steps: string[] = [];
    await assert.rejects(
      s.docker.build(
        {
          context: s.dir,
          dockerfile: 'Dockerfile',
          tag: 'x:1',
          platform: 'linux/amd64',
          onStep: (st) => steps.push(`${st.index}/${st.total}`),
        },
        'FROM local/node:20\n\nRUN exit 3\n',
      ),
      (e: unknown) =>
        e instanceof BuildFailedError && e.failure.line === 3 && /Dockerfile line 3 \(RUN exit 3\): The command/.test(e.message),
    );
    assert.deepEqual(steps, ['1/2', '2/2']);
    const [build] = await s.calls();
    assert.deepEqual(build.args.slice(0, 7), ['build', '--platform', 'linux/amd64', '-f', 'Dockerfile', '-t', 'x:1']);
  } finally {
    await s.cleanup();
  }
});

test('a successful build returns the image id', async () => {
  const s = await setup();
  try {
    assert.equal(
      await s.docker.build({ context: s.dir, dockerfile: 'Dockerfile', tag: 'x:1', platform: 'linux/amd64' }, 'FROM x'),
      'sha256:fakeimage',
    );
  } finally {
    await s.cleanup();
  }
});

for (const mode of ['hang-build', 'hang-push'] as const) {
  test(`cancel (${mode}): the child and everything it started are gone when the call returns`, async () => {
    const s = await setup(mode);
    try {
      const controller = new AbortController();
      const pids: number[] = [];
      const docker = new DockerCli({
        command: path.join(s.dir, 'docker'),
        env: { ...process.env, FAKE_LOG: path.join(s.dir, 'calls.jsonl'), FAKE_MODE: mode },
        onProcess: (p) => pids.push(p.pid),
      });
      let work: Promise<unknown>;
      if (mode === 'hang-build') {
        work = docker.build(
          { context: s.dir, dockerfile: 'Dockerfile', tag: 'x:1', platform: 'linux/amd64', signal: controller.signal },
          'FROM x',
        );
      } else {
        const session = await docker.login('127.0.0.1:5055', 'AWS', 'pw');
        work = docker.push('127.0.0.1:5055/app:t', session, undefined, controller.signal).finally(() => session.dispose());
      }
      let grandchild: number | undefined;
      for (let i = 0; i < 100 && grandchild === undefined; i++) {
        await new Promise((r) => setTimeout(r, 50));
        grandchild = (await s.calls()).find((c) => c.grandchild)?.grandchild;
      }
      assert.ok(grandchild, 'the fake docker started its own child');
      controller.abort();
      await assert.rejects(work, (e: unknown) => e instanceof CancelledError);
      assert.equal(await alive(pids[pids.length - 1]), false, 'docker itself is gone');
      assert.equal(await alive(grandchild), false, 'its child is gone');
    } finally {
      await s.cleanup();
    }
  });
}

test('Docker missing or its engine down: one clear message each', async () => {
  const missing = new DockerCli({ command: '/nonexistent/docker', env: process.env });
  await assert.rejects(
    missing.probe(),
    (e: unknown) => e instanceof DockerUnavailableError && e.problem === 'not-installed' && /apprunner\.docker\.path/.test(e.message),
  );
  const s = await setup('daemon-down');
  try {
    await assert.rejects(
      s.docker.probe(),
      (e: unknown) => e instanceof DockerUnavailableError && e.problem === 'daemon-down' && /not running.*Start Docker/.test(e.message),
    );
  } finally {
    await s.cleanup();
  }
});

test('build: linux/amd64, and --provenance=false when docker build is BuildKit (no attestation index on push)', async () => {
  for (const [mode, provenance] of [
    ['', false],
    ['buildx', true],
  ] as const) {
    const s = await setup(mode);
    try {
      await s.docker.probe();
      await s.docker.build({ context: s.dir, dockerfile: 'Dockerfile', tag: 'x:1', platform: 'linux/amd64' }, 'FROM scratch\n');
      const [build] = (await s.calls()).filter((c: { args: string[] }) => c.args[0] === 'build');
      assert.deepEqual(build.args.slice(0, 3), ['build', '--platform', 'linux/amd64']);
      assert.equal(build.args.includes('--provenance=false'), provenance, build.args.join(' '));
    } finally {
      await s.cleanup();
    }
  }
});
