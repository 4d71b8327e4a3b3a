// Infrastructure-as-code for the planned ECS Express service: a CloudFormation template
// (AWS::ECS::ExpressGatewayService and its IAM roles) and a Terraform file
// (aws_ecs_express_gateway_service and its roles). Both are written from the plan's
// CreateExpressGatewayService input, so every property is a member of that API operation.
import { forPlainText } from '../shared/untrusted';
import type { ExpressServiceInput, MigrationPlan, RoleSpec } from './plan';

/** The lines of the comment above the image when it keeps its tag: why, and what to check (one line each, nothing can end the comment). */
export function imageComment(plan: MigrationPlan): string[] | undefined {
  const why = plan.imageNotPinned;
  if (!why) return undefined;
  return [forPlainText(`Not pinned to a digest: ${why.reason}.`), forPlainText(`Check: ${why.check}`)];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** CloudFormation names the API's camelCase members in PascalCase. */
export function pascalCaseKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(pascalCaseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0].toUpperCase() + k.slice(1), pascalCaseKeys(v)]));
  }
  return value;
}

function trustPolicy(service: RoleSpec['trustedService']): Json {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  };
}

const ROLE_INPUT: Record<RoleSpec['name'], keyof ExpressServiceInput> = {
  ExecutionRole: 'executionRoleArn',
  InfrastructureRole: 'infrastructureRoleArn',
  TaskRole: 'taskRoleArn',
};

/** The CloudFormation template as a JSON-compatible object (the caller serialises it as YAML or JSON). */
export function cloudFormationTemplate(plan: MigrationPlan, description: string): Json {
  const resources: Record<string, Json> = {};
  for (const role of plan.roles) {
    resources[role.name] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `${plan.input.serviceName}: ${role.purpose}`.slice(0, 1000),
        AssumeRolePolicyDocument: trustPolicy(role.trustedService),
        ...(role.managedPolicyArns.length ? { ManagedPolicyArns: role.managedPolicyArns } : {}),
        ...(role.statements.length
          ? { Policies: [{ PolicyName: `${role.name}Access`, PolicyDocument: { Version: '2012-10-17', Statement: role.statements } }] }
          : {}),
      },
    };
  }
  const service = { ...plan.input } as unknown as Record<string, Json>;
  for (const role of plan.roles) service[ROLE_INPUT[role.name]] = { 'Fn::GetAtt': [role.name, 'Arn'] };
  const properties = pascalCaseKeys(service) as Record<string, Json>;
  // Fn::GetAtt is CloudFormation's own and keeps its spelling.
  for (const role of plan.roles) properties[pascalKey(ROLE_INPUT[role.name])] = { 'Fn::GetAtt': [role.name, 'Arn'] };
  resources.Service = { Type: 'AWS::ECS::ExpressGatewayService', Properties: properties };
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: description,
    Resources: resources,
    Outputs: {
      ServiceArn: { Value: { 'Fn::GetAtt': ['Service', 'ServiceArn'] } },
    },
  };
}

function pascalKey(key: string): string {
  return key[0].toUpperCase() + key.slice(1);
}

/** Terraform's names for the API members: snake_case, with a few blocks named in the singular. */
const TERRAFORM_BLOCK_NAMES: Record<string, string> = { secrets: 'secret', environment: 'environment' };

export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function hclString(value: string): string {
  // Terraform strings interpret ${…} and %{…}: escape them so values stay literal.
  return JSON.stringify(value).replace(/\$\{/g, '$$$${').replace(/%\{/g, '%%{');
}

function hclValue(value: Json): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(hclValue).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${snakeCase(k)} = ${hclValue(v)}`)
      .join(', ')} }`;
  }
  return 'null';
}

function terraformIdentifier(name: string): string {
  const id = name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[a-z_]/.test(id) ? id : `s_${id}`;
}

