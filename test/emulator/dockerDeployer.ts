// Runs the emulated App Runner's image deployments with the real Docker engine: pulls the image
// from the local registry that stands in for ECR, runs it on the host network (the engine runs
// without a bridge, see scripts/docker-up.sh) with PORT set to a free loopback port, and health
// checks that port the way App Runner does (interval, timeout, healthy/unhealthy thresholds).
//
// Like App Runner, a deployment replaces the running revision only once the new one is healthy:
// a failed deployment removes its own container and leaves the previous one serving (rollback).
// The service URL is therefore a new 127.0.0.1:<port> after every successful deployment.
//
// Logs as App Runner writes them: the container's stdout/stderr is application output (the
// application log group, stream instance/<id>) from its first line on, never deployment log; the
// deployment stream gets only `[AppRunner]` platform lines, which name the service's configured
// port (the emulator's host port is said once, in an "(emulator)" line). Images for another
// platform than linux/amd64 are refused the way App Runner fails them: the deployment fails.
//
// The emulator's docker commands log in to the registry with a private temporary DOCKER_CONFIG
// (password on stdin), so the user's Docker credentials are neither used nor touched. Containers
// carry labels (apprunner-emulator.instance/.service) so that one emulator never stops another's.
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as readline from 'readline';
import type { RegistryAccess } from './ecr';
import type { Deployer, DeploymentRequest, DeploymentResult } from './types';

/** App Runner's health check settings, scaled down so that a failing deployment ends in seconds. */
export interface HealthCheckTiming {
  intervalMs: number;
  timeoutMs: number;
  /** Consecutive successes that make the new revision healthy. */
  healthyThreshold: number;
  /** Consecutive failures that fail the deployment. */
  unhealthyThreshold: number;
  /** Bound on the whole check, whatever the thresholds. */
  maxWaitMs: number;
}

export const DEFAULT_HEALTH_CHECK_TIMING: HealthCheckTiming = {
  intervalMs: 1000,
  timeoutMs: 2000,
  healthyThreshold: 1,
  unhealthyThreshold: 10,
  maxWaitMs: 20_000,
};

export interface ServiceInstanceRef {
  account: string;
  region: string;
  serviceName: string;
  serviceId: string;
  /** 32 hex characters: the start of the container id. */
  instanceId: string;
}

export interface DockerDeployerOptions {
  registry: RegistryAccess;
  /** The docker CLI (default: `docker` on PATH). */
  docker?: string;
  healthCheck?: Partial<HealthCheckTiming>;
  /** Output of a deployed container, from its first line (for the application log group). */
  onApplicationOutput?: (instance: ServiceInstanceRef, line: string) => void;
}

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const PULL_TIMEOUT_MS = 120_000;
const COMMAND_TIMEOUT_MS = 30_000;
const LABEL_INSTANCE = 'apprunner-emulator.instance';
const LABEL_SERVICE = 'apprunner-emulator.service';
/** ECR-shaped image URIs name the local registry's repository of the same name. */
const PRIVATE_ECR_IMAGE = /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/(.+)$/;

/** The state dir scripts/docker-up.sh writes to. */
export function stateDir(): string {
  return process.env.APPRUNNER_STATE_DIR || path.join(os.homedir(), '.cache', 'apprunner-vscode');
}

/**
 * The registry written by scripts/docker-up.sh to `<state dir>/registry.env`
 * (REGISTRY_URL=host:port, REGISTRY_PASSWORD=...), or undefined when docker-up has not run.
 */
export async function readRegistryEnv(file = path.join(stateDir(), 'registry.env')): Promise<RegistryAccess | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const values = new Map(
    text
      .split('\n')
      .map((line) => /^([A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1], m[2]] as const),
  );
  const url = values.get('REGISTRY_URL');
  const password = values.get('REGISTRY_PASSWORD');
  return url && password ? { url, password } : undefined;
}

