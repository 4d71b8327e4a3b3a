// AWS App Runner (API 2020-05-15, awsJson1_0) for the local emulator: services, their
// asynchronous operations and auto scaling configurations, per account and region.
//
// Operations: ListServices, DescribeService, CreateService, UpdateService, DeleteService,
// PauseService, ResumeService, StartDeployment, ListOperations, ListAutoScalingConfigurations,
// DescribeAutoScalingConfiguration, CreateAutoScalingConfiguration, DeleteAutoScalingConfiguration,
// ListServicesForAutoScalingConfiguration, ListTagsForResource; custom domains, VPC connectors and ingress
// connections, observability configurations: apprunnerNetwork.ts. Any other target answers
// UnknownOperationException.
//
// Lifecycle: every mutation answers at once with Status OPERATION_IN_PROGRESS and an
// OperationId; the operation ends no earlier than `operationDelayMs` after it started (emulator
// clock) and, when a Deployer runs it, not before the deployer has answered. A real timer ends it
// in the background (so bus events flow without polling) and every request first settles the
// operations that are due, so a read never shows a state older than the clock says.
//
// IAM propagation (real AWS is eventually consistent): an access role IAM created less than
// `rolePropagationDelayMs` ago (emulator clock) cannot be assumed yet, and CreateService or an
// UpdateService naming it answers InvalidRequestException "Error in assuming access role <arn>", as
// App Runner does. Roles IAM does not know (tests pass made-up ARNs) are taken as long propagated.
//
// Control routes (POST, JSON body), answered with JSON:
//   /_emulator/apprunner/config        {operationDelayMs?, serviceQuotaPerRegion?, rolePropagationDelayMs?,
//                                       rollbackDurationMs?, autoScalingNamesQuota?,
//                                       autoScalingRevisionsQuota?}
//                                      → the current values; rolePropagationDelayMs 0 turns propagation off;
//                                      rollbackDurationMs: how long a failed deployment of a running service
//                                      shows ROLLBACK_IN_PROGRESS (the service stays OPERATION_IN_PROGRESS);
//                                      autoScalingNamesQuota / autoScalingRevisionsQuota: the account's auto
//                                      scaling quotas (names per region, active revisions per name; 10 and 5);
//                                      POST /_emulator/reset restores the values the module began with
//   /_emulator/apprunner/next-outcome  {serviceName, status, region?, account?, reason?}
//                                      status: SUCCEEDED | FAILED | CREATE_FAILED | ROLLBACK_SUCCEEDED
//                                      | ROLLBACK_FAILED | DELETE_FAILED. Decides the next operation that starts on
//                                      that service (any region/account when omitted); it replaces
//                                      the deployer for that operation. Any failing status means
//                                      "fail": the operation type decides the statuses (create →
//                                      CREATE_FAILED, update/deployment of a RUNNING service →
//                                      ROLLBACK_SUCCEEDED, delete → DELETE_FAILED, pause/resume → FAILED);
//                                      ROLLBACK_FAILED makes that rollback fail too (the previous
//                                      revision keeps serving: unverified against AWS).
//
// Seed format (the "apprunner" key of a seed file, see seeds/demo.json):
//   { "services": [ {
//       "region": "us-east-1",                       required
//       "name": "orders-api",                        required, App Runner service name rules
//       "account": "123456789012",                   default 123456789012
//       "serviceId": "<32 hex>",                     default: derived from account, region and name
//       "status": "RUNNING",                         RUNNING | PAUSED | OPERATION_IN_PROGRESS |
//                                                    CREATE_FAILED | DELETE_FAILED (default RUNNING)
//       "image": "<ImageIdentifier>",                image-based service (ECR, ECR Public or loopback
//                                                    registry); exactly one of image / codeRepository
//       "codeRepository": "https://github.com/o/r",  source-based service
//       "branch": "main", "runtime": "NODEJS_22",    source only; runtime given → ConfigurationSource
//       "buildCommand": "...", "startCommand": "...",  API, else REPOSITORY (apprunner.yaml)
//       "cpu": "1 vCPU", "memory": "2 GB", "port": 8080, "env": {"K": "V"},
//       "minSize": 1, "maxSize": 25, "maxConcurrency": 100,   other than the defaults → an auto
//       "autoScalingConfigurationName": "burst",     scaling configuration (named, or scaling-MIN-MAX-CONC)
//       "isPubliclyAccessible": true, "egress": "DEFAULT" | "VPC", "vpcConnectorArn": "...",
//       "healthCheck": {"protocol": "HTTP", "path": "/health", "interval": 5, "timeout": 2,
//                       "healthyThreshold": 1, "unhealthyThreshold": 5},
//       "tags": {"team": "payments"},
//       "createdAt": "-14d",                         Time (default "-7d"; seed time for an in-progress
//                                                    CREATE_SERVICE)
//       "operations": [ {"type": "START_DEPLOYMENT", "status": "SUCCEEDED",
//                        "startedAt": "-2h", "endedAt": "-2h+4m"} ],
//                                                    finished history, any order; endedAt defaults to
//                                                    startedAt + 2 minutes. Omitted: a CREATE_SERVICE at
//                                                    createdAt, plus a PAUSE_SERVICE for PAUSED and a
//                                                    failed DELETE_SERVICE for DELETE_FAILED.
//       "activity": {"fromHourUtc": 9, "hours": 8, "instances": 1}
//                                                    a known ActiveInstances history for cost checks: every
//                                                    day that many active instances in those hours, 0
//                                                    otherwise (while RUNNING; other metrics keep the model)
//       "inProgress": {"type": "START_DEPLOYMENT", "outcome": "SUCCEEDED"}
//                                                    only with status OPERATION_IN_PROGRESS (default
//                                                    type START_DEPLOYMENT, outcome SUCCEEDED): the
//                                                    operation starts at seed time and ends after the delay
//   } ] }
//   Time: epoch seconds (number), an ISO-8601 string, or an offset from the seed time such as
//   "-90s", "-15m", "-3h", "-2d" or "-2d+4m". Entries pass the same validation as CreateService;
//   an invalid one fails the seed (HTTP 400) naming the entry, after the entries before it loaded.
//
// Unverified against the real service: Cpu/Memory are echoed in numeric units ("1024"/"2048")
// whatever unit the request used, and error messages only imitate App Runner's wording.
import { createHash, randomBytes, randomUUID } from 'crypto';
import type {
  CodeConfiguration,
  CodeConfigurationValues,
  CodeRepository,
  HealthCheckConfiguration,
  ImageConfiguration,
  InstanceConfiguration,
  NetworkConfiguration,
  ServiceObservabilityConfiguration,
  SourceConfiguration,
} from '@aws-sdk/client-apprunner';
import { AppRunnerNetwork, networkRefusal } from './apprunnerNetwork';
import type { EmulatorBus, ServiceRef } from './bus';
import { Deployer, DeploymentResult, HandlerResult, RequestContext, ServiceError, ServiceModule } from './types';

export interface AppRunnerModuleOptions {
  bus: EmulatorBus;
  /** How long each operation stays in progress (default 1500 ms). */
  operationDelayMs?: number;
  /** Runs image-based deployments (e.g. with Docker); without it operations only take time. */
  deployer?: Deployer;
  /** Services per account and region, deleted ones not counted (default 50). */
  serviceQuotaPerRegion?: number;
  /** How long a new IAM role cannot be assumed (default 10 s). */
  rolePropagationDelayMs?: number;
  /** When IAM created the role with this ARN (emulator clock); undefined when IAM does not know it. */
  roleCreatedAt?: (account: string, arn: string) => number | undefined;
  /**
   * The values of RuntimeEnvironmentSecrets as the instance role reads them at deployment
   * (Secrets Manager / SSM and IAM, see secrets.ts and iam.ts); a reference it cannot read fails the deployment.
   */
  resolveSecrets?: (
    account: string,
    region: string,
    instanceRoleArn: string | undefined,
    secrets: Record<string, string>,
  ) => { env: Record<string, string> } | { error: string };
}

/** What App Runner knows about one service, for other emulated services (CloudWatch metrics). */
export interface AppRunnerServiceInfo {
  status: string;
  /** Epoch milliseconds. */
  createdAt: number;
  minSize: number;
  maxSize: number;
  maxConcurrency: number;
  /** A seeded, known ActiveInstances history (see the seed's "activity"). */
  activity?: DailyActivity;
}

/** Every day (UTC), `instances` active instances from `fromHourUtc` for `hours` hours, none otherwise. */
export interface DailyActivity {
  fromHourUtc: number;
  hours: number;
  instances: number;
}

export interface AppRunnerServiceModule extends ServiceModule {
  /** The service with that account, region and id, deleted ones included; undefined if unknown. */
  serviceInfo(ref: ServiceRef): AppRunnerServiceInfo | undefined;
}

export const DEFAULT_OPERATION_DELAY_MS = 1500;
/**
 * App Runner's documented default was not found in the reference material; 50 leaves room for
 * listing tests with many services in one region. Tests lower it through the config route.
 */
export const DEFAULT_SERVICE_QUOTA_PER_REGION = 50;
/** App Runner's documented auto scaling quotas (manage-autoscaling): 10 configuration names, 5 revisions a name. */
export const DEFAULT_AUTO_SCALING_NAMES_QUOTA = 10;
export const DEFAULT_AUTO_SCALING_REVISIONS_QUOTA = 5;
/** Reports show new roles failing for some seconds; public Terraform waits 10 s before CreateService. */
export const DEFAULT_ROLE_PROPAGATION_DELAY_MS = 10_000;
/** Real rollbacks take minutes; a second keeps ROLLBACK_IN_PROGRESS observable without slowing tests. */
export const DEFAULT_ROLLBACK_DURATION_MS = 1000;
const DEFAULT_ACCOUNT = '123456789012';
/** App Runner's launch (May 2021): the DefaultConfiguration predates every service, seeded ones too. */
const DEFAULT_AUTO_SCALING_CREATED_AT = Date.UTC(2021, 4, 18);

type ServiceStatus = 'CREATE_FAILED' | 'RUNNING' | 'DELETED' | 'DELETE_FAILED' | 'PAUSED' | 'OPERATION_IN_PROGRESS';
const OPERATION_TYPES = [
  'CREATE_SERVICE',
  'DELETE_SERVICE',
  'PAUSE_SERVICE',
  'RESUME_SERVICE',
  'START_DEPLOYMENT',
  'UPDATE_SERVICE',
] as const;
type OperationType = (typeof OPERATION_TYPES)[number];
const TERMINAL_OPERATION_STATUSES = ['FAILED', 'SUCCEEDED', 'ROLLBACK_FAILED', 'ROLLBACK_SUCCEEDED'] as const;
type TerminalOperationStatus = (typeof TERMINAL_OPERATION_STATUSES)[number];
type OperationStatus = 'PENDING' | 'IN_PROGRESS' | 'ROLLBACK_IN_PROGRESS' | TerminalOperationStatus;
const FORCED_STATUSES = ['SUCCEEDED', 'FAILED', 'CREATE_FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED', 'DELETE_FAILED'] as const;
const RUNTIMES = [
  'PYTHON_3',
  'NODEJS_12',
  'NODEJS_14',
  'CORRETTO_8',
  'CORRETTO_11',
  'NODEJS_16',
  'GO_1',
  'DOTNET_6',
  'PHP_81',
  'RUBY_31',
  'PYTHON_311',
  'NODEJS_18',
  'NODEJS_22',
] as const;

/** What UpdateService may change, and what a failed update rolls back to. */
interface ServiceConfig {
  source: SourceConfiguration;
  instance: InstanceConfiguration;
  healthCheck: HealthCheckConfiguration;
  network: NetworkConfiguration;
  observability: ServiceObservabilityConfiguration;
  autoScalingArn: string;
}

