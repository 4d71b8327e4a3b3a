// "Create the ECS Express Service…": the plan's roles and service made real, beside the App Runner
// service, which nothing here touches. Pure: IAM, ECS, HTTP and the clock come in as ports, so the
// role decisions, the retry while IAM propagates and the following are unit-tested with fakes.
//
// Roles: named after the service (`<service>-ecs-execution`, `-ecs-infrastructure`, `-ecs-task`);
// created when missing (trust, managed policies, the inline statements for secrets), reused when
// present and trusting the right service (missing managed policies attached, the inline policy put
// when it differs), refused when present with another trust (we do not change a role's trust).
import { awsCall, AwsCallError } from '../aws/awsCall';
import type { ExpressService, ServiceDeployment } from '../aws/types';
import type { Clock } from '../shared/clock';
import { serviceBrowserUrl } from '../shared/serviceUrl';
import type { ExpressServiceInput, MigrationPlan, RoleSpec } from './plan';
import { ecsExpressMonthly, type CostComparison } from './planDocument';

const ROLE_SUFFIX: Record<RoleSpec['name'], string> = {
  ExecutionRole: 'ecs-execution',
  InfrastructureRole: 'ecs-infrastructure',
  TaskRole: 'ecs-task',
};
const ROLE_INPUT: Record<RoleSpec['name'], 'executionRoleArn' | 'infrastructureRoleArn' | 'taskRoleArn'> = {
  ExecutionRole: 'executionRoleArn',
  InfrastructureRole: 'infrastructureRoleArn',
  TaskRole: 'taskRoleArn',
};
/** How long to keep retrying while ECS cannot assume the new roles yet (IAM propagates in seconds, rarely a minute). */
export const ROLE_PROPAGATION_BUDGET_MS = 120_000;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 15_000;
/** Following the first deployment: ECS Express provisions a load balancer, which takes minutes. */
export const FOLLOW_BUDGET_MS = 20 * 60_000;
export const FOLLOW_POLL_MS = 3_000;

export interface TwinIamPort {
  getRole(name: string): Promise<{ arn: string; trustPolicy?: string } | undefined>;
  attachedPolicyArns(name: string): Promise<string[]>;
  inlinePolicy(roleName: string, policyName: string): Promise<string | undefined>;
  createRole(name: string, trustPolicy: string, description: string): Promise<string>;
  attachRolePolicy(roleName: string, policyArn: string): Promise<void>;
  putInlinePolicy(roleName: string, policyName: string, document: string): Promise<void>;
}

export interface TwinEcsPort {
  create(input: ExpressServiceInput): Promise<ExpressService>;
  describe(serviceArn: string): Promise<ExpressService>;
  newestDeployment(serviceArn: string): Promise<ServiceDeployment | undefined>;
}

export interface TwinPorts {
  region: string;
  iam: TwinIamPort;
  ecs: TwinEcsPort;
  http: { get(url: string, timeoutMs: number, signal?: AbortSignal): Promise<{ status: number; body: string }> };
  clock: Clock;
  /** What is happening now, for the progress notification. */
  progress(message: string): void;
  /** A line for the output channel. */
  log(line: string): void;
}

// ---- roles ----------------------------------------------------------------------------------------

export type RoleStep =
  | { kind: 'createRole'; trustPolicy: string; description: string }
  | { kind: 'attachPolicy'; policyArn: string }
  | { kind: 'putInlinePolicy'; policyName: string; document: string };

export interface RoleWork {
  spec: RoleSpec;
  roleName: string;
  /** The ARN of the role when it exists already. */
  existingArn?: string;
  steps: RoleStep[];
  /** Why the existing role cannot be used, and what to do. */
  problem?: string;
}

export interface ExistingRole {
  arn: string;
  /** As IAM returns it: URL-encoded JSON (plain JSON accepted too). */
  trustPolicy?: string;
  attachedPolicyArns: string[];
  /** The role's inline policy of the name the twin uses, as IAM returns it. */
  inlinePolicy?: string;
}

export function twinRoleName(serviceName: string, spec: RoleSpec): string {
  return `${serviceName}-${ROLE_SUFFIX[spec.name]}`.slice(0, 64);
}

export function inlinePolicyName(spec: RoleSpec): string {
  return `${spec.name}Access`;
}

