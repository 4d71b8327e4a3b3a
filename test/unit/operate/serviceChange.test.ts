import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AutoScalingConfiguration, Service, UpdateServiceRequest } from '../../../src/aws/types';
import {
  currentHealthCheck,
  planServiceChange,
  previewLines,
  revisionLabel,
  ServiceChangeContext,
  ServiceChangeIntent,
  serviceChangeProblems,
} from '../../../src/operate/serviceChange';

const ACCOUNT = '123456789012';
const ARN = `arn:aws:apprunner:us-east-1:${ACCOUNT}:service/orders-api/8fe1e10304f84fd2b0df550fe98a71fa`;
const ASC = (name: string, revision: number) =>
  `arn:aws:apprunner:us-east-1:${ACCOUNT}:autoscalingconfiguration/${name}/${revision}/${'0'.repeat(31)}${revision}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/orders-instance`;
const ACCESS_ROLE = `arn:aws:iam::${ACCOUNT}:role/AppRunnerECRAccessRole`;
const XRAY = `arn:aws:apprunner:us-east-1:${ACCOUNT}:observabilityconfiguration/xray-tracing/3/abc`;
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/orders@sha256:${'a'.repeat(64)}`;

/** An image service as DescribeService answers (sizes in the numeric unit, as the emulator echoes them). */
const imageService = {
  ServiceName: 'orders-api',
  ServiceArn: ARN,
  Status: 'RUNNING',
  SourceConfiguration: {
    ImageRepository: {
      ImageIdentifier: IMAGE,
      ImageRepositoryType: 'ECR',
      ImageConfiguration: {
        Port: '3000',
        StartCommand: 'node server.js',
        RuntimeEnvironmentVariables: { NODE_ENV: 'production' },
        RuntimeEnvironmentSecrets: { DB_PASSWORD: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbC123` },
      },
    },
    AutoDeploymentsEnabled: false,
    AuthenticationConfiguration: { AccessRoleArn: ACCESS_ROLE },
  },
  InstanceConfiguration: { Cpu: '1024', Memory: '2048', InstanceRoleArn: ROLE },
  HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health', Interval: 5, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 5 },
  AutoScalingConfigurationSummary: {
    AutoScalingConfigurationArn: ASC('DefaultConfiguration', 1),
    AutoScalingConfigurationName: 'DefaultConfiguration',
    AutoScalingConfigurationRevision: 1,
  },
  NetworkConfiguration: {
    EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:vpcconnector/db/1/x` },
    IngressConfiguration: { IsPubliclyAccessible: false },
    IpAddressType: 'IPV4',
  },
  ObservabilityConfiguration: { ObservabilityEnabled: false },
} as unknown as Service;

const sourceService = {
  ServiceName: 'web',
  ServiceArn: ARN,
  SourceConfiguration: {
    CodeRepository: {
      RepositoryUrl: 'https://github.com/o/web',
      SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
      SourceDirectory: 'app',
      CodeConfiguration: {
        ConfigurationSource: 'API',
        CodeConfigurationValues: { Runtime: 'NODEJS_22', BuildCommand: 'npm ci', StartCommand: 'npm start', Port: '8080' },
      },
    },
    AutoDeploymentsEnabled: true,
    AuthenticationConfiguration: { ConnectionArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:connection/gh/abc` },
  },
  InstanceConfiguration: { Cpu: '1 vCPU', Memory: '2 GB' },
} as unknown as Service;

const defaultScaling = { MinSize: 1, MaxSize: 25, MaxConcurrency: 100 } as AutoScalingConfiguration;
const burst2 = {
  AutoScalingConfigurationArn: ASC('burst', 2),
  AutoScalingConfigurationName: 'burst',
  AutoScalingConfigurationRevision: 2,
  MinSize: 2,
  MaxSize: 5,
  MaxConcurrency: 50,
} as AutoScalingConfiguration;

interface Row {
  name: string;
  service?: Service;
  intent: ServiceChangeIntent;
  context?: ServiceChangeContext;
  input: Omit<UpdateServiceRequest, 'ServiceArn'>;
  preview: string[];
}

