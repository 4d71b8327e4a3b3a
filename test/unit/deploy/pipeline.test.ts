import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exposedPorts } from '../../../src/deploy/dockerfile';
import { DeployCancelledError, DeployRequest, ImagePlatformError, runDeploy } from '../../../src/deploy/pipeline';
import type { DeployPorts, DeployReporter, DeployService, OperationState } from '../../../src/deploy/ports';
import { AwsCallError } from '../../../src/aws/awsCall';
import { CancelledError } from '../../../src/deploy/processes';

const REPO_URI = '127.0.0.1:5055/123456789012/orders-api';

function service(over: Partial<DeployService> = {}): DeployService {
  return {
    arn: 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/0123456789abcdef0123456789abcdef',
    name: 'orders-api',
    id: '0123456789abcdef0123456789abcdef',
    region: 'us-east-1',
    status: 'RUNNING',
    url: '127.0.0.1:41234',
    source: 'image',
    imageIdentifier: `${REPO_URI}:old-tag`,
    imageRepositoryType: 'ECR',
    port: 8080,
    healthCheck: { protocol: 'TCP' },
    accessRoleArn: 'arn:aws:iam::123456789012:role/AppRunnerECRAccessRole',
    ...over,
  };
}

interface FakeOptions {
  repositoryExists?: boolean;
  operationStatuses?: string[];
  deployedDigest?: string;
  localRepoDigests?: string[];
  forceRedeploy?: boolean;
  /** Aborts the run when this call is made. */
  abortOn?: string;
  /** The call fails with `error` (only its first `times` times, when given). */
  failOn?: { call: string; error: Error; times?: number };
  /** What each read of the deployment stream returns, in turn (the last one stays). */
  logLines?: string[] | Error | string[][];
  appLines?: string[];
  imagePlatform?: string;
  manifestType?: string;
  httpAnswers?: Array<{ status: number; body: string } | Error>;
}

