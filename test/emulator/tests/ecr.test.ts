// The ECR emulator, driven by the real @aws-sdk/client-ecr over loopback HTTP, and the Docker
// deployer. The "with Docker" suites need the engine and registry of scripts/docker-up.sh (the
// test script runs it first); without them they fail with a message saying so.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BatchGetImageCommand,
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  ListImagesCommand,
  paginateDescribeRepositories,
} from '@aws-sdk/client-ecr';
import { createEcrModule, RegistryAccess } from '../ecr';
import { DockerDeployer, dockerUsable, readRegistryEnv } from '../dockerDeployer';
import { Emulator, startEmulator } from '../server';
import type { DeploymentRequest } from '../types';

const ACCOUNT = '123456789012';
const SAMPLE_APPS = path.resolve(__dirname, '../../../../test/fixtures/sample-apps');
/** For the API-only suite: nothing listens there, and nothing there is called. */
const UNUSED_REGISTRY: RegistryAccess = { url: '127.0.0.1:9', password: 'not-a-real-password' };

function clientFor(emulator: Emulator, region = 'us-east-1', accessKeyId = 'test'): ECRClient {
  return new ECRClient({ region, endpoint: emulator.url, credentials: { accessKeyId, secretAccessKey: 'test' }, maxAttempts: 1 });
}

async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, name, `expected ${name}, got ${e.name}: ${e.message}`);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('ECR emulator: repositories and tokens', () => {
  let emulator: Emulator;
  let east: ECRClient;

  before(async () => {
    emulator = await startEmulator({ modules: [createEcrModule({ registry: UNUSED_REGISTRY })] });
    east = clientFor(emulator);
  });
  after(async () => {
    east.destroy();
    await emulator.close();
  });
  beforeEach(async () => {
    assert.equal((await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' })).status, 200);
  });

  test('GetAuthorizationToken answers the registry password as AWS:<password>, valid 12 hours, for the local registry', async () => {
    const before = Date.now();
    const out = await east.send(new GetAuthorizationTokenCommand({}));
    const after = Date.now();
    const [data] = out.authorizationData!;
    assert.equal(Buffer.from(data.authorizationToken!, 'base64').toString('utf8'), `AWS:${UNUSED_REGISTRY.password}`);
    assert.equal(data.proxyEndpoint, `http://${UNUSED_REGISTRY.url}`);
    const expiresAt = data.expiresAt!.getTime();
    assert.ok(before + 12 * 3600_000 <= expiresAt && expiresAt <= after + 12 * 3600_000, `expires at ${data.expiresAt!.toISOString()}`);
    await rejectsWith(east.send(new GetAuthorizationTokenCommand({ registryIds: ['12345'] })), 'InvalidParameterException');
  });

  test('CreateRepository answers the repository with a URI on the local registry; a second one with the name fails', async () => {
    const before = Date.now();
    const out = await east.send(new CreateRepositoryCommand({ repositoryName: 'team/orders-api' }));
    const after = Date.now();
    const repository = out.repository!;
    assert.equal(repository.repositoryName, 'team/orders-api');
    assert.equal(repository.repositoryUri, `${UNUSED_REGISTRY.url}/team/orders-api`);
    assert.equal(repository.repositoryArn, `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/team/orders-api`);
    assert.equal(repository.registryId, ACCOUNT);
    assert.equal(repository.imageTagMutability, 'MUTABLE');
    assert.deepEqual(repository.encryptionConfiguration, { encryptionType: 'AES256' });
    assert.ok(repository.createdAt instanceof Date, 'createdAt is a date');
    assert.ok(before <= repository.createdAt.getTime() && repository.createdAt.getTime() <= after, 'createdAt is the moment of the call');
    await rejectsWith(
      east.send(new CreateRepositoryCommand({ repositoryName: 'team/orders-api' })),
      'RepositoryAlreadyExistsException',
      /team\/orders-api.*already exists.*123456789012/,
    );
  });

  test("CreateRepository rejects names outside ECR's pattern and bad enum values", async () => {
    for (const name of ['Orders', 'a', 'orders_', '-orders', 'orders//api', 'orders api']) {
      await rejectsWith(east.send(new CreateRepositoryCommand({ repositoryName: name })), 'InvalidParameterException', /repositoryName/);
    }
    await rejectsWith(
      east.send(new CreateRepositoryCommand({ repositoryName: 'orders', imageTagMutability: 'SOMETIMES' as never })),
      'InvalidParameterException',
      /imageTagMutability/,
    );
    await rejectsWith(
      east.send(new CreateRepositoryCommand({ repositoryName: 'orders', tags: [{ Key: '', Value: 'x' }] })),
      'InvalidTagParameterException',
    );
  });

  test('DescribeRepositories by name, with RepositoryNotFoundException for a missing one', async () => {
    await east.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
    await east.send(new CreateRepositoryCommand({ repositoryName: 'worker' }));
    const out = await east.send(new DescribeRepositoriesCommand({ repositoryNames: ['worker', 'web'] }));
    assert.deepEqual(
      out.repositories!.map((r) => r.repositoryName),
      ['worker', 'web'],
    );
    await rejectsWith(
      east.send(new DescribeRepositoriesCommand({ repositoryNames: ['web', 'nope'] })),
      'RepositoryNotFoundException',
      /'nope' does not exist in the registry with id '123456789012'/,
    );
    await rejectsWith(east.send(new DescribeRepositoriesCommand({ repositoryNames: ['web'], maxResults: 5 })), 'InvalidParameterException');
  });

  test('DescribeRepositories pages in creation order; repositories belong to one account and region', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `repo-${i}`);
    for (const name of names) await east.send(new CreateRepositoryCommand({ repositoryName: name }));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeRepositories({ client: east, pageSize: 3 }, {})) {
      pages++;
      seen.push(...page.repositories!.map((r) => r.repositoryName!));
    }
    assert.deepEqual(seen, names);
    assert.equal(pages, 3);
    await rejectsWith(east.send(new DescribeRepositoriesCommand({ nextToken: 'garbage' })), 'InvalidParameterException');

    const west = clientFor(emulator, 'eu-west-1');
    const otherAccount = clientFor(emulator, 'us-east-1', 'AKID210987654321');
    try {
      assert.deepEqual((await west.send(new DescribeRepositoriesCommand({}))).repositories, []);
      assert.deepEqual((await otherAccount.send(new DescribeRepositoriesCommand({}))).repositories, []);
      const created = await otherAccount.send(new CreateRepositoryCommand({ repositoryName: 'repo-0' }));
      assert.equal(created.repository!.registryId, '210987654321');
    } finally {
      west.destroy();
      otherAccount.destroy();
    }
  });

  test('image operations on a repository that was never created answer RepositoryNotFoundException', async () => {
    await rejectsWith(east.send(new DescribeImagesCommand({ repositoryName: 'ghost' })), 'RepositoryNotFoundException');
    await rejectsWith(east.send(new ListImagesCommand({ repositoryName: 'ghost' })), 'RepositoryNotFoundException');
  });

  test('seeded repositories are listed', async () => {
    const seeded = await fetch(`${emulator.url}/_emulator/seed`, {
      method: 'POST',
      body: JSON.stringify({ ecr: { repositories: [{ repositoryName: 'seeded-app', region: 'us-east-1' }] } }),
    });
    assert.equal(seeded.status, 200);
    const out = await east.send(new DescribeRepositoriesCommand({}));
    assert.deepEqual(
      out.repositories!.map((r) => r.repositoryUri),
      [`${UNUSED_REGISTRY.url}/seeded-app`],
    );
  });
});

