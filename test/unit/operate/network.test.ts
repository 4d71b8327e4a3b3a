import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import { configurationArnByName, ipAddressType, tracingEnabled, tracingIntent, xrayConfigurations } from '../../../src/operate/network';
import { planServiceChange, previewLines } from '../../../src/operate/serviceChange';

const ARN = 'arn:aws:apprunner:eu-west-1:123456789012:service/shop-web/0123456789abcdef0123456789abcdef';
const service: Service = {
  ServiceName: 'shop-web',
  ServiceId: '0123456789abcdef0123456789abcdef',
  ServiceArn: ARN,
  ServiceUrl: 'x.eu-west-1.awsapprunner.com',
  CreatedAt: new Date(0),
  UpdatedAt: new Date(0),
  Status: 'RUNNING',
  SourceConfiguration: {},
  InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
  AutoScalingConfigurationSummary: {},
  NetworkConfiguration: {
    EgressConfiguration: { EgressType: 'VPC', VpcConnectorArn: 'arn:aws:apprunner:eu-west-1:123456789012:vpcconnector/db/1/abc' },
    IngressConfiguration: { IsPubliclyAccessible: true },
    IpAddressType: 'IPV4',
  },
  ObservabilityConfiguration: { ObservabilityEnabled: false },
};

test('turning tracing on sends only the observability change, naming the configuration; off sends ObservabilityEnabled false', () => {
  const arn = 'arn:aws:apprunner:eu-west-1:123456789012:observabilityconfiguration/xray-tracing/2/abc';
  const on = planServiceChange(service, tracingIntent(true, arn));
  assert.deepEqual(on.input, {
    ServiceArn: ARN,
    ObservabilityConfiguration: { ObservabilityEnabled: true, ObservabilityConfigurationArn: arn },
  });
  assert.deepEqual(previewLines(on.changes), ['tracing: off → on (xray-tracing (revision 2))']);
  const traced = { ...service, ObservabilityConfiguration: { ObservabilityEnabled: true, ObservabilityConfigurationArn: arn } };
  assert.equal(tracingEnabled(traced), true);
  assert.deepEqual(planServiceChange(traced, tracingIntent(false)).input, {
    ServiceArn: ARN,
    ObservabilityConfiguration: { ObservabilityEnabled: false },
  });
  assert.deepEqual(planServiceChange(traced, tracingIntent(true, arn)).changes, [], 'nothing changes');
});

test('a configuration not created yet is named by name only, which UpdateService takes as its latest revision', () => {
  assert.equal(
    configurationArnByName(ARN, 'xray-tracing'),
    'arn:aws:apprunner:eu-west-1:123456789012:observabilityconfiguration/xray-tracing',
  );
  assert.throws(() => configurationArnByName('shop-web', 'xray-tracing'), /Not an App Runner service ARN/);
});

test('only active configurations that trace with X-Ray are offered', () => {
  const found = xrayConfigurations([
    { ObservabilityConfigurationArn: 'a', TraceConfiguration: { Vendor: 'AWSXRAY' }, Status: 'ACTIVE' },
    { ObservabilityConfigurationArn: 'b', Status: 'ACTIVE' },
    { ObservabilityConfigurationArn: 'c', TraceConfiguration: { Vendor: 'AWSXRAY' }, Status: 'INACTIVE' },
  ]);
  assert.deepEqual(
    found.map((c) => c.ObservabilityConfigurationArn),
    ['a'],
  );
});

test('the IP address type: the whole network configuration is sent again; a private service cannot be dual-stack', () => {
  assert.equal(ipAddressType(service), 'IPV4');
  const plan = planServiceChange(service, { ipAddressType: 'DUAL_STACK' });
  assert.deepEqual(plan.input.NetworkConfiguration, { ...service.NetworkConfiguration, IpAddressType: 'DUAL_STACK' });
  assert.deepEqual(previewLines(plan.changes), ['IP address type: IPV4 → DUAL_STACK']);
  const internal = {
    ...service,
    NetworkConfiguration: { ...service.NetworkConfiguration, IngressConfiguration: { IsPubliclyAccessible: false } },
  };
  assert.throws(() => planServiceChange(internal, { ipAddressType: 'DUAL_STACK' }), /private .*dual-stack only to public services/);
});
