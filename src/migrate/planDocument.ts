// The migration plan as a Markdown document a person reviews and commits: the mapping, what
// does not carry over, the roles, the monthly cost on both sides and the cut-over steps. Every
// value that came from AWS goes through forMarkdown, so no name or variable can add structure.
import { forMarkdown } from '../shared/untrusted';
import type { MigrationPlan } from './plan';

/** Fargate Linux/x86 and Application Load Balancer rates (us-east-1), from the project's reference (operate-cost-migrate.md section 4). */
export const ECS_EXPRESS_RATES = {
  source: 'AWS Fargate (Linux/x86) and Application Load Balancer pricing pages, us-east-1, read 2026',
  vcpuHour: 0.04048,
  gbHour: 0.004445,
  loadBalancerHour: 0.0225,
};
const HOURS_PER_MONTH = 730;

export interface CostComparison {
  /** App Runner's monthly cost from the service's measured activity (the cost estimator), e.g. "$25.79". */
  appRunnerMonthly: string;
  /** How that figure was made: rates, period, what was estimated. */
  appRunnerBasis: string;
  /** Average running tasks expected on ECS (at least minTaskCount). */
  averageTasks?: number;
}

export interface EcsExpressMonthly {
  tasks: number;
  compute: number;
  loadBalancer: number;
  total: number;
}

/** ECS Express's monthly cost: Fargate while tasks run, plus the load balancer's hours (capacity units not included). */
export function ecsExpressMonthly(cpuUnits: string, memoryMiB: string, averageTasks: number): EcsExpressMonthly {
  const vcpu = Number(cpuUnits) / 1024;
  const gb = Number(memoryMiB) / 1024;
  const compute = round2(averageTasks * (vcpu * ECS_EXPRESS_RATES.vcpuHour + gb * ECS_EXPRESS_RATES.gbHour) * HOURS_PER_MONTH);
  const loadBalancer = round2(ECS_EXPRESS_RATES.loadBalancerHour * HOURS_PER_MONTH);
  return { tasks: averageTasks, compute, loadBalancer, total: round2(compute + loadBalancer) };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

const md = (text: string) => forMarkdown(text);

export function planDocument(
  plan: MigrationPlan,
  context: { serviceArn: string; region: string; cost?: CostComparison; generatedAt: Date },
): string {
  const input = plan.input;
  const lines: string[] = [];
  lines.push(`# Moving ${md(input.serviceName)} from App Runner to ECS Express Mode`, '');
  lines.push(
    `App Runner service: ${md(context.serviceArn)} (${md(context.region)}). Plan made ${context.generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    'Nothing has been changed: this is a plan to review. The App Runner service keeps running until you delete it.',
    '',
  );
  if (plan.needsDockerfile) {
    lines.push(
      '> **A Dockerfile is needed first.** This service builds from source code; ECS Express Mode runs images only.',
      '> Run **Write a Dockerfile from apprunner.yaml** (App Runner: command palette) to write one from the service’s `apprunner.yaml`, review it, build and test it with **Deploy from Workspace**, then plan again.',
      '',
    );
  }
  if (plan.actions.length) {
    lines.push('## Before you create it', '', ...plan.actions.map((a) => `- ${md(a)}`), '');
  }
  lines.push('## Field by field', '', '| App Runner | ECS Express Mode | Value | Note |', '|---|---|---|---|');
  for (const row of plan.rows) lines.push(`| ${md(row.appRunner)} | ${md(row.ecsExpress)} | ${md(row.value)} | ${md(row.note ?? '')} |`);
  lines.push('');
  if (input.primaryContainer.environment?.length) {
    lines.push('### Environment variables', '', '| Name | Value |', '|---|---|');
    for (const e of input.primaryContainer.environment) lines.push(`| ${md(e.name)} | ${md(e.value)} |`);
    lines.push('');
  }
  if (input.primaryContainer.secrets?.length) {
    lines.push('### Secrets (read by the execution role)', '', '| Name | From |', '|---|---|');
    for (const s of input.primaryContainer.secrets) lines.push(`| ${md(s.name)} | ${md(s.valueFrom)} |`);
    lines.push('');
  }
  lines.push('## What does not carry over', '', '| Setting | Why | Instead |', '|---|---|---|');
  for (const n of plan.notCarried) lines.push(`| ${md(n.setting)} | ${md(n.why)} | ${md(n.instead)} |`);
  lines.push('', '## IAM roles to create', '');
  for (const role of plan.roles) {
    lines.push(`- **${role.name}**: ${md(role.purpose)}. Trusts ${md(role.trustedService)}.`);
    for (const arn of role.managedPolicyArns) lines.push(`  - managed policy ${md(arn)}`);
    for (const statement of role.statements)
      lines.push(`  - allow ${statement.Action.map(md).join(', ')} on ${statement.Resource.map(md).join(', ')}`);
  }
  lines.push(
    '',
    '## Scaling',
    '',
    `${md(input.scalingTarget.autoScalingMetric)} at ${input.scalingTarget.autoScalingTargetValue}: ${md(plan.scaling.explanation)}.`,
    '',
  );
  if (context.cost) {
    const ecs = ecsExpressMonthly(input.cpu, input.memory, Math.max(input.scalingTarget.minTaskCount, context.cost.averageTasks ?? 0));
    lines.push(
      '## Monthly cost',
      '',
      '| Service | Per month | How it is estimated |',
      '|---|---|---|',
      `| App Runner (now) | ${md(context.cost.appRunnerMonthly)} | ${md(context.cost.appRunnerBasis)} |`,
      `| ECS Express Mode | $${ecs.total.toFixed(2)} | ${ecs.tasks} ${ecs.tasks === 1 ? 'task' : 'tasks'} all month: Fargate $${ecs.compute.toFixed(2)} + load balancer $${ecs.loadBalancer.toFixed(2)} (hours only; capacity units and data transfer extra; a load balancer can be shared by several Express services) |`,
      '',
      `ECS rates: ${ECS_EXPRESS_RATES.source}. Fargate bills while a task runs, active or idle; App Runner bills vCPU only while instances are active, so mostly idle services cost more on ECS and busy ones less.`,
      '',
    );
  }
  lines.push(
    '## Cut-over',
    '',
    '1. Create the ECS Express service (from this plan, or from the exported CloudFormation or Terraform file) and wait until it serves.',
    '2. Test it on its own URL: same responses, same secrets, logs in CloudWatch.',
    '3. Move traffic with weighted DNS records (for example 10%, then 50%, then 100%) while watching errors and latency on both sides.',
    '4. Pause the App Runner service and keep it paused for a day or two: resuming it is the way back.',
    '5. Delete the App Runner service (and its custom domain associations and auto scaling configuration if nothing else uses them).',
    '',
  );
  return lines.join('\n');
}