const imageSource = (imageConfiguration: Record<string, unknown>) => ({
  ImageRepository: { ImageIdentifier: IMAGE, ImageRepositoryType: 'ECR' as const, ImageConfiguration: imageConfiguration },
  AutoDeploymentsEnabled: false,
  AuthenticationConfiguration: { AccessRoleArn: ACCESS_ROLE },
});
const keptMaps = {
  RuntimeEnvironmentVariables: { NODE_ENV: 'production' },
  RuntimeEnvironmentSecrets: { DB_PASSWORD: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbC123` },
};

const table: Row[] = [
  {
    name: 'instance size: the new pair, the instance role carried',
    intent: { instance: { cpu: '2 vCPU', memory: '4 GB' } },
    input: { InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB', InstanceRoleArn: ROLE } },
    preview: ['CPU: 1 vCPU → 2 vCPU', 'memory: 2 GB → 4 GB'],
  },
  {
    name: 'instance size: only the memory changes, both are sent',
    intent: { instance: { cpu: '1 vCPU', memory: '3 GB' } },
    input: { InstanceConfiguration: { Cpu: '1 vCPU', Memory: '3 GB', InstanceRoleArn: ROLE } },
    preview: ['memory: 2 GB → 3 GB'],
  },
  {
    name: 'instance size: the same pair in the other unit is no change',
    intent: { instance: { cpu: '1024', memory: '2 GB' } },
    input: {},
    preview: [],
  },
  {
    name: 'port: the whole source configuration, maps, command, role and auto deployments carried',
    intent: { image: { port: '8081' } },
    input: { SourceConfiguration: imageSource({ ...keptMaps, Port: '8081', StartCommand: 'node server.js' }) },
    preview: ['port: 3000 → 8081'],
  },
  {
    name: 'start command cleared: the image’s own command',
    intent: { image: { port: '3000', startCommand: '' } },
    input: { SourceConfiguration: imageSource({ ...keptMaps, Port: '3000' }) },
    preview: ['start command: node server.js → (the image’s own)'],
  },
  {
    name: 'source-code service configured through the API: CodeConfigurationValues merged',
    service: sourceService,
    intent: { image: { port: '3000', startCommand: 'node dist/main.js' } },
    input: {
      SourceConfiguration: {
        CodeRepository: {
          RepositoryUrl: 'https://github.com/o/web',
          SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
          SourceDirectory: 'app',
          CodeConfiguration: {
            ConfigurationSource: 'API',
            CodeConfigurationValues: { Runtime: 'NODEJS_22', BuildCommand: 'npm ci', StartCommand: 'node dist/main.js', Port: '3000' },
          },
        },
        AutoDeploymentsEnabled: true,
        AuthenticationConfiguration: { ConnectionArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:connection/gh/abc` },
      },
    },
    preview: ['port: 8080 → 3000', 'start command: npm start → node dist/main.js'],
  },
  {
    name: 'health check: the whole object, the unchanged members carried',
    intent: { healthCheck: { interval: 10, unhealthyThreshold: 3 } },
    input: {
      HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health', Interval: 10, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 3 },
    },
    preview: ['health check interval: 5 s → 10 s', 'unhealthy threshold: 5 → 3'],
  },
  {
    name: 'health check to TCP: no path is sent',
    intent: { healthCheck: { protocol: 'TCP' } },
    input: { HealthCheckConfiguration: { Protocol: 'TCP', Interval: 5, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 5 } },
    preview: ['health check protocol: HTTP → TCP', 'health check path: /health → (TCP: none)'],
  },
  {
    name: 'health check on a service without one: App Runner’s defaults are the “before”',
    service: sourceService,
    intent: { healthCheck: { protocol: 'HTTP', path: '/ready' } },
    input: {
      HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/ready', Interval: 5, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 5 },
    },
    preview: ['health check protocol: TCP → HTTP', 'health check path: (TCP: none) → /ready'],
  },
  {
    name: 'auto scaling: the ARN, and the settings in the preview',
    intent: { autoScaling: { arn: ASC('burst', 2), configuration: burst2 } },
    context: { currentAutoScaling: defaultScaling },
    input: { AutoScalingConfigurationArn: ASC('burst', 2) },
    preview: [
      'auto scaling configuration: DefaultConfiguration (revision 1) → burst (revision 2)',
      'minimum instances: 1 → 2',
      'maximum instances: 25 → 5',
      'concurrency per instance: 100 → 50',
    ],
  },
  {
    name: 'auto scaling: the configuration in use is no change',
    intent: { autoScaling: { arn: ASC('DefaultConfiguration', 1) } },
    input: {},
    preview: [],
  },
  {
    name: 'IP address type: egress and ingress carried (dual-stack needs a public service)',
    service: {
      ...imageService,
      NetworkConfiguration: { ...imageService.NetworkConfiguration, IngressConfiguration: { IsPubliclyAccessible: true } },
    } as Service,
    intent: { ipAddressType: 'DUAL_STACK' },
    input: {
      NetworkConfiguration: {
        EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:vpcconnector/db/1/x` },
        IngressConfiguration: { IsPubliclyAccessible: true },
        IpAddressType: 'DUAL_STACK',
      },
    },
    preview: ['IP address type: IPV4 → DUAL_STACK'],
  },
  {
    name: 'tracing on',
    intent: { observability: { enabled: true, configurationArn: XRAY } },
    input: { ObservabilityConfiguration: { ObservabilityEnabled: true, ObservabilityConfigurationArn: XRAY } },
    preview: ['tracing: off → on (xray-tracing (revision 3))'],
  },
  {
    name: 'tracing off when it is off: nothing',
    intent: { observability: { enabled: false } },
    input: {},
    preview: [],
  },
  {
    name: 'several at once: one UpdateService with each changed member',
    intent: {
      instance: { cpu: '0.25 vCPU', memory: '0.5 GB' },
      image: { port: '3000' },
      ipAddressType: 'IPV4',
      healthCheck: { timeout: 4 },
    },
    input: {
      InstanceConfiguration: { Cpu: '0.25 vCPU', Memory: '0.5 GB', InstanceRoleArn: ROLE },
      HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health', Interval: 5, Timeout: 4, HealthyThreshold: 1, UnhealthyThreshold: 5 },
    },
    preview: ['CPU: 1 vCPU → 0.25 vCPU', 'memory: 2 GB → 0.5 GB', 'health check timeout: 2 s → 4 s'],
  },
];

describe('a change → the exact UpdateService input and its preview', () => {
  for (const row of table) {
    test(row.name, () => {
      const { input, changes } = planServiceChange(row.service ?? imageService, row.intent, row.context);
      assert.deepEqual(input, { ServiceArn: ARN, ...row.input });
      assert.deepEqual(previewLines(changes), row.preview);
    });
  }
});

describe('what App Runner would refuse is refused before sending, with the reason', () => {
  const refused: Array<[string, Service, ServiceChangeIntent, RegExp]> = [
    ['a pair App Runner does not offer', imageService, { instance: { cpu: '0.5 vCPU', memory: '4 GB' } }, /0\.5 vCPU goes with 1 GB/],
    ['a port out of range', imageService, { image: { port: '70000' } }, /1 to 65535/],
    ['a start command with a line break', imageService, { image: { startCommand: 'a\nb' } }, /line breaks/],
    ['an interval over 20', imageService, { healthCheck: { interval: 21 } }, /interval.*1 to 20/],
    ['a timeout of 0', imageService, { healthCheck: { timeout: 0 } }, /timeout.*1 to 20/],
    ['thresholds out of range', imageService, { healthCheck: { healthyThreshold: 25 } }, /healthy threshold.*1 to 20/],
    ['an HTTP check without a path', sourceService, { healthCheck: { protocol: 'HTTP', path: '' } }, /needs a path/],
    ['an HTTP path without /', imageService, { healthCheck: { path: 'health' } }, /starts with \//],
    ['tracing on without a configuration', imageService, { observability: { enabled: true } }, /observability configuration/],
    ['a source service without a start command', sourceService, { image: { startCommand: '' } }, /needs a start command/],
  ];
  for (const [name, service, intent, reason] of refused) {
    test(name, () => {
      assert.match(serviceChangeProblems(service, intent).join(' '), reason);
      assert.throws(() => planServiceChange(service, intent), reason);
    });
  }

  test('a service configured by apprunner.yaml: the port and start command are changed there', () => {
    const yamlService = {
      ...sourceService,
      SourceConfiguration: {
        CodeRepository: {
          ...sourceService.SourceConfiguration!.CodeRepository!,
          CodeConfiguration: { ConfigurationSource: 'REPOSITORY' },
        },
      },
    } as Service;
    assert.deepEqual(serviceChangeProblems(yamlService, { image: { port: '3000' } }), [
      'web takes its port and start command from apprunner.yaml in its repository (run.network.port and run.command): change them there and push.',
    ]);
    // Settings outside the source configuration can still be changed.
    assert.deepEqual(serviceChangeProblems(yamlService, { instance: { cpu: '2 vCPU', memory: '4 GB' } }), []);
  });
});

test('helpers: the health check with App Runner’s defaults, revision labels', () => {
  assert.deepEqual(currentHealthCheck(sourceService), {
    protocol: 'TCP',
    path: '/',
    interval: 5,
    timeout: 2,
    healthyThreshold: 1,
    unhealthyThreshold: 5,
  });
  assert.equal(revisionLabel(ASC('burst', 4)), 'burst (revision 4)');
  assert.equal(revisionLabel(`arn:aws:apprunner:us-east-1:${ACCOUNT}:observabilityconfiguration/xray-tracing`), 'xray-tracing');
  assert.equal(revisionLabel('not an arn'), undefined);
});