// ---- with Docker and the local registry -------------------------------------------------------

interface CommandOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

function command(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

async function docker(args: string[], env: NodeJS.ProcessEnv = process.env, input?: string): Promise<string> {
  const out = await command('docker', args, { env, input });
  assert.equal(out.code, 0, `docker ${args.join(' ')} failed:\n${out.stdout}\n${out.stderr}`);
  return out.stdout;
}

/** The registry of scripts/docker-up.sh; fails (never skips) when it or the engine is missing. */
async function requireDocker(): Promise<RegistryAccess> {
  const registry = await readRegistryEnv();
  assert.ok(registry, 'no registry.env in the state dir: run scripts/docker-up.sh first');
  assert.ok(await dockerUsable(), 'the Docker engine does not answer: run scripts/docker-up.sh first');
  return registry;
}

/** Unique per run: the registry is shared by every emulator and test run on the machine. */
function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

describe('ECR emulator with Docker: login, build, push, DescribeImages', { timeout: 120_000 }, () => {
  let registry: RegistryAccess;
  let emulator: Emulator;
  let ecr: ECRClient;
  let dockerConfig: string;
  let dockerEnv: NodeJS.ProcessEnv;
  let repositoryUri: string;
  let repositoryName: string;
  let pushedDigest: string;

  before(async () => {
    registry = await requireDocker();
    emulator = await startEmulator({ modules: [createEcrModule({ registry })] });
    ecr = clientFor(emulator);
    dockerConfig = await fs.mkdtemp(path.join(os.tmpdir(), 'ecr-test-docker-'));
    // Legacy builder: works with this machine's engine whether or not buildx is installed.
    dockerEnv = { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: '0' };
    repositoryName = uniqueName('ecr-test-hello');
  });
  after(async () => {
    if (repositoryUri) await command('docker', ['rmi', '-f', `${repositoryUri}:v1`, `${repositoryUri}:latest`]);
    ecr?.destroy();
    await emulator?.close();
    if (dockerConfig) await fs.rm(dockerConfig, { recursive: true, force: true });
  });

  test('docker login with the GetAuthorizationToken password (on stdin) into a private Docker config', async () => {
    const [data] = (await ecr.send(new GetAuthorizationTokenCommand({}))).authorizationData!;
    const [user, password] = Buffer.from(data.authorizationToken!, 'base64').toString('utf8').split(':');
    assert.equal(user, 'AWS');
    const login = await command('docker', ['login', '--username', user, '--password-stdin', data.proxyEndpoint!], {
      env: dockerEnv,
      input: password,
    });
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Login Succeeded/);
    const wrong = await command('docker', ['login', '--username', 'AWS', '--password-stdin', registry.url], {
      env: { ...dockerEnv, DOCKER_CONFIG: path.join(dockerConfig, 'wrong') },
      input: 'wrong-password',
    });
    assert.notEqual(wrong.code, 0, 'the registry must refuse a wrong password');
  });

  test('a new repository has no images; after build and push DescribeImages shows the tag, digest and size', async () => {
    repositoryUri = (await ecr.send(new CreateRepositoryCommand({ repositoryName }))).repository!.repositoryUri!;
    assert.equal(repositoryUri, `${registry.url}/${repositoryName}`);
    assert.deepEqual((await ecr.send(new DescribeImagesCommand({ repositoryName }))).imageDetails, []);

    const started = Date.now();
    await docker(['build', '--quiet', '-t', `${repositoryUri}:v1`, path.join(SAMPLE_APPS, 'hello')], dockerEnv);
    const push = await docker(['push', `${repositoryUri}:v1`], dockerEnv);
    const buildAndPushMs = Date.now() - started;
    pushedDigest = /digest: (sha256:[0-9a-f]{64})/.exec(push)![1];
    console.log(`build + push of the hello sample: ${buildAndPushMs} ms`);

    const detail = (await ecr.send(new DescribeImagesCommand({ repositoryName }))).imageDetails!;
    assert.equal(detail.length, 1);
    assert.deepEqual(detail[0].imageTags, ['v1']);
    assert.equal(detail[0].imageDigest, pushedDigest);
    assert.equal(detail[0].registryId, ACCOUNT);
    assert.equal(detail[0].imageManifestMediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.ok(detail[0].imageSizeInBytes! > 1_000_000, `size ${detail[0].imageSizeInBytes}`);
    const pushedAt = detail[0].imagePushedAt!.getTime();
    assert.ok(pushedAt >= started - 1000 && pushedAt <= Date.now() + 1000);
  });

  test('a second tag on the same image is one image with two tags; imageIds filter; ImageNotFoundException', async () => {
    await docker(['tag', `${repositoryUri}:v1`, `${repositoryUri}:latest`], dockerEnv);
    await docker(['push', `${repositoryUri}:latest`], dockerEnv);
    const [image] = (await ecr.send(new DescribeImagesCommand({ repositoryName }))).imageDetails!;
    assert.deepEqual(image.imageTags, ['latest', 'v1']);
    const first = (await ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageDigest: pushedDigest }] }))).imageDetails!;
    assert.equal(first[0].imagePushedAt!.getTime(), image.imagePushedAt!.getTime(), 'imagePushedAt is the first sight and stays');
    await rejectsWith(
      ecr.send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }, { imageTag: 'v9' }] })),
      'ImageNotFoundException',
      /imageTag:'v9'.*does not exist within the repository/,
    );

    const listed = await ecr.send(new ListImagesCommand({ repositoryName }));
    assert.deepEqual(listed.imageIds, [
      { imageDigest: pushedDigest, imageTag: 'latest' },
      { imageDigest: pushedDigest, imageTag: 'v1' },
    ]);
    const batch = await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds: [{ imageTag: 'v1' }, { imageTag: 'v9' }] }));
    assert.equal(batch.images!.length, 1);
    assert.equal(batch.images![0].imageId!.imageDigest, pushedDigest);
    assert.equal(JSON.parse(batch.images![0].imageManifest!).schemaVersion, 2);
    assert.deepEqual(
      batch.failures!.map((f) => [f.imageId!.imageTag, f.failureCode]),
      [['v9', 'ImageNotFound']],
    );
  });
});