function fakes(opts: FakeOptions = {}) {
  const calls: string[] = [];
  const controller = new AbortController();
  let clock = 0;
  const statuses = [...(opts.operationStatuses ?? ['IN_PROGRESS', 'SUCCEEDED'])];
  const answers = [...(opts.httpAnswers ?? [{ status: 200, body: 'hello from orders-api' }])];
  const disposed: string[] = [];
  let failures = 0;
  const record = async <T>(call: string, value: () => T | Promise<T>, signal?: AbortSignal): Promise<T> => {
    calls.push(call);
    if (opts.failOn?.call === call && failures++ < (opts.failOn.times ?? Infinity)) {
      throw opts.failOn.error;
    }
    if (opts.abortOn === call) {
      controller.abort();
      if (signal) {
        throw new CancelledError(); // the child process was killed
      }
    }
    return value();
  };
  const ports: DeployPorts = {
    docker: {
      probe: () => record('docker.probe', () => ({ flavor: 'docker' as const, versionText: '' })),
      build: (req) =>
        record(
          'docker.build',
          () => {
            req.onStep?.({ index: 1, total: 2, instruction: 'FROM local/node:20' });
            return 'sha256:image1';
          },
          req.signal,
        ),
      login: (host, username, password, signal) =>
        record(
          `docker.login ${host} ${username} ${password}`,
          () => ({ configDir: '/tmp/cfg', dispose: async () => void disposed.push('/tmp/cfg') }),
          signal,
        ),
      tag: (source, target, signal) => record(`docker.tag ${source} ${target}`, () => undefined, signal),
      push: (ref, _session, onProgress, signal) =>
        record(
          `docker.push ${ref}`,
          () => {
            onProgress?.({ layersDone: 1, layersTotal: 2 });
            return 'sha256:pushed';
          },
          signal,
        ),
      repoDigests: () => record('docker.repoDigests', () => opts.localRepoDigests ?? []),
      imagePlatform: () => record('docker.imagePlatform', () => opts.imagePlatform ?? 'linux/amd64'),
    },
    ecr: {
      findRepository: (_region, name) =>
        record(`ecr.find ${name}`, () => (opts.repositoryExists === false ? undefined : { name, uri: REPO_URI })),
      createRepository: (_region, name) => record(`ecr.create ${name}`, () => ({ name, uri: REPO_URI })),
      credentials: () => record('ecr.credentials', () => ({ username: 'AWS', password: 's3cret' })),
      imageDigest: (_region, repo, tag) => record(`ecr.imageDigest ${repo}:${tag}`, () => opts.deployedDigest),
      imageManifestType: (_region, repo, tag) =>
        record(`ecr.imageManifestType ${repo}:${tag}`, () => opts.manifestType ?? 'application/vnd.docker.distribution.manifest.v2+json'),
    },
    appRunner: {
      describe: () => record('apprunner.describe', () => service()),
      findByName: () => record('apprunner.findByName', () => undefined),
      updateImage: (_s, image) => record(`apprunner.updateImage ${image}`, () => 'op-update'),
      startDeployment: () => record('apprunner.startDeployment', () => 'op-start'),
      create: (_region, input) =>
        record(`apprunner.create ${input.settings.name} ${input.imageIdentifier} ${input.accessRoleArn}`, () => ({
          service: service({ name: input.settings.name, status: 'OPERATION_IN_PROGRESS' }),
          operationId: 'op-create',
        })),
      operation: (_s, id) =>
        record(`apprunner.operation ${id}`, (): OperationState => ({ id, status: statuses.length > 1 ? statuses.shift()! : statuses[0] })),
    },
    iam: { createEcrAccessRole: (name) => record(`iam.createRole ${name}`, () => `arn:aws:iam::123456789012:role/${name}`) },
    logs: {
      lastLines: (_region, group, stream) =>
        record(`logs ${group} ${stream}`, () => {
          if (opts.logLines instanceof Error) {
            throw opts.logLines;
          }
          const reads = opts.logLines ?? [];
          return Array.isArray(reads[0]) ? ((reads.length > 1 ? reads.shift() : reads[0]) as string[]) : (reads as string[]);
        }),
      linesSince: (_region, group, startMs, endMs) => record(`logs ${group} ${startMs}-${endMs}`, () => opts.appLines ?? []),
    },
    http: {
      get: (url) =>
        record(`http ${url}`, () => {
          const a = answers.length > 1 ? answers.shift()! : answers[0];
          if (a instanceof Error) {
            throw a;
          }
          return a;
        }),
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) {
        throw new CancelledError();
      }
      clock += ms;
    },
    now: () => clock,
    confirmForcedRedeploy: (s, image) => record(`confirm ${s.name} ${image}`, () => opts.forceRedeploy ?? false),
  };
  const events: string[] = [];
  const reporter: DeployReporter = {
    step: (id) => events.push(`step ${id}`),
    progress: (m) => events.push(`progress ${m}`),
    log: () => undefined,
    operationStarted: (_s, id, type) => events.push(`operation ${type} ${id}`),
  };
  return { ports, calls, controller, reporter, events, disposed };
}

function request(over: Partial<DeployRequest> = {}): DeployRequest {
  const dockerfileText = 'FROM local/node:20\nEXPOSE 8080\n';
  return {
    region: 'us-east-1',
    context: '/work/app',
    dockerfile: '/work/app/Dockerfile',
    dockerfileText,
    repositoryName: 'orders-api',
    tag: 'ab12cd3-20261121-143005',
    target: { kind: 'existing', service: service() },
    exposed: exposedPorts(dockerfileText),
    pollMs: 1000,
    ...over,
  };
}

