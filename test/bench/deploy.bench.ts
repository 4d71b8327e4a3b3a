// Deploy overhead: the wall time of a deploy through the extension's pipeline (preflight, build,
// ECR login, push, UpdateService, following the operation, URL check) against the same steps
// run by hand (docker build, docker login + push, UpdateService, polling DescribeService), on
// the same sample app, against the same emulator (ECR on the local registry, App Runner running
// the image with Docker). Rounds alternate, each after a source change; medians and their ratio
// are printed. Needs scripts/docker-up.sh's engine and registry; says so and stops without them.
import { AppRunnerClient, DescribeServiceCommand, UpdateServiceCommand } from '@aws-sdk/client-apprunner';
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { AwsSdk } from '../../src/aws/lazy';
import { DockerCli } from '../../src/deploy/docker';
import { exposedPorts } from '../../src/deploy/dockerfile';
import { imageTag } from '../../src/deploy/imageNames';
import { runDeploy } from '../../src/deploy/pipeline';
import type { DeployReporter } from '../../src/deploy/ports';
import { preflight } from '../../src/deploy/preflight';
import { createDeployPorts } from '../../src/deploy/realPorts';
import { dockerUsable, readRegistryEnv } from '../emulator/dockerDeployer';
import { startDefaultEmulator } from '../emulator/index';

const root = path.resolve(__dirname, '../../..');
const REGION = 'us-east-1';
const ROUNDS = 3;
/** Both ways read the operation's state this often (the extension's default). */
const POLL_MS = 2000;
const SERVICE = `bench-${process.pid}`;

const quietReporter: DeployReporter = { step: () => undefined, progress: () => undefined, log: () => undefined };

