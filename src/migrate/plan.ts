// The mapping from an App Runner service to an ECS Express Mode service: the
// CreateExpressGatewayService input (member names exactly as in the ECS API), the row-by-row
// mapping a person reviews, what does not carry over and what to do instead, and the IAM roles
// the new service needs. Pure: the adapter gathers DescribeService, the VPC connector, custom
// domains, tags and metrics, and this decides.
import type { Service } from '../aws/types';
import { secretResourceOfReference } from '../aws/arn';
import type { RunningImage } from './runningImage';

/** CreateExpressGatewayService's input, as the ECS model (botocore `ecs` 2014-11-13) names it. */
export interface ExpressServiceInput {
  serviceName: string;
  cluster?: string;
  executionRoleArn: string;
  infrastructureRoleArn: string;
  taskRoleArn?: string;
  healthCheckPath?: string;
  primaryContainer: {
    image: string;
    containerPort: number;
    command?: string[];
    environment?: Array<{ name: string; value: string }>;
    secrets?: Array<{ name: string; valueFrom: string }>;
  };
  networkConfiguration?: { subnets?: string[]; securityGroups?: string[] };
  cpu: string;
  memory: string;
  scalingTarget: {
    minTaskCount: number;
    maxTaskCount: number;
    autoScalingMetric: 'AVERAGE_CPU' | 'AVERAGE_MEMORY' | 'REQUEST_COUNT_PER_TARGET';
    autoScalingTargetValue: number;
  };
  tags?: Array<{ key: string; value: string }>;
}

/** Everything about the App Runner service that the mapping reads. */
export interface MigrationSource {
  service: Service;
  /** The image the service runs now, pinned to its digest when that is known (runningImage.ts). */
  runningImage?: RunningImage;
  /** The service's auto scaling configuration in use. */
  autoScaling?: { minSize: number; maxSize: number; maxConcurrency: number };
  /** The VPC connector's subnets and security groups, when egress goes through one. */
  vpcConnector?: { subnets: string[]; securityGroups: string[] };
  /** Custom domain names associated with the service. */
  customDomains?: string[];
  tags?: Array<{ Key?: string; Value?: string }>;
  /** From the service's own metrics: requests per minute per active instance and the mean latency. */
  traffic?: { requestsPerMinutePerInstance: number; meanLatencySeconds: number };
  /** ARNs to put in the new service; placeholders (`<…>`) otherwise. */
  roles?: { executionRoleArn?: string; infrastructureRoleArn?: string; taskRoleArn?: string };
}

export interface MappingRow {
  appRunner: string;
  ecsExpress: string;
  value: string;
  note?: string;
}

export interface NotCarried {
  setting: string;
  why: string;
  instead: string;
}

export interface RoleSpec {
  /** Logical name used in the plan and the templates. */
  name: 'ExecutionRole' | 'InfrastructureRole' | 'TaskRole';
  purpose: string;
  trustedService: 'ecs-tasks.amazonaws.com' | 'ecs.amazonaws.com';
  managedPolicyArns: string[];
  /** Inline statements the role needs beyond the managed policies. */
  statements: Array<{ Effect: 'Allow'; Action: string[]; Resource: string[] }>;
}

export interface ScalingEstimate {
  metric: ExpressServiceInput['scalingTarget']['autoScalingMetric'];
  targetValue: number;
  explanation: string;
}

export interface MigrationPlan {
  input: ExpressServiceInput;
  rows: MappingRow[];
  notCarried: NotCarried[];
  roles: RoleSpec[];
  scaling: ScalingEstimate;
  /** Things to decide or do before creating the service. */
  actions: string[];
  /** Source-code services cannot be created as they are: they need a Dockerfile first. */
  needsDockerfile: boolean;
  /** Why the image keeps its tag instead of a digest, and what to check; undefined when pinned (or no image yet). */
  imageNotPinned?: { reason: string; check: string };
}

/** App Runner's default port and the ECS Express default it must not fall back to. */
const APP_RUNNER_DEFAULT_PORT = 8080;
/** Share of App Runner's per-instance concurrency to aim for, so that ECS scales out before instances saturate. */
const TARGET_SHARE_OF_CONCURRENCY = 0.7;
const DEFAULT_CPU_TARGET_PERCENT = 60;
export const EXECUTION_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
export const INFRASTRUCTURE_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices';