test('existing service: build, log in, push, update, follow, check the URL', async () => {
  const f = fakes({ operationStatuses: ['PENDING', 'IN_PROGRESS', 'SUCCEEDED'] });
  const outcome = await runDeploy(request(), f.ports, f.reporter, f.controller.signal);
  const image = `${REPO_URI}:ab12cd3-20261121-143005`;
  assert.deepEqual(f.calls, [
    'docker.build',
    'docker.imagePlatform',
    'ecr.find orders-api',
    'ecr.imageDigest orders-api:old-tag',
    'ecr.credentials',
    'docker.login 127.0.0.1:5055 AWS s3cret',
    `docker.tag sha256:image1 ${image}`,
    `docker.push ${image}`,
    'ecr.imageManifestType orders-api:ab12cd3-20261121-143005',
    `apprunner.updateImage ${image}`,
    'apprunner.operation op-update',
    'apprunner.operation op-update',
    'apprunner.operation op-update',
    'apprunner.describe',
    'http http://127.0.0.1:41234',
  ]);
  assert.equal(outcome.kind, 'succeeded');
  assert.ok(outcome.kind === 'succeeded');
  assert.equal(outcome.imageIdentifier, image);
  assert.equal(outcome.digest, 'sha256:pushed');
  assert.deepEqual(outcome.urlCheck, { url: 'http://127.0.0.1:41234', ok: true, status: 200, detail: 'hello from orders-api' });
  assert.deepEqual(f.disposed, ['/tmp/cfg']);
  assert.deepEqual(
    f.events.filter((e) => e.startsWith('step') || e.startsWith('operation')),
    ['step build', 'step login', 'step push', 'step update', 'operation UPDATE_SERVICE op-update', 'step wait', 'step verify'],
  );
});

test('a new service: the repository and the access role are created, then CreateService', async () => {
  const f = fakes({ repositoryExists: false });
  const settings = {
    name: 'new-svc',
    port: 8080,
    size: { cpu: '1 vCPU', memory: '2 GB' },
    env: {},
    autoDeployments: false,
    healthCheckPath: '',
    accessRole: { kind: 'create' as const, name: 'AppRunnerECRAccessRole' },
  };
  const outcome = await runDeploy(
    request({ target: { kind: 'new', settings }, repositoryName: 'new-svc' }),
    f.ports,
    f.reporter,
    f.controller.signal,
  );
  assert.equal(outcome.kind, 'succeeded');
  const image = `${REPO_URI}:ab12cd3-20261121-143005`;
  assert.ok(f.calls.includes('ecr.create new-svc'));
  const role = f.calls.indexOf('iam.createRole AppRunnerECRAccessRole');
  const create = f.calls.indexOf(`apprunner.create new-svc ${image} arn:aws:iam::123456789012:role/AppRunnerECRAccessRole`);
  assert.ok(role > f.calls.indexOf(`docker.push ${image}`) && create > role, f.calls.join('\n'));
  assert.equal(
    f.calls.some((c) => c.startsWith('ecr.imageDigest')),
    false,
  );
});

const NEW_SERVICE = {
  name: 'new-svc',
  port: 8080,
  size: { cpu: '1 vCPU', memory: '2 GB' },
  env: {},
  autoDeployments: false,
  healthCheckPath: '',
  accessRole: { kind: 'create' as const, name: 'AppRunnerECRAccessRole' },
};
const NEW_IMAGE = `${REPO_URI}:ab12cd3-20261121-143005`;
const CREATE_CALL = `apprunner.create new-svc ${NEW_IMAGE} arn:aws:iam::123456789012:role/AppRunnerECRAccessRole`;
const roleNotAssumable = (): Error =>
  Object.assign(new Error('Error in assuming access role arn:aws:iam::123456789012:role/AppRunnerECRAccessRole'), {
    name: 'InvalidRequestException',
  });

