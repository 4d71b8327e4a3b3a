// Amazon ECS Express Mode (API 2014-11-13, awsJson1_1, target AmazonEC2ContainerServiceV20141113.)
// for the local emulator: Express services and their service deployments, per account and region.
//
// Operations: CreateExpressGatewayService, DescribeExpressGatewayService, UpdateExpressGatewayService,
// DeleteExpressGatewayService, ListServiceDeployments, DescribeServiceDeployments. Any other target
// answers UnknownOperationException. Inputs are validated as the model and the API reference describe
// them (required members, types, names, Fargate CPU/memory pairs, tags, scaling bounds).
//
// Running: with a Deployer (the Docker one, see dockerDeployer.ts) each deployment runs the primary
// container's image with its environment and its secrets, read with the *execution* role (as ECS does;
// App Runner used the instance role), and health checks `healthCheckPath` over HTTP. Every service has
// one endpoint from creation on: a loopback proxy standing for the Application Load Balancer, answering
// 503 while no task is healthy and forwarding to the serving container after that. Like an ALB's DNS
// name, the endpoint stays the same across deployments (the App Runner emulation's URL does not).
// Emulator deviation: the engine has no bridge network, so the container is told its host port in PORT
// (ECS sets no PORT; an app that ignores PORT cannot be run by the emulator). One container stands for
// all of a revision's tasks.
//
// Deployments: PENDING (the first quarter of `deploymentDelayMs`, at most 1 s), IN_PROGRESS, then
// SUCCESSFUL no earlier than `deploymentDelayMs` after creation and not before the container is
// healthy. A failing deployment (the container never listens, exits, its secrets cannot be read) trips
// the circuit breaker: with a previous revision it goes ROLLBACK_IN_PROGRESS for `rollbackDurationMs`
// then ROLLBACK_SUCCESSFUL (the previous revision keeps serving); the first deployment has nothing to
// roll back to and ends STOPPED [U: the status AWS gives a failed first deployment]. Listed newest first.
//
// IAM propagation (real AWS is eventually consistent): a role IAM created less than
// `rolePropagationDelayMs` ago cannot be assumed yet; nor can a role IAM does not know or one that does
// not trust the right service (ecs.amazonaws.com for the infrastructure role, ecs-tasks.amazonaws.com
// for the execution and task roles). CreateExpressGatewayService (and an Update naming such a role)
// then answers InvalidParameterException "ECS was unable to assume the role '<arn>' …" [U: wording
// taken from ECS's task-role message].
//
// A service name in use (ACTIVE or DRAINING) in the cluster answers InvalidParameterException "Creation of
// service was not idempotent." as CreateService does. Clusters: `default` always exists (Express Mode
// creates it); any other answers ClusterNotFoundException. Delete: DRAINING for `drainDurationMs`, then
// INACTIVE; an inactive service is still described, and its name may be used again.
//
// Control route (POST, JSON body): /_emulator/ecs/config {rolePropagationDelayMs?, deploymentDelayMs?,
// rollbackDurationMs?, drainDurationMs?} → the current values; 0 turns a delay off; reset restores them.
//
// Unverified [U] against AWS: the endpoint's form (AWS names a host under on.aws; here `127.0.0.1:<port>`),
// defaults echoed in the configuration (awsLogsConfiguration, scaling bounds), error wordings.
import { createHash, randomBytes } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { Deployer, HandlerResult, RequestContext, ServiceError, ServiceModule } from './types';

export const DEFAULT_ECS_DEPLOYMENT_DELAY_MS = 1500;
export const DEFAULT_ECS_ROLE_PROPAGATION_DELAY_MS = 10_000;
export const DEFAULT_ECS_ROLLBACK_DURATION_MS = 1000;
export const DEFAULT_ECS_DRAIN_DURATION_MS = 1000;

export type RolePrincipal = 'ecs.amazonaws.com' | 'ecs-tasks.amazonaws.com';

export interface EcsModuleOptions {
  /** Runs each deployment's primary container (the Docker deployer); without it deployments only take time. */
  deployer?: Deployer;
  /** IAM's view of a role: when it was created (emulator clock) and whether it trusts a service; undefined when unknown. */
  role?: (account: string, arn: string) => { createdAt: number; trusts: (principal: RolePrincipal) => boolean } | undefined;
  /** The secrets' values as the execution role reads them; a reference it cannot read fails the deployment. */
  resolveSecrets?: (
    account: string,
    region: string,
    executionRoleArn: string,
    secrets: Record<string, string>,
  ) => { env: Record<string, string> } | { error: string };
  deploymentDelayMs?: number;
  rolePropagationDelayMs?: number;
}

interface EcsConfig {
  rolePropagationDelayMs: number;
  deploymentDelayMs: number;
  rollbackDurationMs: number;
  drainDurationMs: number;
}

type Json = Record<string, any>;

interface Container {
  image: string;
  containerPort: number;
  awsLogsConfiguration: { logGroup: string; logStreamPrefix: string };
  repositoryCredentials?: { credentialsParameter: string };
  command?: string[];
  environment?: Array<{ name: string; value: string }>;
  secrets?: Array<{ name: string; valueFrom: string }>;
}