interface OperationRecord {
  id: string;
  seq: number;
  type: OperationType;
  startedAt: number;
  /** Until then the operation shows PENDING, then IN_PROGRESS. */
  pendingUntil: number;
  /** Set when the deployment failed and the rollback began: ROLLBACK_IN_PROGRESS until it ends. */
  rollbackSince?: number;
  status?: TerminalOperationStatus;
  endedAt?: number;
}

/** How an operation in flight ends, once known. */
interface Decision {
  ok: boolean;
  /** The rollback after a failure fails too (forced). */
  rollbackFails?: boolean;
  reason?: string;
  url?: string;
  at: number;
}

interface InFlight {
  operation: OperationRecord;
  /** The operation never ends before this (emulator clock, ms). */
  readyAt: number;
  decision?: Decision;
  /** Where a failure leaves the service (deletion aside: that fails to DELETE_FAILED). */
  rollbackTo: { status: ServiceStatus; config: ServiceConfig };
  /** When the rollback that follows a failure ends (emulator clock). */
  rollbackEndsAt?: number;
  timer?: NodeJS.Timeout;
}

interface ServiceRecord {
  seq: number;
  account: string;
  region: string;
  name: string;
  id: string;
  arn: string;
  url: string;
  createdAt: number;
  updatedAt: number;
  deletedAt?: number;
  status: ServiceStatus;
  config: ServiceConfig;
  encryptionKmsKey?: string;
  operations: OperationRecord[];
  inFlight?: InFlight;
  activity?: DailyActivity;
}

interface AutoScalingRecord {
  seq: number;
  arn: string;
  name: string;
  revision: number;
  createdAt: number;
  maxConcurrency: number;
  minSize: number;
  maxSize: number;
  isDefault: boolean;
  /** Set by DeleteAutoScalingConfiguration: the revision is INACTIVE (Describe still finds it by full ARN). */
  deletedAt?: number;
}

interface RegionState {
  account: string;
  region: string;
  /** Deleted services stay here (DescribeService shows them) but leave lists and the quota. */
  services: ServiceRecord[];
  autoScaling: AutoScalingRecord[];
  tags: Map<string, Array<{ Key: string; Value: string }>>;
}

interface ForcedOutcome {
  serviceName: string;
  account?: string;
  region?: string;
  ok: boolean;
  rollbackFails?: boolean;
  reason?: string;
}

export type Json = Record<string, unknown>;

interface ModuleConfig {
  operationDelayMs: number;
  serviceQuotaPerRegion: number;
  rolePropagationDelayMs: number;
  rollbackDurationMs: number;
  autoScalingNamesQuota: number;
  autoScalingRevisionsQuota: number;
}

// ---- input validation (answers like the real service: InvalidRequestException) --------------

const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9-_]{3,39}$/;
const AUTO_SCALING_NAME = /^[A-Za-z0-9][A-Za-z0-9\-_]{3,31}$/;
export const RESOURCE_ARN = /^arn:aws(-[\w]+)*:[a-z0-9-\\.]{0,63}:[a-z0-9-\\.]{0,63}:[0-9]{12}:(\w|\/|-){1,1011}$/;
const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::[0-9]{12}:(role|role\/service-role)\/[\w+=,.@\-/]{1,1000}$/;
const KMS_KEY_ARN = /^arn:aws(-[\w]+)*:kms:[a-z-]+-[0-9]{1}:[0-9]{12}:key\/[0-9a-z-]{36}$/;
const NO_LINE_BREAK = /^[^\n\r]+$/;
const REPOSITORY = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*';
const TAG_OR_DIGEST = '(?::[\\w][\\w.-]{0,127}|@sha256:[a-f0-9]{64})?';
const PRIVATE_ECR_IMAGE = new RegExp(`^(\\d{12})\\.dkr\\.ecr\\.[a-z-]+-\\d\\.amazonaws\\.com\\/${REPOSITORY}${TAG_OR_DIGEST}$`);
const PUBLIC_ECR_IMAGE = new RegExp(`^public\\.ecr\\.aws\\/.+\\/${REPOSITORY}${TAG_OR_DIGEST}$`);
// Real App Runner rejects this form: the emulator accepts images from a registry on loopback
// (the local registry that stands in for ECR), e.g. 127.0.0.1:5000/orders-api:20261121-ab12cd3.
const LOOPBACK_REGISTRY_IMAGE = new RegExp(`^(?:localhost|127(?:\\.\\d{1,3}){3}|\\[::1\\]):\\d{1,5}\\/${REPOSITORY}${TAG_OR_DIGEST}$`);

/** Valid instance sizes (reference section 6), in the numeric units the emulator echoes back. */
const CPU_UNITS: Record<string, string> = { '0.25 vCPU': '256', '0.5 vCPU': '512', '1 vCPU': '1024', '2 vCPU': '2048', '4 vCPU': '4096' };
const MEMORY_UNITS: Record<string, string> = {
  '0.5 GB': '512',
  '1 GB': '1024',
  '2 GB': '2048',
  '3 GB': '3072',
  '4 GB': '4096',
  '6 GB': '6144',
  '8 GB': '8192',
  '10 GB': '10240',
  '12 GB': '12288',
};
const MEMORY_FOR_CPU: Record<string, string[]> = {
  '256': ['512', '1024'],
  '512': ['1024'],
  '1024': ['2048', '3072', '4096'],
  '2048': ['4096', '6144'],
  '4096': ['8192', '10240', '12288'],
};

export function invalid(message: string): ServiceError {
  return new ServiceError('InvalidRequestException', message);
}

function constraint(value: unknown, path: string, rule: string): ServiceError {
  const shown = value === undefined || value === null ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return invalid(`1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: ${rule}`);
}

function memberPath(prefix: string, key: string): string {
  const member = key.charAt(0).toLowerCase() + key.slice(1);
  return prefix ? `${prefix}.${member}` : member;
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
}

