// The exported templates against AWS's own ECS model (botocore, read through python3): every
// property of the CloudFormation resource and of the Terraform resource is a member of
// CreateExpressGatewayService's input, with the model's types and enums, and the required members are there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import { cloudFormationTemplate, snakeCase, terraformFile } from '../../../src/migrate/export';
import { planMigration } from '../../../src/migrate/plan';

interface Shape {
  type: string;
  members?: Record<string, Shape>;
  required?: string[];
  member?: Shape;
  enum?: string[];
}

const DUMP = `
import botocore.session, json
m = botocore.session.get_session().get_service_model('ecs')
def walk(s):
    d = {'type': s.type_name}
    if s.type_name == 'structure':
        d['members'] = {k: walk(v) for k, v in s.members.items()}
        d['required'] = list(s.required_members)
    elif s.type_name == 'list':
        d['member'] = walk(s.member)
    elif s.type_name == 'string' and s.enum:
        d['enum'] = list(s.enum)
    return d
print(json.dumps(walk(m.operation_model('CreateExpressGatewayService').input_shape)))
`;
const model: Shape = JSON.parse(execFileSync('python3', ['-c', DUMP], { encoding: 'utf8' }));

function check(value: unknown, shape: Shape, path: string): void {
  switch (shape.type) {
    case 'structure': {
      assert.ok(value && typeof value === 'object' && !Array.isArray(value), `${path} is an object`);
      for (const [key, v] of Object.entries(value as object)) {
        assert.ok(shape.members![key], `${path}.${key} is not a member of the model`);
        check(v, shape.members![key], `${path}.${key}`);
      }
      for (const required of shape.required ?? []) assert.ok(required in (value as object), `${path}.${required} is required`);
      return;
    }
    case 'list':
      assert.ok(Array.isArray(value), `${path} is a list`);
      (value as unknown[]).forEach((v, i) => check(v, shape.member!, `${path}[${i}]`));
      return;
    case 'string':
      assert.equal(typeof value, 'string', `${path} is a string`);
      if (shape.enum) assert.ok(shape.enum.includes(value as string), `${path} = ${value} is one of ${shape.enum}`);
      return;
    case 'integer':
      assert.ok(Number.isInteger(value), `${path} is an integer`);
      return;
    default:
      assert.fail(`${path}: unexpected model type ${shape.type}`);
  }
}

const ACCOUNT = '123456789012';
const plan = planMigration({
  service: {
    ServiceName: 'orders-api',
    ServiceArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/orders-api/0123456789abcdef0123456789abcdef`,
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v42`,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: {
          Port: '3000',
          StartCommand: 'node server.js',
          RuntimeEnvironmentVariables: { NODE_ENV: 'production', TEMPLATE: '${not-interpolated}' },
          RuntimeEnvironmentSecrets: { DB_PASSWORD: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf` },
        },
      },
    },
    InstanceConfiguration: { Cpu: '1 vCPU', Memory: '2 GB', InstanceRoleArn: `arn:aws:iam::${ACCOUNT}:role/orders` },
    HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
    NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: 'arn:x' } },
  } as unknown as Service,
  vpcConnector: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'] },
  autoScaling: { minSize: 2, maxSize: 10, maxConcurrency: 80 },
  traffic: { requestsPerMinutePerInstance: 600, meanLatencySeconds: 0.12 },
  tags: [{ Key: 'team', Value: 'orders' }],
});

test('the planned CreateExpressGatewayService input follows the ECS model', () => {
  check(plan.input, model, 'CreateExpressGatewayService');
});

test('the CloudFormation resource’s properties are the model’s members in PascalCase', () => {
  const template = cloudFormationTemplate(plan, 'test') as any;
  const properties = template.Resources.Service.Properties;
  const camel = (value: any): any => {
    if (Array.isArray(value)) return value.map(camel);
    if (value && typeof value === 'object') {
      if ('Fn::GetAtt' in value) return `arn:aws:iam::${ACCOUNT}:role/${value['Fn::GetAtt'][0]}`;
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k[0].toLowerCase() + k.slice(1), camel(v)]));
    }
    return value;
  };
  assert.equal(template.Resources.Service.Type, 'AWS::ECS::ExpressGatewayService');
  check(camel(properties), model, 'AWS::ECS::ExpressGatewayService');
  assert.deepEqual(properties.ExecutionRoleArn, { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] });
  assert.deepEqual(Object.keys(template.Resources).sort(), ['ExecutionRole', 'InfrastructureRole', 'Service', 'TaskRole']);
});

test('every attribute and block of the Terraform resource names a model member', () => {
  const text = terraformFile(plan, 'test');
  const start = text.indexOf('resource "aws_ecs_express_gateway_service"');
  assert.ok(start >= 0);
  const body = text.slice(start).split('\n').slice(1);
  // Terraform names: snake_case of the member; `secret` blocks are `secrets`; tags are a map of the Tags list.
  const memberOf = (shape: Shape, name: string): Shape => {
    const key = Object.keys(shape.members!).find((m) => snakeCase(m) === name || (name === 'secret' && m === 'secrets'));
    assert.ok(key, `${name} is not a member of ${Object.keys(shape.members!)}`);
    return shape.members![key].type === 'list' && shape.members![key].member!.type === 'structure'
      ? shape.members![key].member!
      : shape.members![key];
  };
  const stack: Shape[] = [model];
  let names = 0;
  for (const line of body) {
    const trimmed = line.trim();
    if (trimmed === '}') {
      stack.pop();
      if (stack.length === 0) break;
      continue;
    }
    const block = /^([a-z_]+) \{$/.exec(trimmed);
    const attribute = /^([a-z_]+)\s*=\s*(.*)$/.exec(trimmed);
    if (block) {
      stack.push(memberOf(stack[stack.length - 1], block[1]));
      names++;
    } else if (attribute && stack[stack.length - 1].type !== 'map') {
      const shape = memberOf(stack[stack.length - 1], attribute[1]);
      names++;
      if (attribute[2] === '{') stack.push({ type: 'map' }); // tags: a map of the model's Tags list
      for (const inner of attribute[2].matchAll(/([a-z_]+) = /g)) memberOf(shape, inner[1]);
    }
  }
  assert.ok(names >= 12, `read ${names} names`);
  assert.ok(text.includes('value = "$${not-interpolated}"'), 'Terraform does not interpolate a value that looks like a template');
});