export function planMigration(source: MigrationSource): MigrationPlan {
  const { service } = source;
  const image = service.SourceConfiguration?.ImageRepository;
  const imageConfig = image?.ImageConfiguration;
  const rows: MappingRow[] = [];
  const notCarried: NotCarried[] = [];
  const actions: string[] = [];
  const row = (appRunner: string, ecsExpress: string, value: string, note?: string) => rows.push({ appRunner, ecsExpress, value, note });

  const needsDockerfile = !image && !!service.SourceConfiguration?.CodeRepository;
  const imageNotPinned = image ? notPinned(image.ImageIdentifier, source.runningImage) : undefined;
  const pinnedImage = image ? (source.runningImage?.image ?? image.ImageIdentifier) : undefined;
  row(
    'SourceConfiguration.ImageRepository.ImageIdentifier',
    'primaryContainer.image',
    pinnedImage ?? '<image built from the repository>',
    source.runningImage?.pinned ? source.runningImage.note : imageNotPinned ? `not pinned: ${imageNotPinned.reason}` : undefined,
  );
  if (imageNotPinned) actions.push(`Pin the image to the digest the service runs: ${imageNotPinned.reason}. ${imageNotPinned.check}`);
  if (needsDockerfile) {
    notCarried.push({
      setting: 'Source-code builds (CodeRepository)',
      why: 'ECS Express Mode runs container images only; it does not build from a repository.',
      instead: 'Write a Dockerfile (the extension can write one from apprunner.yaml), build and push it to ECR, then use that image.',
    });
  }

  const port = Number(imageConfig?.Port ?? APP_RUNNER_DEFAULT_PORT);
  row(
    'ImageConfiguration.Port',
    'primaryContainer.containerPort',
    String(port),
    'set explicitly: ECS Express defaults to 80, App Runner to 8080',
  );

  const command = imageConfig?.StartCommand ? commandWords(imageConfig.StartCommand) : undefined;
  if (imageConfig?.StartCommand) {
    row(
      'ImageConfiguration.StartCommand',
      'primaryContainer.command',
      JSON.stringify(command),
      command?.[0] === 'sh' ? 'run through sh -c: the command uses shell syntax, so the image needs a shell' : undefined,
    );
  }

  // App Runner tells the app its port in PORT; ECS sets no such variable, and apps that read it would fall back to their default.
  const variables = { PORT: String(port), ...(imageConfig?.RuntimeEnvironmentVariables ?? {}) };
  const environment = Object.entries(variables)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  row(
    'RuntimeEnvironmentVariables',
    'primaryContainer.environment',
    count(environment.length, 'variable'),
    `PORT=${variables.PORT} included: App Runner sets PORT for the app, ECS does not`,
  );
  const secrets = Object.entries(imageConfig?.RuntimeEnvironmentSecrets ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, valueFrom]) => ({ name, valueFrom }));
  if (secrets.length > 0) {
    row(
      'RuntimeEnvironmentSecrets',
      'primaryContainer.secrets',
      count(secrets.length, 'secret'),
      'ECS reads secrets with the execution role (App Runner used the instance role): its permissions move there',
    );
  }

  const cpu = cpuUnits(service.InstanceConfiguration?.Cpu ?? '1024');
  const memory = memoryMiB(service.InstanceConfiguration?.Memory ?? '2048');
  row(
    'InstanceConfiguration.Cpu / Memory',
    'cpu / memory',
    `${cpu} CPU units / ${memory} MiB`,
    'every App Runner size is a valid Fargate size',
  );

  const health = service.HealthCheckConfiguration;
  let healthCheckPath: string;
  if (health?.Protocol === 'HTTP') {
    healthCheckPath = health.Path || '/';
    row('HealthCheckConfiguration.Path', 'healthCheckPath', healthCheckPath);
  } else {
    healthCheckPath = '/';
    row(
      'HealthCheckConfiguration (TCP)',
      'healthCheckPath',
      '/',
      'no TCP health check in ECS Express: check that the app answers 200 on this path',
    );
    notCarried.push({
      setting: 'TCP health check',
      why: 'ECS Express Mode checks health over HTTP on a path only.',
      instead: 'Give the app an HTTP path that answers 200 (for example /health) and set healthCheckPath to it.',
    });
    actions.push('Choose the HTTP health check path: the service uses a TCP check today.');
  }
  if (health && (health.Interval !== undefined || health.Timeout !== undefined || health.HealthyThreshold !== undefined)) {
    notCarried.push({
      setting: `Health check timing (interval ${health.Interval ?? 5} s, timeout ${health.Timeout ?? 2} s, thresholds ${health.HealthyThreshold ?? 1}/${health.UnhealthyThreshold ?? 5})`,
      why: 'ECS Express Mode sets the load balancer health check timing itself.',
      instead: 'Adjust the target group health check of the created load balancer afterwards if the defaults do not suit.',
    });
  }

  const autoScaling = source.autoScaling ?? { minSize: 1, maxSize: 25, maxConcurrency: 100 };
  const scaling = estimateScaling(autoScaling.maxConcurrency, source.traffic);
  row('AutoScaling MinSize / MaxSize', 'scalingTarget.minTaskCount / maxTaskCount', `${autoScaling.minSize} / ${autoScaling.maxSize}`);
  row(
    'AutoScaling MaxConcurrency',
    'scalingTarget.autoScalingMetric / autoScalingTargetValue',
    `${scaling.metric} ${scaling.targetValue}`,
    scaling.explanation,
  );
  notCarried.push({
    setting: `Concurrency-based scaling (MaxConcurrency ${autoScaling.maxConcurrency})`,
    why: 'ECS Express Mode scales on CPU, memory or requests per target, not on concurrent requests.',
    instead: 'Requests per target is the nearest: the plan estimates its value from the service’s own traffic. Watch it after the switch.',
  });

  let networkConfiguration: ExpressServiceInput['networkConfiguration'];
  const egress = service.NetworkConfiguration?.EgressConfiguration;
  if (egress?.EgressType === 'VPC') {
    if (source.vpcConnector) {
      networkConfiguration = { subnets: [...source.vpcConnector.subnets], securityGroups: [...source.vpcConnector.securityGroups] };
      row(
        'EgressConfiguration (VPC connector)',
        'networkConfiguration',
        `${count(networkConfiguration.subnets!.length, 'subnet')}, ${count(networkConfiguration.securityGroups!.length, 'security group')}`,
      );
    } else {
      actions.push('Read the VPC connector’s subnets and security groups: the service sends traffic through a VPC connector.');
    }
  } else {
    row('EgressConfiguration (DEFAULT)', 'networkConfiguration', '(omitted: the default VPC)');
  }
  if (service.NetworkConfiguration?.IngressConfiguration?.IsPubliclyAccessible === false) {
    notCarried.push({
      setting: 'Private ingress (VPC ingress connection)',
      why: 'ECS Express Mode makes the load balancer internal when the service runs in private subnets; App Runner’s VPC ingress connections do not exist there.',
      instead: 'Run the service in private subnets and reach the internal load balancer from your VPC.',
    });
  }
  if (service.NetworkConfiguration?.IpAddressType === 'DUAL_STACK') {
    notCarried.push({
      setting: 'Dual-stack (IPv6) ingress',
      why: 'ECS Express Mode creates an IPv4 load balancer.',
      instead: 'Change the load balancer’s IP address type after creation if IPv6 clients must reach it.',
    });
  }

  if (service.SourceConfiguration?.AutoDeploymentsEnabled) {
    notCarried.push({
      setting: 'Automatic deployments on image push',
      why: 'ECS Express Mode deploys when the service is updated, not when an image is pushed.',
      instead: 'Update the service from CI after each push (UpdateExpressGatewayService with the new image).',
    });
  }
  notCarried.push({
    setting: 'Pause and resume',
    why: 'ECS Express Mode has no pause; the load balancer runs and is billed while the service exists.',
    instead: 'Set the task count bounds to 0 to stop the tasks, or delete the service.',
  });
  if (source.customDomains?.length) {
    notCarried.push({
      setting: `Custom domains (${source.customDomains.join(', ')})`,
      why: 'App Runner’s managed certificates and domain associations stay with App Runner.',
      instead:
        'Request an ACM certificate, add an HTTPS listener rule for the domain on the new load balancer, then move DNS (weighted records first).',
    });
  }
  if (service.ObservabilityConfiguration?.ObservabilityEnabled) {
    notCarried.push({
      setting: 'X-Ray tracing (observability configuration)',
      why: 'ECS Express Mode has no tracing switch.',
      instead:
        'Run the AWS Distro for OpenTelemetry collector as a sidecar in a full ECS task definition, or instrument the app to send traces itself.',
    });
  }
  notCarried.push({
    setting: 'AWS WAF web ACL',
    why: 'Web ACLs are associated with App Runner services separately and do not move.',
    instead: 'Associate the web ACL with the new Application Load Balancer.',
  });
  if (service.EncryptionConfiguration?.KmsKey) {
    notCarried.push({
      setting: 'Customer-managed KMS key',
      why: 'App Runner used the key for the service’s stored source and configuration.',
      instead: 'Grant the execution role kms:Decrypt on the key if secrets are encrypted with it.',
    });
  }

  const tags = (source.tags ?? [])
    .filter((t): t is { Key: string; Value: string } => typeof t.Key === 'string' && !t.Key.startsWith('aws:'))
    .map((t) => ({ key: t.Key, value: t.Value ?? '' }));
  if (tags.length > 0) row('Tags', 'tags', count(tags.length, 'tag'));

  const roles = roleSpecs(secrets, service.InstanceConfiguration?.InstanceRoleArn, service.EncryptionConfiguration?.KmsKey);
  const input: ExpressServiceInput = {
    serviceName: service.ServiceName ?? 'service',
    executionRoleArn: source.roles?.executionRoleArn ?? '<ExecutionRole ARN>',
    infrastructureRoleArn: source.roles?.infrastructureRoleArn ?? '<InfrastructureRole ARN>',
    ...(roles.some((r) => r.name === 'TaskRole') ? { taskRoleArn: source.roles?.taskRoleArn ?? '<TaskRole ARN>' } : {}),
    healthCheckPath,
    primaryContainer: {
      image: pinnedImage ?? '<image>',
      containerPort: port,
      ...(command ? { command } : {}),
      ...(environment.length ? { environment } : {}),
      ...(secrets.length ? { secrets } : {}),
    },
    ...(networkConfiguration ? { networkConfiguration } : {}),
    cpu,
    memory,
    scalingTarget: {
      minTaskCount: autoScaling.minSize,
      maxTaskCount: autoScaling.maxSize,
      autoScalingMetric: scaling.metric,
      autoScalingTargetValue: scaling.targetValue,
    },
    ...(tags.length ? { tags } : {}),
  };
  if (service.InstanceConfiguration?.InstanceRoleArn) {
    row(
      'InstanceConfiguration.InstanceRoleArn',
      'taskRoleArn',
      'a new task role',
      `trusts ecs-tasks.amazonaws.com; attach the policies of ${service.InstanceConfiguration.InstanceRoleArn}`,
    );
  }
  return { input, rows, notCarried, roles, scaling, actions, needsDockerfile, ...(imageNotPinned ? { imageNotPinned } : {}) };
}