export function readString(obj: Json, key: string, prefix: string, rule: StringRule = {}): string | undefined {
  const value = obj[key];
  const path = memberPath(prefix, key);
  if (value === undefined || value === null) {
    if (rule.required) {
      throw constraint(value, path, 'Member must not be null');
    }
    return undefined;
  }
  if (typeof value !== 'string') {
    throw constraint(value, path, 'Member must be a string');
  }
  if (rule.min !== undefined && value.length < rule.min) {
    throw constraint(value, path, `Member must have length greater than or equal to ${rule.min}`);
  }
  if (rule.max !== undefined && value.length > rule.max) {
    throw constraint(value, path, `Member must have length less than or equal to ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    throw constraint(value, path, `Member must satisfy regular expression pattern: ${rule.pattern.source}`);
  }
  return value;
}

export function readInteger(obj: Json, key: string, prefix: string, min: number, max: number): number | undefined {
  const value = obj[key];
  const path = memberPath(prefix, key);
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw constraint(value, path, 'Member must be an integer');
  }
  if (value < min) {
    throw constraint(value, path, `Member must have value greater than or equal to ${min}`);
  }
  if (value > max) {
    throw constraint(value, path, `Member must have value less than or equal to ${max}`);
  }
  return value;
}

export function readBoolean(obj: Json, key: string, prefix: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'boolean') {
    throw constraint(value, memberPath(prefix, key), 'Member must be a boolean');
  }
  return value;
}

export function readEnum<T extends string>(obj: Json, key: string, prefix: string, values: readonly T[], required = false): T | undefined {
  const value = readString(obj, key, prefix, { required });
  if (value !== undefined && !(values as readonly string[]).includes(value)) {
    throw constraint(value, memberPath(prefix, key), `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value as T | undefined;
}

export function readObject(obj: Json, key: string, prefix: string, required = false): Json | undefined {
  const value = obj[key];
  if (value === undefined || value === null) {
    if (required) {
      throw constraint(value, memberPath(prefix, key), 'Member must not be null');
    }
    return undefined;
  }
  if (!isObject(value)) {
    throw constraint(value, memberPath(prefix, key), 'Member must be a structure');
  }
  return value;
}

function readStringMap(obj: Json, key: string, prefix: string): Record<string, string> | undefined {
  const map = readObject(obj, key, prefix);
  if (!map) {
    return undefined;
  }
  const path = memberPath(prefix, key);
  for (const [name, value] of Object.entries(map)) {
    if (name.length < 1) {
      throw constraint(name, path, 'Map keys must have length greater than or equal to 1');
    }
    if (typeof value !== 'string') {
      throw constraint(value, `${path}.${name}`, 'Member must be a string');
    }
  }
  return map as Record<string, string>;
}

function readMaxResults(input: Json, max: number): number | undefined {
  return readInteger(input, 'MaxResults', '', 1, max);
}

function normalizeCpu(value: string, path: string): string {
  const units = CPU_UNITS[value] ?? (Object.values(CPU_UNITS).includes(value) ? value : undefined);
  if (!units) {
    throw constraint(value, path, 'Member must satisfy regular expression pattern: 256|512|1024|2048|4096|(0.25|0.5|1|2|4) vCPU');
  }
  return units;
}

function normalizeMemory(value: string, path: string): string {
  const units = MEMORY_UNITS[value] ?? (Object.values(MEMORY_UNITS).includes(value) ? value : undefined);
  if (!units) {
    throw constraint(
      value,
      path,
      'Member must satisfy regular expression pattern: 512|1024|2048|3072|4096|6144|8192|10240|12288|(0.5|1|2|3|4|6|8|10|12) GB',
    );
  }
  return units;
}

/** Merges an InstanceConfiguration input onto `base` and checks the Cpu/Memory pair. */
function readInstanceConfiguration(input: Json | undefined, base: InstanceConfiguration): InstanceConfiguration {
  const prefix = 'instanceConfiguration';
  const cpuInput = input ? readString(input, 'Cpu', prefix) : undefined;
  const memoryInput = input ? readString(input, 'Memory', prefix) : undefined;
  const roleArn = input ? readString(input, 'InstanceRoleArn', prefix, { min: 29, max: 1024, pattern: ROLE_ARN }) : undefined;
  const cpu = cpuInput !== undefined ? normalizeCpu(cpuInput, `${prefix}.cpu`) : base.Cpu!;
  const memory = memoryInput !== undefined ? normalizeMemory(memoryInput, `${prefix}.memory`) : base.Memory!;
  if (!MEMORY_FOR_CPU[cpu].includes(memory)) {
    throw invalid(
      `Memory ${memory} MB is not a valid combination with Cpu ${cpu} units. Valid memory for this Cpu: ${MEMORY_FOR_CPU[cpu].join(', ')} MB.`,
    );
  }
  const result: InstanceConfiguration = { Cpu: cpu, Memory: memory };
  const role = roleArn ?? base.InstanceRoleArn;
  if (role) {
    result.InstanceRoleArn = role;
  }
  return result;
}

function readHealthCheck(input: Json | undefined): HealthCheckConfiguration {
  const prefix = 'healthCheckConfiguration';
  const given = input ?? {};
  return {
    Protocol: readEnum(given, 'Protocol', prefix, ['TCP', 'HTTP'] as const) ?? 'TCP',
    Path: readString(given, 'Path', prefix, { min: 1 }) ?? '/',
    Interval: readInteger(given, 'Interval', prefix, 1, 20) ?? 5,
    Timeout: readInteger(given, 'Timeout', prefix, 1, 20) ?? 2,
    HealthyThreshold: readInteger(given, 'HealthyThreshold', prefix, 1, 20) ?? 1,
    UnhealthyThreshold: readInteger(given, 'UnhealthyThreshold', prefix, 1, 20) ?? 5,
  };
}

/** Merges a NetworkConfiguration input onto `base` (each sub-structure given replaces the old one). */
function readNetwork(input: Json | undefined, base: NetworkConfiguration): NetworkConfiguration {
  if (!input) {
    return base;
  }
  const prefix = 'networkConfiguration';
  const result: NetworkConfiguration = { ...base };
  const egress = readObject(input, 'EgressConfiguration', prefix);
  if (egress) {
    const egressPrefix = `${prefix}.egressConfiguration`;
    const type = readEnum(egress, 'EgressType', egressPrefix, ['DEFAULT', 'VPC'] as const) ?? 'DEFAULT';
    const connector = readString(egress, 'VpcConnectorArn', egressPrefix, { min: 44, max: 1011, pattern: RESOURCE_ARN });
    if (type === 'VPC' && !connector) {
      throw invalid('VpcConnectorArn is required when EgressType is VPC.');
    }
    if (type === 'DEFAULT' && connector) {
      throw invalid('VpcConnectorArn is only allowed when EgressType is VPC.');
    }
    result.EgressConfiguration = connector ? { EgressType: type, VpcConnectorArn: connector } : { EgressType: type };
  }
  const ingress = readObject(input, 'IngressConfiguration', prefix);
  if (ingress) {
    result.IngressConfiguration = {
      IsPubliclyAccessible: readBoolean(ingress, 'IsPubliclyAccessible', `${prefix}.ingressConfiguration`) ?? true,
    };
  }
  const ipAddressType = readEnum(input, 'IpAddressType', prefix, ['IPV4', 'DUAL_STACK'] as const);
  if (ipAddressType) {
    result.IpAddressType = ipAddressType;
  }
  return result;
}

function readObservability(input: Json | undefined, base: ServiceObservabilityConfiguration): ServiceObservabilityConfiguration {
  if (!input) {
    return base;
  }
  const prefix = 'observabilityConfiguration';
  const enabled = readBoolean(input, 'ObservabilityEnabled', prefix);
  if (enabled === undefined) {
    throw constraint(undefined, `${prefix}.observabilityEnabled`, 'Member must not be null');
  }
  const arn = readString(input, 'ObservabilityConfigurationArn', prefix, { min: 1, max: 1011, pattern: RESOURCE_ARN });
  if (enabled && !arn) {
    throw invalid('ObservabilityConfigurationArn is required when ObservabilityEnabled is true.');
  }
  return enabled ? { ObservabilityEnabled: true, ObservabilityConfigurationArn: arn } : { ObservabilityEnabled: false };
}

function readImageConfiguration(input: Json | undefined, prefix: string): ImageConfiguration {
  const given = input ?? {};
  const result: ImageConfiguration = { Port: readPort(given, prefix) ?? '8080' };
  const env = readStringMap(given, 'RuntimeEnvironmentVariables', prefix);
  const secrets = readStringMap(given, 'RuntimeEnvironmentSecrets', prefix);
  const start = readString(given, 'StartCommand', prefix, { pattern: NO_LINE_BREAK });
  if (env) result.RuntimeEnvironmentVariables = env;
  if (secrets) result.RuntimeEnvironmentSecrets = secrets;
  if (start) result.StartCommand = start;
  return result;
}

/** Stricter than the model (any string up to 51200 chars): a deployer has to listen on it. */
function readPort(obj: Json, prefix: string): string | undefined {
  const port = readString(obj, 'Port', prefix, { max: 51200 });
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw constraint(port, memberPath(prefix, 'Port'), 'Member must be a TCP port number (1-65535)');
  }
  return port;
}

function readSourceConfiguration(input: Json, account: string): SourceConfiguration {
  const prefix = 'sourceConfiguration';
  const image = readObject(input, 'ImageRepository', prefix);
  const code = readObject(input, 'CodeRepository', prefix);
  if (!image === !code) {
    throw invalid('SourceConfiguration must have exactly one of ImageRepository and CodeRepository.');
  }
  const auth = readObject(input, 'AuthenticationConfiguration', prefix);
  const authentication: Record<string, string> = {};
  if (auth) {
    const authPrefix = `${prefix}.authenticationConfiguration`;
    const accessRole = readString(auth, 'AccessRoleArn', authPrefix, { min: 29, max: 1024, pattern: ROLE_ARN });
    const connection = readString(auth, 'ConnectionArn', authPrefix, { min: 1, max: 1011, pattern: RESOURCE_ARN });
    if (accessRole) authentication.AccessRoleArn = accessRole;
    if (connection) authentication.ConnectionArn = connection;
  }
  const autoDeployments = readBoolean(input, 'AutoDeploymentsEnabled', prefix);
  const result: SourceConfiguration = {};
  if (image) {
    const imagePrefix = `${prefix}.imageRepository`;
    const identifier = readString(image, 'ImageIdentifier', imagePrefix, { required: true, min: 1, max: 1024 })!;
    const type = readEnum(image, 'ImageRepositoryType', imagePrefix, ['ECR', 'ECR_PUBLIC'] as const, true)!;
    const privateEcr = PRIVATE_ECR_IMAGE.exec(identifier);
    const matchesType =
      type === 'ECR_PUBLIC' ? PUBLIC_ECR_IMAGE.test(identifier) : !!privateEcr || LOOPBACK_REGISTRY_IMAGE.test(identifier);
    if (!matchesType) {
      throw constraint(
        identifier,
        `${imagePrefix}.imageIdentifier`,
        type === 'ECR_PUBLIC'
          ? 'Member must be an ECR Public image URI (public.ecr.aws/<alias>/<repository>[:tag|@digest])'
          : 'Member must be an ECR image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest])' +
              ' or, in this emulator, <loopback host:port>/<repository>[:tag|@digest]',
      );
    }
    result.ImageRepository = {
      ImageIdentifier: identifier,
      ImageRepositoryType: type,
      ImageConfiguration: readImageConfiguration(readObject(image, 'ImageConfiguration', imagePrefix), `${imagePrefix}.imageConfiguration`),
    };
    // Automatic deployments need a same-account private repository.
    const crossAccount = privateEcr !== null && privateEcr[1] !== account;
    result.AutoDeploymentsEnabled = autoDeployments ?? (type === 'ECR' && !crossAccount);
  } else if (code) {
    const codePrefix = `${prefix}.codeRepository`;
    const version = readObject(code, 'SourceCodeVersion', codePrefix, true)!;
    const versionPrefix = `${codePrefix}.sourceCodeVersion`;
    const codeConfig = readObject(code, 'CodeConfiguration', codePrefix, true)!;
    const configPrefix = `${codePrefix}.codeConfiguration`;
    const configurationSource = readEnum(codeConfig, 'ConfigurationSource', configPrefix, ['REPOSITORY', 'API'] as const, true)!;
    const values = readObject(codeConfig, 'CodeConfigurationValues', configPrefix, configurationSource === 'API');
    const codeConfiguration: CodeConfiguration = { ConfigurationSource: configurationSource };
    if (values) {
      const valuesPrefix = `${configPrefix}.codeConfigurationValues`;
      const parsed: CodeConfigurationValues = {
        Runtime: readEnum(values, 'Runtime', valuesPrefix, RUNTIMES, true),
        Port: readPort(values, valuesPrefix) ?? '8080',
      };
      const build = readString(values, 'BuildCommand', valuesPrefix, { pattern: NO_LINE_BREAK });
      const start = readString(values, 'StartCommand', valuesPrefix, { pattern: NO_LINE_BREAK });
      const env = readStringMap(values, 'RuntimeEnvironmentVariables', valuesPrefix);
      const secrets = readStringMap(values, 'RuntimeEnvironmentSecrets', valuesPrefix);
      if (build) parsed.BuildCommand = build;
      if (start) parsed.StartCommand = start;
      if (env) parsed.RuntimeEnvironmentVariables = env;
      if (secrets) parsed.RuntimeEnvironmentSecrets = secrets;
      codeConfiguration.CodeConfigurationValues = parsed;
    }
    const repository: CodeRepository = {
      RepositoryUrl: readString(code, 'RepositoryUrl', codePrefix, { required: true, min: 1 }),
      SourceCodeVersion: {
        Type: readEnum(version, 'Type', versionPrefix, ['BRANCH'] as const, true),
        Value: readString(version, 'Value', versionPrefix, { required: true, min: 1 }),
      },
      CodeConfiguration: codeConfiguration,
    };
    const directory = readString(code, 'SourceDirectory', codePrefix, { min: 1, max: 4096 });
    if (directory) repository.SourceDirectory = directory;
    result.CodeRepository = repository;
    result.AutoDeploymentsEnabled = autoDeployments ?? true;
  }
  if (Object.keys(authentication).length > 0) {
    result.AuthenticationConfiguration = authentication;
  }
  return result;
}

export function readTags(input: Json): Array<{ Key: string; Value: string }> {
  const tags = input.Tags;
  if (tags === undefined || tags === null) {
    return [];
  }
  if (!Array.isArray(tags)) {
    throw constraint(tags, 'tags', 'Member must be a list');
  }
  return tags.map((tag, index) => {
    if (!isObject(tag)) {
      throw constraint(tag, `tags.${index + 1}`, 'Member must be a structure');
    }
    const key = readString(tag, 'Key', `tags.${index + 1}`, { required: true, min: 1, max: 128, pattern: /^(?!aws:).+$/ })!;
    const value = readString(tag, 'Value', `tags.${index + 1}`, { max: 256 }) ?? '';
    return { Key: key, Value: value };
  });
}

function deployedImage(
  config: ServiceConfig,
): { identifier: string; port: string; env: Record<string, string>; startCommand?: string } | undefined {
  const image = config.source.ImageRepository;
  if (!image) {
    return undefined;
  }
  return {
    identifier: image.ImageIdentifier!,
    port: image.ImageConfiguration?.Port ?? '8080',
    env: image.ImageConfiguration?.RuntimeEnvironmentVariables ?? {},
    startCommand: image.ImageConfiguration?.StartCommand,
  };
}

// ---- identifiers and times ------------------------------------------------------------------

const URL_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

function urlPrefixFrom(bytes: Buffer): string {
  return Array.from(bytes.subarray(0, 10), (b) => URL_ALPHABET[b % URL_ALPHABET.length]).join('');
}

export function hashOf(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A UUID-shaped id derived from `text`, so that seeded operations keep their ids across runs. */
function uuidFrom(text: string): string {
  const hex = hashOf(text).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const seconds = (ms: number): number => ms / 1000;

/** Seed times: epoch seconds, ISO-8601, or an offset from `now` like "-3h" or "-2d+4m". */
export function parseSeedTime(value: unknown, now: number, what: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value * 1000;
  }
  if (typeof value === 'string') {
    const offset = /^([+-]\d+(?:\.\d+)?[smhd])+$/.test(value) ? value.match(/[+-]\d+(?:\.\d+)?[smhd]/g) : null;
    if (offset) {
      const unitMs: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
      return offset.reduce((t, part) => t + Number(part.slice(0, -1)) * unitMs[part.slice(-1)], now);
    }
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed)) {
      return parsed;
    }
  }
  throw seedError(`${what}: '${String(value)}' is not a time (epoch seconds, ISO-8601, or an offset such as "-3h")`);
}

