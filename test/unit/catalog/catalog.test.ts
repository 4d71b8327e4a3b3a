import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeAwsError } from '../../../src/aws/errors';
import { Catalog, CatalogChange, CatalogFailure } from '../../../src/catalog/catalog';
import { arnOf, FakeAppRunner, FakeClock, FakeService, flush, servicesIn } from './fakes';

function setup(services: FakeService[], regions: string[], maxCallsInFlight = 4) {
  const api = new FakeAppRunner(services);
  const clock = new FakeClock();
  const log: string[] = [];
  const catalog = new Catalog({
    api: () => api,
    regions,
    clock,
    pollIntervalMs: () => 5000,
    maxCallsInFlight,
    describeError: (err, ctx) => describeAwsError(err, ctx),
    log: (line) => log.push(line),
  });
  const changes: CatalogChange[] = [];
  const failures: CatalogFailure[] = [];
  catalog.onDidChange((c) => changes.push(c));
  catalog.onDidFail((f) => failures.push(f));
  return { api, clock, catalog, changes, failures, log };
}

/** Moves the fake time on and waits until the work it woke has settled. */
async function advance(clock: FakeClock, api: FakeAppRunner, ms: number): Promise<void> {
  clock.advance(ms);
  await api.settled();
}

const names = (catalog: Catalog, region: string) =>
  catalog
    .region(region)!
    .services()
    .map((s) => s.name);

test('a region is listed page by page (20 a page) and each page is an event', async () => {
  const { api, catalog, changes } = setup([...servicesIn('us-east-1', 45), ...servicesIn('eu-west-1', 5)], ['us-east-1', 'eu-west-1']);
  await catalog.load();
  assert.equal(names(catalog, 'us-east-1').length, 45);
  assert.deepEqual(
    names(catalog, 'eu-west-1'),
    servicesIn('eu-west-1', 5).map((s) => s.name),
  );
  assert.equal(api.count('ListServices', 'us-east-1'), 3);
  assert.equal(api.count('ListServices', 'eu-west-1'), 1);
  assert.deepEqual(
    api.calls.filter((c) => c.region === 'us-east-1').map((c) => c.token),
    [undefined, '20', '40'],
  );
  const eastEvents = changes.filter((c) => c.regions.some((r) => r.region === 'us-east-1')).length;
  assert.equal(eastEvents, 5, 'loading started, three pages and the end are each an event');
  assert.equal(catalog.region('us-east-1')!.state, 'loaded');
  assert.equal(catalog.services().length, 50);
});

test('the first page shows before the rest of the region has loaded', async () => {
  const { api, catalog } = setup(servicesIn('us-east-1', 30), ['us-east-1']);
  api.hold();
  const loading = catalog.load();
  await flush();
  assert.equal(catalog.region('us-east-1')!.state, 'loading');
  assert.equal(names(catalog, 'us-east-1').length, 0);
  api.release();
  // The second page is held: the first page's services are there, the region still loading.
  await new Promise<void>((resolve) => {
    const sub = catalog.onDidChange((c) => {
      if (c.regions.length && names(catalog, 'us-east-1').length === 20) {
        api.hold();
        sub.dispose();
        resolve();
      }
    });
  });
  assert.equal(catalog.region('us-east-1')!.state, 'loading');
  api.release();
  await loading;
  assert.equal(names(catalog, 'us-east-1').length, 30);
});

test('regions load concurrently with at most maxCallsInFlight calls; every first page goes out before any second page', async () => {
  const regions = Array.from({ length: 16 }, (_, i) => `region-${i + 1}`);
  const { api, catalog } = setup(
    regions.flatMap((r) => servicesIn(r, 50)),
    regions,
    4,
  );
  await catalog.load();
  assert.equal(catalog.services().length, 800);
  assert.equal(api.maxInFlight, 4);
  assert.equal(catalog.callStats.maxInFlight, 4);
  assert.equal(catalog.callStats.calls, 16 * 3);
  const firstSecondPage = api.calls.findIndex((c) => c.token !== undefined);
  const lastFirstPage = api.calls.map((c) => c.token).lastIndexOf(undefined);
  assert.ok(lastFirstPage < firstSecondPage, `first pages end at ${lastFirstPage}, second pages start at ${firstSecondPage}`);
});