/** The Terraform file (AWS provider 6.23 or later). */
export function terraformFile(plan: MigrationPlan, description: string): string {
  const id = terraformIdentifier(plan.input.serviceName);
  const lines: string[] = [
    `# ${description.replace(/\n/g, ' ')}`,
    '# Needs the AWS provider 6.23 or later (aws_ecs_express_gateway_service).',
    '',
  ];
  for (const role of plan.roles) {
    const roleId = `${id}_${snakeCase(role.name).replace(/^_/, '')}`;
    lines.push(
      `resource "aws_iam_role" "${roleId}" {`,
      `  name_prefix        = ${hclString(`${plan.input.serviceName.slice(0, 20)}-${role.name}`.slice(0, 38))}`,
      `  description        = ${hclString(`${plan.input.serviceName}: ${role.purpose}`.slice(0, 1000))}`,
      `  assume_role_policy = ${hclString(JSON.stringify(trustPolicy(role.trustedService)))}`,
      '}',
      '',
    );
    role.managedPolicyArns.forEach((arn, i) => {
      lines.push(
        `resource "aws_iam_role_policy_attachment" "${roleId}_${i}" {`,
        `  role       = aws_iam_role.${roleId}.name`,
        `  policy_arn = ${hclString(arn)}`,
        '}',
        '',
      );
    });
    if (role.statements.length) {
      lines.push(
        `resource "aws_iam_role_policy" "${roleId}_access" {`,
        `  role   = aws_iam_role.${roleId}.id`,
        `  policy = ${hclString(JSON.stringify({ Version: '2012-10-17', Statement: role.statements }))}`,
        '}',
        '',
      );
    }
  }
  const input = plan.input;
  const roleRef = (name: RoleSpec['name']) => `aws_iam_role.${id}_${snakeCase(name).replace(/^_/, '')}.arn`;
  const hasRole = (name: RoleSpec['name']) => plan.roles.some((r) => r.name === name);
  lines.push(`resource "aws_ecs_express_gateway_service" "${id}" {`);
  lines.push(`  service_name            = ${hclString(input.serviceName)}`);
  if (input.cluster) lines.push(`  cluster                 = ${hclString(input.cluster)}`);
  lines.push(`  execution_role_arn      = ${roleRef('ExecutionRole')}`);
  lines.push(`  infrastructure_role_arn = ${roleRef('InfrastructureRole')}`);
  if (hasRole('TaskRole')) lines.push(`  task_role_arn           = ${roleRef('TaskRole')}`);
  if (input.healthCheckPath) lines.push(`  health_check_path       = ${hclString(input.healthCheckPath)}`);
  lines.push(`  cpu                     = ${hclString(input.cpu)}`);
  lines.push(`  memory                  = ${hclString(input.memory)}`);
  if (input.networkConfiguration) lines.push(`  network_configuration   = [${hclValue(input.networkConfiguration as Json)}]`);
  lines.push(`  scaling_target          = [${hclValue(input.scalingTarget as unknown as Json)}]`);
  if (input.tags?.length) lines.push(`  tags = {`, ...input.tags.map((t) => `    ${hclString(t.key)} = ${hclString(t.value)}`), '  }');
  lines.push('', '  primary_container {');
  const container = input.primaryContainer;
  for (const line of imageComment(plan) ?? []) lines.push(`    # ${line}`);
  lines.push(`    image          = ${hclString(container.image)}`);
  lines.push(`    container_port = ${container.containerPort}`);
  if (container.command) lines.push(`    command        = ${hclValue(container.command)}`);
  for (const [key, entries] of [
    ['environment', container.environment],
    ['secrets', container.secrets],
  ] as const) {
    for (const entry of entries ?? []) {
      lines.push('', `    ${TERRAFORM_BLOCK_NAMES[key]} {`);
      for (const [k, v] of Object.entries(entry)) lines.push(`      ${snakeCase(k)} = ${hclString(v)}`);
      lines.push('    }');
    }
  }
  lines.push('  }', '}', '');
  return lines.join('\n');
}