function run(command: string, args: string[], input?: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${out}`))));
    child.stdin.end(input ?? '');
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const registry = await readRegistryEnv();
  if (!registry || !(await dockerUsable())) {
    console.log('deploy\n  skipped: no Docker engine or local registry (run scripts/docker-up.sh)');
    return;
  }
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    DOCKER_BUILDKIT: '0',
  };
  Object.assign(process.env, env);
  const emulator = await startDefaultEmulator({ registry, operationDelayMs: 0 });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'apprunner-deploy-bench-'));
  // The production AWS bundle, as the extension loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loads the built bundle by path
  const aws = require(path.join(root, 'dist', 'aws.js')) as AwsSdk;
  const session = aws.createSession({ endpointUrl: emulator.url });
  const appRunner = new AppRunnerClient({ region: REGION, endpoint: emulator.url, maxAttempts: 1 });
  try {
    const app = path.join(work, 'hello');
    await fs.cp(path.join(root, 'test', 'fixtures', 'sample-apps', 'hello'), app, { recursive: true });
    const dockerfile = path.join(app, 'Dockerfile');
    const dockerfileText = await fs.readFile(dockerfile, 'utf8');
    const docker = new DockerCli({ command: 'docker', env });
    const ports = createDeployPorts({ session, region: REGION, docker, confirmForcedRedeploy: async () => false });
    const controller = new AbortController();
    let version = 0;
    const change = () => fs.writeFile(path.join(app, 'version.txt'), `bench v${++version}\n`);

    // Set-up (not measured): the service, created by the extension's pipeline.
    const role = await session.iam.createRoleWithPolicy(
      REGION,
      'BenchECRAccess',
      '{"Statement":[]}',
      'arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess',
      'bench',
    );
    await change();
    const setupStart = Date.now();
    const created = await runDeploy(
      {
        region: REGION,
        context: app,
        dockerfile,
        dockerfileText,
        repositoryName: SERVICE,
        tag: imageTag(undefined, new Date()),
        exposed: exposedPorts(dockerfileText),
        pollMs: POLL_MS,
        target: {
          kind: 'new',
          settings: {
            name: SERVICE,
            port: 8080,
            size: { cpu: '1 vCPU', memory: '2 GB' },
            env: {},
            autoDeployments: false,
            healthCheckPath: '',
            accessRole: { kind: 'existing', arn: role },
          },
        },
      },
      ports,
      quietReporter,
      controller.signal,
    );
    if (created.kind !== 'succeeded') {
      throw new Error(`set-up deploy ended ${created.kind}`);
    }
    const arn = created.service.arn;
    const repositoryUri = created.imageIdentifier.split(':').slice(0, -1).join(':');
    const host = repositoryUri.split('/')[0];
    console.log(
      `deploy (sample hello; Docker engine ${(await run('docker', ['version', '--format', '{{.Server.Version}}'])).trim()}, local registry, emulated App Runner running the image; both poll every ${POLL_MS / 1000} s)`,
    );
    console.log(`  set-up: create the service through the extension: ${seconds(Date.now() - setupStart)}`);

    const extension: number[] = [];
    const byHand: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Through the extension: preflight, then the pipeline.
      await change();
      let t0 = Date.now();
      const checked = await preflight(
        { region: REGION, target: { kind: 'existing', arn }, dockerfileText, dockerfileLabel: 'Dockerfile', trusted: true },
        { docker, appRunner: ports.appRunner },
      );
      const outcome = await runDeploy(
        {
          region: REGION,
          context: app,
          dockerfile,
          dockerfileText,
          repositoryName: SERVICE,
          tag: imageTag(undefined, new Date()),
          exposed: checked.exposed,
          pollMs: POLL_MS,
          target: { kind: 'existing', service: checked.service! },
        },
        ports,
        quietReporter,
        controller.signal,
      );
      if (outcome.kind !== 'succeeded') {
        throw new Error(`extension deploy ended ${outcome.kind}`);
      }
      extension.push(Date.now() - t0);

      // By hand: the same steps with the CLI and the SDK.
      await change();
      t0 = Date.now();
      const image = `${repositoryUri}:hand-${round}-${Date.now()}`;
      await run('docker', ['build', '--platform', 'linux/amd64', '-t', image, app]);
      const login = await session.ecr.login(REGION);
      const config = await fs.mkdtemp(path.join(os.tmpdir(), 'apprunner-bench-docker-'));
      try {
        const withConfig = { ...env, DOCKER_CONFIG: config };
        await run('docker', ['login', '--username', login.username, '--password-stdin', host], login.password, withConfig);
        await run('docker', ['push', image], undefined, withConfig);
      } finally {
        await fs.rm(config, { recursive: true, force: true });
      }
      const current = (await appRunner.send(new DescribeServiceCommand({ ServiceArn: arn }))).Service!.SourceConfiguration!;
      await appRunner.send(
        new UpdateServiceCommand({
          ServiceArn: arn,
          SourceConfiguration: { ...current, ImageRepository: { ...current.ImageRepository!, ImageIdentifier: image } },
        }),
      );
      for (let i = 0; i < 600; i++) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        const status = (await appRunner.send(new DescribeServiceCommand({ ServiceArn: arn }))).Service?.Status;
        if (status !== 'OPERATION_IN_PROGRESS') {
          break;
        }
      }
      byHand.push(Date.now() - t0);
    }
    const a = median(extension);
    const b = median(byHand);
    console.log(
      `  through the extension (preflight, build, ECR login, push, UpdateService, follow, URL check): median ${seconds(a)} (${extension.map(seconds).join(', ')})`,
    );
    console.log(
      `  by hand (docker build, docker login + push, UpdateService, poll DescribeService):        median ${seconds(b)} (${byHand.map(seconds).join(', ')})`,
    );
    console.log(`  ratio extension / by hand: ${(a / b).toFixed(2)}`);
  } finally {
    appRunner.destroy();
    session.dispose();
    await emulator.close();
    await fs.rm(work, { recursive: true, force: true });
    // Local images of this run (the registry keeps its copies, like ECR would).
    const images = (await run('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}'])).split('\n').filter((i) => i.includes(SERVICE));
    if (images.length) {
      await run('docker', ['rmi', '-f', ...images]);
    }
  }
}

main().catch((e: unknown) => {
  console.error(`deploy bench failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