interface ServiceConfiguration {
  executionRoleArn: string;
  taskRoleArn?: string;
  cpu: string;
  memory: string;
  networkConfiguration?: { subnets?: string[]; securityGroups?: string[] };
  healthCheckPath: string;
  primaryContainer: Container;
  scalingTarget: { minTaskCount: number; maxTaskCount: number; autoScalingMetric: string; autoScalingTargetValue: number };
}

interface Revision {
  arn: string;
  config: ServiceConfiguration;
  createdAt: number;
}

type DeploymentStatus = 'PENDING' | 'IN_PROGRESS' | 'SUCCESSFUL' | 'STOPPED' | 'ROLLBACK_IN_PROGRESS' | 'ROLLBACK_SUCCESSFUL';

interface Deployment {
  arn: string;
  createdAt: number;
  pendingUntil: number;
  readyAt: number;
  target: Revision;
  source?: Revision;
  decision?: { ok: boolean; reason?: string; url?: string; at: number };
  rollbackEndsAt?: number;
  finishedAt?: number;
  final?: DeploymentStatus;
  timer?: NodeJS.Timeout;
}

interface ExpressService {
  account: string;
  region: string;
  cluster: string;
  name: string;
  arn: string;
  /** Stands for the service id in the deployer's container labels. */
  key: string;
  infrastructureRoleArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  createdAt: number;
  updatedAt: number;
  drainsAt?: number;
  tags: Array<{ key: string; value: string }>;
  /** The revision that serves (after the first successful deployment). */
  serving?: Revision;
  deployments: Deployment[];
  proxy: LoadBalancer;
}

const TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113.';
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;
const ROLE_ARN = /^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
/** Fargate's CPU units → the memory sizes (MiB) allowed with them. */
const FARGATE_MEMORY: Record<string, number[]> = {
  '256': [512, 1024, 2048],
  '512': range(1024, 4096, 1024),
  '1024': range(2048, 8192, 1024),
  '2048': range(4096, 16384, 1024),
  '4096': range(8192, 30720, 1024),
  '8192': range(16384, 61440, 4096),
  '16384': range(32768, 122880, 8192),
};
const SCALING_METRICS = ['AVERAGE_CPU', 'AVERAGE_MEMORY', 'REQUEST_COUNT_PER_TARGET'];
const DEPLOYMENT_STATUSES = [
  'PENDING',
  'SUCCESSFUL',
  'STOPPED',
  'STOP_REQUESTED',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

function range(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidParameterException', message);
}

const seconds = (ms: number): number => ms / 1000;

// ---- input reading -----------------------------------------------------------------------------

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(obj: Json, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ServiceError('SerializationException', `${where}${key} must be a string`);
  return value;
}

function requiredString(obj: Json, key: string, where: string): string {
  const value = optionalString(obj, key, where);
  if (value === undefined || value === '') throw invalid(`${where}${key} is required and must not be empty.`);
  return value;
}

function optionalInteger(obj: Json, key: string, where: string): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new ServiceError('SerializationException', `${where}${key} must be an integer`);
  return value;
}

function optionalObject(obj: Json, key: string, where: string): Json | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new ServiceError('SerializationException', `${where}${key} must be a structure`);
  return value;
}

function optionalList(obj: Json, key: string, where: string): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new ServiceError('SerializationException', `${where}${key} must be a list`);
  return value;
}

function stringList(obj: Json, key: string, where: string): string[] | undefined {
  return optionalList(obj, key, where)?.map((v, i) => {
    if (typeof v !== 'string') throw new ServiceError('SerializationException', `${where}${key}[${i}] must be a string`);
    return v;
  });
}

function roleArn(value: string, member: string): string {
  if (!ROLE_ARN.test(value)) throw invalid(`${member} '${value}' is not a valid IAM role ARN.`);
  return value;
}