test('a new access role that IAM has not propagated yet: CreateService is retried with backoff, nothing is built or pushed again', async () => {
  const f = fakes({ repositoryExists: false, failOn: { call: CREATE_CALL, error: roleNotAssumable(), times: 3 } });
  const outcome = await runDeploy(
    request({ target: { kind: 'new', settings: NEW_SERVICE }, repositoryName: 'new-svc' }),
    f.ports,
    f.reporter,
    f.controller.signal,
  );
  assert.equal(outcome.kind, 'succeeded');
  assert.equal(f.calls.filter((c) => c === CREATE_CALL).length, 4);
  assert.equal(f.calls.filter((c) => c === 'docker.build').length, 1);
  assert.equal(f.calls.filter((c) => c.startsWith('docker.push')).length, 1);
  assert.equal(f.calls.filter((c) => c.startsWith('iam.createRole')).length, 1);
  assert.deepEqual(
    f.events.filter((e) => e.includes('IAM role')),
    [0, 2, 6].map((s) => `progress waiting for the new IAM role to become usable (${s} s)`),
  );
});

test('an access role that never becomes usable: the wait is bounded and the error says what to check', async () => {
  const f = fakes({ repositoryExists: false, failOn: { call: CREATE_CALL, error: roleNotAssumable() } });
  await assert.rejects(
    runDeploy(
      request({ target: { kind: 'new', settings: NEW_SERVICE }, repositoryName: 'new-svc', rolePropagationTimeoutMs: 60_000 }),
      f.ports,
      f.reporter,
      f.controller.signal,
    ),
    (e: unknown) => {
      assert.ok(e instanceof AwsCallError);
      assert.equal(e.action, 'apprunner:CreateService');
      assert.match(
        e.doing,
        /still could not use the access role after 5\d s\. Check that its trust policy allows build\.apprunner\.amazonaws\.com/,
      );
      return true;
    },
  );
  // Tries at 0, 2, 6, 14, 24, 34, 44 and 54 s; the next wait would pass the minute.
  assert.equal(f.calls.filter((c) => c === CREATE_CALL).length, 8);
  assert.equal(f.calls.filter((c) => c === 'docker.build').length, 1);
});

test('cancel while waiting for the role: nothing changed in App Runner', async () => {
  const f = fakes({ repositoryExists: false, failOn: { call: CREATE_CALL, error: roleNotAssumable() } });
  const run = runDeploy(
    request({ target: { kind: 'new', settings: NEW_SERVICE }, repositoryName: 'new-svc' }),
    f.ports,
    {
      ...f.reporter,
      progress: (m) => {
        if (/IAM role/.test(m)) {
          f.controller.abort();
        }
      },
    },
    f.controller.signal,
  );
  await assert.rejects(run, (e: unknown) => e instanceof DeployCancelledError && e.during === 'update');
  assert.equal(f.calls.filter((c) => c === CREATE_CALL).length, 1);
});

test('other CreateService errors are not retried', async () => {
  const f = fakes({
    repositoryExists: false,
    failOn: {
      call: CREATE_CALL,
      error: Object.assign(new Error('Service with the provided name already exists'), { name: 'InvalidRequestException' }),
    },
  });
  await assert.rejects(
    runDeploy(
      request({ target: { kind: 'new', settings: NEW_SERVICE }, repositoryName: 'new-svc' }),
      f.ports,
      f.reporter,
      f.controller.signal,
    ),
    AwsCallError,
  );
  assert.equal(f.calls.filter((c) => c === CREATE_CALL).length, 1);
});

test('the image already deployed: no push; a forced redeploy uses StartDeployment', async () => {
  const digest = 'sha256:deployed';
  const same = { deployedDigest: digest, localRepoDigests: [`${REPO_URI}@${digest}`] };
  const declined = fakes(same);
  const unchanged = await runDeploy(request(), declined.ports, declined.reporter, declined.controller.signal);
  assert.equal(unchanged.kind, 'unchanged');
  assert.ok(declined.calls.includes(`confirm orders-api ${REPO_URI}:old-tag`));
  assert.equal(
    declined.calls.some((c) => /docker\.(login|push)|updateImage|startDeployment/.test(c)),
    false,
  );

  const forced = fakes({ ...same, forceRedeploy: true });
  const outcome = await runDeploy(request(), forced.ports, forced.reporter, forced.controller.signal);
  assert.equal(outcome.kind, 'succeeded');
  assert.ok(outcome.kind === 'succeeded' && outcome.forced && outcome.imageIdentifier === `${REPO_URI}:old-tag`);
  assert.ok(forced.calls.includes('apprunner.startDeployment'));
  assert.equal(
    forced.calls.some((c) => /docker\.push|updateImage/.test(c)),
    false,
  );

  const other = fakes({ deployedDigest: digest, localRepoDigests: [`${REPO_URI}@sha256:other`] });
  assert.equal((await runDeploy(request(), other.ports, other.reporter, other.controller.signal)).kind, 'succeeded');
  assert.ok(other.calls.some((c) => c.startsWith('apprunner.updateImage')));
});