function seedActivity(value: unknown, where: string): DailyActivity | undefined {
  if (value === undefined) return undefined;
  const a = value as Partial<DailyActivity> | null;
  const whole = (n: unknown, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
  if (!a || !whole(a.fromHourUtc, 23) || !whole(a.hours, 24) || !whole(a.instances, 25)) {
    throw seedError(`${where}.activity must be {"fromHourUtc": 0-23, "hours": 0-24, "instances": 0-25} (whole numbers)`);
  }
  return { fromHourUtc: a.fromHourUtc as number, hours: a.hours as number, instances: a.instances as number };
}

export function seedError(message: string): ServiceError {
  return new ServiceError('InvalidSeed', `apprunner seed: ${message}`);
}

interface PageToken {
  scope: string;
  after: number[];
}

function encodeToken(token: PageToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(text: string, scope: string): number[] {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as PageToken;
    if (token.scope === scope && Array.isArray(token.after) && token.after.every((n) => typeof n === 'number')) {
      return token.after;
    }
  } catch {
    // falls through to the error below
  }
  throw invalid('The NextToken is not valid for this request.');
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

/**
 * One page of `items` (already in list order). `keyOf` gives each item a key that grows along
 * the list, so a token stays valid when items before or after it come and go.
 */
export function paginate<T>(
  items: T[],
  keyOf: (item: T) => number[],
  scope: string,
  input: Json,
  maxResultsLimit: number,
): { page: T[]; nextToken?: string } {
  const maxResults = readMaxResults(input, maxResultsLimit);
  const tokenText = readString(input, 'NextToken', '', { max: 1024 });
  const after = tokenText ? decodeToken(tokenText, scope) : undefined;
  const rest = after ? items.filter((item) => compareKeys(keyOf(item), after) > 0) : items;
  if (maxResults === undefined || rest.length <= maxResults) {
    return { page: rest };
  }
  const page = rest.slice(0, maxResults);
  return { page, nextToken: encodeToken({ scope, after: keyOf(page[page.length - 1]) }) };
}

// ---- the module -----------------------------------------------------------------------------

const MUTATIONS_ALLOWED: Record<OperationType, ServiceStatus[]> = {
  CREATE_SERVICE: [],
  UPDATE_SERVICE: ['RUNNING', 'CREATE_FAILED'],
  START_DEPLOYMENT: ['RUNNING'],
  PAUSE_SERVICE: ['RUNNING'],
  RESUME_SERVICE: ['PAUSED'],
  DELETE_SERVICE: ['RUNNING', 'PAUSED', 'CREATE_FAILED', 'DELETE_FAILED'],
};

const DEPLOYING_TYPES: OperationType[] = ['CREATE_SERVICE', 'UPDATE_SERVICE', 'START_DEPLOYMENT', 'RESUME_SERVICE'];

const TRIGGER: Partial<Record<OperationType, string>> = {
  CREATE_SERVICE: 'SERVICE_CREATE',
  UPDATE_SERVICE: 'SERVICE_UPDATE',
  START_DEPLOYMENT: 'MANUAL_DEPLOYMENT',
  RESUME_SERVICE: 'SERVICE_RESUME',
};

/** What the deployer does for an operation: run the new revision, stop the running one, or nothing. */
type DeployerAction = 'deploy' | 'stop' | 'none';

class AppRunnerModule implements AppRunnerServiceModule {
  readonly name = 'apprunner';
  readonly targetPrefix = 'AppRunner.';
  readonly signingName = 'apprunner';
  readonly protocol = 'awsJson1_0' as const;

  private readonly bus: EmulatorBus;
  private readonly deployer?: Deployer;
  private readonly roleCreatedAt?: (account: string, arn: string) => number | undefined;
  private readonly resolveSecrets?: AppRunnerModuleOptions['resolveSecrets'];
  private readonly initialConfig: ModuleConfig;
  private config: ModuleConfig;
  private regions = new Map<string, RegionState>();
  private forcedOutcomes: ForcedOutcome[] = [];
  /** Services whose deployment the deployer may still be running (stopped on reset). */
  private deployed = new Map<string, ServiceRecord>();
  private nextSeq = 1;
  /** Emulator clock minus Date.now(), learned from every request, seed and control call. */
  private clockSkewMs = 0;
  private readonly network = new AppRunnerNetwork({
    service: (account, region, arn) => this.regions.get(`${account}/${region}`)?.services.find((s) => s.arn === arn),
    serviceByName: (account, region, name) => {
      const state = this.regions.get(`${account}/${region}`);
      return state && this.liveServices(state).find((s) => s.name === name);
    },
  });

  constructor(opts: AppRunnerModuleOptions) {
    this.bus = opts.bus;
    this.deployer = opts.deployer;
    this.roleCreatedAt = opts.roleCreatedAt;
    this.resolveSecrets = opts.resolveSecrets;
    this.initialConfig = {
      operationDelayMs: opts.operationDelayMs ?? DEFAULT_OPERATION_DELAY_MS,
      serviceQuotaPerRegion: opts.serviceQuotaPerRegion ?? DEFAULT_SERVICE_QUOTA_PER_REGION,
      rolePropagationDelayMs: opts.rolePropagationDelayMs ?? DEFAULT_ROLE_PROPAGATION_DELAY_MS,
      rollbackDurationMs: DEFAULT_ROLLBACK_DURATION_MS,
      autoScalingNamesQuota: DEFAULT_AUTO_SCALING_NAMES_QUOTA,
      autoScalingRevisionsQuota: DEFAULT_AUTO_SCALING_REVISIONS_QUOTA,
    };
    this.config = { ...this.initialConfig };
  }

  handle(input: unknown, ctx: RequestContext): HandlerResult {
    this.observeClock(ctx.now);
    if (!isObject(input)) {
      throw invalid('The request body must be a JSON object.');
    }
    const state = this.regionState(ctx.account, ctx.region);
    this.settleDue(state, ctx.now);
    switch (ctx.operation) {
      case 'ListServices':
        return { body: this.listServices(state, input) };
      case 'DescribeService':
        return { body: { Service: this.serviceShape(state, this.serviceFor(state, input)) } };
      case 'CreateService':
        return { body: this.createService(state, input, ctx.now) };
      case 'UpdateService':
        return { body: this.updateService(state, input, ctx.now) };
      case 'DeleteService':
        return { body: this.simpleMutation(state, input, 'DELETE_SERVICE', ctx.now) };
      case 'PauseService':
        return { body: this.simpleMutation(state, input, 'PAUSE_SERVICE', ctx.now) };
      case 'ResumeService':
        return { body: this.simpleMutation(state, input, 'RESUME_SERVICE', ctx.now) };
      case 'StartDeployment':
        return { body: { OperationId: this.simpleMutation(state, input, 'START_DEPLOYMENT', ctx.now).OperationId } };
      case 'ListOperations':
        return { body: this.listOperations(state, input, ctx.now) };
      case 'ListAutoScalingConfigurations':
        return { body: this.listAutoScalingConfigurations(state, input) };
      case 'DescribeAutoScalingConfiguration':
        return { body: this.describeAutoScalingConfiguration(state, input) };
      case 'CreateAutoScalingConfiguration':
        return { body: this.createAutoScalingConfiguration(state, input, ctx.now) };
      case 'DeleteAutoScalingConfiguration':
        return { body: this.deleteAutoScalingConfiguration(state, input, ctx.now) };
      case 'ListServicesForAutoScalingConfiguration':
        return { body: this.listServicesForAutoScalingConfiguration(state, input) };
      case 'ListTagsForResource':
        return { body: this.listTagsForResource(state, input) };
      default: {
        const network = this.network.handle(input, ctx);
        if (network) return { body: network };
        throw new ServiceError('UnknownOperationException', `The App Runner emulator does not implement AppRunner.${ctx.operation}.`);
      }
    }
  }

  reset(): void {
    for (const state of this.regions.values()) {
      for (const service of state.services) {
        clearTimeout(service.inFlight?.timer);
      }
    }
    for (const service of this.deployed.values()) {
      this.stopDeployment(service);
    }
    this.regions = new Map();
    this.network.reset();
    this.forcedOutcomes = [];
    this.deployed = new Map();
    // Settings changed through the config route belong to the test that changed them.
    this.config = { ...this.initialConfig };
  }

  seed(data: unknown, now: number): void {
    this.observeClock(now);
    if (!isObject(data) || !Array.isArray(data.services)) {
      throw seedError('expected {"services": [...]}');
    }
    data.services.forEach((entry: unknown, index: number) => {
      if (!isObject(entry)) {
        throw seedError(`services[${index}] must be an object`);
      }
      this.seedService(entry, now, `services[${index}]`);
    });
    this.network.seed(data, now);
  }

  control(path: string, body: unknown, now: number): unknown {
    this.observeClock(now);
    const request = isObject(body) ? body : {};
    switch (path) {
      case 'config':
        return this.configure(request);
      case 'next-outcome':
        return this.forceNextOutcome(request);
      default:
        return this.network.control(path, request, now);
    }
  }

  serviceInfo(ref: ServiceRef): AppRunnerServiceInfo | undefined {
    const state = this.regions.get(`${ref.account}/${ref.region}`);
    const service = state?.services.find((s) => s.id === ref.serviceId);
    if (!state || !service) {
      return undefined;
    }
    this.settleDue(state, this.clock());
    const asc = state.autoScaling.find((a) => a.arn === service.config.autoScalingArn)!;
    return {
      status: service.status,
      createdAt: service.createdAt,
      minSize: asc.minSize,
      maxSize: asc.maxSize,
      maxConcurrency: asc.maxConcurrency,
      ...(service.activity ? { activity: service.activity } : {}),
    };
  }

  // ---- control ------------------------------------------------------------------------------

  private configure(request: Json): ModuleConfig {
    for (const key of ['operationDelayMs', 'rolePropagationDelayMs', 'rollbackDurationMs'] as const) {
      const delay = request[key];
      if (delay !== undefined) {
        if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
          throw invalid(`${key} must be a number >= 0`);
        }
        this.config[key] = delay;
      }
    }
    for (const key of ['serviceQuotaPerRegion', 'autoScalingNamesQuota', 'autoScalingRevisionsQuota'] as const) {
      const quota = request[key];
      if (quota !== undefined) {
        if (typeof quota !== 'number' || !Number.isInteger(quota) || quota < 1) {
          throw invalid(`${key} must be an integer >= 1`);
        }
        this.config[key] = quota;
      }
    }
    return { ...this.config };
  }

  /** App Runner cannot assume an access role IAM has not propagated yet. */
  private requireAssumableRole(state: RegionState, source: SourceConfiguration, now: number): void {
    const arn = source.AuthenticationConfiguration?.AccessRoleArn;
    const createdAt = arn ? this.roleCreatedAt?.(state.account, arn) : undefined;
    if (arn && createdAt !== undefined && now - createdAt < this.config.rolePropagationDelayMs) {
      throw invalid(`Error in assuming access role ${arn}`);
    }
  }

  private forceNextOutcome(request: Json): { pending: number } {
    const serviceName = readString(request, 'serviceName', '', { required: true, pattern: SERVICE_NAME })!;
    const status = readEnum(request, 'status', '', FORCED_STATUSES, true)!;
    this.forcedOutcomes.push({
      serviceName,
      account: readString(request, 'account', '', { pattern: /^\d{12}$/ }),
      region: readString(request, 'region', ''),
      ok: status === 'SUCCEEDED',
      rollbackFails: status === 'ROLLBACK_FAILED',
      reason: readString(request, 'reason', ''),
    });
    return { pending: this.forcedOutcomes.length };
  }

  private takeForcedOutcome(service: ServiceRecord): ForcedOutcome | undefined {
    const index = this.forcedOutcomes.findIndex(
      (f) =>
        f.serviceName === service.name &&
        (f.region ?? service.region) === service.region &&
        (f.account ?? service.account) === service.account,
    );
    return index < 0 ? undefined : this.forcedOutcomes.splice(index, 1)[0];
  }

  // ---- state --------------------------------------------------------------------------------

  private observeClock(now: number): void {
    this.clockSkewMs = now - Date.now();
  }

  private clock(): number {
    return Date.now() + this.clockSkewMs;
  }

  private regionState(account: string, region: string): RegionState {
    const key = `${account}/${region}`;
    let state = this.regions.get(key);
    if (!state) {
      state = { account, region, services: [], autoScaling: [], tags: new Map() };
      state.autoScaling.push({
        seq: this.nextSeq++,
        arn: `arn:aws:apprunner:${region}:${account}:autoscalingconfiguration/DefaultConfiguration/1/00000000000000000000000000000001`,
        name: 'DefaultConfiguration',
        revision: 1,
        createdAt: DEFAULT_AUTO_SCALING_CREATED_AT,
        maxConcurrency: 100,
        minSize: 1,
        maxSize: 25,
        isDefault: true,
      });
      this.regions.set(key, state);
    }
    return state;
  }

  private liveServices(state: RegionState): ServiceRecord[] {
    return state.services.filter((s) => s.status !== 'DELETED');
  }

  private serviceFor(state: RegionState, input: Json): ServiceRecord {
    const arn = readString(input, 'ServiceArn', '', { required: true, min: 1, max: 1011, pattern: RESOURCE_ARN })!;
    const service = state.services.find((s) => s.arn === arn);
    if (!service) {
      throw new ServiceError('ResourceNotFoundException', `Service not found: ${arn}`);
    }
    return service;
  }

  /**
   * Finds an auto scaling configuration by full ARN (deleted ones too: Describe shows them INACTIVE),
   * or partial `.../name` (the latest active revision) or `.../name/rev` (active).
   */
  private autoScalingFor(state: RegionState, arn: string): AutoScalingRecord | undefined {
    const exact = state.autoScaling.find((a) => a.arn === arn);
    if (exact) {
      return exact;
    }
    const prefix = `arn:aws:apprunner:${state.region}:${state.account}:autoscalingconfiguration/`;
    if (!arn.startsWith(prefix)) {
      return undefined;
    }
    const [name, revision, ...extra] = arn.slice(prefix.length).split('/');
    if (extra.length > 0) {
      return undefined;
    }
    const candidates = this.activeAutoScaling(state).filter(
      (a) => a.name === name && (revision === undefined || String(a.revision) === revision),
    );
    return candidates.sort((a, b) => b.revision - a.revision)[0];
  }

  private activeAutoScaling(state: RegionState): AutoScalingRecord[] {
    return state.autoScaling.filter((a) => a.deletedAt === undefined);
  }

  private addAutoScaling(
    state: RegionState,
    name: string,
    settings: { minSize: number; maxSize: number; maxConcurrency: number },
    createdAt: number,
  ): AutoScalingRecord {
    // Revisions only grow, deleted ones counted (unverified: the model says a revision is unique among the active ones).
    const revision = 1 + Math.max(0, ...state.autoScaling.filter((a) => a.name === name).map((a) => a.revision));
    const id = hashOf(`${state.account}:${state.region}:${name}:${revision}`).toString('hex').slice(0, 32);
    const record: AutoScalingRecord = {
      seq: this.nextSeq++,
      arn: `arn:aws:apprunner:${state.region}:${state.account}:autoscalingconfiguration/${name}/${revision}/${id}`,
      name,
      revision,
      createdAt,
      ...settings,
      isDefault: false,
    };
    state.autoScaling.push(record);
    return record;
  }

  private defaultAutoScaling(state: RegionState): AutoScalingRecord {
    return state.autoScaling.find((a) => a.isDefault)!;
  }

  private ref(service: ServiceRecord): ServiceRef {
    return { account: service.account, region: service.region, serviceName: service.name, serviceId: service.id };
  }

  // ---- wire shapes --------------------------------------------------------------------------

  private serviceShape(state: RegionState, service: ServiceRecord): Json {
    const asc = state.autoScaling.find((a) => a.arn === service.config.autoScalingArn)!;
    const shape: Json = {
      ...this.serviceSummary(service),
      SourceConfiguration: service.config.source,
      InstanceConfiguration: service.config.instance,
      HealthCheckConfiguration: service.config.healthCheck,
      AutoScalingConfigurationSummary: this.autoScalingSummary(state, asc),
      NetworkConfiguration: service.config.network,
      ObservabilityConfiguration: service.config.observability,
    };
    if (service.deletedAt !== undefined) {
      shape.DeletedAt = seconds(service.deletedAt);
    }
    if (service.encryptionKmsKey) {
      shape.EncryptionConfiguration = { KmsKey: service.encryptionKmsKey };
    }
    return shape;
  }

  private serviceSummary(service: ServiceRecord): Json {
    return {
      ServiceName: service.name,
      ServiceId: service.id,
      ServiceArn: service.arn,
      ServiceUrl: service.url,
      CreatedAt: seconds(service.createdAt),
      UpdatedAt: seconds(service.updatedAt),
      Status: service.status,
    };
  }

  private autoScalingSummary(state: RegionState, asc: AutoScalingRecord): Json {
    return {
      AutoScalingConfigurationArn: asc.arn,
      AutoScalingConfigurationName: asc.name,
      AutoScalingConfigurationRevision: asc.revision,
      Status: asc.deletedAt === undefined ? 'ACTIVE' : 'INACTIVE',
      CreatedAt: seconds(asc.createdAt),
      HasAssociatedService: this.liveServices(state).some((s) => s.config.autoScalingArn === asc.arn),
      IsDefault: asc.isDefault,
    };
  }

  private autoScalingShape(state: RegionState, asc: AutoScalingRecord): Json {
    const latest = Math.max(
      0,
      ...this.activeAutoScaling(state)
        .filter((a) => a.name === asc.name)
        .map((a) => a.revision),
    );
    return {
      ...this.autoScalingSummary(state, asc),
      Latest: asc.deletedAt === undefined && asc.revision === latest,
      MaxConcurrency: asc.maxConcurrency,
      MinSize: asc.minSize,
      MaxSize: asc.maxSize,
      ...(asc.deletedAt !== undefined ? { DeletedAt: seconds(asc.deletedAt) } : {}),
    };
  }

  private operationShape(service: ServiceRecord, operation: OperationRecord, now: number): Json {
    const status: OperationStatus =
      operation.status ??
      (operation.rollbackSince !== undefined ? 'ROLLBACK_IN_PROGRESS' : now < operation.pendingUntil ? 'PENDING' : 'IN_PROGRESS');
    const updatedAt = operation.endedAt ?? operation.rollbackSince ?? (status === 'PENDING' ? operation.startedAt : operation.pendingUntil);
    const shape: Json = {
      Id: operation.id,
      Type: operation.type,
      Status: status,
      TargetArn: service.arn,
      StartedAt: seconds(operation.startedAt),
      UpdatedAt: seconds(updatedAt),
    };
    if (operation.endedAt !== undefined) {
      shape.EndedAt = seconds(operation.endedAt);
    }
    return shape;
  }

  // ---- reads --------------------------------------------------------------------------------

  private listServices(state: RegionState, input: Json): Json {
    const scope = `services/${state.account}/${state.region}`;
    const { page, nextToken } = paginate(this.liveServices(state), (s) => [s.seq], scope, input, 20);
    return { ServiceSummaryList: page.map((s) => this.serviceSummary(s)), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  private listOperations(state: RegionState, input: Json, now: number): Json {
    const service = this.serviceFor(state, input);
    // Newest first; the key grows along the list (negated start time, then negated sequence).
    const newestFirst = [...service.operations].sort((a, b) => b.startedAt - a.startedAt || b.seq - a.seq);
    const { page, nextToken } = paginate(newestFirst, (o) => [-o.startedAt, -o.seq], `operations/${service.arn}`, input, 20);
    return { OperationSummaryList: page.map((o) => this.operationShape(service, o, now)), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  private listAutoScalingConfigurations(state: RegionState, input: Json): Json {
    const name = readString(input, 'AutoScalingConfigurationName', '', { min: 4, max: 32, pattern: AUTO_SCALING_NAME });
    const latestOnly = readBoolean(input, 'LatestOnly', '') ?? false;
    const active = this.activeAutoScaling(state);
    const matching = active.filter((a) => {
      if (name !== undefined && a.name !== name) {
        return false;
      }
      return !latestOnly || a.revision === Math.max(...active.filter((b) => b.name === a.name).map((b) => b.revision));
    });
    const { page, nextToken } = paginate(matching, (a) => [a.seq], `autoscaling/${state.account}/${state.region}`, input, 100);
    return {
      AutoScalingConfigurationSummaryList: page.map((a) => this.autoScalingSummary(state, a)),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  private describeAutoScalingConfiguration(state: RegionState, input: Json): Json {
    const arn = readString(input, 'AutoScalingConfigurationArn', '', { required: true, min: 1, max: 1011, pattern: RESOURCE_ARN })!;
    const asc = this.autoScalingFor(state, arn);
    if (!asc) {
      throw new ServiceError('ResourceNotFoundException', `Auto scaling configuration not found: ${arn}`);
    }
    return { AutoScalingConfiguration: this.autoScalingShape(state, asc) };
  }

  private listServicesForAutoScalingConfiguration(state: RegionState, input: Json): Json {
    const arn = readString(input, 'AutoScalingConfigurationArn', '', { required: true, min: 1, max: 1011, pattern: RESOURCE_ARN })!;
    const asc = this.autoScalingFor(state, arn);
    if (!asc) {
      throw new ServiceError('ResourceNotFoundException', `Auto scaling configuration not found: ${arn}`);
    }
    const users = this.liveServices(state).filter((s) => s.config.autoScalingArn === asc.arn);
    const { page, nextToken } = paginate(users, (s) => [s.seq], `autoscaling-services/${asc.arn}`, input, 100);
    return { ServiceArnList: page.map((s) => s.arn), ...(nextToken ? { NextToken: nextToken } : {}) };
  }

  private createAutoScalingConfiguration(state: RegionState, input: Json, now: number): Json {
    const name = readString(input, 'AutoScalingConfigurationName', '', { required: true, min: 4, max: 32, pattern: AUTO_SCALING_NAME })!;
    const maxConcurrency = readInteger(input, 'MaxConcurrency', '', 1, 200) ?? 100;
    const minSize = readInteger(input, 'MinSize', '', 1, 25) ?? 1;
    const maxSize = readInteger(input, 'MaxSize', '', 1, Number.MAX_SAFE_INTEGER) ?? 25;
    const tags = readTags(input);
    if (maxSize < minSize) {
      throw invalid(`MaxSize (${maxSize}) must be greater than or equal to MinSize (${minSize}).`);
    }
    // The account's quotas (messages imitate App Runner's; the wording is unverified).
    const active = this.activeAutoScaling(state);
    const revisions = active.filter((a) => a.name === name).length;
    if (revisions === 0 && new Set(active.map((a) => a.name)).size >= this.config.autoScalingNamesQuota) {
      throw new ServiceError(
        'ServiceQuotaExceededException',
        `You have reached the quota of ${this.config.autoScalingNamesQuota} auto scaling configuration names in ${state.region} for account ${state.account}.`,
        402,
      );
    }
    if (revisions >= this.config.autoScalingRevisionsQuota) {
      throw new ServiceError(
        'ServiceQuotaExceededException',
        `You have reached the quota of ${this.config.autoScalingRevisionsQuota} revisions for the auto scaling configuration ${name} in ${state.region} for account ${state.account}.`,
        402,
      );
    }
    const asc = this.addAutoScaling(state, name, { minSize, maxSize, maxConcurrency }, now);
    if (tags.length > 0) {
      state.tags.set(asc.arn, tags);
    }
    return { AutoScalingConfiguration: this.autoScalingShape(state, asc) };
  }

  private deleteAutoScalingConfiguration(state: RegionState, input: Json, now: number): Json {
    const arn = readString(input, 'AutoScalingConfigurationArn', '', { required: true, min: 1, max: 1011, pattern: RESOURCE_ARN })!;
    const all = readBoolean(input, 'DeleteAllRevisions', '') ?? false;
    const asc = this.autoScalingFor(state, arn);
    if (!asc || asc.deletedAt !== undefined) {
      throw new ServiceError('ResourceNotFoundException', `Auto scaling configuration not found: ${arn}`);
    }
    if (all && arn !== asc.arn.split('/').slice(0, 2).join('/')) {
      throw invalid('DeleteAllRevisions requires a partial ARN ending with the configuration name (…/name).');
    }
    const doomed = all ? this.activeAutoScaling(state).filter((a) => a.name === asc.name) : [asc];
    // The model declares no InvalidStateException here: App Runner refuses these as invalid requests.
    const theDefault = doomed.find((a) => a.isDefault);
    if (theDefault) {
      throw invalid(`You can't delete the default auto scaling configuration ${theDefault.name} revision ${theDefault.revision}.`);
    }
    for (const a of doomed) {
      const users = this.liveServices(state).filter((s) => s.config.autoScalingArn === a.arn);
      if (users.length > 0) {
        throw invalid(
          `The auto scaling configuration ${a.name} revision ${a.revision} is used by ${users.length} service(s): ${users.map((s) => s.name).join(', ')}.`,
        );
      }
    }
    for (const a of doomed) {
      a.deletedAt = now;
    }
    return { AutoScalingConfiguration: this.autoScalingShape(state, asc) };
  }

  private listTagsForResource(state: RegionState, input: Json): Json {
    const arn = readString(input, 'ResourceArn', '', { required: true, min: 1, max: 1011, pattern: RESOURCE_ARN })!;
    const known = state.services.some((s) => s.arn === arn && s.status !== 'DELETED') || state.autoScaling.some((a) => a.arn === arn);
    if (!known) {
      throw new ServiceError('ResourceNotFoundException', `Resource not found: ${arn}`);
    }
    return { Tags: state.tags.get(arn) ?? [] };
  }

  // ---- mutations ----------------------------------------------------------------------------

  private createService(state: RegionState, input: Json, now: number): Json {
    const name = readString(input, 'ServiceName', '', { required: true, min: 4, max: 40, pattern: SERVICE_NAME })!;
    const sourceInput = readObject(input, 'SourceConfiguration', '', true)!;
    const config = this.readNewServiceConfig(state, input, sourceInput);
    const encryption = readObject(input, 'EncryptionConfiguration', '');
    const kmsKey = encryption
      ? readString(encryption, 'KmsKey', 'encryptionConfiguration', { required: true, pattern: KMS_KEY_ARN })
      : undefined;
    const tags = readTags(input);
    if (this.liveServices(state).some((s) => s.name === name)) {
      throw invalid(`Service with the provided name already exists: ${name}`);
    }
    if (this.liveServices(state).length >= this.config.serviceQuotaPerRegion) {
      throw new ServiceError(
        'ServiceQuotaExceededException',
        `You have reached the quota of ${this.config.serviceQuotaPerRegion} services in ${state.region} for account ${state.account}.`,
        402,
      );
    }
    this.requireAssumableRole(state, config.source, now);
    const id = randomBytes(16).toString('hex');
    const service = this.addService(state, { name, id, url: urlPrefixFrom(randomBytes(10)), config, kmsKey, tags, createdAt: now });
    const operation = this.startOperation(state, service, 'CREATE_SERVICE', now, { status: 'CREATE_FAILED', config });
    return { Service: this.serviceShape(state, service), OperationId: operation.id };
  }

  private readNewServiceConfig(state: RegionState, input: Json, sourceInput: Json): ServiceConfig {
    const ascArn = readString(input, 'AutoScalingConfigurationArn', '', { min: 1, max: 1011, pattern: RESOURCE_ARN });
    const asc = ascArn !== undefined ? this.autoScalingFor(state, ascArn) : this.defaultAutoScaling(state);
    if (!asc || asc.deletedAt !== undefined) {
      throw invalid(`Auto scaling configuration not found: ${ascArn}`);
    }
    return this.networkChecked(state, {
      source: readSourceConfiguration(sourceInput, state.account),
      instance: readInstanceConfiguration(readObject(input, 'InstanceConfiguration', ''), { Cpu: '1024', Memory: '2048' }),
      healthCheck: readHealthCheck(readObject(input, 'HealthCheckConfiguration', '')),
      network: readNetwork(readObject(input, 'NetworkConfiguration', ''), {
        EgressConfiguration: { EgressType: 'DEFAULT' },
        IngressConfiguration: { IsPubliclyAccessible: true },
        IpAddressType: 'IPV4',
      }),
      observability: readObservability(readObject(input, 'ObservabilityConfiguration', ''), { ObservabilityEnabled: false }),
      autoScalingArn: asc.arn,
    });
  }

  /** Applies the network rules apprunnerNetwork.ts knows and names the observability configuration by its full ARN. */
  private networkChecked(state: RegionState, config: ServiceConfig): ServiceConfig {
    const refusal = networkRefusal(config.network);
    if (refusal) throw invalid(refusal);
    const arn = config.observability.ObservabilityConfigurationArn;
    if (!arn) return config;
    const observability = {
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: this.network.observabilityArn(state.account, state.region, arn),
    };
    return { ...config, observability };
  }

  private addService(
    state: RegionState,
    init: {
      name: string;
      id: string;
      url: string;
      config: ServiceConfig;
      kmsKey?: string;
      tags: Array<{ Key: string; Value: string }>;
      createdAt: number;
      /** Seeded, and ran before the seed. */
      hasRun?: boolean;
    },
  ): ServiceRecord {
    const service: ServiceRecord = {
      seq: this.nextSeq++,
      account: state.account,
      region: state.region,
      name: init.name,
      id: init.id,
      arn: `arn:aws:apprunner:${state.region}:${state.account}:service/${init.name}/${init.id}`,
      url: `${init.url}.${state.region}.awsapprunner.com`,
      createdAt: init.createdAt,
      updatedAt: init.createdAt,
      status: 'OPERATION_IN_PROGRESS',
      config: init.config,
      encryptionKmsKey: init.kmsKey,
      operations: [],
    };
    state.services.push(service);
    if (init.tags.length > 0) {
      state.tags.set(service.arn, init.tags);
    }
    this.bus.emit('service-created', { ...this.ref(service), at: init.createdAt, hasRun: init.hasRun });
    return service;
  }

  private updateService(state: RegionState, input: Json, now: number): Json {
    const service = this.serviceFor(state, input);
    this.requireState(service, 'UPDATE_SERVICE');
    const old = service.config;
    const sourceInput = readObject(input, 'SourceConfiguration', '');
    const source = sourceInput ? readSourceConfiguration(sourceInput, state.account) : old.source;
    if (!source.ImageRepository !== !old.source.ImageRepository) {
      throw invalid("You can't switch a service between an image repository and a code repository.");
    }
    this.requireAssumableRole(state, source, now);
    const ascArn = readString(input, 'AutoScalingConfigurationArn', '', { min: 1, max: 1011, pattern: RESOURCE_ARN });
    const asc = ascArn !== undefined ? this.autoScalingFor(state, ascArn) : undefined;
    if (ascArn !== undefined && (!asc || asc.deletedAt !== undefined)) {
      throw invalid(`Auto scaling configuration not found: ${ascArn}`);
    }
    const healthInput = readObject(input, 'HealthCheckConfiguration', '');
    const config = this.networkChecked(state, {
      source,
      instance: readInstanceConfiguration(readObject(input, 'InstanceConfiguration', ''), old.instance),
      healthCheck: healthInput ? readHealthCheck(healthInput) : old.healthCheck,
      network: readNetwork(readObject(input, 'NetworkConfiguration', ''), old.network),
      observability: readObservability(readObject(input, 'ObservabilityConfiguration', ''), old.observability),
      autoScalingArn: asc?.arn ?? old.autoScalingArn,
    });
    // The deployer runs a new revision when what the container runs (or how it is checked)
    // changes, or when nothing runs yet (a CREATE_FAILED service being fixed).
    const redeploy =
      service.status !== 'RUNNING' ||
      JSON.stringify(deployedImage(config)) !== JSON.stringify(deployedImage(old)) ||
      JSON.stringify(config.healthCheck) !== JSON.stringify(old.healthCheck);
    const rollbackTo = { status: service.status, config: old };
    service.config = config;
    const operation = this.startOperation(state, service, 'UPDATE_SERVICE', now, rollbackTo, redeploy ? 'deploy' : 'none');
    return { Service: this.serviceShape(state, service), OperationId: operation.id };
  }

  private simpleMutation(
    state: RegionState,
    input: Json,
    type: Exclude<OperationType, 'CREATE_SERVICE' | 'UPDATE_SERVICE'>,
    now: number,
  ): { Service: Json; OperationId: string } {
    const service = this.serviceFor(state, input);
    this.requireState(service, type);
    const operation = this.startOperation(state, service, type, now, { status: service.status, config: service.config });
    return { Service: this.serviceShape(state, service), OperationId: operation.id };
  }

  private requireState(service: ServiceRecord, type: OperationType): void {
    const allowed = MUTATIONS_ALLOWED[type];
    if (allowed.includes(service.status)) {
      return;
    }
    const why =
      service.status === 'OPERATION_IN_PROGRESS'
        ? 'another operation is in progress'
        : `its status is ${service.status}; allowed: ${allowed.join(', ')}`;
    // StartDeployment's model declares no InvalidStateException: AWS answers a wrong state with InvalidRequestException.
    const code = type === 'START_DEPLOYMENT' ? 'InvalidRequestException' : 'InvalidStateException';
    throw new ServiceError(code, `Can't perform ${type} on service ${service.name}: ${why}.`);
  }

  // ---- operations ---------------------------------------------------------------------------

  /**
   * Starts an operation: the service goes OPERATION_IN_PROGRESS and the operation ends after the
   * delay, with the forced outcome, the deployer's outcome, or success.
   */
  private startOperation(
    state: RegionState,
    service: ServiceRecord,
    type: OperationType,
    now: number,
    rollbackTo: InFlight['rollbackTo'],
    action: DeployerAction = this.defaultDeployerAction(type),
  ): OperationRecord {
    const delay = this.config.operationDelayMs;
    const operation: OperationRecord = {
      id: randomUUID(),
      seq: this.nextSeq++,
      type,
      startedAt: now,
      pendingUntil: now + Math.min(delay / 4, 1000),
    };
    service.operations.push(operation);
    const inFlight: InFlight = { operation, readyAt: now + delay, rollbackTo };
    service.inFlight = inFlight;
    service.status = 'OPERATION_IN_PROGRESS';
    service.updatedAt = now;
    this.announceStart(service, operation, now);

    const forced = this.takeForcedOutcome(service);
    if (forced) {
      inFlight.decision = {
        ok: forced.ok,
        rollbackFails: forced.rollbackFails,
        reason: forced.reason ?? (forced.ok ? undefined : this.defaultFailureReason(service, type)),
        at: now,
      };
    } else if (this.deployer && action === 'deploy' && deployedImage(service.config)) {
      this.runDeployment(this.deployer, state, service, inFlight);
    } else if (this.deployer && action === 'stop') {
      this.deployed.delete(service.arn);
      this.deployer.stop(service.account, service.region, service.id).then(
        () => this.decide(state, service, inFlight, { ok: true, at: this.clock() }),
        (e: unknown) =>
          this.decide(state, service, inFlight, { ok: false, reason: `Stopping the service failed: ${errorText(e)}`, at: this.clock() }),
      );
    } else {
      inFlight.decision = { ok: true, at: now };
    }
    // Timers may fire a little early by Date.now(); the operation was due when its timer fired.
    inFlight.timer = setTimeout(() => this.trySettle(state, service, inFlight, Math.max(this.clock(), inFlight.readyAt)), delay);
    // The server keeps the process alive; a pending operation must not keep a finished test run alive.
    inFlight.timer.unref();
    return operation;
  }

  private defaultDeployerAction(type: OperationType): DeployerAction {
    if (type === 'PAUSE_SERVICE' || type === 'DELETE_SERVICE') {
      return 'stop';
    }
    return DEPLOYING_TYPES.includes(type) ? 'deploy' : 'none';
  }

  private runDeployment(deployer: Deployer, state: RegionState, service: ServiceRecord, inFlight: InFlight): void {
    const image = deployedImage(service.config)!;
    const operationId = inFlight.operation.id;
    this.deployed.set(service.arn, service);
    const log = (line: string): void => {
      this.bus.emit('deployment-log', { ...this.ref(service), at: this.clock(), operationId, message: line });
    };
    const secrets = service.config.source.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentSecrets ?? {};
    let secretEnv: Record<string, string> = {};
    if (Object.keys(secrets).length > 0) {
      const resolved = this.resolveSecrets
        ? this.resolveSecrets(service.account, service.region, service.config.instance.InstanceRoleArn, secrets)
        : { error: 'The emulator has no Secrets Manager or Parameter Store to read secrets from.' };
      if ('error' in resolved) {
        log(`Failed to read the service's secrets: ${resolved.error}`);
        this.decide(state, service, inFlight, { ok: false, reason: resolved.error, at: this.clock() });
        return;
      }
      secretEnv = resolved.env;
    }
    deployer
      .deploy(
        {
          account: service.account,
          region: service.region,
          serviceName: service.name,
          serviceId: service.id,
          operationId,
          imageIdentifier: image.identifier,
          port: image.port,
          env: { ...image.env, ...secretEnv },
          healthCheck: { protocol: service.config.healthCheck.Protocol!, path: service.config.healthCheck.Path! },
        },
        log,
      )
      .then(
        (result: DeploymentResult) =>
          this.decide(state, service, inFlight, { ok: result.ok, reason: result.reason, url: result.url, at: this.clock() }),
        (e: unknown) => this.decide(state, service, inFlight, { ok: false, reason: errorText(e), at: this.clock() }),
      );
  }

  private decide(state: RegionState, service: ServiceRecord, inFlight: InFlight, decision: Decision): void {
    inFlight.decision = decision;
    this.trySettle(state, service, inFlight, this.clock());
  }

  private settleDue(state: RegionState, now: number): void {
    for (const service of state.services) {
      if (service.inFlight) {
        this.trySettle(state, service, service.inFlight, now);
      }
    }
  }

  /** Ends the operation if it is still the service's current one, decided, and due at `now`. */
  private trySettle(state: RegionState, service: ServiceRecord, inFlight: InFlight, now: number): void {
    if (this.regions.get(`${service.account}/${service.region}`) !== state || service.inFlight !== inFlight) {
      return; // reset, or already settled
    }
    const decision = inFlight.decision;
    if (!decision || now < inFlight.readyAt) {
      return;
    }
    const failedAt = Math.max(inFlight.readyAt, decision.at);
    if (!decision.ok && rollsBack(inFlight) && this.config.rollbackDurationMs > 0) {
      if (inFlight.rollbackEndsAt === undefined) {
        // The deployment failed; the rollback to the previous revision runs before the operation ends.
        inFlight.rollbackEndsAt = failedAt + this.config.rollbackDurationMs;
        inFlight.operation.rollbackSince = failedAt;
        clearTimeout(inFlight.timer);
        inFlight.timer = setTimeout(
          () => this.trySettle(state, service, inFlight, Math.max(this.clock(), inFlight.rollbackEndsAt!)),
          Math.max(0, inFlight.rollbackEndsAt - now),
        );
        inFlight.timer.unref();
      }
      if (now < inFlight.rollbackEndsAt) {
        return;
      }
    }
    clearTimeout(inFlight.timer);
    service.inFlight = undefined;
    this.finish(service, inFlight, decision, inFlight.rollbackEndsAt ?? failedAt);
  }

  private finish(service: ServiceRecord, inFlight: InFlight, decision: Decision, at: number): void {
    const { operation, rollbackTo } = inFlight;
    const type = operation.type;
    let status: TerminalOperationStatus = decision.ok ? 'SUCCEEDED' : 'FAILED';
    if (decision.ok) {
      service.status = type === 'PAUSE_SERVICE' ? 'PAUSED' : type === 'DELETE_SERVICE' ? 'DELETED' : 'RUNNING';
      if (decision.url) {
        service.url = decision.url;
      }
    } else if (type === 'DELETE_SERVICE') {
      service.status = 'DELETE_FAILED';
    } else {
      // A failed deployment of a running service rolls back to the revision that was running.
      if (rollsBack(inFlight)) {
        status = decision.rollbackFails ? 'ROLLBACK_FAILED' : 'ROLLBACK_SUCCEEDED';
      }
      service.status = rollbackTo.status;
      service.config = rollbackTo.config;
    }
    operation.status = status;
    operation.endedAt = at;
    service.updatedAt = at;
    if (service.status === 'DELETED') {
      service.deletedAt = at;
    }
    this.announceEnd(service, operation, decision, at);
  }

  private defaultFailureReason(service: ServiceRecord, type: OperationType): string {
    if (!DEPLOYING_TYPES.includes(type)) {
      return 'An internal error occurred (forced by the emulator).';
    }
    const health = service.config.healthCheck;
    const port =
      deployedImage(service.config)?.port ??
      service.config.source.CodeRepository?.CodeConfiguration?.CodeConfigurationValues?.Port ??
      '8080';
    return `Health check failed on protocol \`${health.Protocol}\`${health.Protocol === 'HTTP' ? ` [Path: '${health.Path}']` : ''} [Port: '${port}']`;
  }

  private stopDeployment(service: ServiceRecord): void {
    this.deployer?.stop(service.account, service.region, service.id).catch((e: unknown) => {
      console.error(`apprunner emulator: stopping ${service.name} failed: ${errorText(e)}`);
    });
  }

  // ---- bus events ---------------------------------------------------------------------------

  private serviceEvent(service: ServiceRecord, at: number, message: string): void {
    this.bus.emit('service-event', { ...this.ref(service), at, message });
  }

  private deploymentLog(service: ServiceRecord, operation: OperationRecord, at: number, message: string): void {
    this.bus.emit('deployment-log', { ...this.ref(service), at, operationId: operation.id, message });
  }

  private announceStart(service: ServiceRecord, operation: OperationRecord, at: number): void {
    const trigger = TRIGGER[operation.type];
    switch (operation.type) {
      case 'CREATE_SERVICE':
        this.serviceEvent(service, at, 'Service creation started.');
        break;
      case 'PAUSE_SERVICE':
        this.serviceEvent(service, at, 'Pause service started.');
        break;
      case 'RESUME_SERVICE':
        this.serviceEvent(service, at, 'Resume service started.');
        break;
      case 'DELETE_SERVICE':
        this.serviceEvent(service, at, 'Delete service started.');
        break;
    }
    if (!trigger) {
      return;
    }
    this.serviceEvent(service, at, `Deployment with ID : ${operation.id} started. Triggering event : ${trigger}`);
    const image = deployedImage(service.config);
    const code = service.config.source.CodeRepository;
    if (image) {
      this.deploymentLog(service, operation, at, `[AppRunner] Pulling image ${image.identifier}.`);
    } else if (code) {
      this.deploymentLog(
        service,
        operation,
        at,
        `[AppRunner] Starting source code build from ${code.RepositoryUrl} (branch ${code.SourceCodeVersion?.Value}).`,
      );
    }
  }

  private announceEnd(service: ServiceRecord, operation: OperationRecord, decision: Decision, at: number): void {
    const deploying = TRIGGER[operation.type] !== undefined;
    if (deploying) {
      if (decision.ok) {
        if (!this.deployer || !deployedImage(service.config)) {
          this.simulatedDeploymentLines(service).forEach((line) => this.deploymentLog(service, operation, at, line));
        }
        this.deploymentLog(service, operation, at, '[AppRunner] Deployment completed successfully.');
        this.serviceEvent(service, at, `Deployment with ID : ${operation.id} completed successfully.`);
      } else {
        this.deploymentLog(service, operation, at, `[AppRunner] Deployment failed. Failure reason : ${decision.reason ?? 'unknown'}.`);
        this.serviceEvent(service, at, `Deployment with ID : ${operation.id} failed. Failure reason : ${decision.reason ?? 'unknown'}.`);
        if (operation.status === 'ROLLBACK_SUCCEEDED') {
          this.deploymentLog(service, operation, at, '[AppRunner] Rollback completed. The previous version keeps serving traffic.');
        } else if (operation.status === 'ROLLBACK_FAILED') {
          this.deploymentLog(service, operation, at, '[AppRunner] Rollback failed.');
        }
      }
    } else if (!decision.ok) {
      this.serviceEvent(
        service,
        at,
        `${operation.type === 'DELETE_SERVICE' ? 'Delete' : 'Pause'} service failed. Failure reason : ${decision.reason ?? 'unknown'}.`,
      );
    }
    this.serviceEvent(service, at, `Service status is set to ${service.status}.`);
    this.bus.emit('operation-ended', {
      ...this.ref(service),
      at,
      operationId: operation.id,
      type: operation.type,
      status: operation.status!,
    });
    if (service.status === 'DELETED') {
      this.bus.emit('service-deleted', { ...this.ref(service), at });
    }
  }

  /** What App Runner would have logged while deploying, when no deployer did the work. */
  private simulatedDeploymentLines(service: ServiceRecord): string[] {
    const health = service.config.healthCheck;
    const image = deployedImage(service.config);
    const port = image?.port ?? service.config.source.CodeRepository?.CodeConfiguration?.CodeConfigurationValues?.Port ?? '8080';
    return [
      image ? '[AppRunner] Successfully pulled your application image.' : '[AppRunner] Source code build completed.',
      `[AppRunner] Performing health check on protocol \`${health.Protocol}\` [Port: '${port}'].`,
      `[AppRunner] Health check on protocol \`${health.Protocol}\` [Port: '${port}'] is successful.`,
    ];
  }

  // ---- seeding ------------------------------------------------------------------------------

  private seedService(entry: Json, now: number, where: string): void {
    const text = (key: string): string | undefined => {
      const value = entry[key];
      if (value !== undefined && typeof value !== 'string') {
        throw seedError(`${where}.${key} must be a string`);
      }
      return value;
    };
    const account = text('account') ?? DEFAULT_ACCOUNT;
    const region = text('region');
    const name = text('name');
    if (!/^\d{12}$/.test(account) || !region || !name) {
      throw seedError(`${where} needs "region" and "name" (and "account", if given, must be 12 digits)`);
    }
    const state = this.regionState(account, region);
    this.settleDue(state, now);
    if (this.liveServices(state).some((s) => s.name === name)) {
      throw seedError(`${where}: service ${name} already exists in ${account}/${region}`);
    }
    const status = text('status') ?? 'RUNNING';
    if (!['RUNNING', 'PAUSED', 'OPERATION_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_FAILED'].includes(status)) {
      throw seedError(`${where}.status '${status}' is not one of RUNNING, PAUSED, OPERATION_IN_PROGRESS, CREATE_FAILED, DELETE_FAILED`);
    }
    const serviceId = text('serviceId') ?? hashOf(`${account}:${region}:${name}`).toString('hex').slice(0, 32);
    if (!/^[0-9a-f]{32}$/.test(serviceId)) {
      throw seedError(`${where}.serviceId must be 32 lowercase hex digits`);
    }
    const inProgress = this.seedInProgress(entry, status, where);
    const createdAt =
      entry.createdAt !== undefined
        ? parseSeedTime(entry.createdAt, now, `${where}.createdAt`)
        : inProgress?.type === 'CREATE_SERVICE'
          ? now
          : now - 7 * 86_400_000;
    const request = this.seedCreateRequest(state, entry, where, createdAt);
    let config: ServiceConfig;
    let tags: Array<{ Key: string; Value: string }>;
    try {
      readString(request, 'ServiceName', '', { required: true, pattern: SERVICE_NAME });
      config = this.readNewServiceConfig(state, request, request.SourceConfiguration as Json);
      tags = readTags(request);
    } catch (e) {
      throw seedError(`${where}: ${errorText(e)}`);
    }
    const service = this.addService(state, {
      name,
      id: serviceId,
      url: urlPrefixFrom(hashOf(`url:${serviceId}`)),
      config,
      tags,
      createdAt,
      hasRun: status !== 'CREATE_FAILED' && inProgress?.type !== 'CREATE_SERVICE',
    });
    const activity = seedActivity(entry.activity, where);
    if (activity) service.activity = activity;
    const history = this.seedHistory(entry, status, inProgress?.type, createdAt, now, where);
    history.forEach((h, index) => {
      const operation: OperationRecord = {
        id: uuidFrom(`${serviceId}:${index}`),
        seq: this.nextSeq++,
        type: h.type,
        startedAt: h.startedAt,
        pendingUntil: h.startedAt,
        status: h.status,
        endedAt: h.endedAt,
      };
      service.operations.push(operation);
      this.bus.emit('operation-ended', { ...this.ref(service), at: h.endedAt, operationId: operation.id, type: h.type, status: h.status });
    });
    service.updatedAt = Math.max(createdAt, ...history.map((h) => h.endedAt));
    if (!inProgress) {
      service.status = status as ServiceStatus;
      return;
    }
    // The status the service had before this operation, as the operation type implies.
    const before: ServiceStatus = inProgress.type === 'RESUME_SERVICE' ? 'PAUSED' : 'RUNNING';
    service.status = before;
    if (!inProgress.ok) {
      this.forcedOutcomes.unshift({ serviceName: name, account, region, ok: false });
    }
    const failsTo: ServiceStatus = inProgress.type === 'CREATE_SERVICE' ? 'CREATE_FAILED' : before;
    this.startOperation(state, service, inProgress.type, now, { status: failsTo, config });
  }

  /** The operation a seeded OPERATION_IN_PROGRESS service is in the middle of. */
  private seedInProgress(entry: Json, status: string, where: string): { type: OperationType; ok: boolean } | undefined {
    if (status !== 'OPERATION_IN_PROGRESS') {
      if (entry.inProgress !== undefined) {
        throw seedError(`${where}.inProgress needs status OPERATION_IN_PROGRESS`);
      }
      return undefined;
    }
    const inProgress = entry.inProgress ?? {};
    if (!isObject(inProgress)) {
      throw seedError(`${where}.inProgress must be an object`);
    }
    const type = inProgress.type ?? 'START_DEPLOYMENT';
    if (!OPERATION_TYPES.includes(type as OperationType)) {
      throw seedError(`${where}.inProgress.type '${String(type)}' is not one of ${OPERATION_TYPES.join(', ')}`);
    }
    const outcome = inProgress.outcome ?? 'SUCCEEDED';
    if (!(FORCED_STATUSES as readonly unknown[]).includes(outcome)) {
      throw seedError(`${where}.inProgress.outcome must be one of ${FORCED_STATUSES.join(', ')}`);
    }
    return { type: type as OperationType, ok: outcome === 'SUCCEEDED' };
  }

  /** The CreateService request a seed entry stands for, so that seeds pass the same validation. */
  private seedCreateRequest(state: RegionState, entry: Json, where: string, createdAt: number): Json {
    const image = entry.image;
    const repositoryUrl = entry.codeRepository;
    if ((image === undefined) === (repositoryUrl === undefined)) {
      throw seedError(`${where} needs exactly one of "image" and "codeRepository"`);
    }
    const port = entry.port === undefined ? undefined : String(entry.port);
    const env = entry.env;
    let source: Json;
    if (image !== undefined) {
      source = {
        ImageRepository: {
          ImageIdentifier: image,
          ImageRepositoryType: typeof image === 'string' && image.startsWith('public.ecr.aws/') ? 'ECR_PUBLIC' : 'ECR',
          ImageConfiguration: { Port: port, RuntimeEnvironmentVariables: env, StartCommand: entry.startCommand },
        },
      };
    } else {
      const runtime = entry.runtime;
      source = {
        CodeRepository: {
          RepositoryUrl: repositoryUrl,
          SourceCodeVersion: { Type: 'BRANCH', Value: entry.branch ?? 'main' },
          CodeConfiguration:
            runtime === undefined
              ? { ConfigurationSource: 'REPOSITORY' }
              : {
                  ConfigurationSource: 'API',
                  CodeConfigurationValues: {
                    Runtime: runtime,
                    BuildCommand: entry.buildCommand,
                    StartCommand: entry.startCommand,
                    Port: port,
                    RuntimeEnvironmentVariables: env,
                  },
                },
        },
      };
    }
    const health = entry.healthCheck;
    if (health !== undefined && !isObject(health)) {
      throw seedError(`${where}.healthCheck must be an object`);
    }
    const tags = entry.tags;
    if (tags !== undefined && !isObject(tags)) {
      throw seedError(`${where}.tags must be an object of strings`);
    }
    return {
      ServiceName: entry.name,
      SourceConfiguration: source,
      InstanceConfiguration: { Cpu: entry.cpu, Memory: entry.memory },
      HealthCheckConfiguration: health && {
        Protocol: health.protocol,
        Path: health.path,
        Interval: health.interval,
        Timeout: health.timeout,
        HealthyThreshold: health.healthyThreshold,
        UnhealthyThreshold: health.unhealthyThreshold,
      },
      NetworkConfiguration: {
        EgressConfiguration: {
          EgressType: entry.egress ?? (entry.vpcConnectorArn ? 'VPC' : 'DEFAULT'),
          VpcConnectorArn: entry.vpcConnectorArn,
        },
        IngressConfiguration: { IsPubliclyAccessible: entry.isPubliclyAccessible ?? true },
      },
      AutoScalingConfigurationArn: this.seedAutoScaling(state, entry, where, createdAt),
      Tags: tags && Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    };
  }

  /** The auto scaling configuration a seed entry asks for (found or created), or the default's ARN. */
  private seedAutoScaling(state: RegionState, entry: Json, where: string, createdAt: number): string {
    const fallback = this.defaultAutoScaling(state);
    const number = (key: string, fallbackValue: number, min: number, max: number): number => {
      const value = entry[key] ?? fallbackValue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
        throw seedError(`${where}.${key} must be an integer from ${min} to ${max}`);
      }
      return value;
    };
    const settings = {
      minSize: number('minSize', fallback.minSize, 1, 25),
      maxSize: number('maxSize', fallback.maxSize, 1, 1000),
      maxConcurrency: number('maxConcurrency', fallback.maxConcurrency, 1, 200),
    };
    if (settings.maxSize < settings.minSize) {
      throw seedError(`${where}.maxSize must not be below minSize`);
    }
    const name = entry.autoScalingConfigurationName;
    if (name !== undefined && (typeof name !== 'string' || !AUTO_SCALING_NAME.test(name))) {
      throw seedError(`${where}.autoScalingConfigurationName must match ${AUTO_SCALING_NAME.source}`);
    }
    const same = (a: AutoScalingRecord): boolean =>
      a.minSize === settings.minSize && a.maxSize === settings.maxSize && a.maxConcurrency === settings.maxConcurrency;
    if (name === undefined && same(fallback)) {
      return fallback.arn;
    }
    const wanted = name ?? `scaling-${settings.minSize}-${settings.maxSize}-${settings.maxConcurrency}`;
    const existing = state.autoScaling.filter((a) => a.name === wanted).sort((a, b) => b.revision - a.revision)[0];
    return existing && same(existing) ? existing.arn : this.addAutoScaling(state, wanted, settings, createdAt).arn;
  }

  private seedHistory(
    entry: Json,
    status: string,
    inProgressType: OperationType | undefined,
    createdAt: number,
    now: number,
    where: string,
  ): Array<{ type: OperationType; status: TerminalOperationStatus; startedAt: number; endedAt: number }> {
    const twoMinutes = 120_000;
    if (entry.operations === undefined) {
      const history: Array<{ type: OperationType; status: TerminalOperationStatus; startedAt: number; endedAt: number }> = [];
      if (inProgressType === 'CREATE_SERVICE') {
        return history;
      }
      history.push({
        type: 'CREATE_SERVICE',
        status: status === 'CREATE_FAILED' ? 'FAILED' : 'SUCCEEDED',
        startedAt: createdAt,
        endedAt: createdAt + 4 * 60_000,
      });
      const midway = createdAt + (now - createdAt) / 2;
      if (status === 'PAUSED') {
        history.push({ type: 'PAUSE_SERVICE', status: 'SUCCEEDED', startedAt: midway, endedAt: midway + 30_000 });
      } else if (status === 'DELETE_FAILED') {
        history.push({ type: 'DELETE_SERVICE', status: 'FAILED', startedAt: midway, endedAt: midway + twoMinutes });
      }
      return history;
    }
    if (!Array.isArray(entry.operations)) {
      throw seedError(`${where}.operations must be an array`);
    }
    return entry.operations
      .map((op: unknown, index: number) => {
        const at = `${where}.operations[${index}]`;
        if (!isObject(op) || !OPERATION_TYPES.includes(op.type as OperationType)) {
          throw seedError(`${at} needs a "type" out of ${OPERATION_TYPES.join(', ')}`);
        }
        const opStatus = op.status ?? 'SUCCEEDED';
        if (!(TERMINAL_OPERATION_STATUSES as readonly unknown[]).includes(opStatus)) {
          throw seedError(`${at}.status must be a finished status: ${TERMINAL_OPERATION_STATUSES.join(', ')}`);
        }
        const startedAt = parseSeedTime(op.startedAt, now, `${at}.startedAt`);
        const endedAt = op.endedAt === undefined ? startedAt + twoMinutes : parseSeedTime(op.endedAt, now, `${at}.endedAt`);
        if (endedAt < startedAt) {
          throw seedError(`${at} ends before it starts`);
        }
        return { type: op.type as OperationType, status: opStatus as TerminalOperationStatus, startedAt, endedAt };
      })
      .sort((a, b) => a.startedAt - b.startedAt);
  }
}

/** A failed deployment of a running service rolls back to the revision that was running. */
function rollsBack(inFlight: InFlight): boolean {
  const type = inFlight.operation.type;
  return (type === 'UPDATE_SERVICE' || type === 'START_DEPLOYMENT') && inFlight.rollbackTo.status === 'RUNNING';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function createAppRunnerModule(opts: AppRunnerModuleOptions): AppRunnerServiceModule {
  return new AppRunnerModule(opts);
}