export function trustPolicyDocument(service: RoleSpec['trustedService']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

function inlineDocument(spec: RoleSpec): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: spec.statements });
}

interface PolicyStatement {
  Effect?: unknown;
  Action?: unknown;
  Principal?: { Service?: unknown };
}

/** IAM answers policy documents URL-encoded; anything unreadable is taken as different. */
function parsePolicy(text: string | undefined): { Statement?: unknown } | undefined {
  if (text === undefined) return undefined;
  for (const candidate of [text, safeDecode(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Whether a trust policy lets `service` assume the role. */
export function trustsService(trustPolicy: string | undefined, service: string): boolean {
  const document = parsePolicy(trustPolicy);
  return (asList(document?.Statement) as Array<PolicyStatement | undefined>).some(
    (s) =>
      s?.Effect === 'Allow' &&
      asList(s.Principal?.Service).includes(service) &&
      asList(s.Action).some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*'),
  );
}

function sameStatements(a: { Statement?: unknown } | undefined, b: { Statement?: unknown }): boolean {
  return JSON.stringify(asList(a?.Statement)) === JSON.stringify(asList(b?.Statement));
}

/** What to do for one role of the plan, given what IAM has under its name. */
export function roleWork(spec: RoleSpec, serviceName: string, existing: ExistingRole | undefined): RoleWork {
  const roleName = twinRoleName(serviceName, spec);
  const inline: RoleStep[] = spec.statements.length
    ? [{ kind: 'putInlinePolicy', policyName: inlinePolicyName(spec), document: inlineDocument(spec) }]
    : [];
  if (!existing) {
    return {
      spec,
      roleName,
      steps: [
        {
          kind: 'createRole',
          trustPolicy: trustPolicyDocument(spec.trustedService),
          description: `${serviceName}: ${spec.purpose}`.slice(0, 1000),
        },
        ...spec.managedPolicyArns.map((policyArn): RoleStep => ({ kind: 'attachPolicy', policyArn })),
        ...inline,
      ],
    };
  }
  if (!trustsService(existing.trustPolicy, spec.trustedService)) {
    return {
      spec,
      roleName,
      existingArn: existing.arn,
      steps: [],
      problem: `The role ${roleName} exists but does not trust ${spec.trustedService}. Give it that trust (or delete it so that it is created), then try again.`,
    };
  }
  const missing = spec.managedPolicyArns.filter((arn) => !existing.attachedPolicyArns.includes(arn));
  const inlineDiffers = spec.statements.length > 0 && !sameStatements(parsePolicy(existing.inlinePolicy), { Statement: spec.statements });
  return {
    spec,
    roleName,
    existingArn: existing.arn,
    steps: [...missing.map((policyArn): RoleStep => ({ kind: 'attachPolicy', policyArn })), ...(inlineDiffers ? inline : [])],
  };
}

/** Reads what IAM has under each role's name and decides the work (GetRole, ListAttachedRolePolicies, GetRolePolicy). */
export async function readRoleWork(plan: MigrationPlan, ports: Pick<TwinPorts, 'iam' | 'region'>): Promise<RoleWork[]> {
  const { iam, region } = ports;
  const works: RoleWork[] = [];
  for (const spec of plan.roles) {
    const name = twinRoleName(plan.input.serviceName, spec);
    const role = await awsCall('iam:GetRole', `read the role ${name}`, region, () => iam.getRole(name));
    let existing: ExistingRole | undefined;
    if (role) {
      const attachedPolicyArns = await awsCall('iam:ListAttachedRolePolicies', `read the policies of ${name}`, region, () =>
        iam.attachedPolicyArns(name),
      );
      const inlinePolicy = spec.statements.length
        ? await awsCall('iam:GetRolePolicy', `read the inline policy of ${name}`, region, () =>
            iam.inlinePolicy(name, inlinePolicyName(spec)),
          )
        : undefined;
      existing = { arn: role.arn, trustPolicy: role.trustPolicy, attachedPolicyArns, ...(inlinePolicy ? { inlinePolicy } : {}) };
    }
    works.push(roleWork(spec, plan.input.serviceName, existing));
  }
  return works;
}

/** Carries out the role work; returns each role's ARN by the plan's role name. */
export async function applyRoleWork(
  works: RoleWork[],
  ports: Pick<TwinPorts, 'iam' | 'region' | 'progress' | 'log'>,
): Promise<Record<RoleSpec['name'], string>> {
  const { iam, region } = ports;
  const arns = {} as Record<RoleSpec['name'], string>;
  for (const work of works) {
    if (work.problem) throw new Error(work.problem);
    let arn = work.existingArn;
    for (const step of work.steps) {
      switch (step.kind) {
        case 'createRole':
          ports.progress(`Creating the role ${work.roleName}…`);
          arn = await awsCall('iam:CreateRole', `create the role ${work.roleName}`, region, () =>
            iam.createRole(work.roleName, step.trustPolicy, step.description),
          );
          ports.log(`Created the role ${arn} (trusts ${work.spec.trustedService}).`);
          break;
        case 'attachPolicy':
          await awsCall('iam:AttachRolePolicy', `attach ${step.policyArn} to ${work.roleName}`, region, () =>
            iam.attachRolePolicy(work.roleName, step.policyArn),
          );
          ports.log(`Attached ${step.policyArn} to ${work.roleName}.`);
          break;
        case 'putInlinePolicy':
          await awsCall('iam:PutRolePolicy', `put the inline policy ${step.policyName} on ${work.roleName}`, region, () =>
            iam.putInlinePolicy(work.roleName, step.policyName, step.document),
          );
          ports.log(`Put the inline policy ${step.policyName} on ${work.roleName}.`);
          break;
      }
    }
    if (!work.steps.length) ports.log(`Reusing the role ${arn}: it is as the plan needs it.`);
    arns[work.spec.name] = arn!;
  }
  return arns;
}

// ---- before asking --------------------------------------------------------------------------------

/** Why the plan cannot be created as it stands; empty when it can. */
export function twinBlockers(plan: MigrationPlan): string[] {
  const blockers: string[] = [];
  if (plan.needsDockerfile || plan.input.primaryContainer.image.startsWith('<')) {
    blockers.push(
      'The service builds from source code: ECS Express runs images. Write a Dockerfile, deploy it as an image service, then plan again.',
    );
  }
  const vpc = plan.actions.find((a) => /VPC connector/.test(a));
  if (vpc) blockers.push(`${vpc} Without them the service would run in the default VPC; export the templates and fill them in instead.`);
  return blockers;
}

/** The plan's input with the roles' ARNs in place of the placeholders. */
export function twinInput(plan: MigrationPlan, arns: Partial<Record<RoleSpec['name'], string>>): ExpressServiceInput {
  const input: ExpressServiceInput = { ...plan.input };
  for (const [name, member] of Object.entries(ROLE_INPUT) as Array<[RoleSpec['name'], (typeof ROLE_INPUT)[RoleSpec['name']]]>) {
    if (arns[name]) input[member] = arns[name]!;
  }
  return input;
}

/** The plan's cost line: ECS Express's monthly estimate beside App Runner's measured one. */
export function twinCostLine(plan: MigrationPlan, cost: CostComparison | undefined): string {
  const tasks = Math.max(cost?.averageTasks ?? 0, plan.input.scalingTarget.minTaskCount, 1);
  const ecs = ecsExpressMonthly(plan.input.cpu, plan.input.memory, tasks);
  const dollars = (n: number) => `$${n.toFixed(2)}`;
  return (
    `Cost: about ${dollars(ecs.total)} a month on ECS Express (${tasks} task${tasks === 1 ? '' : 's'} ${dollars(ecs.compute)} + load balancer ${dollars(ecs.loadBalancer)})` +
    (cost ? `, against ${cost.appRunnerMonthly} on App Runner.` : '.') +
    ' Both run (and bill) until you delete one.'
  );
}

/** The one confirmation's text: what will be created, what is reused, the cost, and that App Runner stays. */
export function twinConfirmation(
  plan: MigrationPlan,
  works: RoleWork[],
  cost: CostComparison | undefined,
  appRunnerName: string,
): { title: string; detail: string } {
  const input = plan.input;
  const roleLines = works.map((w) => {
    const what = w.existingArn ? (w.steps.length ? 'update (policies)' : 'reuse') : 'create';
    const policies = [
      ...w.spec.managedPolicyArns.map((a) => a.split('/').pop()),
      ...(w.spec.statements.length ? ['secrets read access'] : []),
    ];
    return `• ${what} role ${w.roleName} (trusts ${w.spec.trustedService}${policies.length ? `; ${policies.join(', ')}` : ''})`;
  });
  const task = works.find((w) => w.spec.name === 'TaskRole');
  return {
    title: `Create the ECS Express service ${input.serviceName}?`,
    detail: [
      `ECS Express service ${input.serviceName} in cluster ${input.cluster ?? 'default'}: ${input.primaryContainer.image}, port ${input.primaryContainer.containerPort}, ${input.cpu} CPU units / ${input.memory} MiB, ${input.scalingTarget.minTaskCount}–${input.scalingTarget.maxTaskCount} tasks, health check ${input.healthCheckPath ?? '/ping'}.`,
      ...roleLines,
      ...(task ? [`The task role starts without permissions: ${task.spec.purpose}.`] : []),
      twinCostLine(plan, cost),
      `The App Runner service ${appRunnerName} is not changed.`,
    ].join('\n'),
  };
}

// ---- create, waiting for IAM ----------------------------------------------------------------------

/** ECS's answer while it cannot assume a role IAM has not propagated yet. */
export function isRoleNotAssumableYet(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  return e?.name === 'InvalidParameterException' && /unable to assume (the )?role/i.test(e.message ?? '');
}

/** ECS's answer to a service name in use in the cluster (as CreateService answers it). */
export function isNameInUse(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  return e?.name === 'InvalidParameterException' && /not idempotent|already exists/i.test(e.message ?? '');
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

async function sleepOrCancel(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw e;
  }
}

/**
 * CreateExpressGatewayService, repeated with backoff while ECS cannot assume the new roles yet
 * (IAM is eventually consistent), for at most ROLE_PROPAGATION_BUDGET_MS. Only the call repeats.
 */
export async function createExpressService(input: ExpressServiceInput, ports: TwinPorts, signal: AbortSignal): Promise<ExpressService> {
  const started = ports.clock.now();
  let wait = FIRST_RETRY_MS;
  for (let attempt = 1; ; attempt++) {
    ports.progress(
      attempt === 1 ? `Creating the ECS Express service ${input.serviceName}…` : `Creating the ECS Express service (attempt ${attempt})…`,
    );
    try {
      return await ports.ecs.create(input);
    } catch (err) {
      const elapsed = ports.clock.now() - started;
      if (isNameInUse(err)) {
        throw new Error(
          `An ECS service named ${input.serviceName} already exists in the cluster ${input.cluster ?? 'default'} (names are unique per cluster). ` +
            'Delete it in the ECS console (or keep using it), then run the command again: the roles are reused.',
          { cause: err },
        );
      }
      if (!isRoleNotAssumableYet(err)) {
        throw new AwsCallError(err, 'ecs:CreateExpressGatewayService', `create the ECS Express service ${input.serviceName}`, ports.region);
      }
      if (elapsed + wait > ROLE_PROPAGATION_BUDGET_MS) throw new RolesNotAssumable(err, elapsed);
      const message = `ECS cannot assume the new roles yet: IAM is still propagating them. Trying again in ${Math.round(wait / 1000)} s (for up to ${ROLE_PROPAGATION_BUDGET_MS / 60_000} minutes)…`;
      ports.progress(message);
      ports.log(message);
      await sleepOrCancel(ports.clock, wait, signal);
      wait = Math.min(wait * 2, MAX_RETRY_MS);
    }
  }
}

/** ECS still could not assume a role when the retry budget ran out. */
export class RolesNotAssumable extends Error {
  constructor(
    readonly error: unknown,
    readonly waitedMs: number,
  ) {
    super(
      `ECS still cannot assume the roles after ${Math.round(waitedMs / 1000)} s: ${(error as Error)?.message ?? String(error)} ` +
        'Check that each role trusts the service named and that you may pass it (iam:PassRole), then run the command again: the roles are reused.',
    );
    this.name = 'RolesNotAssumable';
  }
}

// ---- following --------------------------------------------------------------------------------------

export type FollowOutcome =
  | { kind: 'serving'; service: ExpressService; deployment: ServiceDeployment; url?: string }
  | { kind: 'failed'; service: ExpressService; deployment?: ServiceDeployment; reason: string }
  | { kind: 'cancelled' }
  | { kind: 'timeout'; status?: string };

const FAILED_DEPLOYMENT = new Set([
  'STOPPED',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
]);

/** The public endpoint of the service's configuration, as a URL (https; http for the emulator's loopback). */
export function endpointUrl(service: ExpressService): string | undefined {
  const endpoint = service.activeConfigurations?.flatMap((c) => c.ingressPaths ?? []).find((p) => p.endpoint)?.endpoint;
  return serviceBrowserUrl(endpoint);
}

function deploymentProgress(d: ServiceDeployment | undefined): string {
  if (!d) return 'Waiting for the first deployment…';
  const target = d.targetServiceRevision;
  const tasks = target ? ` (${target.runningTaskCount ?? 0} of ${target.requestedTaskCount ?? 0} tasks running)` : '';
  return `Deployment ${d.status?.toLowerCase().replace(/_/g, ' ') ?? 'pending'}${tasks}…`;
}

/**
 * Follows the service's newest deployment until it succeeds (the service serves), fails, the user
 * cancels (the service goes on: only the following stops) or FOLLOW_BUDGET_MS passes.
 */
export async function followExpressService(serviceArn: string, ports: TwinPorts, signal: AbortSignal): Promise<FollowOutcome> {
  const { ecs, region, clock } = ports;
  const deadline = clock.now() + FOLLOW_BUDGET_MS;
  let lastStatus: string | undefined;
  for (;;) {
    if (signal.aborted) return { kind: 'cancelled' };
    const deployment = await awsCall('ecs:ListServiceDeployments', 'follow the ECS service deployment', region, () =>
      ecs.newestDeployment(serviceArn),
    );
    if (deployment?.status !== lastStatus) {
      ports.log(
        `Deployment ${deployment?.serviceDeploymentArn ?? '(none yet)'}: ${deployment?.status ?? 'not started'}${deployment?.statusReason ? ` (${deployment.statusReason})` : ''}`,
      );
      lastStatus = deployment?.status;
    }
    ports.progress(deploymentProgress(deployment));
    if (deployment?.status === 'SUCCESSFUL' || (deployment?.status && FAILED_DEPLOYMENT.has(deployment.status))) {
      const service = await awsCall('ecs:DescribeExpressGatewayService', 'describe the ECS Express service', region, () =>
        ecs.describe(serviceArn),
      );
      if (deployment.status === 'SUCCESSFUL' && service.status?.statusCode === 'ACTIVE') {
        return { kind: 'serving', service, deployment, url: endpointUrl(service) };
      }
      return {
        kind: 'failed',
        service,
        deployment,
        reason: deployment.statusReason ?? service.status?.statusReason ?? `the deployment ended ${deployment.status}`,
      };
    }
    if (clock.now() + FOLLOW_POLL_MS > deadline) return { kind: 'timeout', status: deployment?.status };
    try {
      await sleepOrCancel(clock, FOLLOW_POLL_MS, signal);
    } catch (e) {
      if (e instanceof CancelledError) return { kind: 'cancelled' };
      throw e;
    }
  }
}

/** The service's page in the ECS console. */
export function ecsConsoleUrl(region: string, cluster: string, serviceName: string): string {
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeURIComponent(cluster)}/services/${encodeURIComponent(serviceName)}/health?region=${region}`;
}

export interface UrlCheck {
  url: string;
  status?: number;
  /** The start of the answer's body (untrusted: for the output channel only). */
  body?: string;
  error?: string;
}

/** GET the new service's URL; a load balancer may answer 503 for a moment after the deployment, so a few tries. */
export async function checkTwinUrl(url: string, ports: Pick<TwinPorts, 'http' | 'clock'>, signal: AbortSignal): Promise<UrlCheck> {
  let last: UrlCheck = { url };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const answer = await ports.http.get(url, 5000, signal);
      last = { url, status: answer.status, body: answer.body.slice(0, 2000) };
      if (answer.status < 500) return last;
    } catch (e) {
      last = { url, error: (e as Error).message };
    }
    if (signal.aborted) return last;
    try {
      await ports.clock.sleep(1000, signal);
    } catch {
      return last;
    }
  }
  return last;
}