/** Whether a Docker engine answers (the emulator falls back to its timer deployer otherwise). */
export async function dockerUsable(docker = 'docker'): Promise<boolean> {
  try {
    const result = await run(docker, ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 });
    return result.code === 0 && result.stdout.trim() !== '';
  } catch {
    return false;
  }
}

/** Runs a command without a shell; `input` goes to stdin (passwords never go on argv). */
function run(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      stderr += `\n${command} ${args[0]} timed out after ${opts.timeoutMs ?? COMMAND_TIMEOUT_MS} ms`;
    }, opts.timeoutMs ?? COMMAND_TIMEOUT_MS);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

function tcpProbe(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A 2xx answer counts as healthy. */
function httpProbe(port: number, probePath: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: probePath, timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** One deployment's container, from `docker run` until it is replaced or stopped. */
interface ContainerRun {
  serviceKey: string;
  containerId?: string;
  follower?: ChildProcess;
  /** Set by stop(): the deployment gives up at its next step. */
  cancelled: boolean;
  /** Set when the container's output ends (it exited or was removed). */
  exited: boolean;
  /** Passed its health check and serves the service; its output is application output from then on. */
  serving: boolean;
}

export class DockerDeployer implements Deployer {
  private readonly docker: string;
  private readonly timing: HealthCheckTiming;
  private readonly instance = randomUUID();
  private readonly runs = new Set<ContainerRun>();
  private dockerConfig?: Promise<string>;

  constructor(private readonly opts: DockerDeployerOptions) {
    this.docker = opts.docker ?? 'docker';
    this.timing = { ...DEFAULT_HEALTH_CHECK_TIMING, ...opts.healthCheck };
  }

  async deploy(req: DeploymentRequest, log: (line: string) => void): Promise<DeploymentResult> {
    const serviceKey = `${req.account}/${req.region}/${req.serviceId}`;
    // Registered before anything starts, so that stop() during the pull cancels this deployment too.
    const containerRun: ContainerRun = { serviceKey, cancelled: false, exited: false, serving: false };
    this.runs.add(containerRun);
    const stopped = (): DeploymentResult => {
      this.runs.delete(containerRun);
      return { ok: false, reason: 'The deployment was stopped.' };
    };
    const image = this.pullableImage(req.imageIdentifier);
    if (image !== req.imageIdentifier) {
      log(`[AppRunner] (emulator) ${req.imageIdentifier} is pulled from the local registry as ${image}.`);
    }
    let env: NodeJS.ProcessEnv;
    try {
      env = { ...process.env, DOCKER_CONFIG: await this.loggedInConfig() };
    } catch (e) {
      this.runs.delete(containerRun);
      log(`[AppRunner] Failed to pull your application image: ${(e as Error).message}`);
      return { ok: false, reason: `Failed to pull your application image. ${(e as Error).message}` };
    }
    const pull = await run(this.docker, ['pull', '--quiet', image], { env, timeoutMs: PULL_TIMEOUT_MS });
    if (containerRun.cancelled) return stopped();
    if (pull.code !== 0) {
      this.runs.delete(containerRun);
      const detail = lastLine(pull.stderr) || `docker pull exited with ${pull.code}`;
      log(`[AppRunner] Failed to pull your application image: ${detail}`);
      return { ok: false, reason: `Failed to pull your application image. ${detail}` };
    }
    log('[AppRunner] Successfully pulled your application image from ECR.');
    const platform = await this.imagePlatform(image, env);
    if (platform !== 'linux/amd64') {
      this.runs.delete(containerRun);
      const detail = `The image's platform is ${platform}; App Runner runs linux/amd64 images only.`;
      log(`[AppRunner] Failed to start your application: exec format error. ${detail}`);
      return { ok: false, reason: `Your application image could not be started for its architecture. ${detail}` };
    }

    const port = await freeLoopbackPort();
    const protocol = req.healthCheck.protocol;
    // Platform lines name the configured port, as App Runner's do.
    const check = `protocol \`${protocol}\`${protocol === 'HTTP' ? ` [Path: '${req.healthCheck.path}']` : ''} [Port: '${req.port}']`;
    const envArgs = Object.entries(req.env)
      .filter(([name]) => name !== 'PORT')
      .flatMap(([name, value]) => ['-e', `${name}=${value}`]);
    const started = await run(
      this.docker,
      [
        'run',
        '-d',
        '--network',
        'host',
        '--name',
        `apprunner-${req.serviceName}-${req.operationId.slice(0, 8)}`,
        '--label',
        `${LABEL_INSTANCE}=${this.instance}`,
        '--label',
        `${LABEL_SERVICE}=${serviceKey}`,
        ...envArgs,
        '-e',
        `PORT=${port}`,
        image,
      ],
      { env },
    );
    if (started.code !== 0) {
      this.runs.delete(containerRun);
      const detail = lastLine(started.stderr);
      log(`[AppRunner] Failed to start your application: ${detail}`);
      return { ok: false, reason: `Failed to start your application. ${detail}` };
    }
    containerRun.containerId = started.stdout.trim();
    if (containerRun.cancelled) {
      await this.remove(containerRun);
      return stopped();
    }
    log('[AppRunner] Provisioning instances and deploying image for publicly accessible service.');
    log(`[AppRunner] (emulator) The service port ${req.port} runs as PORT=${port} on the host network.`);
    const ref: ServiceInstanceRef = {
      account: req.account,
      region: req.region,
      serviceName: req.serviceName,
      serviceId: req.serviceId,
      instanceId: containerRun.containerId.slice(0, 32),
    };
    this.follow(containerRun, (line) => this.opts.onApplicationOutput?.(ref, line));

    log(`[AppRunner] Performing health check on ${check}.`);
    const healthy = await this.healthCheck(containerRun, () =>
      protocol === 'HTTP' ? httpProbe(port, req.healthCheck.path, this.timing.timeoutMs) : tcpProbe(port, this.timing.timeoutMs),
    );
    if (containerRun.cancelled) {
      await this.remove(containerRun);
      return stopped();
    }
    if (!healthy) {
      const state = containerRun.exited ? await this.exitState(containerRun) : undefined;
      await this.remove(containerRun);
      if (state?.oomKilled) {
        log(`[AppRunner] Your application ran out of memory and was stopped. Container exit code: ${state.exitCode}`);
        return { ok: false, reason: 'Your application ran out of memory.' };
      }
      if (state) {
        log(
          `[AppRunner] Your application stopped or failed to start. See logs for more information. Container exit code: ${state.exitCode}`,
        );
        return { ok: false, reason: 'Your application stopped or failed to start.' };
      }
      log(
        `[AppRunner] Health check failed on ${check}. Check your configured port number. For more information, see the application logs.`,
      );
      return { ok: false, reason: `Health check failed on ${check}` };
    }
    log(`[AppRunner] Health check on ${check} is successful.`);
    // The new revision serves now; the one it replaces goes.
    for (const previous of [...this.runs]) {
      if (previous !== containerRun && previous.serviceKey === serviceKey) {
        await this.remove(previous);
      }
    }
    containerRun.serving = true;
    return { ok: true, url: `127.0.0.1:${port}` };
  }

  async stop(account: string, region: string, serviceId: string): Promise<void> {
    const serviceKey = `${account}/${region}/${serviceId}`;
    const owned = [...this.runs].filter((r) => r.serviceKey === serviceKey);
    owned.forEach((r) => (r.cancelled = true));
    await Promise.all(owned.map((r) => this.remove(r)));
  }

  /** Removes every container this deployer started and its temporary Docker config. */
  async stopAll(): Promise<void> {
    const all = [...this.runs];
    all.forEach((r) => (r.cancelled = true));
    await Promise.all(all.map((r) => this.remove(r)));
    // Containers whose `docker run` was still under way when stopAll began carry the label too.
    const listed = await run(this.docker, ['ps', '-aq', '--filter', `label=${LABEL_INSTANCE}=${this.instance}`]);
    const ids = listed.stdout.split('\n').filter(Boolean);
    if (ids.length > 0) {
      await run(this.docker, ['rm', '-f', ...ids]);
    }
    const config = await this.dockerConfig?.catch(() => undefined);
    this.dockerConfig = undefined;
    if (config) {
      await fs.rm(config, { recursive: true, force: true });
    }
  }

  private pullableImage(identifier: string): string {
    const ecr = PRIVATE_ECR_IMAGE.exec(identifier);
    return ecr ? `${this.opts.registry.url}/${ecr[1]}` : identifier;
  }

  /** A temporary DOCKER_CONFIG logged in to the local registry, made once (retried after a failure). */
  private loggedInConfig(): Promise<string> {
    if (!this.dockerConfig) {
      this.dockerConfig = (async () => {
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'apprunner-emulator-docker-'));
        const login = await run(this.docker, ['login', '--username', 'AWS', '--password-stdin', this.opts.registry.url], {
          env: { ...process.env, DOCKER_CONFIG: dir },
          input: this.opts.registry.password,
        });
        if (login.code !== 0) {
          await fs.rm(dir, { recursive: true, force: true });
          throw new Error(`docker login to ${this.opts.registry.url} failed: ${lastLine(login.stderr)}`);
        }
        return dir;
      })();
      this.dockerConfig.catch(() => (this.dockerConfig = undefined));
    }
    return this.dockerConfig;
  }

  /** Streams the container's stdout and stderr lines until it exits or is removed. */
  private follow(containerRun: ContainerRun, onLine: (line: string) => void): void {
    const follower = spawn(this.docker, ['logs', '--follow', containerRun.containerId!], { stdio: ['ignore', 'pipe', 'pipe'] });
    containerRun.follower = follower;
    for (const stream of [follower.stdout, follower.stderr]) {
      readline.createInterface({ input: stream }).on('line', onLine);
    }
    follower.on('close', () => (containerRun.exited = true));
    follower.on('error', () => (containerRun.exited = true));
  }

  /** App Runner's check: consecutive successes or failures decide, bounded by maxWaitMs. */
  private async healthCheck(containerRun: ContainerRun, probe: () => Promise<boolean>): Promise<boolean> {
    const deadline = Date.now() + this.timing.maxWaitMs;
    let successes = 0;
    let failures = 0;
    for (;;) {
      if (containerRun.cancelled || containerRun.exited) return false;
      if (await probe()) {
        successes++;
        failures = 0;
      } else {
        failures++;
        successes = 0;
      }
      if (successes >= this.timing.healthyThreshold) return true;
      if (failures >= this.timing.unhealthyThreshold || Date.now() + this.timing.intervalMs > deadline) return false;
      await sleep(this.timing.intervalMs);
    }
  }

  private async exitState(containerRun: ContainerRun): Promise<{ exitCode: number; oomKilled: boolean } | undefined> {
    const inspected = await run(this.docker, [
      'inspect',
      '--format',
      '{{.State.ExitCode}} {{.State.OOMKilled}}',
      containerRun.containerId!,
    ]);
    const [code, oom] = inspected.stdout.trim().split(' ');
    return inspected.code === 0 ? { exitCode: Number(code), oomKilled: oom === 'true' || Number(code) === 137 } : undefined;
  }

  /** `os/architecture` of a pulled image. */
  private async imagePlatform(image: string, env: NodeJS.ProcessEnv): Promise<string> {
    const inspected = await run(this.docker, ['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', image], { env });
    return inspected.code === 0 ? inspected.stdout.trim() : 'unknown';
  }

  private async remove(containerRun: ContainerRun): Promise<void> {
    this.runs.delete(containerRun);
    if (containerRun.containerId) {
      await run(this.docker, ['rm', '-f', containerRun.containerId]);
    }
    containerRun.follower?.kill();
  }
}