function readContainer(input: Json, where: string, defaults: { logGroup: string }): Container {
  const image = requiredString(input, 'image', where);
  if (image.length > 1024 || /\s/.test(image)) throw invalid(`${where}image '${image}' is not a valid container image reference.`);
  const containerPort = optionalInteger(input, 'containerPort', where) ?? 80;
  if (containerPort < 1 || containerPort > 65535) throw invalid(`${where}containerPort must be between 1 and 65535.`);
  const container: Container = {
    image,
    containerPort,
    awsLogsConfiguration: { logGroup: defaults.logGroup, logStreamPrefix: 'ecs' },
  };
  const logs = optionalObject(input, 'awsLogsConfiguration', where);
  if (logs) {
    container.awsLogsConfiguration = {
      logGroup: requiredString(logs, 'logGroup', `${where}awsLogsConfiguration.`),
      logStreamPrefix: requiredString(logs, 'logStreamPrefix', `${where}awsLogsConfiguration.`),
    };
  }
  const credentials = optionalObject(input, 'repositoryCredentials', where);
  const parameter = credentials && optionalString(credentials, 'credentialsParameter', `${where}repositoryCredentials.`);
  if (parameter) container.repositoryCredentials = { credentialsParameter: parameter };
  const command = stringList(input, 'command', where);
  if (command?.length) container.command = command;
  const environment = optionalList(input, 'environment', where)?.map((e, i) => {
    const at = `${where}environment[${i}].`;
    if (!isObject(e)) throw new ServiceError('SerializationException', `${at} must be a structure`);
    return { name: requiredString(e, 'name', at), value: optionalString(e, 'value', at) ?? '' };
  });
  const secrets = optionalList(input, 'secrets', where)?.map((s, i) => {
    const at = `${where}secrets[${i}].`;
    if (!isObject(s)) throw new ServiceError('SerializationException', `${at} must be a structure`);
    return { name: requiredString(s, 'name', at), valueFrom: requiredString(s, 'valueFrom', at) };
  });
  const names = [...(environment ?? []), ...(secrets ?? [])].map((e) => e.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw invalid(`${where}environment and secrets define '${repeated}' more than once.`);
  if (environment?.length) container.environment = environment;
  if (secrets?.length) container.secrets = secrets;
  return container;
}

function readScaling(input: Json | undefined, base: ServiceConfiguration['scalingTarget']): ServiceConfiguration['scalingTarget'] {
  if (!input) return base;
  const where = 'scalingTarget.';
  const scaling = {
    minTaskCount: optionalInteger(input, 'minTaskCount', where) ?? base.minTaskCount,
    maxTaskCount: optionalInteger(input, 'maxTaskCount', where) ?? base.maxTaskCount,
    autoScalingMetric: optionalString(input, 'autoScalingMetric', where) ?? base.autoScalingMetric,
    autoScalingTargetValue: optionalInteger(input, 'autoScalingTargetValue', where) ?? base.autoScalingTargetValue,
  };
  if (!SCALING_METRICS.includes(scaling.autoScalingMetric)) {
    throw invalid(`${where}autoScalingMetric '${scaling.autoScalingMetric}' must be one of ${SCALING_METRICS.join(', ')}.`);
  }
  if (scaling.minTaskCount < 0 || scaling.maxTaskCount < 1 || scaling.minTaskCount > scaling.maxTaskCount) {
    throw invalid(
      `${where}minTaskCount (${scaling.minTaskCount}) must be between 0 and maxTaskCount (${scaling.maxTaskCount}), which must be at least 1.`,
    );
  }
  if (scaling.autoScalingTargetValue < 1) throw invalid(`${where}autoScalingTargetValue must be at least 1.`);
  return scaling;
}

function readNetwork(input: Json | undefined): ServiceConfiguration['networkConfiguration'] {
  if (!input) return undefined;
  const subnets = stringList(input, 'subnets', 'networkConfiguration.');
  const securityGroups = stringList(input, 'securityGroups', 'networkConfiguration.');
  if (subnets && subnets.length > 16) throw invalid('networkConfiguration.subnets can have at most 16 subnets.');
  if (securityGroups && securityGroups.length > 5) throw invalid('networkConfiguration.securityGroups can have at most 5 security groups.');
  return { ...(subnets ? { subnets } : {}), ...(securityGroups ? { securityGroups } : {}) };
}

function checkFargateSize(cpu: string, memory: string): void {
  const allowed = FARGATE_MEMORY[cpu];
  if (!allowed || !allowed.includes(Number(memory))) {
    throw new ServiceError('ClientException', `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory.`);
  }
}

function readHealthCheckPath(value: string | undefined, base: string): string {
  const path = value ?? base;
  if (!path.startsWith('/') || path.length > 1024 || /\s/.test(path)) {
    throw invalid(`healthCheckPath '${path}' must start with a forward slash and contain no spaces.`);
  }
  return path;
}

function readTags(input: Json): Array<{ key: string; value: string }> {
  const tags = optionalList(input, 'tags', '') ?? [];
  if (tags.length > 50) throw invalid('A service can have at most 50 tags.');
  return tags.map((t, i) => {
    if (!isObject(t)) throw new ServiceError('SerializationException', `tags[${i}] must be a structure`);
    const key = requiredString(t, 'key', `tags[${i}].`);
    const value = optionalString(t, 'value', `tags[${i}].`) ?? '';
    if ([...key].length > 128 || !TAG_TEXT.test(key) || key.toLowerCase().startsWith('aws:')) {
      throw invalid(`The tag key '${key}' is not valid: up to 128 letters, digits, spaces and _.:/=+-@, not starting with aws:.`);
    }
    if ([...value].length > 256 || !TAG_TEXT.test(value))
      throw invalid(`The tag value of '${key}' is not valid: up to 256 letters, digits, spaces and _.:/=+-@.`);
    return { key, value };
  });
}

function clusterName(cluster: string | undefined): string {
  if (!cluster) return 'default';
  const fromArn = /^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/(.+)$/.exec(cluster);
  return fromArn ? fromArn[1] : cluster;
}

// ---- the load balancer stand-in -----------------------------------------------------------------

/** A loopback HTTP proxy: 503 while no task is healthy, the serving container's answers after. */
class LoadBalancer {
  target?: string;
  private readonly server: http.Server;
  private readonly listening: Promise<number>;

  constructor() {
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.listening = new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  async endpoint(): Promise<string> {
    return `127.0.0.1:${await this.listening}`;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const unavailable = (): void => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>\n');
    };
    if (!this.target) return unavailable();
    const [host, port] = this.target.split(':');
    const upstream = http.request(
      { host, port: Number(port), method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', unavailable);
    req.pipe(upstream);
  }
}

// ---- the module -----------------------------------------------------------------------------------

export function createEcsModule(opts: EcsModuleOptions = {}): ServiceModule {
  const initialConfig: EcsConfig = {
    rolePropagationDelayMs: opts.rolePropagationDelayMs ?? DEFAULT_ECS_ROLE_PROPAGATION_DELAY_MS,
    deploymentDelayMs: opts.deploymentDelayMs ?? DEFAULT_ECS_DEPLOYMENT_DELAY_MS,
    rollbackDurationMs: DEFAULT_ECS_ROLLBACK_DURATION_MS,
    drainDurationMs: DEFAULT_ECS_DRAIN_DURATION_MS,
  };
  let config = { ...initialConfig };
  let services: ExpressService[] = [];
  /** Emulator clock minus Date.now(), learned from every request and control call. */
  let skewMs = 0;
  const clock = (): number => Date.now() + skewMs;

  const serviceArn = (account: string, region: string, cluster: string, name: string): string =>
    `arn:aws:ecs:${region}:${account}:service/${cluster}/${name}`;
  const clusterArn = (s: ExpressService): string => `arn:aws:ecs:${s.region}:${s.account}:cluster/${s.cluster}`;
  const revisionArn = (s: ExpressService): string =>
    `arn:aws:ecs:${s.region}:${s.account}:service-revision/${s.cluster}/${s.name}/${BigInt(`0x${randomBytes(7).toString('hex')}`).toString()}`;
  const deploymentArn = (s: ExpressService): string =>
    `arn:aws:ecs:${s.region}:${s.account}:service-deployment/${s.cluster}/${s.name}/${randomBytes(16).toString('base64url').slice(0, 21)}`;

  function requireAssumable(account: string, arn: string, principal: RolePrincipal, member: string, now: number): void {
    const role = opts.role?.(account, arn);
    const assumable = role !== undefined && role.trusts(principal) && now - role.createdAt >= config.rolePropagationDelayMs;
    if (!assumable) {
      throw invalid(
        `ECS was unable to assume the role '${arn}' that was provided for this service (${member}). Please verify that the role being passed has the proper trust relationship (${principal}) and permissions and that your IAM user has permissions to pass this role.`,
      );
    }
  }

  function requireRoles(account: string, c: ServiceConfiguration, now: number, infrastructureRoleArn?: string): void {
    if (infrastructureRoleArn) requireAssumable(account, infrastructureRoleArn, 'ecs.amazonaws.com', 'infrastructureRoleArn', now);
    requireAssumable(account, c.executionRoleArn, 'ecs-tasks.amazonaws.com', 'executionRoleArn', now);
    if (c.taskRoleArn) requireAssumable(account, c.taskRoleArn, 'ecs-tasks.amazonaws.com', 'taskRoleArn', now);
  }

  function findService(ctx: RequestContext, arnOrName: string, cluster: string | undefined, notFound: string): ExpressService {
    const arn = arnOrName.startsWith('arn:') ? arnOrName : serviceArn(ctx.account, ctx.region, clusterName(cluster), arnOrName);
    if (arnOrName.startsWith('arn:') && !/^arn:aws[\w-]*:ecs:[a-z0-9-]+:\d{12}:service\/[^/]+\/[^/]+$/.test(arnOrName)) {
      throw invalid(`Invalid service ARN '${arnOrName}'.`);
    }
    // The newest service of that ARN: a name may be used again after an earlier service became INACTIVE.
    const found = [...services].reverse().find((s) => s.account === ctx.account && s.region === ctx.region && s.arn === arn);
    if (!found)
      throw new ServiceError(
        notFound,
        notFound === 'ResourceNotFoundException' ? `The specified resource wasn't found: ${arn}` : 'Service not found.',
      );
    return found;
  }

  function requireCluster(cluster: string): void {
    if (cluster !== 'default') throw new ServiceError('ClusterNotFoundException', 'Cluster not found.');
  }

  // ---- deployments ---------------------------------------------------------------------------

  function statusOf(d: Deployment, now: number): DeploymentStatus {
    if (d.final) return d.final;
    if (d.rollbackEndsAt !== undefined) return 'ROLLBACK_IN_PROGRESS';
    return now < d.pendingUntil ? 'PENDING' : 'IN_PROGRESS';
  }

  function startDeployment(service: ExpressService, target: Revision, now: number): Deployment {
    const delay = config.deploymentDelayMs;
    const deployment: Deployment = {
      arn: deploymentArn(service),
      createdAt: now,
      pendingUntil: now + Math.min(delay / 4, 1000),
      readyAt: now + delay,
      target,
      source: service.serving,
    };
    // A newer deployment replaces one still running: that one stops where it is.
    for (const earlier of service.deployments) {
      if (!earlier.final) finish(service, earlier, 'STOPPED', now, 'Stopped: a newer deployment started.');
    }
    service.deployments.push(deployment);
    service.updatedAt = now;
    const decide = (decision: Deployment['decision']): void => {
      deployment.decision = decision;
      settle(service, deployment);
    };
    const deployer = opts.deployer;
    if (!deployer) {
      decide({ ok: true, at: now });
    } else {
      const c = target.config;
      const env = Object.fromEntries((c.primaryContainer.environment ?? []).map((e) => [e.name, e.value]));
      const secrets = Object.fromEntries((c.primaryContainer.secrets ?? []).map((s) => [s.name, s.valueFrom]));
      const resolved = Object.keys(secrets).length
        ? (opts.resolveSecrets?.(service.account, service.region, c.executionRoleArn, secrets) ?? {
            error: 'The emulator has no Secrets Manager or Parameter Store to read secrets from.',
          })
        : { env: {} };
      if ('error' in resolved) {
        decide({
          ok: false,
          reason: `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ${resolved.error}`,
          at: now,
        });
      } else {
        deployer
          .deploy(
            {
              account: service.account,
              region: service.region,
              serviceName: `ecs-${service.name}`.slice(0, 60),
              serviceId: service.key,
              operationId: deployment.arn
                .split('/')
                .pop()!
                .replace(/[^A-Za-z0-9]/g, '0'),
              imageIdentifier: c.primaryContainer.image,
              port: String(c.primaryContainer.containerPort),
              env: { ...env, ...resolved.env },
              healthCheck: { protocol: 'HTTP', path: c.healthCheckPath },
            },
            () => undefined,
          )
          .then(
            (result) => decide({ ok: result.ok, reason: result.reason, url: result.url, at: clock() }),
            (e: unknown) => decide({ ok: false, reason: String((e as Error)?.message ?? e), at: clock() }),
          );
      }
    }
    // Timers may fire a little early by Date.now(); the deployment was due when its timer fired.
    deployment.timer = setTimeout(() => settle(service, deployment, Math.max(clock(), deployment.readyAt)), delay);
    deployment.timer.unref();
    return deployment;
  }

  /** Ends the deployment once it is decided and due at `now`; a failure with a revision to go back to rolls back first. */
  function settle(service: ExpressService, d: Deployment, now = clock()): void {
    if (d.final || !d.decision || !services.includes(service) || now < d.readyAt) return;
    const decidedAt = Math.max(d.readyAt, d.decision.at);
    if (d.decision.ok) {
      service.serving = d.target;
      if (d.decision.url) service.proxy.target = d.decision.url;
      return finish(service, d, 'SUCCESSFUL', decidedAt);
    }
    if (!d.source) return finish(service, d, 'STOPPED', decidedAt, circuitBreakerReason(d.decision.reason));
    if (d.rollbackEndsAt === undefined) {
      const endsAt = decidedAt + config.rollbackDurationMs;
      d.rollbackEndsAt = endsAt;
      clearTimeout(d.timer);
      d.timer = setTimeout(() => settle(service, d, Math.max(clock(), endsAt)), Math.max(0, endsAt - now));
      d.timer.unref();
    }
    if (now >= d.rollbackEndsAt) finish(service, d, 'ROLLBACK_SUCCESSFUL', d.rollbackEndsAt, circuitBreakerReason(d.decision.reason));
  }

  function circuitBreakerReason(reason: string | undefined): string {
    return `ECS deployment circuit breaker: tasks failed to start. ${reason ?? ''}`.trim();
  }

  function finish(service: ExpressService, d: Deployment, status: DeploymentStatus, at: number, reason?: string): void {
    clearTimeout(d.timer);
    d.final = status;
    d.finishedAt = at;
    if (reason) d.decision = { ...(d.decision ?? { ok: false, at }), reason };
    service.updatedAt = Math.max(service.updatedAt, at);
  }

  function settleAll(now: number): void {
    for (const s of services) {
      for (const d of s.deployments) settle(s, d, now);
      if (s.status === 'DRAINING' && s.drainsAt !== undefined && now >= s.drainsAt) {
        s.status = 'INACTIVE';
        s.updatedAt = s.drainsAt;
      }
    }
  }

  // ---- answers --------------------------------------------------------------------------------

  async function configurationShape(s: ExpressService, r: Revision): Promise<Json> {
    return {
      serviceRevisionArn: r.arn,
      executionRoleArn: r.config.executionRoleArn,
      ...(r.config.taskRoleArn ? { taskRoleArn: r.config.taskRoleArn } : {}),
      cpu: r.config.cpu,
      memory: r.config.memory,
      ...(r.config.networkConfiguration ? { networkConfiguration: r.config.networkConfiguration } : {}),
      healthCheckPath: r.config.healthCheckPath,
      primaryContainer: r.config.primaryContainer,
      scalingTarget: r.config.scalingTarget,
      ingressPaths: [
        { accessType: r.config.networkConfiguration?.subnets?.length ? 'PRIVATE' : 'PUBLIC', endpoint: await s.proxy.endpoint() },
      ],
      createdAt: seconds(r.createdAt),
    };
  }

  /** The configurations traffic goes to: the serving revision, and the new one while a deployment runs. */
  function activeRevisions(s: ExpressService, now: number): Revision[] {
    const current = s.deployments[s.deployments.length - 1];
    const running = current && !current.final && statusOf(current, now) !== 'PENDING';
    const revisions = [s.serving, running || !s.serving ? current?.target : undefined].filter((r): r is Revision => r !== undefined);
    return [...new Set(revisions)];
  }

  async function serviceShape(s: ExpressService, now: number, withTags: boolean): Promise<Json> {
    const current = s.deployments[s.deployments.length - 1];
    return {
      cluster: clusterArn(s),
      serviceName: s.name,
      serviceArn: s.arn,
      infrastructureRoleArn: s.infrastructureRoleArn,
      status: { statusCode: s.status },
      ...(current ? { currentDeployment: current.arn } : {}),
      activeConfigurations: s.status === 'INACTIVE' ? [] : await Promise.all(activeRevisions(s, now).map((r) => configurationShape(s, r))),
      ...(withTags && s.tags.length ? { tags: s.tags } : {}),
      createdAt: seconds(s.createdAt),
      updatedAt: seconds(s.updatedAt),
    };
  }

  function revisionSummary(r: Revision, running: number, requested: number, weight: number): Json {
    return {
      arn: r.arn,
      requestedTaskCount: requested,
      runningTaskCount: running,
      pendingTaskCount: Math.max(0, requested - running),
      requestedTestTrafficWeight: 0,
      requestedProductionTrafficWeight: weight,
    };
  }

  function deploymentShape(s: ExpressService, d: Deployment, now: number): Json {
    const status = statusOf(d, now);
    const tasks = d.target.config.scalingTarget.minTaskCount || 1;
    const started = status !== 'PENDING';
    const failed = status === 'STOPPED' || status.startsWith('ROLLBACK');
    const targetRunning = status === 'SUCCESSFUL' ? tasks : 0;
    return {
      serviceDeploymentArn: d.arn,
      serviceArn: s.arn,
      clusterArn: clusterArn(s),
      createdAt: seconds(d.createdAt),
      ...(started ? { startedAt: seconds(d.pendingUntil) } : {}),
      ...(d.finishedAt !== undefined ? { finishedAt: seconds(d.finishedAt) } : {}),
      ...(status === 'STOPPED' ? { stoppedAt: seconds(d.finishedAt ?? now) } : {}),
      updatedAt: seconds(d.finishedAt ?? (started ? d.pendingUntil : d.createdAt)),
      // The source revision serves until the target takes over, and again after a rollback.
      sourceServiceRevisions: d.source
        ? [revisionSummary(d.source, status === 'SUCCESSFUL' ? 0 : tasks, failed ? tasks : 0, failed ? 100 : 0)]
        : [],
      targetServiceRevision: revisionSummary(d.target, targetRunning, failed ? 0 : tasks, status === 'SUCCESSFUL' ? 100 : 0),
      status,
      ...(d.final && d.decision?.reason ? { statusReason: d.decision.reason } : {}),
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        strategy: 'CANARY',
        canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 3 },
      },
      ...(d.rollbackEndsAt !== undefined && d.source
        ? {
            rollback: {
              reason: d.decision?.reason ?? 'deployment failed',
              startedAt: seconds(d.rollbackEndsAt - config.rollbackDurationMs),
              serviceRevisionArn: d.source.arn,
            },
          }
        : {}),
      deploymentCircuitBreaker: {
        status: failed ? 'TRIGGERED' : d.final ? 'MONITORING_COMPLETE' : 'MONITORING',
        failureCount: failed ? 1 : 0,
        threshold: 3,
      },
    };
  }

  // ---- operations ------------------------------------------------------------------------------

  async function create(input: Json, ctx: RequestContext): Promise<Json> {
    const infrastructureRoleArn = roleArn(requiredString(input, 'infrastructureRoleArn', ''), 'infrastructureRoleArn');
    const executionRoleArn = roleArn(requiredString(input, 'executionRoleArn', ''), 'executionRoleArn');
    const taskRole = optionalString(input, 'taskRoleArn', '');
    const cluster = clusterName(optionalString(input, 'cluster', ''));
    requireCluster(cluster);
    const name = optionalString(input, 'serviceName', '') ?? `express-${randomBytes(4).toString('hex')}`;
    if (!SERVICE_NAME.test(name)) {
      throw invalid(`serviceName '${name}' is not valid: up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens.`);
    }
    const primary = optionalObject(input, 'primaryContainer', '');
    if (!primary) throw invalid('primaryContainer is required.');
    const cpu = optionalString(input, 'cpu', '') ?? '256';
    const memory = optionalString(input, 'memory', '') ?? '512';
    checkFargateSize(cpu, memory);
    const c: ServiceConfiguration = {
      executionRoleArn,
      ...(taskRole ? { taskRoleArn: roleArn(taskRole, 'taskRoleArn') } : {}),
      cpu,
      memory,
      networkConfiguration: readNetwork(optionalObject(input, 'networkConfiguration', '')),
      healthCheckPath: readHealthCheckPath(optionalString(input, 'healthCheckPath', ''), '/ping'),
      primaryContainer: readContainer(primary, 'primaryContainer.', { logGroup: `/aws/ecs/${cluster}/${name}` }),
      scalingTarget: readScaling(optionalObject(input, 'scalingTarget', ''), {
        minTaskCount: 1,
        maxTaskCount: 20,
        autoScalingMetric: 'AVERAGE_CPU',
        autoScalingTargetValue: 60,
      }),
    };
    if (!c.networkConfiguration) delete c.networkConfiguration;
    const tags = readTags(input);
    const arn = serviceArn(ctx.account, ctx.region, cluster, name);
    if (services.some((s) => s.arn === arn && s.status !== 'INACTIVE')) throw invalid('Creation of service was not idempotent.');
    requireRoles(ctx.account, c, ctx.now, infrastructureRoleArn);
    const service: ExpressService = {
      account: ctx.account,
      region: ctx.region,
      cluster,
      name,
      arn,
      key: createHash('sha1').update(`${arn}/${ctx.now}`).digest('hex').slice(0, 32),
      infrastructureRoleArn,
      status: 'ACTIVE',
      createdAt: ctx.now,
      updatedAt: ctx.now,
      tags,
      deployments: [],
      proxy: new LoadBalancer(),
    };
    services.push(service);
    startDeployment(service, { arn: revisionArn(service), config: c, createdAt: ctx.now }, ctx.now);
    return { service: await serviceShape(service, ctx.now, true) };
  }

  async function update(input: Json, ctx: RequestContext): Promise<Json> {
    const service = findService(ctx, requiredString(input, 'serviceArn', ''), undefined, 'ServiceNotFoundException');
    if (service.status !== 'ACTIVE') throw new ServiceError('ServiceNotActiveException', 'Service was not ACTIVE.');
    const base = service.deployments[service.deployments.length - 1].target.config;
    const executionRole = optionalString(input, 'executionRoleArn', '');
    const taskRole = optionalString(input, 'taskRoleArn', '');
    const primary = optionalObject(input, 'primaryContainer', '');
    const network = optionalObject(input, 'networkConfiguration', '');
    const c: ServiceConfiguration = {
      ...base,
      executionRoleArn: executionRole ? roleArn(executionRole, 'executionRoleArn') : base.executionRoleArn,
      ...(taskRole ? { taskRoleArn: roleArn(taskRole, 'taskRoleArn') } : {}),
      cpu: optionalString(input, 'cpu', '') ?? base.cpu,
      memory: optionalString(input, 'memory', '') ?? base.memory,
      healthCheckPath: readHealthCheckPath(optionalString(input, 'healthCheckPath', ''), base.healthCheckPath),
      // [U] a given primaryContainer replaces the whole container definition.
      primaryContainer: primary
        ? readContainer(primary, 'primaryContainer.', { logGroup: base.primaryContainer.awsLogsConfiguration.logGroup })
        : base.primaryContainer,
      scalingTarget: readScaling(optionalObject(input, 'scalingTarget', ''), base.scalingTarget),
    };
    if (network) c.networkConfiguration = readNetwork(network);
    checkFargateSize(c.cpu, c.memory);
    requireRoles(ctx.account, c, ctx.now);
    const target: Revision = { arn: revisionArn(service), config: c, createdAt: ctx.now };
    startDeployment(service, target, ctx.now);
    return {
      service: {
        serviceArn: service.arn,
        cluster: clusterArn(service),
        serviceName: service.name,
        status: { statusCode: service.status },
        targetConfiguration: await configurationShape(service, target),
        createdAt: seconds(service.createdAt),
        updatedAt: seconds(service.updatedAt),
      },
    };
  }

  async function remove(input: Json, ctx: RequestContext): Promise<Json> {
    const service = findService(ctx, requiredString(input, 'serviceArn', ''), undefined, 'ServiceNotFoundException');
    if (service.status !== 'ACTIVE') throw new ServiceError('ServiceNotActiveException', 'Service was not ACTIVE.');
    const shape = await serviceShape(service, ctx.now, false);
    for (const d of service.deployments) if (!d.final) finish(service, d, 'STOPPED', ctx.now, 'Stopped: the service is being deleted.');
    service.status = 'DRAINING';
    service.drainsAt = ctx.now + config.drainDurationMs;
    service.updatedAt = ctx.now;
    stopRunning(service);
    return { service: { ...shape, status: { statusCode: 'DRAINING' }, updatedAt: seconds(ctx.now) } };
  }

  function stopRunning(service: ExpressService): void {
    service.proxy.target = undefined;
    service.proxy.close();
    void opts.deployer?.stop(service.account, service.region, service.key).catch(() => undefined);
  }

  function listDeployments(input: Json, ctx: RequestContext): Json {
    const service = findService(
      ctx,
      requiredString(input, 'service', ''),
      optionalString(input, 'cluster', ''),
      'ServiceNotFoundException',
    );
    const statuses = stringList(input, 'status', '');
    for (const s of statuses ?? [])
      if (!DEPLOYMENT_STATUSES.includes(s)) throw invalid(`status '${s}' is not a service deployment status.`);
    const createdAt = optionalObject(input, 'createdAt', '');
    const after = typeof createdAt?.after === 'number' ? createdAt.after * 1000 : -Infinity;
    const before = typeof createdAt?.before === 'number' ? createdAt.before * 1000 : Infinity;
    const max = optionalInteger(input, 'maxResults', '') ?? 20;
    if (max < 1 || max > 100) throw invalid('maxResults must be between 1 and 100.');
    const token = optionalString(input, 'nextToken', '');
    const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw invalid('The nextToken is not valid.');
    const matching = [...service.deployments]
      .reverse()
      .filter((d) => (!statuses?.length || statuses.includes(statusOf(d, ctx.now))) && d.createdAt >= after && d.createdAt <= before);
    const page = matching.slice(start, start + max);
    return {
      serviceDeployments: page.map((d) => {
        const full = deploymentShape(service, d, ctx.now);
        return {
          serviceDeploymentArn: full.serviceDeploymentArn,
          serviceArn: full.serviceArn,
          clusterArn: full.clusterArn,
          ...(full.startedAt !== undefined ? { startedAt: full.startedAt } : {}),
          createdAt: full.createdAt,
          ...(full.finishedAt !== undefined ? { finishedAt: full.finishedAt } : {}),
          targetServiceRevisionArn: d.target.arn,
          status: full.status,
          ...(full.statusReason ? { statusReason: full.statusReason } : {}),
        };
      }),
      ...(start + max < matching.length ? { nextToken: Buffer.from(String(start + max)).toString('base64url') } : {}),
    };
  }

  function describeDeployments(input: Json, ctx: RequestContext): Json {
    const arns = stringList(input, 'serviceDeploymentArns', '');
    if (!arns?.length) throw invalid('serviceDeploymentArns is required and must not be empty.');
    if (arns.length > 20) throw invalid('serviceDeploymentArns can name at most 20 service deployments.');
    const found: Json[] = [];
    const failures: Json[] = [];
    for (const arn of arns) {
      const service = services.find(
        (s) => s.account === ctx.account && s.region === ctx.region && s.deployments.some((d) => d.arn === arn),
      );
      const deployment = service?.deployments.find((d) => d.arn === arn);
      if (service && deployment) found.push(deploymentShape(service, deployment, ctx.now));
      else failures.push({ arn, reason: 'MISSING' });
    }
    return { serviceDeployments: found, failures };
  }

  return {
    name: 'ecs',
    targetPrefix: TARGET_PREFIX,
    signingName: 'ecs',
    protocol: 'awsJson1_1',

    async handle(input: unknown, ctx: RequestContext): Promise<HandlerResult> {
      skewMs = ctx.now - Date.now();
      if (!isObject(input)) throw new ServiceError('SerializationException', 'The request body must be a JSON object.');
      settleAll(ctx.now);
      switch (ctx.operation) {
        case 'CreateExpressGatewayService':
          return { body: await create(input, ctx) };
        case 'DescribeExpressGatewayService': {
          const include = stringList(input, 'include', '') ?? [];
          if (include.some((i) => i !== 'TAGS')) throw invalid("include may only name 'TAGS'.");
          const service = findService(ctx, requiredString(input, 'serviceArn', ''), undefined, 'ResourceNotFoundException');
          return { body: { service: await serviceShape(service, ctx.now, include.includes('TAGS')) } };
        }
        case 'UpdateExpressGatewayService':
          return { body: await update(input, ctx) };
        case 'DeleteExpressGatewayService':
          return { body: await remove(input, ctx) };
        case 'ListServiceDeployments':
          return { body: listDeployments(input, ctx) };
        case 'DescribeServiceDeployments':
          return { body: describeDeployments(input, ctx) };
        default:
          throw new ServiceError('UnknownOperationException', `The ECS emulator does not implement ${TARGET_PREFIX}${ctx.operation}.`);
      }
    },

    reset() {
      for (const s of services) {
        for (const d of s.deployments) clearTimeout(d.timer);
        if (s.status === 'ACTIVE') stopRunning(s);
      }
      services = [];
      config = { ...initialConfig };
    },

    control(path: string, body: unknown, now: number) {
      skewMs = now - Date.now();
      if (path !== 'config') return undefined;
      const request = isObject(body) ? body : {};
      for (const key of Object.keys(initialConfig) as Array<keyof EcsConfig>) {
        const value = request[key];
        if (value === undefined) continue;
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`${key} must be a number >= 0`);
        config[key] = value;
      }
      return { ...config };
    },
  };
}
