import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import { commandWords, cpuUnits, estimateScaling, memoryMiB, MigrationSource, planMigration } from '../../../src/migrate/plan';
import { ecsExpressMonthly, planDocument } from '../../../src/migrate/planDocument';
import { digestLookup, runningImage } from '../../../src/migrate/runningImage';

const ACCOUNT = '123456789012';
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders:v42`;
const DIGEST = 'sha256:' + 'ab'.repeat(32);
/** The tag was pushed before the last deployment, so the digest ECR gives for it is the one running. */
const RUNNING = runningImage(IMAGE, digestLookup(IMAGE, 'ECR'), { kind: 'found', digest: DIGEST, pushedAt: new Date(0) }, new Date(60_000));

function imageService(overrides: Partial<Service> = {}, imageConfiguration: Record<string, unknown> = {}): Service {
  return {
    ServiceName: 'orders-api',
    ServiceId: '0123456789abcdef0123456789abcdef',
    ServiceArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/orders-api/0123456789abcdef0123456789abcdef`,
    ServiceUrl: 'abc.us-east-1.awsapprunner.com',
    Status: 'RUNNING',
    CreatedAt: new Date(0),
    UpdatedAt: new Date(0),
    SourceConfiguration: {
      ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR', ImageConfiguration: { Port: '3000', ...imageConfiguration } },
      AutoDeploymentsEnabled: false,
    },
    InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
    HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health' },
    NetworkConfiguration: { EgressConfiguration: { EgressType: 'DEFAULT' }, IngressConfiguration: { IsPubliclyAccessible: true } },
    ...overrides,
  } as Service;
}