/**
 * Requests per target per minute that keep each task at about 70% of the concurrency App Runner
 * allowed per instance: by Little's law, concurrency = request rate × latency, so a task at
 * concurrency C serves C / latency requests per second.
 */
export function estimateScaling(maxConcurrency: number, traffic?: MigrationSource['traffic']): ScalingEstimate {
  if (!traffic || traffic.meanLatencySeconds <= 0) {
    return {
      metric: 'AVERAGE_CPU',
      targetValue: DEFAULT_CPU_TARGET_PERCENT,
      explanation: `no request metrics to estimate from: average CPU at ${DEFAULT_CPU_TARGET_PERCENT}% (ECS Express's default) instead`,
    };
  }
  const perMinute = Math.max(1, Math.floor(((maxConcurrency * TARGET_SHARE_OF_CONCURRENCY) / traffic.meanLatencySeconds) * 60));
  return {
    metric: 'REQUEST_COUNT_PER_TARGET',
    targetValue: perMinute,
    explanation:
      `${Math.round(TARGET_SHARE_OF_CONCURRENCY * 100)}% of MaxConcurrency ${maxConcurrency} at the measured mean latency of ` +
      `${formatSeconds(traffic.meanLatencySeconds)} = ${perMinute} requests per target per minute ` +
      `(now ${Math.round(traffic.requestsPerMinutePerInstance)} per instance per minute)`,
  };
}

