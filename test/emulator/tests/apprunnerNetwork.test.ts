// The emulator's custom domains, VPC connectors and ingress connections and observability
// configurations (apprunnerNetwork.ts), driven by the real @aws-sdk/client-apprunner; every answer
// passes the contract check (close() fails on a violation).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  AppRunnerClient,
  AssociateCustomDomainCommand,
  CreateObservabilityConfigurationCommand,
  CreateVpcConnectorCommand,
  CreateVpcIngressConnectionCommand,
  DescribeCustomDomainsCommand,
  DescribeObservabilityConfigurationCommand,
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  DescribeVpcIngressConnectionCommand,
  DisassociateCustomDomainCommand,
  ListObservabilityConfigurationsCommand,
  ListServicesCommand,
  ListVpcConnectorsCommand,
  ListVpcIngressConnectionsCommand,
  paginateDescribeCustomDomains,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import { DefaultEmulator, startDefaultEmulator } from '../index';

const ACCOUNT = '123456789012';
const DEMO_SEED = path.resolve(__dirname, '../../../../test/emulator/seeds/demo.json');

async function control(emulator: DefaultEmulator, route: string, body: unknown = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}/_emulator/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function rejectsWith(promise: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, name);
    if (message) assert.match(e.message, message);
    return true;
  });
}