test('a region that fails keeps its error; the other regions load; a reload recovers', async () => {
  const { api, catalog, failures } = setup([...servicesIn('us-east-1', 3), ...servicesIn('eu-west-1', 2)], ['us-east-1', 'eu-west-1']);
  api.listFailures.set('eu-west-1', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
  await catalog.load();
  const west = catalog.region('eu-west-1')!;
  assert.equal(west.state, 'failed');
  assert.equal(west.error?.kind, 'throttled');
  assert.match(west.error!.message, /^Could not list App Runner services in eu-west-1: AWS is throttling apprunner:ListServices/);
  assert.equal(catalog.region('us-east-1')!.state, 'loaded');
  assert.equal(names(catalog, 'us-east-1').length, 3);
  assert.deepEqual(
    failures.map((f) => [f.region, f.context.action]),
    [['eu-west-1', 'apprunner:ListServices']],
  );
  api.listFailures.clear();
  await catalog.reload();
  assert.equal(west.state, 'loaded');
  assert.equal(west.error, undefined);
  assert.equal(names(catalog, 'eu-west-1').length, 2);
});

test('polling starts while a listed service is busy and stops when none is', async () => {
  const services = servicesIn('us-east-1', 3);
  services[1] = { ...services[1], status: 'OPERATION_IN_PROGRESS', operation: 'START_DEPLOYMENT' };
  const { api, clock, catalog, changes } = setup(services, ['us-east-1']);
  await catalog.load();
  await flush();
  const busy = catalog.service(arnOf('us-east-1', services[1].name))!;
  assert.equal(busy.operationType, 'START_DEPLOYMENT', 'the type of the operation in flight is read from ListOperations');
  assert.equal(catalog.isPolling, true);
  assert.equal(clock.pendingSleeps, 1);

  await advance(clock, api, 5000);
  assert.equal(api.count('DescribeService'), 1, 'only the busy service is read');
  assert.equal(catalog.isPolling, true, 'still busy: polling goes on');

  services[1].status = 'RUNNING';
  services[1].operation = undefined;
  changes.length = 0;
  await advance(clock, api, 5000);
  assert.equal(busy.status, 'RUNNING');
  assert.equal(busy.operationType, undefined);
  assert.ok(changes.some((c) => c.services.includes(busy)));
  assert.equal(catalog.isPolling, false);
  assert.equal(clock.pendingSleeps, 0);
  await advance(clock, api, 60_000);
  assert.equal(api.count('DescribeService'), 2, 'no reads once nothing is busy');
});

test('a busy marker shows the operation the extension started until AWS says it ended', async () => {
  const services = servicesIn('us-east-1', 2);
  const { api, clock, catalog, changes } = setup(services, ['us-east-1']);
  await catalog.load();
  assert.equal(catalog.isPolling, false);
  const svc = catalog.service(arnOf('us-east-1', services[0].name))!;
  changes.length = 0;
  services[0].status = 'OPERATION_IN_PROGRESS';
  catalog.markBusy(svc, 'PAUSE_SERVICE');
  assert.equal(svc.status, 'OPERATION_IN_PROGRESS');
  assert.equal(svc.operationType, 'PAUSE_SERVICE');
  assert.equal(svc.busyMarker?.operationType, 'PAUSE_SERVICE');
  assert.deepEqual(changes[0].services, [svc]);
  assert.equal(catalog.isPolling, true);

  await advance(clock, api, 5000);
  assert.equal(svc.operationType, 'PAUSE_SERVICE', 'the marker stays while AWS reports the operation');
  services[0].status = 'PAUSED';
  await advance(clock, api, 5000);
  assert.equal(svc.status, 'PAUSED');
  assert.equal(svc.busyMarker, undefined);
  assert.equal(catalog.isPolling, false);
  assert.equal(api.count('DescribeService'), 2);
});

test('a listing read before the marker was set does not clear it', async () => {
  const services = servicesIn('us-east-1', 1);
  const { api, catalog } = setup(services, ['us-east-1']);
  await catalog.load();
  const svc = catalog.services()[0];
  api.hold();
  const reloading = catalog.reload();
  await flush();
  services[0].status = 'OPERATION_IN_PROGRESS';
  catalog.markBusy(svc, 'RESUME_SERVICE');
  // The held ListServices answers with what it reads now; a page of the old status must not win.
  services[0].status = 'RUNNING';
  api.release();
  await reloading;
  assert.equal(svc.status, 'OPERATION_IN_PROGRESS');
  assert.equal(svc.operationType, 'RESUME_SERVICE');
  catalog.dispose();
});

test('a service the catalog does not know yet (just created) joins its region busy; a deleted one leaves', async () => {
  const services = servicesIn('us-east-1', 1);
  const { api, clock, catalog } = setup(services, ['us-east-1']);
  await catalog.load();
  const created: FakeService = { region: 'us-east-1', name: 'fresh', status: 'OPERATION_IN_PROGRESS', operation: 'CREATE_SERVICE' };
  services.push(created);
  catalog.markBusy({ region: 'us-east-1', arn: arnOf('us-east-1', 'fresh'), name: 'fresh' }, 'CREATE_SERVICE');
  assert.deepEqual(names(catalog, 'us-east-1'), ['us-east-1-001', 'fresh']);
  assert.equal(catalog.service(arnOf('us-east-1', 'fresh'))!.status, 'OPERATION_IN_PROGRESS');

  services.splice(services.indexOf(created), 1);
  await advance(clock, api, 5000);
  assert.deepEqual(names(catalog, 'us-east-1'), ['us-east-1-001'], 'ResourceNotFound while polling removes the service');
  assert.equal(catalog.isPolling, false);
});

test('markBusy for a region that is not shown changes nothing', async () => {
  const { catalog, changes } = setup(servicesIn('us-east-1', 1), ['us-east-1']);
  await catalog.load();
  changes.length = 0;
  catalog.markBusy({ region: 'ap-south-1', arn: arnOf('ap-south-1', 'x'), name: 'x' }, 'CREATE_SERVICE');
  assert.equal(catalog.services().length, 1);
  assert.equal(changes.length, 0);
  assert.equal(catalog.isPolling, false);
});

test('reload keeps the same service objects and drops services that are gone', async () => {
  const services = servicesIn('us-east-1', 3);
  const { catalog } = setup(services, ['us-east-1']);
  await catalog.load();
  const first = catalog.services()[0];
  services.splice(2, 1);
  await catalog.reload();
  assert.equal(catalog.services()[0], first, 'a view can keep its node objects');
  assert.deepEqual(names(catalog, 'us-east-1'), ['us-east-1-001', 'us-east-1-002']);
});

test('a reload abandons the listing under way: its pages are not applied twice', async () => {
  const { api, catalog } = setup(servicesIn('us-east-1', 30), ['us-east-1']);
  api.hold();
  const first = catalog.load();
  await flush();
  const second = catalog.reload();
  api.release();
  await Promise.all([first, second]);
  assert.equal(names(catalog, 'us-east-1').length, 30);
  assert.equal(catalog.region('us-east-1')!.state, 'loaded');
});

test('details are read once and dropped when the status changes', async () => {
  const services = servicesIn('us-east-1', 1);
  const { api, clock, catalog } = setup(services, ['us-east-1']);
  await catalog.load();
  const svc = catalog.services()[0];
  const [a, b] = await Promise.all([catalog.loadDetail(svc), catalog.loadDetail(svc)]);
  assert.equal(a, b);
  assert.equal(api.count('DescribeService'), 1);
  assert.equal(svc.detail, a);
  services[0].status = 'OPERATION_IN_PROGRESS';
  catalog.markBusy(svc, 'START_DEPLOYMENT');
  assert.equal(svc.detail, undefined);
  services[0].status = 'RUNNING';
  await advance(clock, api, 5000);
  await catalog.loadDetail(svc);
  assert.equal(api.count('DescribeService'), 3);
});

test('details read while busy are dropped when the busy marker clears, though AWS never showed the operation', async () => {
  const services = servicesIn('us-east-1', 1);
  const { api, clock, catalog } = setup(services, ['us-east-1']);
  await catalog.load();
  const svc = catalog.services()[0];
  catalog.markBusy(svc, 'UPDATE_SERVICE');
  const whileBusy = await catalog.loadDetail(svc);
  // The operation ended before the next poll: AWS says RUNNING, as it did before.
  await advance(clock, api, 5000);
  assert.equal(svc.status, 'RUNNING');
  assert.equal(svc.detail, undefined);
  assert.notEqual(await catalog.loadDetail(svc), whileBusy);
});

test('new regions replace the old ones and are listed on the next load', async () => {
  const { catalog, changes } = setup([...servicesIn('us-east-1', 1), ...servicesIn('eu-west-1', 2)], ['us-east-1']);
  await catalog.load();
  changes.length = 0;
  catalog.setRegions(['eu-west-1', 'eu-west-1']);
  assert.deepEqual(
    changes.map((c) => c.regionsReplaced),
    [true],
  );
  assert.deepEqual(
    catalog.regions().map((r) => [r.region, r.state]),
    [['eu-west-1', 'idle']],
  );
  await catalog.load();
  assert.equal(catalog.services().length, 2);
});

test('dispose stops polling', async () => {
  const services = [{ ...servicesIn('us-east-1', 1)[0], status: 'OPERATION_IN_PROGRESS' }];
  const { api, clock, catalog } = setup(services, ['us-east-1']);
  await catalog.load();
  await flush();
  assert.equal(catalog.isPolling, true);
  catalog.dispose();
  await flush();
  assert.equal(catalog.isPolling, false);
  assert.equal(clock.pendingSleeps, 0);
  await advance(clock, api, 10_000);
  assert.equal(api.count('DescribeService'), 0);
});

test('network details: the VPC connector, ingress connections and tracing are read only when the service uses them', async () => {
  const vpc = {
    ...servicesIn('us-east-1', 1, 'vpc')[0],
    network: {
      EgressConfiguration: { EgressType: 'VPC' as const, VpcConnectorArn: 'arn:aws:apprunner:us-east-1:123456789012:vpcconnector/db/1/x' },
      IngressConfiguration: { IsPubliclyAccessible: false },
    },
    observability: {
      ObservabilityEnabled: true,
      ObservabilityConfigurationArn: 'arn:aws:apprunner:us-east-1:123456789012:observabilityconfiguration/denied',
    },
  };
  const plain = servicesIn('us-east-1', 1, 'plain')[0];
  const { api, catalog, log } = setup([vpc, plain], ['us-east-1']);
  await catalog.load();
  const detail = await catalog.loadDetail(catalog.services().find((s) => s.name === vpc.name)!);
  assert.deepEqual(detail.network.vpcConnector?.Subnets, ['subnet-1']);
  assert.equal(detail.network.ingressConnections?.length, 1);
  assert.equal(detail.network.observability, undefined, 'a denied read is left out');
  assert.match(log.join('\n'), /DescribeObservabilityConfiguration failed: not authorized/);
  await catalog.loadDetail(catalog.services().find((s) => s.name === plain.name)!);
  assert.deepEqual(
    ['DescribeVpcConnector', 'ListVpcIngressConnections', 'DescribeObservabilityConfiguration'].map((op) => api.count(op)),
    [1, 1, 1],
  );
});

/** One service in us-east-1 with the custom domain shop.example.com in `Status`. */
function serviceWithDomain(Status: 'CREATING' | 'PENDING_CERTIFICATE_DNS_VALIDATION', EnableWWWSubdomain: boolean) {
  return { ...servicesIn('us-east-1', 1)[0], domains: [{ DomainName: 'shop.example.com', EnableWWWSubdomain, Status }] };
}

test('a custom domain on its way is read again, sooner after a change, until it settles; none is read once settled', async () => {
  const service = serviceWithDomain('CREATING', false);
  const { api, catalog, clock, changes } = setup([service], ['us-east-1']);
  await catalog.load();
  const ref = catalog.services()[0];
  await catalog.customDomains(ref);
  assert.equal(api.count('DescribeCustomDomains'), 1);
  changes.length = 0;

  // The first wait is the poll interval (5 s); nothing changed, so the next is twice that.
  await advance(clock, api, 4999);
  assert.equal(api.count('DescribeCustomDomains'), 1);
  await advance(clock, api, 1);
  assert.equal(api.count('DescribeCustomDomains'), 2);
  await advance(clock, api, 9999);
  assert.equal(api.count('DescribeCustomDomains'), 2);
  service.domains[0].Status = 'PENDING_CERTIFICATE_DNS_VALIDATION' as never;
  await advance(clock, api, 1);
  assert.equal(api.count('DescribeCustomDomains'), 3);
  assert.deepEqual(
    changes.map((c) => [c.services.length, c.domains?.map((s) => s.name)]),
    [[0, [ref.name]]],
    'the new status is a change of the service’s domains',
  );
  // After a change the wait starts at the poll interval again.
  service.domains[0].Status = 'ACTIVE' as never;
  await advance(clock, api, 5000);
  assert.equal(api.count('DescribeCustomDomains'), 4);
  assert.equal((await catalog.customDomains(ref)).domains[0].Status, 'ACTIVE');
  // Settled: no more reads, and no timer left behind.
  await advance(clock, api, 60 * 60_000);
  assert.equal(api.count('DescribeCustomDomains'), 4);
  assert.equal(clock.pendingSleeps, 0);
});

test('following a domain waits at most 5 minutes between reads, and stops when the catalog is disposed', async () => {
  const service = serviceWithDomain('PENDING_CERTIFICATE_DNS_VALIDATION', true);
  const { api, catalog, clock } = setup([service], ['us-east-1']);
  await catalog.load();
  await catalog.customDomains(catalog.services()[0]);
  // 5, 10, 20, 40, 80, 160 s, then 300 s each.
  for (const wait of [5, 10, 20, 40, 80, 160, 300, 300]) await advance(clock, api, wait * 1000);
  assert.equal(api.count('DescribeCustomDomains'), 9);
  await advance(clock, api, 299_999);
  assert.equal(api.count('DescribeCustomDomains'), 9);
  catalog.dispose();
  await advance(clock, api, 300_000);
  assert.equal(api.count('DescribeCustomDomains'), 9);
  assert.equal(clock.pendingSleeps, 0);
});

test('custom domains are read once; a refresh that finds a new status is a change of the service', async () => {
  const service = serviceWithDomain('PENDING_CERTIFICATE_DNS_VALIDATION', true);
  const { api, catalog, changes } = setup([service], ['us-east-1']);
  await catalog.load();
  const ref = catalog.services()[0];
  assert.equal((await catalog.customDomains(ref)).domains[0].Status, 'PENDING_CERTIFICATE_DNS_VALIDATION');
  await catalog.customDomains(ref);
  assert.equal(api.count('DescribeCustomDomains'), 1);

  changes.length = 0;
  await catalog.refreshCustomDomains(ref);
  assert.equal(changes.length, 0, 'nothing changed');
  service.domains[0].Status = 'ACTIVE' as never;
  await catalog.refreshCustomDomains(ref);
  assert.deepEqual(
    changes.map((c) => [c.services.length, c.domains?.map((s) => s.name)]),
    [[0, [ref.name]]],
  );
  assert.equal((await catalog.customDomains(ref)).domains[0].Status, 'ACTIVE');

  // Refresh reads them again, as the views show them.
  changes.length = 0;
  await catalog.reload();
  assert.ok(changes.some((c) => c.domains?.includes(ref)));
  await catalog.customDomains(ref);
  assert.equal(api.count('DescribeCustomDomains'), 4);
});