/** "1 tag", "3 tags". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
}

/** Why the image is not pinned, or undefined when the running digest is known. */
function notPinned(identifier: string | undefined, running: RunningImage | undefined): MigrationPlan['imageNotPinned'] {
  if (running?.pinned) return undefined;
  if (running) return { reason: running.reason, check: running.check };
  return {
    reason: `the digest ${identifier ?? 'the image'} resolved to at the last deployment is not known`,
    check: 'Find the digest the service runs in ECR and put it in the image as repository@sha256:….',
  };
}

/** App Runner's "1 vCPU" / "1024" → Fargate CPU units as a string. */
export function cpuUnits(cpu: string): string {
  const vcpu = /^([\d.]+)\s*vCPU$/i.exec(cpu.trim());
  return vcpu ? String(Math.round(Number(vcpu[1]) * 1024)) : String(Number(cpu));
}

/** App Runner's "2 GB" / "2048" → MiB as a string. */
export function memoryMiB(memory: string): string {
  const gb = /^([\d.]+)\s*GB$/i.exec(memory.trim());
  return gb ? String(Math.round(Number(gb[1]) * 1024)) : String(Number(memory));
}

/**
 * A start command as ECS's argument list: plain words split as a shell would (quotes kept
 * together); anything with shell syntax (operators, variables, globs) runs through `sh -c`.
 */