function service(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { region: 'us-east-1', name, image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${name}:v1`, ...extra };
}

describe('App Runner emulator: custom domains, VPC and observability', () => {
  let emulator: DefaultEmulator;
  let client: AppRunnerClient;
  let webArn: string;
  let webUrl: string;

  const advance = (ms: number) => control(emulator, 'clock', { advanceMs: ms });
  const domains = async (serviceArn = webArn) =>
    (await client.send(new DescribeCustomDomainsCommand({ ServiceArn: serviceArn }))).CustomDomains!;

  before(async () => {
    emulator = await startDefaultEmulator({ port: 0, operationDelayMs: 30 });
    client = new AppRunnerClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    await emulator.close();
  });
  beforeEach(async () => {
    await control(emulator, 'reset');
    const seeded = await control(emulator, 'seed', {
      apprunner: {
        services: [
          service('web-frontend'),
          service('billing-worker', { status: 'PAUSED' }),
          service('internal-api', { isPubliclyAccessible: false }),
        ],
      },
    });
    assert.equal(seeded.status, 200, JSON.stringify(seeded.body));
    const list = (await client.send(new ListServicesCommand({}))).ServiceSummaryList!;
    const web = list.find((s) => s.ServiceName === 'web-frontend')!;
    webArn = web.ServiceArn!;
    webUrl = web.ServiceUrl!;
  });

  test('a domain is CREATING, then waits for its DNS records, and is ACTIVE only once validated', async () => {
    const out = await client.send(new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'Shop.Example.com' }));
    assert.equal(out.DNSTarget, webUrl);
    assert.deepEqual(out.CustomDomain, { DomainName: 'shop.example.com', EnableWWWSubdomain: true, Status: 'CREATING' });

    await advance(1000);
    let [domain] = await domains();
    assert.equal(domain.Status, 'PENDING_CERTIFICATE_DNS_VALIDATION');
    assert.deepEqual(
      domain.CertificateValidationRecords!.map((r) => [r.Type, r.Status, /\.(www\.)?shop\.example\.com\.$/.test(r.Name!)]),
      [
        ['CNAME', 'PENDING_VALIDATION', true],
        ['CNAME', 'PENDING_VALIDATION', true],
      ],
    );
    assert.match(domain.CertificateValidationRecords![1].Name!, /\.www\.shop\.example\.com\.$/);
    assert.match(domain.CertificateValidationRecords![0].Value!, /\.acm-validations\.aws\.$/);

    // Hours pass: nothing validates on its own.
    await advance(5 * 3_600_000);
    assert.equal((await domains())[0].Status, 'PENDING_CERTIFICATE_DNS_VALIDATION');

    assert.deepEqual((await control(emulator, 'apprunner/custom-domains/validate', { domainName: 'shop.example.com' })).body, {
      validated: 1,
    });
    [domain] = await domains();
    assert.equal(domain.Status, 'BINDING_CERTIFICATE');
    assert.deepEqual(
      domain.CertificateValidationRecords!.map((r) => r.Status),
      ['SUCCESS', 'SUCCESS'],
    );
    await advance(500);
    assert.equal((await domains())[0].Status, 'ACTIVE');
    assert.equal((await control(emulator, 'apprunner/custom-domains/validate', { domainName: 'shop.example.com' })).status, 400);
  });

  test('without www there is one record; records that never appear fail the domain after 72 hours', async () => {
    await client.send(new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'api.example.com', EnableWWWSubdomain: false }));
    await advance(1000);
    assert.equal((await domains())[0].CertificateValidationRecords!.length, 1);
    await advance(72 * 3_600_000);
    const [domain] = await domains();
    assert.equal(domain.Status, 'CREATE_FAILED');
    assert.deepEqual(
      domain.CertificateValidationRecords!.map((r) => r.Status),
      ['FAILED'],
    );
  });

  test('the demo switch validates new domains after a delay', async () => {
    await control(emulator, 'apprunner/custom-domains/config', { autoValidateAfterMs: 2000 });
    await client.send(new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'demo.example.com' }));
    await advance(1000);
    assert.equal((await domains())[0].Status, 'PENDING_CERTIFICATE_DNS_VALIDATION');
    await advance(2500);
    assert.equal((await domains())[0].Status, 'ACTIVE');
  });

  test('association errors follow the model: taken names, a service that is not running, bad names', async () => {
    await client.send(new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'shop.example.com' }));
    await rejectsWith(
      client.send(new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'shop.example.com' })),
      'InvalidRequestException',
      /already associated with service web-frontend/,
    );
    const list = (await client.send(new ListServicesCommand({}))).ServiceSummaryList!;
    const paused = list.find((s) => s.ServiceName === 'billing-worker')!.ServiceArn!;
    await rejectsWith(
      client.send(new AssociateCustomDomainCommand({ ServiceArn: paused, DomainName: 'billing.example.com' })),
      'InvalidStateException',
      /PAUSED; it must be RUNNING/,
    );
    await rejectsWith(
      client.send(new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'bad_name.example.com' })),
      'InvalidRequestException',
      /failed to satisfy constraint/,
    );
    await rejectsWith(
      client.send(new AssociateCustomDomainCommand({ ServiceArn: `${webArn.slice(0, -4)}ffff`, DomainName: 'x.example.com' })),
      'InvalidRequestException',
      /Service not found/,
    );
  });

  test('DescribeCustomDomains pages by at most 5; the SDK paginator reads them all', async () => {
    for (let i = 0; i < 7; i++) {
      await client.send(
        new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: `d${i}.example.com`, EnableWWWSubdomain: false }),
      );
    }
    const first = await client.send(new DescribeCustomDomainsCommand({ ServiceArn: webArn, MaxResults: 5 }));
    assert.equal(first.CustomDomains!.length, 5);
    assert.ok(first.NextToken);
    const names: string[] = [];
    for await (const page of paginateDescribeCustomDomains({ client, pageSize: 3 }, { ServiceArn: webArn })) {
      names.push(...page.CustomDomains!.map((d) => d.DomainName!));
    }
    assert.deepEqual(
      names,
      Array.from({ length: 7 }, (_, i) => `d${i}.example.com`),
    );
    await rejectsWith(client.send(new DescribeCustomDomainsCommand({ ServiceArn: webArn, MaxResults: 6 })), 'InvalidRequestException');
  });

  test('a disassociated domain is DELETING, then gone; an unknown one is not found', async () => {
    await client.send(new AssociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'old.example.com' }));
    await advance(1000);
    const out = await client.send(new DisassociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'old.example.com' }));
    assert.equal(out.CustomDomain!.Status, 'DELETING');
    await rejectsWith(
      client.send(new DisassociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'old.example.com' })),
      'InvalidStateException',
    );
    await advance(1000);
    assert.deepEqual(await domains(), []);
    await rejectsWith(
      client.send(new DisassociateCustomDomainCommand({ ServiceArn: webArn, DomainName: 'old.example.com' })),
      'ResourceNotFoundException',
    );
  });

  test('VPC connectors: revisions per name, list and describe', async () => {
    const first = await client.send(
      new CreateVpcConnectorCommand({ VpcConnectorName: 'db-access', Subnets: ['subnet-1'], SecurityGroups: ['sg-1'] }),
    );
    const second = await client.send(new CreateVpcConnectorCommand({ VpcConnectorName: 'db-access', Subnets: ['subnet-1', 'subnet-2'] }));
    assert.equal(first.VpcConnector!.VpcConnectorRevision, 1);
    assert.equal(second.VpcConnector!.VpcConnectorRevision, 2);
    const described = await client.send(new DescribeVpcConnectorCommand({ VpcConnectorArn: second.VpcConnector!.VpcConnectorArn }));
    assert.deepEqual(described.VpcConnector!.Subnets, ['subnet-1', 'subnet-2']);
    assert.equal(described.VpcConnector!.Status, 'ACTIVE');
    const listed = await client.send(new ListVpcConnectorsCommand({ MaxResults: 1 }));
    assert.equal(listed.VpcConnectors!.length, 1);
    assert.ok(listed.NextToken);
    await rejectsWith(
      client.send(new CreateVpcConnectorCommand({ VpcConnectorName: 'db-access', Subnets: [] })),
      'InvalidRequestException',
    );
    await rejectsWith(
      client.send(new DescribeVpcConnectorCommand({ VpcConnectorArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:vpcconnector/none/1/x` })),
      'ResourceNotFoundException',
    );
  });

  test("VPC ingress connections: listed by service, described, and the service's VPC DNS targets", async () => {
    const list = (await client.send(new ListServicesCommand({}))).ServiceSummaryList!;
    const internal = list.find((s) => s.ServiceName === 'internal-api')!.ServiceArn!;
    const created = await client.send(
      new CreateVpcIngressConnectionCommand({
        ServiceArn: internal,
        VpcIngressConnectionName: 'from-shared-vpc',
        IngressVpcConfiguration: { VpcId: 'vpc-0abc', VpcEndpointId: 'vpce-0def' },
      }),
    );
    const arn = created.VpcIngressConnection!.VpcIngressConnectionArn!;
    const listed = await client.send(new ListVpcIngressConnectionsCommand({ Filter: { ServiceArn: internal } }));
    assert.deepEqual(listed.VpcIngressConnectionSummaryList, [{ VpcIngressConnectionArn: arn, ServiceArn: internal }]);
    assert.deepEqual(
      (await client.send(new ListVpcIngressConnectionsCommand({ Filter: { ServiceArn: webArn } }))).VpcIngressConnectionSummaryList,
      [],
    );
    const described = (await client.send(new DescribeVpcIngressConnectionCommand({ VpcIngressConnectionArn: arn }))).VpcIngressConnection!;
    assert.equal(described.Status, 'AVAILABLE');
    assert.deepEqual(described.IngressVpcConfiguration, { VpcId: 'vpc-0abc', VpcEndpointId: 'vpce-0def' });
    const targets = (await client.send(new DescribeCustomDomainsCommand({ ServiceArn: internal }))).VpcDNSTargets!;
    assert.deepEqual(targets, [{ VpcIngressConnectionArn: arn, VpcId: 'vpc-0abc', DomainName: described.DomainName }]);
  });

  test('observability configurations: revisions, latest by name, and UpdateService names the full ARN', async () => {
    const created = await client.send(
      new CreateObservabilityConfigurationCommand({
        ObservabilityConfigurationName: 'xray-tracing',
        TraceConfiguration: { Vendor: 'AWSXRAY' },
      }),
    );
    const config = created.ObservabilityConfiguration!;
    assert.equal(config.ObservabilityConfigurationRevision, 1);
    assert.equal(config.Latest, true);
    await client.send(new CreateObservabilityConfigurationCommand({ ObservabilityConfigurationName: 'xray-tracing' }));
    const latest = await client.send(new ListObservabilityConfigurationsCommand({ LatestOnly: true }));
    assert.deepEqual(
      latest.ObservabilityConfigurationSummaryList!.map((o) => o.ObservabilityConfigurationRevision),
      [2],
    );
    const byName = await client.send(
      new DescribeObservabilityConfigurationCommand({
        ObservabilityConfigurationArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:observabilityconfiguration/xray-tracing/1`,
      }),
    );
    assert.deepEqual(byName.ObservabilityConfiguration!.TraceConfiguration, { Vendor: 'AWSXRAY' });
    assert.equal(byName.ObservabilityConfiguration!.Latest, false);

    const updated = await client.send(
      new UpdateServiceCommand({
        ServiceArn: webArn,
        ObservabilityConfiguration: { ObservabilityEnabled: true, ObservabilityConfigurationArn: config.ObservabilityConfigurationArn },
      }),
    );
    assert.deepEqual(updated.Service!.ObservabilityConfiguration, {
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: config.ObservabilityConfigurationArn,
    });
    await rejectsWith(
      client.send(
        new CreateObservabilityConfigurationCommand({ ObservabilityConfigurationName: 'bad', TraceConfiguration: { Vendor: 'AWSXRAY' } }),
      ),
      'InvalidRequestException',
    );
  });

  test('an unknown observability configuration and a dual-stack private service are refused with the reason', async () => {
    await rejectsWith(
      client.send(
        new UpdateServiceCommand({
          ServiceArn: webArn,
          ObservabilityConfiguration: {
            ObservabilityEnabled: true,
            ObservabilityConfigurationArn: `arn:aws:apprunner:us-east-1:${ACCOUNT}:observabilityconfiguration/none`,
          },
        }),
      ),
      'InvalidRequestException',
      /Observability configuration not found/,
    );
    const list = (await client.send(new ListServicesCommand({}))).ServiceSummaryList!;
    const internal = list.find((s) => s.ServiceName === 'internal-api')!.ServiceArn!;
    await rejectsWith(
      client.send(new UpdateServiceCommand({ ServiceArn: internal, NetworkConfiguration: { IpAddressType: 'DUAL_STACK' } })),
      'InvalidRequestException',
      /DUAL_STACK is only supported for services with public incoming traffic/,
    );
    const out = await client.send(new UpdateServiceCommand({ ServiceArn: webArn, NetworkConfiguration: { IpAddressType: 'DUAL_STACK' } }));
    assert.equal(out.Service!.NetworkConfiguration!.IpAddressType, 'DUAL_STACK');
  });

  test("the demo seed's VPC connector and custom domain are there", async () => {
    await control(emulator, 'reset');
    const response = await fetch(`${emulator.url}/_emulator/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: (await import('node:fs')).readFileSync(DEMO_SEED, 'utf8'),
    });
    assert.equal(response.status, 200);
    const west = new AppRunnerClient({
      region: 'eu-west-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const reporting = (await west.send(new ListServicesCommand({}))).ServiceSummaryList!.find((s) => s.ServiceName === 'reporting-api')!;
      const described = (await west.send(new DescribeServiceCommand({ ServiceArn: reporting.ServiceArn }))).Service!;
      const connector = await west.send(
        new DescribeVpcConnectorCommand({ VpcConnectorArn: described.NetworkConfiguration!.EgressConfiguration!.VpcConnectorArn }),
      );
      assert.equal(connector.VpcConnector!.Subnets!.length, 2);
    } finally {
      west.destroy();
    }
    const web = (await client.send(new ListServicesCommand({}))).ServiceSummaryList!.find((s) => s.ServiceName === 'web-frontend')!;
    const [domain] = await domains(web.ServiceArn);
    assert.equal(domain.Status, 'ACTIVE');
  });
});
