import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import {
  formatCpu,
  formatMemory,
  formatTime,
  matchesFilter,
  networkDetailRows,
  operationLabel,
  serviceDetailRows,
} from '../../../src/explorer/details';

const now = new Date('2026-11-21T12:00:00Z');
const service: Service = {
  ServiceName: 'orders-api',
  ServiceId: '8fe1e10304f84fd2b0df550fe98a71fa',
  ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/8fe1e10304f84fd2b0df550fe98a71fa',
  ServiceUrl: 'psbqam834h.us-east-1.awsapprunner.com',
  Status: 'RUNNING',
  CreatedAt: new Date('2026-11-21T10:00:00Z'),
  UpdatedAt: new Date('2026-11-21T11:59:30Z'),
  SourceConfiguration: {
    ImageRepository: { ImageIdentifier: '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1', ImageRepositoryType: 'ECR' },
    AutoDeploymentsEnabled: true,
  },
  InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
  AutoScalingConfigurationSummary: { AutoScalingConfigurationName: 'DefaultConfiguration', AutoScalingConfigurationRevision: 1 },
  NetworkConfiguration: {
    IngressConfiguration: { IsPubliclyAccessible: false },
    EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/db-conn/1/abc' },
  },
  HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health', Interval: 10, Timeout: 5, HealthyThreshold: 1, UnhealthyThreshold: 3 },
};

test('detail rows show URL, source, instance, scaling, health and times', () => {
  const rows = Object.fromEntries(
    serviceDetailRows(service, { MinSize: 1, MaxSize: 4, MaxConcurrency: 80 }, now).map((r) => [r.key, r.value]),
  );
  assert.equal(rows.url, 'https://psbqam834h.us-east-1.awsapprunner.com');
  assert.equal(rows.source, 'ECR image 123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1, automatic deployments');
  assert.equal(rows.instance, '1 vCPU · 2 GB');
  assert.equal(rows.scaling, 'DefaultConfiguration (revision 1) · min 1 · max 4 · concurrency 80');
  assert.equal(rows.health, 'HTTP /health every 10s, timeout 5s, healthy 1 / unhealthy 3');
  assert.equal(rows.created, '2026-11-21 10:00:00 UTC (2 h ago)');
  assert.equal(rows.updated, '2026-11-21 11:59:30 UTC (30s ago)');
});

test('a source-code service shows its repository and branch', () => {
  const rows = serviceDetailRows(
    {
      ...service,
      SourceConfiguration: {
        CodeRepository: { RepositoryUrl: 'https://github.com/acme/web', SourceCodeVersion: { Type: 'BRANCH', Value: 'main' } },
      },
    },
    undefined,
    now,
  );
  assert.equal(rows.find((r) => r.key === 'source')?.value, 'https://github.com/acme/web (main)');
  assert.equal(
    rows.find((r) => r.key === 'scaling')?.value,
    'DefaultConfiguration (revision 1)',
    'by name and revision until its settings are read',
  );
});

test('CPU and memory accept both units and text', () => {
  assert.equal(formatCpu('256'), '0.25 vCPU');
  assert.equal(formatCpu('2 vCPU'), '2 vCPU');
  assert.equal(formatMemory('512'), '0.5 GB');
  assert.equal(formatMemory('4 GB'), '4 GB');
  assert.equal(formatTime(undefined), '—');
});

test('operations read as sentences and the filter ignores case', () => {
  assert.equal(operationLabel({ Type: 'START_DEPLOYMENT' }), 'Start deployment');
  assert.equal(matchesFilter('Orders-API', 'api'), true);
  assert.equal(matchesFilter('orders-api', 'web'), false);
  assert.equal(matchesFilter('anything', ''), true);
});

test('network rows: private ingress with its connections, the VPC connector, IP address type and tracing', () => {
  const rows = (network: Parameters<typeof networkDetailRows>[1], s = service) =>
    Object.fromEntries(networkDetailRows(s, network).map((r) => [r.key, r.value]));
  const read = rows({
    vpcConnector: { VpcConnectorName: 'db-conn', VpcConnectorRevision: 2, Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'] },
    ingressConnections: [{ VpcIngressConnectionName: 'from-shared', IngressVpcConfiguration: { VpcId: 'vpc-0abc' } }],
  });
  assert.deepEqual(read, {
    ingress: 'private · 1 VPC ingress connection: from-shared (vpc-0abc)',
    egress: 'VPC connector db-conn (revision 2) · 2 subnets · 1 security group',
    ipAddressType: 'IPv4',
    tracing: 'off',
  });
  const tooltip = networkDetailRows(service, { vpcConnector: { Subnets: ['subnet-1', 'subnet-2'], SecurityGroups: ['sg-1'] } })[1].tooltip;
  assert.match(tooltip ?? '', /Subnets: subnet-1, subnet-2\nSecurity groups: sg-1/);

  // What DescribeService says when the reads it names failed.
  assert.equal(rows({}).egress, 'VPC connector db-conn');
  const traced = {
    ...service,
    NetworkConfiguration: { IpAddressType: 'DUAL_STACK' as const },
    ObservabilityConfiguration: {
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/xray/1/abc',
    },
  };
  assert.deepEqual(rows({}, traced), {
    ingress: 'public',
    egress: 'default (public internet)',
    ipAddressType: 'dual-stack (IPv4 and IPv6)',
    tracing: 'on (xray)',
  });
  assert.equal(
    rows(
      {
        observability: {
          ObservabilityConfigurationName: 'xray',
          ObservabilityConfigurationRevision: 1,
          TraceConfiguration: { Vendor: 'AWSXRAY' },
        },
      },
      traced,
    ).tracing,
    'AWS X-Ray (xray, revision 1)',
  );
});