const settings = (plan: ReturnType<typeof planMigration>) => plan.notCarried.map((n) => n.setting.replace(/ \(.*$/, ''));

describe('the mapping for a table of App Runner configurations', () => {
  const cases: Array<{
    name: string;
    source: MigrationSource;
    check: (plan: ReturnType<typeof planMigration>) => void;
    notCarried: string[];
  }> = [
    {
      name: 'a plain image service with an HTTP health check',
      source: { service: imageService(), runningImage: RUNNING, autoScaling: { minSize: 1, maxSize: 4, maxConcurrency: 100 } },
      notCarried: ['Concurrency-based scaling', 'Pause and resume', 'AWS WAF web ACL'],
      check: (plan) => {
        assert.equal(plan.input.primaryContainer.image, `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders@${DIGEST}`);
        assert.equal(plan.input.primaryContainer.containerPort, 3000);
        assert.equal(plan.input.healthCheckPath, '/health');
        assert.equal(plan.input.cpu, '1024');
        assert.equal(plan.input.memory, '2048');
        assert.deepEqual(plan.input.scalingTarget, {
          minTaskCount: 1,
          maxTaskCount: 4,
          autoScalingMetric: 'AVERAGE_CPU',
          autoScalingTargetValue: 60,
        });
        assert.equal(plan.input.networkConfiguration, undefined);
        assert.equal(plan.input.taskRoleArn, undefined);
        assert.deepEqual(
          plan.roles.map((r) => [r.name, r.trustedService]),
          [
            ['ExecutionRole', 'ecs-tasks.amazonaws.com'],
            ['InfrastructureRole', 'ecs.amazonaws.com'],
          ],
        );
        assert.equal(plan.needsDockerfile, false);
      },
    },
    {
      name: 'environment, secrets (Secrets Manager with a JSON key, SSM by name), instance role and customer key',
      source: {
        service: imageService(
          {
            InstanceConfiguration: { Cpu: '1 vCPU', Memory: '3 GB', InstanceRoleArn: `arn:aws:iam::${ACCOUNT}:role/orders-instance` },
            EncryptionConfiguration: { KmsKey: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
          },
          {
            RuntimeEnvironmentVariables: { NODE_ENV: 'production', A_FIRST: '1' },
            RuntimeEnvironmentSecrets: {
              DB_PASSWORD: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!db-1234:password::`,
              API_KEY: '/orders/api-key',
            },
          },
        ),
      },
      notCarried: ['Concurrency-based scaling', 'Pause and resume', 'AWS WAF web ACL', 'Customer-managed KMS key'],
      check: (plan) => {
        assert.deepEqual(plan.input.primaryContainer.environment, [
          { name: 'A_FIRST', value: '1' },
          { name: 'NODE_ENV', value: 'production' },
          { name: 'PORT', value: '3000' },
        ]);
        assert.deepEqual(plan.input.primaryContainer.secrets, [
          { name: 'API_KEY', valueFrom: '/orders/api-key' },
          { name: 'DB_PASSWORD', valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!db-1234:password::` },
        ]);
        assert.equal(plan.input.cpu, '1024');
        assert.equal(plan.input.memory, '3072');
        assert.equal(plan.input.taskRoleArn, '<TaskRole ARN>');
        const execution = plan.roles.find((r) => r.name === 'ExecutionRole')!;
        assert.deepEqual(execution.statements, [
          {
            Effect: 'Allow',
            Action: ['secretsmanager:GetSecretValue'],
            Resource: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!db-1234-??????`],
          },
          { Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: ['arn:aws:ssm:*:*:parameter/orders/api-key'] },
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt'],
            Resource: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`],
          },
        ]);
        assert.ok(plan.rows.some((r) => r.ecsExpress === 'primaryContainer.secrets' && /execution role/.test(r.note ?? '')));
      },
    },
    {
      name: 'VPC egress through a connector, private ingress and dual-stack',
      source: {
        service: imageService({
          NetworkConfiguration: {
            EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:vpcconnector/c/1/x` },
            IngressConfiguration: { IsPubliclyAccessible: false },
            IpAddressType: 'DUAL_STACK',
          },
        }),
        vpcConnector: { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'] },
      },
      notCarried: ['Concurrency-based scaling', 'Private ingress', 'Dual-stack', 'Pause and resume', 'AWS WAF web ACL'],
      check: (plan) => {
        assert.deepEqual(plan.input.networkConfiguration, { subnets: ['subnet-a', 'subnet-b'], securityGroups: ['sg-1'] });
      },
    },
    {
      name: 'a TCP health check with custom timing, automatic deployments, a custom domain, X-Ray and tags',
      source: {
        service: imageService({
          HealthCheckConfiguration: { Protocol: 'TCP', Interval: 10, Timeout: 5, HealthyThreshold: 2, UnhealthyThreshold: 3 },
          SourceConfiguration: {
            ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR' },
            AutoDeploymentsEnabled: true,
          },
          ObservabilityConfiguration: { ObservabilityEnabled: true, ObservabilityConfigurationArn: 'arn:x' },
        }),
        customDomains: ['api.example.org'],
        tags: [
          { Key: 'team', Value: 'orders' },
          { Key: 'aws:cloudformation:stack-name', Value: 'x' },
        ],
      },
      notCarried: [
        'TCP health check',
        'Health check timing',
        'Concurrency-based scaling',
        'Automatic deployments on image push',
        'Pause and resume',
        'Custom domains',
        'X-Ray tracing',
        'AWS WAF web ACL',
      ],
      check: (plan) => {
        assert.equal(plan.input.healthCheckPath, '/');
        assert.equal(plan.input.primaryContainer.containerPort, 8080, 'App Runner’s default port, set explicitly');
        assert.equal(plan.input.primaryContainer.image, IMAGE, 'no digest known: the tag as it is');
        assert.deepEqual(plan.input.tags, [{ key: 'team', value: 'orders' }]);
        assert.ok(plan.actions.some((a) => /health check path/.test(a)));
      },
    },
    {
      name: 'a source-code service',
      source: {
        service: imageService({
          SourceConfiguration: {
            CodeRepository: { RepositoryUrl: 'https://github.com/x/y', SourceCodeVersion: { Type: 'BRANCH', Value: 'main' } },
            AutoDeploymentsEnabled: true,
          },
        }),
      },
      notCarried: [
        'Source-code builds',
        'Concurrency-based scaling',
        'Automatic deployments on image push',
        'Pause and resume',
        'AWS WAF web ACL',
      ],
      check: (plan) => {
        assert.equal(plan.needsDockerfile, true);
        assert.equal(plan.input.primaryContainer.image, '<image>');
      },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const plan = planMigration(c.source);
      assert.deepEqual(settings(plan), c.notCarried);
      c.check(plan);
    });
  }
});

test('requests per target are estimated from the service’s own latency by Little’s law, and explained', () => {
  const estimate = estimateScaling(100, { requestsPerMinutePerInstance: 1200, meanLatencySeconds: 0.25 });
  // 70% of 100 concurrent requests at 0.25 s each = 280 requests per second = 16,800 per minute.
  assert.deepEqual([estimate.metric, estimate.targetValue], ['REQUEST_COUNT_PER_TARGET', 16800]);
  assert.match(
    estimate.explanation,
    /70% of MaxConcurrency 100 at the measured mean latency of 250 ms = 16800 requests per target per minute \(now 1200/,
  );
  assert.equal(estimateScaling(100).metric, 'AVERAGE_CPU');
});

test('App Runner sizes become Fargate sizes, and start commands argument lists', () => {
  assert.deepEqual(
    [cpuUnits('0.25 vCPU'), cpuUnits('2 vCPU'), cpuUnits('4096'), memoryMiB('0.5 GB'), memoryMiB('12 GB'), memoryMiB('3072')],
    ['256', '2048', '4096', '512', '12288', '3072'],
  );
  assert.deepEqual(commandWords('node server.js --port 3000'), ['node', 'server.js', '--port', '3000']);
  assert.deepEqual(commandWords(`python -m "my app" 'x y'`), ['python', '-m', 'my app', 'x y']);
  assert.deepEqual(commandWords('npm run migrate && npm start'), ['sh', '-c', 'npm run migrate && npm start']);
  assert.deepEqual(commandWords('node server.js --port $PORT'), ['sh', '-c', 'node server.js --port $PORT']);
});

test('the plan document: mapping, what does not carry over, roles, costs and cut-over, with AWS values escaped', () => {
  const plan = planMigration({
    service: imageService(
      {},
      { RuntimeEnvironmentVariables: { GREETING: '[click](command:workbench.action.terminal.sendSequence?x) | <img src=x>' } },
    ),
    runningImage: RUNNING,
    autoScaling: { minSize: 1, maxSize: 4, maxConcurrency: 100 },
    customDomains: ['api.example.org'],
  });
  const text = planDocument(plan, {
    serviceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/x',
    region: 'us-east-1',
    cost: { appRunnerMonthly: '$25.79', appRunnerBasis: 'measured activity, us-east-1 rates' },
    generatedAt: new Date('2026-12-01T00:00:00Z'),
  });
  assert.match(text, /^# Moving orders\\-api from App Runner to ECS Express Mode/);
  assert.match(text, /## What does not carry over/);
  assert.match(text, /Custom domains \\\(api\\\.example\\\.org\\\)/);
  assert.match(text, /\*\*InfrastructureRole\*\*/);
  assert.match(text, /\| ECS Express Mode \| \$52\.47 \|/);
  assert.match(text, /Pause the App Runner service and keep it paused/);
  assert.doesNotMatch(text, /\[click\]\(command:/, 'no link survives');
  assert.doesNotMatch(text, /(?<!\\)<img/, 'HTML is escaped');
  assert.equal(
    text
      .split('\n')
      .filter((l) => l.includes('GREETING'))[0]
      .split(/(?<!\\)\|/).length,
    4,
    'a pipe in a value does not add a table cell',
  );
});

test('ECS Express monthly cost: Fargate for the tasks all month plus the load balancer hours', () => {
  // 1 vCPU and 2 GB: 730 × (0.04048 + 2 × 0.004445) = 36.04; load balancer 730 × 0.0225 = 16.43.
  assert.deepEqual(ecsExpressMonthly('1024', '2048', 1), { tasks: 1, compute: 36.04, loadBalancer: 16.43, total: 52.47 });
});