test("a rollback reads the deployment stream and the app's output, waits for the late lines, and names the cause", async () => {
  const pulled = '[AppRunner] Pulling image x';
  const health = "[AppRunner] Health check failed on protocol `TCP`[Port: '8080'].";
  const closing = '[AppRunner] Deployment failed. Failure reason : Health check failed.';
  const f = fakes({
    operationStatuses: ['IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCEEDED'],
    // Ingestion lags: the closing lines arrive after the operation ended.
    logLines: [[pulled], [pulled, health], [pulled, health, closing]],
    appLines: ['app: started; listening on port 5000'],
  });
  const outcome = await runDeploy(request(), f.ports, f.reporter, f.controller.signal);
  assert.equal(outcome.kind, 'failed');
  assert.ok(outcome.kind === 'failed');
  assert.equal(outcome.operationStatus, 'ROLLBACK_SUCCEEDED');
  assert.equal(outcome.analysis.cause, 'port-mismatch');
  assert.deepEqual(outcome.logLines, [pulled, health, closing]);
  assert.deepEqual(outcome.appLines, ['app: started; listening on port 5000']);
  const stream = 'logs /aws/apprunner/orders-api/0123456789abcdef0123456789abcdef/service deployment/op-update';
  // Read until the closing line is there and a read brings nothing new: 4 reads.
  assert.equal(f.calls.filter((c) => c === stream).length, 4);
  assert.ok(f.calls.some((c) => c.startsWith('logs /aws/apprunner/orders-api/0123456789abcdef0123456789abcdef/application ')));
  assert.equal(
    f.calls.some((c) => c.startsWith('http')),
    false,
  );
});

test('a log that cannot be read is reported, not hidden', async () => {
  const f = fakes({
    operationStatuses: ['FAILED'],
    logLines: Object.assign(new Error('The specified log stream does not exist.'), { name: 'ResourceNotFoundException' }),
  });
  const outcome = await runDeploy(request(), f.ports, f.reporter, f.controller.signal);
  assert.ok(outcome.kind === 'failed');
  assert.match(outcome.logError ?? '', /log stream does not exist/);
  assert.equal(outcome.analysis.cause, 'unknown');
});

test('logs that never settle are read for a bounded time', async () => {
  const f = fakes({ operationStatuses: ['FAILED'], logLines: ['[AppRunner] Pulling image x'] });
  const outcome = await runDeploy(request({ logSettleTimeoutMs: 10_000 }), f.ports, f.reporter, f.controller.signal);
  assert.ok(outcome.kind === 'failed');
  // Reads at 0, 2, 4, 6, 8 and 10 s.
  assert.equal(f.calls.filter((c) => c.endsWith('deployment/op-update')).length, 6);
});

test('cancel during build or push: nothing is asked of App Runner, the login is removed', async () => {
  const build = fakes({ abortOn: 'docker.build' });
  await assert.rejects(
    runDeploy(request(), build.ports, build.reporter, build.controller.signal),
    (e: unknown) => e instanceof DeployCancelledError && e.during === 'build',
  );
  assert.deepEqual(build.calls, ['docker.build']);

  const image = `${REPO_URI}:ab12cd3-20261121-143005`;
  const push = fakes({ abortOn: `docker.push ${image}` });
  await assert.rejects(
    runDeploy(request(), push.ports, push.reporter, push.controller.signal),
    (e: unknown) => e instanceof DeployCancelledError && e.during === 'push',
  );
  assert.equal(
    push.calls.some((c) => c.startsWith('apprunner.')),
    false,
  );
  assert.deepEqual(push.disposed, ['/tmp/cfg']);
});