/** The base image the arm64 sample builds on (test/fixtures/sample-apps/README.md). */
const ARM64_BASE = 'apprunner-test/arm64-base:1';

describe('Docker deployer', { timeout: 120_000 }, () => {
  let registry: RegistryAccess;
  let deployer: DockerDeployer;
  let dockerEnv: NodeJS.ProcessEnv;
  let dockerConfig: string;
  const pushed: string[] = [];
  const serviceId = randomBytes(16).toString('hex');
  /** The containers' output, which App Runner writes to the application log group. */
  const appOutput: string[] = [];

  /** Builds a sample app and pushes it to the local registry under a unique name. */
  async function pushSample(app: string): Promise<{ repositoryName: string; uri: string }> {
    const repositoryName = uniqueName(`deployer-${app}`);
    const uri = `${registry.url}/${repositoryName}:v1`;
    await docker(['build', '--quiet', '-t', uri, path.join(SAMPLE_APPS, app)], dockerEnv);
    await docker(['push', uri], dockerEnv);
    pushed.push(uri);
    return { repositoryName, uri };
  }

  function request(imageIdentifier: string, operationId: string): DeploymentRequest {
    return {
      account: ACCOUNT,
      region: 'us-east-1',
      serviceName: 'deployer-test',
      serviceId,
      operationId,
      imageIdentifier,
      port: '8080',
      env: { GREETING: 'hi' },
      healthCheck: { protocol: 'TCP', path: '/' },
    };
  }

  async function containersOfService(): Promise<string[]> {
    const out = await docker(['ps', '-aq', '--filter', `label=apprunner-emulator.service=${ACCOUNT}/us-east-1/${serviceId}`]);
    return out.split('\n').filter(Boolean);
  }

  before(async () => {
    registry = await requireDocker();
    dockerConfig = await fs.mkdtemp(path.join(os.tmpdir(), 'deployer-test-docker-'));
    dockerEnv = { ...process.env, DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: '0' };
    await docker(['login', '--username', 'AWS', '--password-stdin', registry.url], dockerEnv, registry.password);
    // Short thresholds keep the failing deployment to about 2 s.
    deployer = new DockerDeployer({
      registry,
      healthCheck: { intervalMs: 250, timeoutMs: 1000, unhealthyThreshold: 8, maxWaitMs: 10_000 },
      onApplicationOutput: (_instance, line) => appOutput.push(line),
    });
  });
  after(async () => {
    await deployer?.stopAll();
    if (pushed.length > 0) await command('docker', ['rmi', '-f', ...pushed]);
    if (dockerConfig) await fs.rm(dockerConfig, { recursive: true, force: true });
  });

  test('deploys hello (ECR-shaped URI), which answers "hello v1"; a failing no-listen deployment rolls back; stop removes it', async () => {
    const hello = await pushSample('hello');
    const helloLog: string[] = [];
    const ecrShaped = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${hello.repositoryName}:v1`;
    const started = Date.now();
    const first = await deployer.deploy(request(ecrShaped, randomBytes(8).toString('hex')), (line) => helloLog.push(line));
    console.log(`deploy of hello: ${Date.now() - started} ms`);
    assert.equal(first.ok, true, `${first.reason}\n${helloLog.join('\n')}`);
    assert.match(first.url!, /^127\.0\.0\.1:\d+$/);
    const answer = await fetch(`http://${first.url}/`);
    assert.equal((await answer.text()).trim(), 'hello v1');
    assert.ok(helloLog.includes('[AppRunner] Successfully pulled your application image from ECR.'), helloLog.join('\n'));
    // Platform lines name the configured port; the container's output is application output only.
    assert.ok(helloLog.includes("[AppRunner] Health check on protocol `TCP` [Port: '8080'] is successful."), helloLog.join('\n'));
    assert.deepEqual(
      helloLog.filter((l) => !l.startsWith('[AppRunner]')),
      [],
    );
    assert.ok(
      appOutput.some((l) => /^hello v1 listening on port \d+$/.test(l)),
      `the container's output is application output:\n${appOutput.join('\n')}`,
    );
    assert.equal((await containersOfService()).length, 1);

    const noListen = await pushSample('no-listen');
    const failedLog: string[] = [];
    const failed = await deployer.deploy(request(noListen.uri, randomBytes(8).toString('hex')), (line) => failedLog.push(line));
    assert.equal(failed.ok, false);
    assert.match(failed.reason!, /^Health check failed on protocol `TCP` \[Port: '8080'\]$/);
    assert.ok(
      appOutput.some((l) => l.startsWith('no-listen: started; not listening on port')),
      appOutput.join('\n'),
    );
    assert.ok(
      failedLog.some((l) => l.startsWith('[AppRunner] Health check failed on protocol `TCP`')),
      failedLog.join('\n'),
    );
    assert.equal((await containersOfService()).length, 1, 'the failed container is removed, the previous one stays');
    assert.equal((await (await fetch(`http://${first.url}/`)).text()).trim(), 'hello v1', 'the previous revision keeps serving');

    await deployer.stop(ACCOUNT, 'us-east-1', serviceId);
    assert.deepEqual(await containersOfService(), []);
  });

  test('HTTP health checks pass on a path that answers 200 and fail on one that answers 404', async () => {
    const hello = await pushSample('hello');
    const ok = await deployer.deploy(
      { ...request(hello.uri, randomBytes(8).toString('hex')), healthCheck: { protocol: 'HTTP', path: '/' } },
      () => undefined,
    );
    assert.equal(ok.ok, true, ok.reason);
    const failed = await deployer.deploy(
      { ...request(hello.uri, randomBytes(8).toString('hex')), healthCheck: { protocol: 'HTTP', path: '/health' } },
      () => undefined,
    );
    assert.equal(failed.ok, false);
    assert.match(failed.reason!, /^Health check failed on protocol `HTTP` \[Path: '\/health'\] \[Port: '8080'\]$/);
    assert.equal((await containersOfService()).length, 1);
    await deployer.stop(ACCOUNT, 'us-east-1', serviceId);
  });

  test('an app that exits on start, and an arm64 image: the deployment fails as on App Runner, with the exit code or the platform', async () => {
    const crash = await pushSample('crash-on-start');
    const crashLog: string[] = [];
    const crashed = await deployer.deploy(request(crash.uri, randomBytes(8).toString('hex')), (line) => crashLog.push(line));
    assert.equal(crashed.ok, false);
    assert.ok(
      crashLog.includes('[AppRunner] Your application stopped or failed to start. See logs for more information. Container exit code: 1'),
      crashLog.join('\n'),
    );
    assert.ok(appOutput.includes('crash-on-start: DATABASE_URL is not set; exiting'), appOutput.join('\n'));

    await docker(['build', '--quiet', '--platform', 'linux/arm64', '-t', ARM64_BASE, path.join(SAMPLE_APPS, 'arm64-base')], dockerEnv);
    const arm = await pushSample('arm64');
    const armLog: string[] = [];
    const refused = await deployer.deploy(request(arm.uri, randomBytes(8).toString('hex')), (line) => armLog.push(line));
    assert.equal(refused.ok, false);
    assert.match(refused.reason!, /could not be started for its architecture\. The image's platform is linux\/arm64/);
    assert.ok(
      armLog.some((l) => /^\[AppRunner\] Failed to start your application: exec format error\. .*linux\/amd64 images only\.$/.test(l)),
      armLog.join('\n'),
    );
    assert.equal((await containersOfService()).length, 0, 'nothing runs');
  });

  test('stop() during a deployment ends it and leaves no container', async () => {
    const noListen = await pushSample('no-listen');
    const deployment = deployer.deploy(request(noListen.uri, randomBytes(8).toString('hex')), () => undefined);
    while ((await containersOfService()).length === 0) await new Promise((r) => setTimeout(r, 50));
    await deployer.stop(ACCOUNT, 'us-east-1', serviceId);
    const result = await deployment;
    assert.equal(result.ok, false);
    assert.equal(result.reason, 'The deployment was stopped.');
    assert.deepEqual(await containersOfService(), []);
  });

  test('an image that is not in the registry fails the deployment with the pull error', async () => {
    const log: string[] = [];
    const result = await deployer.deploy(request(`${registry.url}/${uniqueName('missing')}:v1`, randomBytes(8).toString('hex')), (line) =>
      log.push(line),
    );
    assert.equal(result.ok, false);
    assert.match(result.reason!, /^Failed to pull your application image\. .*(not found|unknown)/i);
    assert.deepEqual(await containersOfService(), []);
  });
});
