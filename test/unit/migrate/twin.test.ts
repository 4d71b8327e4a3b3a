// The pure steps of "Create the ECS Express Service…": which IAM calls each role needs, the retry while
// ECS cannot assume the new roles yet, and following the deployment, with fake ports and a fake clock.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AwsCallError } from '../../../src/aws/awsCall';
import type { ExpressService, Service, ServiceDeployment } from '../../../src/aws/types';
import type { Clock } from '../../../src/shared/clock';
import { EXECUTION_POLICY_ARN, INFRASTRUCTURE_POLICY_ARN, planMigration, RoleSpec } from '../../../src/migrate/plan';
import {
  applyRoleWork,
  checkTwinUrl,
  createExpressService,
  followExpressService,
  FOLLOW_BUDGET_MS,
  readRoleWork,
  ROLE_PROPAGATION_BUDGET_MS,
  RolesNotAssumable,
  roleWork,
  twinBlockers,
  twinConfirmation,
  twinInput,
  TwinPorts,
} from '../../../src/migrate/twin';

const ACCOUNT = '123456789012';
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:orders/db-AbCdEf`;

function service(overrides: Partial<Service> = {}): Service {
  return {
    ServiceName: 'orders-api',
    ServiceArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/orders-api/0123456789abcdef0123456789abcdef`,
    Status: 'RUNNING',
    SourceConfiguration: {
      ImageRepository: {
        ImageIdentifier: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v1`,
        ImageRepositoryType: 'ECR',
        ImageConfiguration: { Port: '8080', RuntimeEnvironmentSecrets: { DB_PASSWORD: SECRET } },
      },
    },
    InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
    HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/' },
    ...overrides,
  } as Service;
}

const plan = planMigration({ service: service() });
const spec = (name: RoleSpec['name']) => plan.roles.find((r) => r.name === name)!;
const trust = (principal: string) =>
  encodeURIComponent(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: principal }, Action: 'sts:AssumeRole' }],
    }),
  );

/** A clock whose sleeps advance it at once (and fail when the signal aborts), recording them. */
class FakeClock implements Clock {
  t = 1_000_000;
  sleeps: number[] = [];
  onSleep?: () => void;
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    this.onSleep?.();
    if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    this.t += ms;
  }
}

type IamCall = string;

function fakePorts(overrides: Partial<TwinPorts> = {}): TwinPorts & { calls: IamCall[]; progressed: string[]; clock: FakeClock } {
  const calls: IamCall[] = [];
  const progressed: string[] = [];
  const roles = new Map<string, { arn: string; trustPolicy: string; attached: string[]; inline: Record<string, string> }>();
  const ports = {
    region: 'us-east-1',
    calls,
    progressed,
    clock: new FakeClock(),
    iam: {
      async getRole(name: string) {
        calls.push(`GetRole ${name}`);
        const r = roles.get(name);
        return r && { arn: r.arn, trustPolicy: r.trustPolicy };
      },
      async attachedPolicyArns(name: string) {
        calls.push(`ListAttachedRolePolicies ${name}`);
        return roles.get(name)!.attached;
      },
      async inlinePolicy(name: string, policy: string) {
        calls.push(`GetRolePolicy ${name} ${policy}`);
        return roles.get(name)!.inline[policy];
      },
      async createRole(name: string, trustPolicy: string) {
        calls.push(`CreateRole ${name} ${JSON.parse(trustPolicy).Statement[0].Principal.Service}`);
        const arn = `arn:aws:iam::${ACCOUNT}:role/${name}`;
        roles.set(name, { arn, trustPolicy, attached: [], inline: {} });
        return arn;
      },
      async attachRolePolicy(name: string, policyArn: string) {
        calls.push(`AttachRolePolicy ${name} ${policyArn.split('/').pop()}`);
        roles.get(name)!.attached.push(policyArn);
      },
      async putInlinePolicy(name: string, policy: string, document: string) {
        calls.push(`PutRolePolicy ${name} ${policy} ${JSON.parse(document).Statement[0].Action[0]}`);
        roles.get(name)!.inline[policy] = encodeURIComponent(document);
      },
    },
    ecs: {
      create: async () => expressService('ACTIVE'),
      describe: async () => expressService('ACTIVE'),
      newestDeployment: async () => undefined,
    },
    http: { get: async () => ({ status: 200, body: 'hello v1\n' }) },
    progress: (m: string) => progressed.push(m),
    log: () => undefined,
    ...overrides,
  };
  return ports as TwinPorts & { calls: IamCall[]; progressed: string[]; clock: FakeClock };
}

function expressService(statusCode: 'ACTIVE' | 'DRAINING' | 'INACTIVE', endpoint = '127.0.0.1:41234'): ExpressService {
  return {
    serviceArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/default/orders-api`,
    serviceName: 'orders-api',
    status: { statusCode },
    activeConfigurations: [{ ingressPaths: [{ accessType: 'PUBLIC', endpoint }] }],
  };
}