test('cancel while App Runner deploys: following stops, the outcome says so', async () => {
  const f = fakes({ abortOn: 'apprunner.operation op-update', operationStatuses: ['IN_PROGRESS'] });
  const outcome = await runDeploy(request(), f.ports, f.reporter, f.controller.signal);
  assert.deepEqual(outcome.kind === 'following-stopped' && [outcome.reason, outcome.operationId], ['cancelled', 'op-update']);
});

test('following gives up after the timeout, without failing the deploy', async () => {
  const f = fakes({ operationStatuses: ['IN_PROGRESS'] });
  const outcome = await runDeploy(request({ followTimeoutMs: 5000 }), f.ports, f.reporter, f.controller.signal);
  assert.equal(outcome.kind === 'following-stopped' && outcome.reason, 'timeout');
  assert.ok(f.calls.filter((c) => c.startsWith('apprunner.operation')).length <= 6);
});

test('AWS errors carry the action and what was being done', async () => {
  const f = fakes({
    failOn: {
      call: `apprunner.updateImage ${REPO_URI}:ab12cd3-20261121-143005`,
      error: Object.assign(new Error('busy'), { name: 'InvalidStateException' }),
    },
  });
  await assert.rejects(runDeploy(request(), f.ports, f.reporter, f.controller.signal), (e: unknown) => {
    assert.ok(e instanceof AwsCallError);
    assert.equal(e.action, 'apprunner:UpdateService');
    assert.equal((e.error as Error).name, 'InvalidStateException');
    return true;
  });
});

test('a URL that never answers is reported after a few tries', async () => {
  const f = fakes({ httpAnswers: [new Error('connect ECONNREFUSED 127.0.0.1:41234')] });
  const outcome = await runDeploy(request(), f.ports, f.reporter, f.controller.signal);
  assert.ok(outcome.kind === 'succeeded');
  assert.deepEqual(outcome.urlCheck, { url: 'http://127.0.0.1:41234', ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:41234' });
  assert.equal(f.calls.filter((c) => c.startsWith('http')).length, 5);
});

test('an image for another platform is refused before anything is pushed, naming the Dockerfile line that pins it', async () => {
  const dockerfileText = 'FROM --platform=linux/arm64 local/node:20\nEXPOSE 8080\n';
  const f = fakes({ imagePlatform: 'linux/arm64' });
  await assert.rejects(runDeploy(request({ dockerfileText }), f.ports, f.reporter, f.controller.signal), (e: unknown) => {
    assert.ok(e instanceof ImagePlatformError);
    assert.match(
      e.message,
      /built for linux\/arm64, but App Runner runs linux\/amd64 images only\. Dockerfile line 1 asks for --platform=linux\/arm64/,
    );
    assert.match(e.message, /Nothing was pushed\.$/);
    assert.equal(e.line, 1);
    return true;
  });
  assert.deepEqual(f.calls, ['docker.build', 'docker.imagePlatform']);
});

test('a pushed image index (provenance attestations) is refused before App Runner is asked to run it', async () => {
  const f = fakes({ manifestType: 'application/vnd.oci.image.index.v1+json' });
  await assert.rejects(runDeploy(request(), f.ports, f.reporter, f.controller.signal), (e: unknown) => {
    assert.ok(e instanceof ImagePlatformError);
    assert.match(e.message, /application\/vnd\.oci\.image\.index\.v1\+json .*--provenance=false/);
    assert.deepEqual(e.leftInEcr, [`image ${REPO_URI}:ab12cd3-20261121-143005`]);
    return true;
  });
  assert.equal(
    f.calls.some((c) => c.startsWith('apprunner.')),
    false,
  );
});
