// A fake clock and a fake App Runner for the catalog's unit tests: in memory, page size 20 like
// App Runner, with calls counted, calls in flight measured and regions that can be held or fail.
import type { CatalogApi } from '../../../src/catalog/catalog';
import type {
  AutoScalingConfiguration,
  CustomDomain,
  ObservabilityConfiguration,
  OperationSummary,
  Service,
  ServiceCustomDomains,
  ServiceSummary,
  VpcConnector,
  VpcIngressConnection,
} from '../../../src/aws/types';
import type { Clock } from '../../../src/shared/clock';

export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  t = 1_700_000_000_000;
  private sleepers: Array<{ at: number; resolve: () => void }> = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const abortError = () => Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const sleeper = { at: this.t + ms, resolve };
      this.sleepers.push(sleeper);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((s) => s !== sleeper);
          reject(abortError());
        },
        { once: true },
      );
    });
  }

  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Moves time forward and wakes the sleepers that are due. */
  advance(ms: number): void {
    this.t += ms;
    const due = this.sleepers.filter((s) => s.at <= this.t);
    this.sleepers = this.sleepers.filter((s) => s.at > this.t);
    due.forEach((s) => s.resolve());
  }
}

export interface FakeService {
  region: string;
  name: string;
  status: string;
  /** The operation in progress, listed by ListOperations. */
  operation?: string;
  network?: Service['NetworkConfiguration'];
  observability?: Service['ObservabilityConfiguration'];
  domains?: CustomDomain[];
}

export function arnOf(region: string, name: string): string {
  return `arn:aws:apprunner:${region}:123456789012:service/${name}/${name.replace(/[^a-z0-9]/g, '')}0000`;
}

export function servicesIn(region: string, count: number, prefix = region): FakeService[] {
  return Array.from({ length: count }, (_, i) => ({ region, name: `${prefix}-${String(i + 1).padStart(3, '0')}`, status: 'RUNNING' }));
}

type Gate = { release: () => void; promise: Promise<void> };

export class FakeAppRunner implements CatalogApi {
  services: FakeService[] = [];
  calls: Array<{ operation: string; region: string; token?: string }> = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Errors thrown by the next ListServices calls of a region. */
  listFailures = new Map<string, unknown>();
  /** While set, every call waits for release() (to look at the catalog between pages). */
  private gate?: Gate;

  constructor(services: FakeService[] = []) {
    this.services = services;
  }

  hold(): void {
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    this.gate = { release, promise };
  }

  /** Lets every held call go on (and the calls after it). */
  release(): void {
    const gate = this.gate;
    this.gate = undefined;
    gate?.release();
  }

  /** Resolves once no call is in flight and no new call started during a turn of the event loop. */
  async settled(): Promise<void> {
    let seen = -1;
    while (seen !== this.calls.length || this.inFlight > 0) {
      seen = this.calls.length;
      await flush();
    }
  }

  count(operation: string, region?: string): number {
    return this.calls.filter((c) => c.operation === operation && (!region || c.region === region)).length;
  }

  private async enter<T>(operation: string, region: string, token: string | undefined, answer: () => T): Promise<T> {
    this.calls.push({ operation, region, token });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      while (this.gate) {
        await this.gate.promise;
      }
      await flush();
      return answer();
    } finally {
      this.inFlight--;
    }
  }

  private find(region: string, arn: string): FakeService {
    const s = this.services.find((x) => x.region === region && arnOf(x.region, x.name) === arn);
    if (!s) {
      throw Object.assign(new Error(`Service ${arn} not found`), { name: 'ResourceNotFoundException' });
    }
    return s;
  }

  listServicesPage(region: string, nextToken?: string): Promise<{ services: ServiceSummary[]; nextToken?: string }> {
    return this.enter('ListServices', region, nextToken, () => {
      const failure = this.listFailures.get(region);
      if (failure) {
        throw failure;
      }
      const all = this.services.filter((s) => s.region === region);
      const start = Number(nextToken ?? 0);
      const page = all.slice(start, start + 20);
      return {
        services: page.map((s) => ({
          ServiceName: s.name,
          ServiceArn: arnOf(region, s.name),
          Status: s.status as ServiceSummary['Status'],
        })),
        nextToken: start + 20 < all.length ? String(start + 20) : undefined,
      };
    });
  }

  describeService(region: string, serviceArn: string): Promise<Service> {
    return this.enter('DescribeService', region, undefined, () => {
      const s = this.find(region, serviceArn);
      return {
        ServiceName: s.name,
        ServiceArn: serviceArn,
        Status: s.status,
        NetworkConfiguration: s.network,
        ObservabilityConfiguration: s.observability,
      } as Service;
    });
  }

  listOperations(region: string, serviceArn: string): Promise<OperationSummary[]> {
    return this.enter('ListOperations', region, undefined, () => {
      const s = this.find(region, serviceArn);
      return s.operation ? [{ Type: s.operation, Status: 'IN_PROGRESS' } as OperationSummary] : [];
    });
  }

  describeAutoScaling(region: string): Promise<AutoScalingConfiguration | undefined> {
    return this.enter('DescribeAutoScalingConfiguration', region, undefined, () => undefined);
  }

  describeCustomDomains(region: string, serviceArn: string): Promise<ServiceCustomDomains> {
    return this.enter('DescribeCustomDomains', region, undefined, () => {
      const s = this.find(region, serviceArn);
      return { dnsTarget: `${s.name}.${region}.awsapprunner.com`, domains: structuredClone(s.domains ?? []), vpcDnsTargets: [] };
    });
  }

  describeVpcConnector(region: string, arn: string): Promise<VpcConnector | undefined> {
    return this.enter('DescribeVpcConnector', region, undefined, () => ({
      VpcConnectorArn: arn,
      Subnets: ['subnet-1'],
      SecurityGroups: ['sg-1'],
    }));
  }

  vpcIngressConnections(region: string, serviceArn: string): Promise<VpcIngressConnection[]> {
    return this.enter('ListVpcIngressConnections', region, undefined, () => [
      { ServiceArn: serviceArn, VpcIngressConnectionName: 'from-vpc' },
    ]);
  }

  describeObservabilityConfiguration(region: string, arn: string): Promise<ObservabilityConfiguration | undefined> {
    return this.enter('DescribeObservabilityConfiguration', region, undefined, () => {
      if (arn.endsWith('/denied')) {
        throw Object.assign(new Error('not authorized to perform: apprunner:DescribeObservabilityConfiguration'), {
          name: 'AccessDeniedException',
        });
      }
      return { ObservabilityConfigurationArn: arn, TraceConfiguration: { Vendor: 'AWSXRAY' } };
    });
  }
}