const deployment = (status: string, statusReason?: string): ServiceDeployment =>
  ({
    serviceDeploymentArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/default/orders-api/abc',
    status,
    statusReason,
  }) as ServiceDeployment;

describe('roles: which IAM calls each of the plan’s roles needs', () => {
  test('a missing role is created with its trust, managed policy and the inline statements for secrets', () => {
    const work = roleWork(spec('ExecutionRole'), 'orders-api', undefined);
    assert.equal(work.roleName, 'orders-api-ecs-execution');
    assert.deepEqual(
      work.steps.map((s) => s.kind),
      ['createRole', 'attachPolicy', 'putInlinePolicy'],
    );
    const create = work.steps[0] as Extract<(typeof work.steps)[0], { kind: 'createRole' }>;
    assert.deepEqual(JSON.parse(create.trustPolicy).Statement[0].Principal, { Service: 'ecs-tasks.amazonaws.com' });
    const inline = work.steps[2] as Extract<(typeof work.steps)[0], { kind: 'putInlinePolicy' }>;
    assert.deepEqual(JSON.parse(inline.document).Statement, [
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: [SECRET],
      },
    ]);
  });

  test('an existing role that is right is reused as it is; one missing a policy gets it; one whose inline policy differs gets it put', () => {
    const execution = spec('ExecutionRole');
    const inline = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: execution.statements }));
    const arn = `arn:aws:iam::${ACCOUNT}:role/orders-api-ecs-execution`;
    assert.deepEqual(
      roleWork(execution, 'orders-api', {
        arn,
        trustPolicy: trust('ecs-tasks.amazonaws.com'),
        attachedPolicyArns: [EXECUTION_POLICY_ARN],
        inlinePolicy: inline,
      }).steps,
      [],
    );
    assert.deepEqual(
      roleWork(execution, 'orders-api', {
        arn,
        trustPolicy: trust('ecs-tasks.amazonaws.com'),
        attachedPolicyArns: [],
        inlinePolicy: inline,
      }).steps,
      [{ kind: 'attachPolicy', policyArn: EXECUTION_POLICY_ARN }],
    );
    assert.deepEqual(
      roleWork(execution, 'orders-api', {
        arn,
        trustPolicy: trust('ecs-tasks.amazonaws.com'),
        attachedPolicyArns: [EXECUTION_POLICY_ARN],
      }).steps.map((s) => s.kind),
      ['putInlinePolicy'],
    );
  });

  test('an existing role that trusts another service is not changed: the work names the problem and what to do', () => {
    const work = roleWork(spec('InfrastructureRole'), 'orders-api', {
      arn: `arn:aws:iam::${ACCOUNT}:role/orders-api-ecs-infrastructure`,
      trustPolicy: trust('ecs-tasks.amazonaws.com'),
      attachedPolicyArns: [INFRASTRUCTURE_POLICY_ARN],
    });
    assert.deepEqual(work.steps, []);
    assert.match(work.problem!, /orders-api-ecs-infrastructure exists but does not trust ecs\.amazonaws\.com\. Give it that trust/);
  });

  test('read then apply: the calls in order, and the second time only reads (every role reused)', async () => {
    const ports = fakePorts();
    const works = await readRoleWork(plan, ports);
    const arns = await applyRoleWork(works, ports);
    assert.deepEqual(ports.calls, [
      'GetRole orders-api-ecs-execution',
      'GetRole orders-api-ecs-infrastructure',
      'CreateRole orders-api-ecs-execution ecs-tasks.amazonaws.com',
      'AttachRolePolicy orders-api-ecs-execution AmazonECSTaskExecutionRolePolicy',
      'PutRolePolicy orders-api-ecs-execution ExecutionRoleAccess secretsmanager:GetSecretValue',
      'CreateRole orders-api-ecs-infrastructure ecs.amazonaws.com',
      'AttachRolePolicy orders-api-ecs-infrastructure AmazonECSInfrastructureRoleforExpressGatewayServices',
    ]);
    assert.deepEqual(arns, {
      ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/orders-api-ecs-execution`,
      InfrastructureRole: `arn:aws:iam::${ACCOUNT}:role/orders-api-ecs-infrastructure`,
    });
    const input = twinInput(plan, arns);
    assert.equal(input.executionRoleArn, arns.ExecutionRole);
    assert.equal(input.infrastructureRoleArn, arns.InfrastructureRole);

    ports.calls.length = 0;
    const again = await readRoleWork(plan, ports);
    assert.deepEqual(
      again.map((w) => w.steps.length),
      [0, 0],
    );
    assert.deepEqual(await applyRoleWork(again, ports), arns);
    assert.ok(
      ports.calls.every((c) => /^(GetRole|ListAttachedRolePolicies|GetRolePolicy) /.test(c)),
      ports.calls.join('\n'),
    );
  });

  test('AccessDenied on CreateRole carries the IAM action iam:CreateRole', async () => {
    const ports = fakePorts();
    ports.iam.createRole = async () => {
      throw Object.assign(new Error('not authorized to perform: iam:CreateRole'), { name: 'AccessDenied' });
    };
    await assert.rejects(applyRoleWork(await readRoleWork(plan, ports), ports), (e: unknown) => {
      assert.ok(e instanceof AwsCallError);
      assert.equal(e.action, 'iam:CreateRole');
      assert.match(e.doing, /create the role orders-api-ecs-execution/);
      return true;
    });
  });
});

describe('creating the service while IAM propagates the new roles', () => {
  const notYet = () =>
    Object.assign(new Error(`ECS was unable to assume the role 'arn:aws:iam::${ACCOUNT}:role/x' that was provided for this service.`), {
      name: 'InvalidParameterException',
    });

  test('retries only the call, with backoff, saying why, until ECS can assume the roles', async () => {
    let attempts = 0;
    const ports = fakePorts({
      ecs: {
        create: async () => {
          if (++attempts < 4) throw notYet();
          return expressService('ACTIVE');
        },
        describe: async () => expressService('ACTIVE'),
        newestDeployment: async () => undefined,
      },
    });
    const created = await createExpressService(plan.input, ports, new AbortController().signal);
    assert.equal(created.serviceName, 'orders-api');
    assert.equal(attempts, 4);
    assert.deepEqual(ports.clock.sleeps, [2000, 4000, 8000]);
    assert.ok(
      ports.progressed.some((m) => /IAM is still propagating them\. Trying again in 4 s/.test(m)),
      ports.progressed.join('\n'),
    );
  });

  test('gives up after the budget, saying what to check; other errors are not retried', async () => {
    const ports = fakePorts({
      ecs: {
        create: async () => {
          throw notYet();
        },
        describe: async () => expressService('ACTIVE'),
        newestDeployment: async () => undefined,
      },
    });
    await assert.rejects(createExpressService(plan.input, ports, new AbortController().signal), (e: unknown) => {
      assert.ok(e instanceof RolesNotAssumable);
      assert.match(e.message, /iam:PassRole/);
      return true;
    });
    assert.ok(ports.clock.sleeps.reduce((a, b) => a + b, 0) <= ROLE_PROPAGATION_BUDGET_MS);

    const denied = fakePorts({
      ecs: {
        create: async () => {
          throw Object.assign(new Error('not authorized to perform: ecs:CreateExpressGatewayService'), { name: 'AccessDeniedException' });
        },
        describe: async () => expressService('ACTIVE'),
        newestDeployment: async () => undefined,
      },
    });
    await assert.rejects(createExpressService(plan.input, denied, new AbortController().signal), (e: unknown) => {
      assert.ok(e instanceof AwsCallError);
      assert.equal(e.action, 'ecs:CreateExpressGatewayService');
      return true;
    });
    assert.deepEqual(denied.clock.sleeps, []);

    const inUse = fakePorts({
      ecs: {
        create: async () => {
          throw Object.assign(new Error('Creation of service was not idempotent.'), { name: 'InvalidParameterException' });
        },
        describe: async () => expressService('ACTIVE'),
        newestDeployment: async () => undefined,
      },
    });
    await assert.rejects(
      createExpressService(plan.input, inUse, new AbortController().signal),
      /An ECS service named orders-api already exists in the cluster default.*Delete it/,
    );
  });
});

describe('following the service until it serves', () => {
  function following(script: Array<ServiceDeployment | undefined>, service = expressService('ACTIVE')) {
    let i = 0;
    return fakePorts({
      ecs: {
        create: async () => service,
        describe: async () => service,
        newestDeployment: async () => script[Math.min(i++, script.length - 1)],
      },
    });
  }

  test('PENDING → IN_PROGRESS → SUCCESSFUL: serving, at the endpoint as a URL', async () => {
    const ports = following([undefined, deployment('PENDING'), deployment('IN_PROGRESS'), deployment('SUCCESSFUL')]);
    const outcome = await followExpressService('arn', ports, new AbortController().signal);
    assert.equal(outcome.kind, 'serving');
    assert.equal(outcome.kind === 'serving' && outcome.url, 'http://127.0.0.1:41234');
    assert.deepEqual(ports.clock.sleeps, [3000, 3000, 3000]);
    assert.deepEqual(ports.progressed.slice(0, 3), ['Waiting for the first deployment…', 'Deployment pending…', 'Deployment in progress…']);
  });

  test('a deployment that stops or rolls back fails with its reason', async () => {
    for (const status of ['STOPPED', 'ROLLBACK_SUCCESSFUL']) {
      const ports = following([deployment('IN_PROGRESS'), deployment(status, 'ECS deployment circuit breaker: tasks failed to start.')]);
      const outcome = await followExpressService('arn', ports, new AbortController().signal);
      assert.equal(outcome.kind, 'failed', status);
      assert.equal(outcome.kind === 'failed' && outcome.reason, 'ECS deployment circuit breaker: tasks failed to start.');
    }
  });

  test('cancel stops following (the service goes on); the budget ends in a timeout', async () => {
    const controller = new AbortController();
    const ports = following([deployment('IN_PROGRESS')]);
    ports.clock.onSleep = () => controller.abort();
    assert.deepEqual(await followExpressService('arn', ports, controller.signal), { kind: 'cancelled' });

    const slow = following([deployment('IN_PROGRESS')]);
    const outcome = await followExpressService('arn', slow, new AbortController().signal);
    assert.deepEqual(outcome, { kind: 'timeout', status: 'IN_PROGRESS' });
    assert.ok(slow.clock.sleeps.reduce((a, b) => a + b, 0) <= FOLLOW_BUDGET_MS);
  });

  test('the URL check retries a 503 of a load balancer that is not ready yet, and keeps the body for the output', async () => {
    const answers = [503, 503, 200];
    const ports = fakePorts({ http: { get: async () => ({ status: answers.shift()!, body: 'hello v1\n' }) } });
    assert.deepEqual(await checkTwinUrl('http://127.0.0.1:41234', ports, new AbortController().signal), {
      url: 'http://127.0.0.1:41234',
      status: 200,
      body: 'hello v1\n',
    });
    assert.deepEqual(ports.clock.sleeps, [1000, 1000]);
  });
});

describe('before asking', () => {
  test('a source-code service and an unread VPC connector block the creation, saying what to do', () => {
    const source = planMigration({
      service: service({
        SourceConfiguration: {
          CodeRepository: { RepositoryUrl: 'https://github.com/o/r', SourceCodeVersion: { Type: 'BRANCH', Value: 'main' } },
        },
      }),
    });
    assert.match(twinBlockers(source).join(' '), /Write a Dockerfile/);
    const vpc = planMigration({
      service: service({ NetworkConfiguration: { EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: 'arn:x' } } }),
    });
    assert.match(twinBlockers(vpc).join(' '), /VPC connector.*export the templates/);
    assert.deepEqual(twinBlockers(plan), []);
  });

  test('the one confirmation lists the roles, the service, the cost line and that App Runner is not changed', () => {
    const works = plan.roles.map((r) => roleWork(r, 'orders-api', undefined));
    const { title, detail } = twinConfirmation(
      plan,
      works,
      { appRunnerMonthly: '$51.10', appRunnerBasis: 'measured', averageTasks: 1 },
      'orders-api',
    );
    assert.equal(title, 'Create the ECS Express service orders-api?');
    assert.match(
      detail,
      /create role orders-api-ecs-execution \(trusts ecs-tasks\.amazonaws\.com; AmazonECSTaskExecutionRolePolicy, secrets read access\)/,
    );
    assert.match(detail, /create role orders-api-ecs-infrastructure \(trusts ecs\.amazonaws\.com/);
    assert.match(detail, /Cost: about \$\d+\.\d\d a month on ECS Express .* against \$51\.10 on App Runner\./);
    assert.match(detail, /The App Runner service orders-api is not changed\./);
  });
});