export function commandWords(command: string): string[] {
  if (/[|&;<>()$`*?~{}\\]|\n/.test(command)) return ['sh', '-c', command];
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(command); m; m = re.exec(command)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

function roleSpecs(secrets: Array<{ valueFrom: string }>, instanceRoleArn: string | undefined, kmsKey: string | undefined): RoleSpec[] {
  const secretArns = secrets.map((s) => s.valueFrom);
  const statements: RoleSpec['statements'] = [];
  const secretsManager = secretArns.filter((arn) => arn.includes(':secretsmanager:'));
  const parameters = secretArns.filter((arn) => !arn.includes(':secretsmanager:'));
  if (secretsManager.length)
    statements.push({
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secretsManager.map(secretResourceOfReference),
    });
  if (parameters.length) statements.push({ Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: parameters.map(parameterResource) });
  if (kmsKey && secretArns.length) statements.push({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [kmsKey] });
  const roles: RoleSpec[] = [
    {
      name: 'ExecutionRole',
      purpose: 'pulls the image, writes the logs and reads the secrets for the tasks',
      trustedService: 'ecs-tasks.amazonaws.com',
      managedPolicyArns: [EXECUTION_POLICY_ARN],
      statements,
    },
    {
      name: 'InfrastructureRole',
      purpose: 'lets ECS create and manage the load balancer, target groups, security groups and scaling for the service',
      trustedService: 'ecs.amazonaws.com',
      managedPolicyArns: [INFRASTRUCTURE_POLICY_ARN],
      statements: [],
    },
  ];
  if (instanceRoleArn) {
    roles.push({
      name: 'TaskRole',
      purpose: `the app's own AWS permissions: attach the policies of ${instanceRoleArn}`,
      trustedService: 'ecs-tasks.amazonaws.com',
      managedPolicyArns: [],
      statements: [],
    });
  }
  return roles;
}

/** An SSM parameter name is only valid in the same region and account: keep ARNs, widen names. */
function parameterResource(reference: string): string {
  return reference.startsWith('arn:') ? reference : `arn:aws:ssm:*:*:parameter/${reference.replace(/^\//, '')}`;
}
