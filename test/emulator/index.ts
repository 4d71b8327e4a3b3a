// Assembles the local AWS emulator: one module per emulated service behind one loopback server.
// Adding a service is one import and one entry in createModules.
import { promises as fs } from 'fs';
import { AppRunnerServiceModule, createAppRunnerModule } from './apprunner';
import { EmulatorBus } from './bus';
import { createCloudWatchModule } from './cloudwatch';
import { startDemoTraffic } from './demoTraffic';
import { DockerDeployer } from './dockerDeployer';
import { createEcrModule, RegistryAccess } from './ecr';
import { createEcsModule } from './ecs';
import { createIamModule } from './iam';
import { createLogsModule } from './logs';
import { createPricingModule } from './pricing';
import { createSecretModules } from './secrets';
import { Emulator, EmulatorOptions, startEmulator } from './server';
import type { Deployer, ServiceModule } from './types';

export interface ModuleOptions {
  bus: EmulatorBus;
  /** How long App Runner operations stay in progress. */
  operationDelayMs?: number;
  /** Runs image-based App Runner deployments (e.g. with Docker). */
  deployer?: Deployer;
  /** Runs ECS Express services' containers (a Docker deployer of their own: containers are labelled per service). */
  ecsDeployer?: Deployer;
  /** The local registry ECR stands for (scripts/docker-up.sh); without it there is no ECR. */
  registry?: RegistryAccess;
}

export function createModules(opts: ModuleOptions): ServiceModule[] {
  const iam = createIamModule();
  const secrets = createSecretModules();
  const appRunner = createAppRunnerModule({
    bus: opts.bus,
    operationDelayMs: opts.operationDelayMs,
    deployer: opts.deployer,
    roleCreatedAt: (account, arn) => iam.roleCreatedAt(account, arn),
    // As App Runner does at deployment: the instance role reads each secret; one it may not read fails the deployment.
    resolveSecrets: (account, region, roleArn, references) => readSecrets(account, region, roleArn, references, 'instance role'),
  });
  /** The secrets' values as `roleArn` reads them (IAM evaluates its policies), or why it cannot. */
  function readSecrets(
    account: string,
    region: string,
    roleArn: string | undefined,
    references: Record<string, string>,
    roleWord: string,
  ): { env: Record<string, string> } | { error: string } {
    const env: Record<string, string> = {};
    for (const [name, reference] of Object.entries(references)) {
      const isSecret = reference.includes(':secretsmanager:');
      const action = isSecret ? 'secretsmanager:GetSecretValue' : 'ssm:GetParameters';
      const resource =
        isSecret || reference.startsWith('arn:')
          ? reference
              .split(':')
              .slice(0, isSecret ? 7 : 6)
              .join(':')
          : `arn:aws:ssm:${region}:${account}:parameter/${reference.replace(/^\//, '')}`;
      if (!roleArn || iam.evaluate(account, roleArn, action, resource) !== 'allowed') {
        return { error: `The ${roleWord} ${roleArn ?? '(none)'} is not allowed to perform ${action} on ${resource} (for ${name}).` };
      }
      const value = secrets.resolve(account, region, reference);
      if ('error' in value) return { error: `${name}: ${value.error}` };
      env[name] = value.value;
    }
    return { env };
  }
  const ecs = createEcsModule({
    deployer: opts.ecsDeployer,
    role: (account, arn) => iam.role(account, arn),
    // ECS reads the secrets with the execution role (App Runner used the instance role).
    resolveSecrets: (account, region, roleArn, references) => readSecrets(account, region, roleArn, references, 'execution role'),
  });
  return [
    appRunner,
    createLogsModule({ bus: opts.bus }),
    // Metrics follow each service's auto scaling bounds and status as App Runner knows them.
    createCloudWatchModule({ bus: opts.bus, services: (ref) => appRunner.serviceInfo(ref) }),
    ...(opts.registry ? [createEcrModule({ registry: opts.registry })] : []),
    iam,
    createPricingModule(),
    secrets.secretsManager,
    secrets.ssm,
    ecs,
  ];
}

export interface DefaultEmulatorOptions {
  /** 0 or omitted: any free port. */
  port?: number;
  /** A seed file: an object keyed by module name, e.g. {"apprunner": {"services": [...]}}. */
  seedFile?: string;
  operationDelayMs?: number;
  deployer?: Deployer;
  /**
   * The local registry (scripts/docker-up.sh's registry.env): ECR is emulated on it and, unless
   * `deployer` is given, App Runner deploys images with Docker.
   */
  registry?: RegistryAccess;
  /** Called for every request, for diagnostics. */
  log?: (line: string) => void;
  /** For the demo: application log lines per second written by each RUNNING service. */
  demoLinesPerSecond?: number;
  /** The contract check against botocore's models (on unless `false`); see server.ts. */
  contract?: EmulatorOptions['contract'];
  onViolation?: EmulatorOptions['onViolation'];
}

export interface DefaultEmulator extends Emulator {
  bus: EmulatorBus;
  modules: ServiceModule[];
}

/** Starts every emulated service on loopback and loads the seed file, if any. */
export async function startDefaultEmulator(opts: DefaultEmulatorOptions = {}): Promise<DefaultEmulator> {
  const bus = new EmulatorBus();
  const registry = opts.registry;
  const deployer =
    opts.deployer ??
    (registry
      ? new DockerDeployer({
          registry,
          // A serving container's output is the service's application log.
          onApplicationOutput: (instance, message) => bus.emit('application-log', { ...instance, at: Date.now(), message }),
        })
      : undefined);
  // ECS Express services run with Docker whenever App Runner's deployments do (their containers are not App Runner output).
  const ecsDeployer = registry && !opts.deployer ? new DockerDeployer({ registry }) : undefined;
  const modules = createModules({ bus, operationDelayMs: opts.operationDelayMs, deployer, ecsDeployer, registry });
  const stopTraffic = opts.demoLinesPerSecond
    ? startDemoTraffic({ bus, appRunner: modules[0] as AppRunnerServiceModule, linesPerSecond: opts.demoLinesPerSecond })
    : undefined;
  const emulator = await startEmulator({
    modules,
    port: opts.port,
    log: opts.log,
    contract: opts.contract,
    onViolation: opts.onViolation,
  });
  const close = async (): Promise<void> => {
    stopTraffic?.();
    // Drops pending operation timers and stops what a deployer still runs.
    modules.forEach((m) => m.reset());
    await emulator.close();
  };
  if (opts.seedFile) {
    try {
      await seedFrom(emulator.url, opts.seedFile);
    } catch (e) {
      await close();
      throw e;
    }
  }
  return { ...emulator, bus, modules, close };
}

/** Seeds through the control API, so the seed sees the server's clock like any test would. */
async function seedFrom(url: string, seedFile: string): Promise<void> {
  const text = await fs.readFile(seedFile, 'utf8');
  const response = await fetch(`${url}/_emulator/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
  if (!response.ok) {
    throw new Error(`Seeding from ${seedFile} failed (${response.status}): ${await response.text()}`);
  }
}
