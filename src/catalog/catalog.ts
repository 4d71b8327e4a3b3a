// The services we know: regions → services. Regions load concurrently, page by page, with a
// bounded number of AWS calls in flight (each page shows as it arrives); while any service has
// an operation in progress the busy ones are re-read every poll interval, and polling stops as
// soon as none is busy. Operations the extension started are busy markers, so a service shows
// "Pausing…" before AWS is asked again. Custom domains on their way (validation, binding,
// removal) are read again, sooner after a change and at most every 5 minutes, until none is.
// Errors are kept per region; every change is an event that says what changed. Pure: no vscode,
// no SDK (the calls come in through CatalogApi).
import { serviceNameOfArn } from '../aws/arn';
import type { ErrorContext, UserFacingError } from '../aws/errors';
import type {
  AutoScalingConfiguration,
  ObservabilityConfiguration,
  OperationSummary,
  Service,
  ServiceCustomDomains,
  ServiceSummary,
  VpcConnector,
  VpcIngressConnection,
} from '../aws/types';
import type { Clock } from '../shared/clock';
import { anySettling, MAX_DOMAIN_POLL_MS, nextPollDelay } from '../shared/customDomains';
import { Emitter, Event } from './events';
import { Limiter } from './limiter';

/** The App Runner calls the catalog makes (src/aws/apprunner.ts implements them). */
export interface CatalogApi {
  listServicesPage(region: string, nextToken?: string, signal?: AbortSignal): Promise<{ services: ServiceSummary[]; nextToken?: string }>;
  describeService(region: string, serviceArn: string): Promise<Service>;
  listOperations(region: string, serviceArn: string, maxResults?: number): Promise<OperationSummary[]>;
  describeAutoScaling(region: string, arn: string): Promise<AutoScalingConfiguration | undefined>;
  describeCustomDomains(region: string, serviceArn: string): Promise<ServiceCustomDomains>;
  describeVpcConnector(region: string, arn: string): Promise<VpcConnector | undefined>;
  vpcIngressConnections(region: string, serviceArn: string): Promise<VpcIngressConnection[]>;
  describeObservabilityConfiguration(region: string, arn: string): Promise<ObservabilityConfiguration | undefined>;
}

/** AWS calls in flight at most while listing: regions load together without a burst per region. */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 8;

export interface CatalogOptions {
  /** The current session's calls (asked for on every call: the session can be replaced). */
  api(): CatalogApi;
  regions: readonly string[];
  clock: Clock;
  pollIntervalMs(): number;
  /** AWS calls in flight at most, across regions. */
  maxCallsInFlight: number;
  describeError(err: unknown, ctx: Omit<ErrorContext, 'profile'>): UserFacingError;
  log(line: string): void;
}

/** What a feature needs to name a service: the tree's service nodes and the catalog's services are ones. */
export interface ServiceRef {
  readonly region: string;
  readonly arn: string;
  readonly name: string;
}

/** A service argument from a menu or another feature (duck-typed: bundles do not share classes). */
export function asServiceRef(value: unknown): ServiceRef | undefined {
  const v = value as Partial<ServiceRef> | undefined;
  return typeof v?.region === 'string' && typeof v.arn === 'string' && typeof v.name === 'string'
    ? { region: v.region, arn: v.arn, name: v.name }
    : undefined;
}

export interface ServiceDetail {
  service: Service;
  scaling?: AutoScalingConfiguration;
  operations: OperationSummary[];
  network: ServiceNetwork;
}

/** What DescribeService only names by ARN, read when the service uses it (a failed read is left out and logged). */
export interface ServiceNetwork {
  /** The connector of VPC egress: its subnets and security groups. */
  vpcConnector?: VpcConnector;
  /** The VPC ingress connections of a private service. */
  ingressConnections?: VpcIngressConnection[];
  /** The observability configuration in use (X-Ray tracing). */
  observability?: ObservabilityConfiguration;
}

export interface CatalogService extends ServiceRef {
  readonly kind: 'service';
  /** OPERATION_IN_PROGRESS while a busy marker is set, else what AWS said last. */
  readonly status: string | undefined;
  readonly url: string | undefined;
  readonly summary: ServiceSummary;
  /** Type of the operation in flight (from the busy marker or ListOperations). */
  readonly operationType: string | undefined;
  /** Set while an operation the extension started has not been seen to end. */
  readonly busyMarker: BusyMarker | undefined;
  /** DescribeService, scaling and recent operations, once loaded (dropped when the status changes). */
  readonly detail: ServiceDetail | undefined;
}

export interface BusyMarker {
  operationType: string;
  since: number;
  /** The catalog's read counter when the marker was set: reads started before it cannot clear it. */
  readonly afterRead: number;
}

export type RegionLoadState = 'idle' | 'loading' | 'loaded' | 'failed';

export interface CatalogRegion {
  readonly kind: 'region';
  readonly region: string;
  readonly state: RegionLoadState;
  readonly error: UserFacingError | undefined;
  /** The services known so far, in listing order. */
  services(): readonly CatalogService[];
}

export interface CatalogChange {
  /** The regions were replaced (settings changed): everything is new. */
  readonly regionsReplaced: boolean;
  /** Regions whose services (added, removed), loading state or error changed. */
  readonly regions: readonly CatalogRegion[];
  /** Services whose own state changed (status, busy marker, URL, details). */
  readonly services: readonly CatalogService[];
  /** Services whose custom domains read differently, or are to be read again (a reload). */
  readonly domains?: readonly CatalogService[];
}

export interface CatalogFailure {
  region: string;
  error: unknown;
  context: Omit<ErrorContext, 'profile'>;
}

class ServiceEntry implements CatalogService {
  readonly kind = 'service';
  busyMarker: BusyMarker | undefined;
  operationTypeFromAws: string | undefined;
  detail: ServiceDetail | undefined;
  detailLoading: Promise<ServiceDetail> | undefined;
  customDomains: ServiceCustomDomains | undefined;
  customDomainsLoading: Promise<ServiceCustomDomains> | undefined;
  /** Reads the custom domains again while one is on its way. */
  customDomainsFollow: Promise<void> | undefined;

  constructor(
    readonly region: string,
    readonly arn: string,
    public summary: ServiceSummary,
  ) {}

  get name(): string {
    return this.summary.ServiceName ?? serviceNameOfArn(this.arn);
  }
  get status(): string | undefined {
    return this.busyMarker ? 'OPERATION_IN_PROGRESS' : this.summary.Status;
  }
  get url(): string | undefined {
    return this.summary.ServiceUrl;
  }
  get operationType(): string | undefined {
    return this.busyMarker?.operationType ?? this.operationTypeFromAws;
  }
  get busy(): boolean {
    return this.status === 'OPERATION_IN_PROGRESS';
  }
}

class RegionEntry implements CatalogRegion {
  readonly kind = 'region';
  state: RegionLoadState = 'idle';
  error: UserFacingError | undefined;
  readonly entries = new Map<string, ServiceEntry>();
  /** The listing under way; undefined when none is. */
  loading: Promise<void> | undefined;
  abort = new AbortController();

  constructor(readonly region: string) {}

  services(): readonly CatalogService[] {
    return [...this.entries.values()];
  }
}

const NOT_IN_PROGRESS = (status: string | undefined) => status !== 'OPERATION_IN_PROGRESS';

export class Catalog {
  private regionEntries: RegionEntry[];
  private readonly limiter: Limiter;
  private readonly changed = new Emitter<CatalogChange>();
  private readonly failed = new Emitter<CatalogFailure>();
  /** Fires with what changed; listeners must not call back into the catalog synchronously to mutate it. */
  readonly onDidChange: Event<CatalogChange> = this.changed.event;
  /** Fires when listing a region fails (the region keeps the error too). */
  readonly onDidFail: Event<CatalogFailure> = this.failed.event;
  private polling = false;
  private readonly stopped = new AbortController();
  /** Counts reads of service state, so that a read older than a busy marker leaves it alone. */
  private reads = 0;

  constructor(private readonly options: CatalogOptions) {
    this.limiter = new Limiter(options.maxCallsInFlight);
    this.regionEntries = unique(options.regions).map((r) => new RegionEntry(r));
  }

  /** Calls made and the most that were in flight at once, since the catalog was created. */
  get callStats(): { calls: number; maxInFlight: number; inFlight: number } {
    return { calls: this.limiter.started, maxInFlight: this.limiter.maxInFlight, inFlight: this.limiter.inFlight };
  }

  get isPolling(): boolean {
    return this.polling;
  }

  regions(): readonly CatalogRegion[] {
    return this.regionEntries;
  }

  region(name: string): CatalogRegion | undefined {
    return this.regionEntries.find((r) => r.region === name);
  }

  /** Every known service, across regions. */
  services(): CatalogService[] {
    return this.regionEntries.flatMap((r) => [...r.entries.values()]);
  }

  service(arn: string): CatalogService | undefined {
    return this.entry(arn);
  }

  /** Starts listing the regions not listed yet; resolves when every region has loaded or failed. */
  async load(): Promise<void> {
    await Promise.all(this.regionEntries.map((r) => (r.state === 'idle' ? this.startListing(r) : r.loading)));
  }

  /** Lists every region again (the Refresh command). Live streams and busy markers are untouched. */
  async reload(): Promise<void> {
    const shownDomains: ServiceEntry[] = [];
    for (const r of this.regionEntries) {
      r.abort.abort();
      r.abort = new AbortController();
      r.state = 'idle';
      for (const e of r.entries.values()) {
        if (e.customDomains) shownDomains.push(e);
        e.customDomains = undefined;
      }
    }
    // Custom domains change status on AWS's side (certificate validation): views read them again.
    if (shownDomains.length) this.changed.fire({ regionsReplaced: false, regions: [], services: [], domains: shownDomains });
    await this.load();
  }

  /** Shows another set of regions (settings changed); lists them on the next load(). */
  setRegions(regions: readonly string[]): void {
    this.regionEntries.forEach((r) => r.abort.abort());
    this.regionEntries = unique(regions).map((r) => new RegionEntry(r));
    this.changed.fire({ regionsReplaced: true, regions: [], services: [] });
  }

  /**
   * Marks a service as busy with an operation the extension just started (pause, deploy, …) and
   * starts polling. A service the catalog does not know yet (just created) is added.
   */
  markBusy(ref: ServiceRef, operationType: string): void {
    let entry = this.entry(ref.arn);
    const region = this.regionEntries.find((r) => r.region === ref.region);
    if (!entry) {
      if (!region) {
        return; // a region the user does not show
      }
      entry = new ServiceEntry(ref.region, ref.arn, { ServiceArn: ref.arn, ServiceName: ref.name, Status: 'OPERATION_IN_PROGRESS' });
      region.entries.set(ref.arn, entry);
    }
    entry.busyMarker = { operationType, since: this.options.clock.now(), afterRead: this.reads };
    entry.detail = undefined;
    entry.detailLoading = undefined;
    this.changed.fire({ regionsReplaced: false, regions: region ? [region] : [], services: [entry] });
    this.startPolling();
  }

  /** Reads one service again now (e.g. when an operation the extension followed has ended). */
  async refreshService(ref: ServiceRef): Promise<void> {
    const entry = this.entry(ref.arn);
    if (entry) {
      await this.readService(entry);
      this.startPolling();
    }
  }

  /** The service's details, read once and kept until its status changes. */
  loadDetail(service: CatalogService): Promise<ServiceDetail> {
    const entry = this.entry(service.arn);
    if (!entry) {
      return Promise.reject(new Error(`${service.name} is no longer listed`));
    }
    if (entry.detail) {
      return Promise.resolve(entry.detail);
    }
    const loading = (entry.detailLoading ??= this.readDetail(entry).finally(() => {
      if (entry.detailLoading === loading) {
        entry.detailLoading = undefined;
      }
    }));
    return loading;
  }

  /** The service's custom domains, read once and kept until refreshCustomDomains or a reload. */
  customDomains(service: ServiceRef): Promise<ServiceCustomDomains> {
    const entry = this.entry(service.arn);
    if (!entry) {
      return Promise.reject(new Error(`${service.name} is no longer listed`));
    }
    if (entry.customDomains) {
      return Promise.resolve(entry.customDomains);
    }
    const loading = (entry.customDomainsLoading ??= this.readCustomDomains(entry).finally(() => {
      if (entry.customDomainsLoading === loading) {
        entry.customDomainsLoading = undefined;
      }
    }));
    return loading;
  }

  /**
   * Reads the service's custom domains again (a feature added or removed one); a change event
   * names the service in `domains` when they differ from what was shown.
   */
  async refreshCustomDomains(service: ServiceRef): Promise<ServiceCustomDomains> {
    const entry = this.entry(service.arn);
    if (!entry) {
      throw new Error(`${service.name} is no longer listed`);
    }
    return this.readCustomDomains(entry);
  }

  /** An error as a message a person can act on (with the profile in use). */
  describeError(err: unknown, ctx: Omit<ErrorContext, 'profile'>): UserFacingError {
    return this.options.describeError(err, ctx);
  }

  dispose(): void {
    this.stopped.abort();
    this.regionEntries.forEach((r) => r.abort.abort());
    this.changed.dispose();
    this.failed.dispose();
  }

  private entry(arn: string): ServiceEntry | undefined {
    for (const r of this.regionEntries) {
      const e = r.entries.get(arn);
      if (e) {
        return e;
      }
    }
    return undefined;
  }

  private call<T>(fn: (api: CatalogApi) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limiter.run(() => fn(this.options.api()), signal);
  }

  private startListing(region: RegionEntry): Promise<void> {
    region.state = 'loading';
    region.error = undefined;
    region.loading = this.list(region, region.abort.signal);
    this.changed.fire({ regionsReplaced: false, regions: [region], services: [] });
    return region.loading;
  }

  private async list(region: RegionEntry, signal: AbortSignal): Promise<void> {
    const seen = new Set<string>();
    const updated: ServiceEntry[] = [];
    let token: string | undefined;
    try {
      do {
        const read = ++this.reads;
        const page = await this.call((api) => api.listServicesPage(region.region, token, signal), signal);
        if (signal.aborted) {
          return;
        }
        updated.length = 0;
        for (const summary of page.services) {
          if (!summary.ServiceArn || summary.Status === 'DELETED') {
            continue;
          }
          seen.add(summary.ServiceArn);
          const known = region.entries.get(summary.ServiceArn);
          if (known) {
            if (this.apply(known, summary, read)) {
              updated.push(known);
            }
          } else {
            region.entries.set(summary.ServiceArn, new ServiceEntry(region.region, summary.ServiceArn, summary));
          }
        }
        token = page.nextToken;
        this.changed.fire({ regionsReplaced: false, regions: [region], services: [...updated] });
      } while (token);
      // Services listed before a reload that are gone now (deleted elsewhere) leave.
      for (const arn of [...region.entries.keys()]) {
        if (!seen.has(arn) && !region.entries.get(arn)?.busyMarker) {
          region.entries.delete(arn);
        }
      }
      region.state = 'loaded';
      this.changed.fire({ regionsReplaced: false, regions: [region], services: [] });
      await this.readOperationTypes([...region.entries.values()].filter((e) => e.busy && !e.operationType));
    } catch (err) {
      if (signal.aborted) {
        return;
      }
      const context = { action: 'apprunner:ListServices', region: region.region, doing: 'list App Runner services' };
      region.state = 'failed';
      region.error = this.options.describeError(err, context);
      region.entries.clear();
      this.changed.fire({ regionsReplaced: false, regions: [region], services: [] });
      this.failed.fire({ region: region.region, error: err, context });
    } finally {
      if (!signal.aborted) {
        this.startPolling();
      }
    }
  }

  /** Takes a summary from the read numbered `read`; true when what a view shows changed. */
  private apply(entry: ServiceEntry, summary: ServiceSummary, read: number): boolean {
    const before = [entry.status, entry.url, entry.name, entry.operationType].join('\n');
    const statusBefore = entry.summary.Status;
    const shownBefore = entry.status;
    entry.summary = { ...entry.summary, ...summary };
    if (NOT_IN_PROGRESS(summary.Status) && (!entry.busyMarker || entry.busyMarker.afterRead < read)) {
      entry.busyMarker = undefined;
      entry.operationTypeFromAws = undefined;
    }
    // Details read while a busy marker was set are stale once it clears, even when AWS's status reads the same.
    if (statusBefore !== summary.Status || shownBefore !== entry.status) {
      entry.detail = undefined;
    }
    return before !== [entry.status, entry.url, entry.name, entry.operationType].join('\n');
  }

  private async readOperationTypes(entries: ServiceEntry[]): Promise<void> {
    await Promise.all(
      entries.map(async (e) => {
        const [op] = await this.call((api) => api.listOperations(e.region, e.arn, 1)).catch(() => [] as OperationSummary[]);
        if (op?.Type && e.busy && !e.operationType) {
          e.operationTypeFromAws = op.Type;
          this.changed.fire({ regionsReplaced: false, regions: [], services: [e] });
        }
      }),
    );
  }

  private async readDetail(entry: ServiceEntry): Promise<ServiceDetail> {
    const [service, operations] = await Promise.all([
      this.call((api) => api.describeService(entry.region, entry.arn)),
      this.call((api) => api.listOperations(entry.region, entry.arn, 10)),
    ]);
    /** A read the details can do without: a failure is logged and leaves that part out. */
    const optional = <T>(operation: string, arn: string | undefined, read: (api: CatalogApi, arn: string) => Promise<T>) =>
      arn
        ? this.call((api) => read(api, arn)).catch((err: unknown) => {
            this.options.log(`[catalog] ${entry.name}: ${operation} failed: ${(err as Error)?.message ?? String(err)}`);
            return undefined;
          })
        : Promise.resolve(undefined);
    const net = service.NetworkConfiguration;
    const observed = service.ObservabilityConfiguration;
    const [scaling, vpcConnector, ingressConnections, observability] = await Promise.all([
      optional('DescribeAutoScalingConfiguration', service.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn, (api, arn) =>
        api.describeAutoScaling(entry.region, arn),
      ),
      optional(
        'DescribeVpcConnector',
        net?.EgressConfiguration?.EgressType === 'VPC' ? net.EgressConfiguration.VpcConnectorArn : undefined,
        (api, arn) => api.describeVpcConnector(entry.region, arn),
      ),
      optional('ListVpcIngressConnections', net?.IngressConfiguration?.IsPubliclyAccessible === false ? entry.arn : undefined, (api, arn) =>
        api.vpcIngressConnections(entry.region, arn),
      ),
      optional(
        'DescribeObservabilityConfiguration',
        observed?.ObservabilityEnabled ? observed.ObservabilityConfigurationArn : undefined,
        (api, arn) => api.describeObservabilityConfiguration(entry.region, arn),
      ),
    ]);
    entry.detail = { service, scaling, operations, network: { vpcConnector, ingressConnections, observability } };
    return entry.detail;
  }

  private async readCustomDomains(entry: ServiceEntry): Promise<ServiceCustomDomains> {
    return (await this.readCustomDomainsChange(entry)).read;
  }

  /** Reads the domains; `changed` when they differ from what was kept (then an event names the service). */
  private async readCustomDomainsChange(entry: ServiceEntry): Promise<{ read: ServiceCustomDomains; changed: boolean }> {
    const read = await this.call((api) => api.describeCustomDomains(entry.region, entry.arn));
    const changed = entry.customDomains !== undefined && JSON.stringify(entry.customDomains) !== JSON.stringify(read);
    entry.customDomains = read;
    if (changed) {
      this.changed.fire({ regionsReplaced: false, regions: [], services: [], domains: [entry] });
    }
    if (anySettling(read.domains)) {
      entry.customDomainsFollow ??= this.followCustomDomains(entry).finally(() => (entry.customDomainsFollow = undefined));
    }
    return { read, changed };
  }

  /**
   * Reads the service's custom domains again until none is on its way: the first wait is the poll
   * interval (again after a change), each wait without change twice the last, at most 5 minutes
   * (ACM validation can take 72 hours). Stops when the service leaves or a reload drops the domains.
   */
  private async followCustomDomains(entry: ServiceEntry): Promise<void> {
    let delay: number | undefined;
    let changed = true;
    while (this.entry(entry.arn) === entry && entry.customDomains && anySettling(entry.customDomains.domains)) {
      delay = nextPollDelay({ firstMs: this.options.pollIntervalMs(), maxMs: MAX_DOMAIN_POLL_MS }, delay, changed);
      try {
        await this.options.clock.sleep(delay, this.stopped.signal);
      } catch {
        return; // the catalog was disposed
      }
      if (!entry.customDomains || this.entry(entry.arn) !== entry) return;
      try {
        changed = (await this.readCustomDomainsChange(entry)).changed;
      } catch (err) {
        this.options.log(`[catalog] ${entry.name}: DescribeCustomDomains failed: ${(err as Error)?.message ?? String(err)}`);
        changed = false;
      }
    }
  }

  private startPolling(): void {
    if (this.polling || this.stopped.signal.aborted || !this.services().some((s) => s.status === 'OPERATION_IN_PROGRESS')) {
      return;
    }
    this.polling = true;
    void this.poll();
  }

  /** Re-reads the busy services every poll interval until none is busy. */
  private async poll(): Promise<void> {
    try {
      for (;;) {
        await this.options.clock.sleep(this.options.pollIntervalMs(), this.stopped.signal);
        const busy = this.regionEntries.flatMap((r) => [...r.entries.values()]).filter((e) => e.busy);
        await Promise.all(busy.map((e) => this.readService(e)));
        if (this.stopped.signal.aborted || !this.services().some((s) => s.status === 'OPERATION_IN_PROGRESS')) {
          return;
        }
      }
    } catch (err) {
      if (!this.stopped.signal.aborted) {
        this.options.log(`[catalog] polling stopped: ${(err as Error)?.stack ?? String(err)}`);
      }
    } finally {
      this.polling = false;
    }
  }

  /** Reads one service; a service that is gone (deleted) leaves its region. */
  private async readService(entry: ServiceEntry): Promise<void> {
    try {
      const read = ++this.reads;
      const service = await this.call((api) => api.describeService(entry.region, entry.arn));
      if (service.Status === 'DELETED') {
        this.remove(entry);
        return;
      }
      const before = entry.status;
      const shownChanged = this.apply(
        entry,
        {
          ServiceName: service.ServiceName,
          Status: service.Status,
          ServiceUrl: service.ServiceUrl,
          UpdatedAt: service.UpdatedAt,
          CreatedAt: service.CreatedAt,
          ServiceId: service.ServiceId,
        },
        read,
      );
      if (entry.busy && !entry.operationType) {
        await this.readOperationTypes([entry]);
      }
      if (shownChanged || before !== entry.status) {
        this.changed.fire({ regionsReplaced: false, regions: [], services: [entry] });
      }
    } catch (err) {
      if (this.options.describeError(err, { action: 'apprunner:DescribeService', region: entry.region }).kind === 'not-found') {
        this.remove(entry);
      } else {
        this.options.log(`[catalog] ${entry.name}: DescribeService failed: ${(err as Error)?.message ?? String(err)}`);
      }
    }
  }

  private remove(entry: ServiceEntry): void {
    const region = this.regionEntries.find((r) => r.entries.get(entry.arn) === entry);
    if (region) {
      region.entries.delete(entry.arn);
      this.changed.fire({ regionsReplaced: false, regions: [region], services: [] });
    }
  }
}

function unique(regions: readonly string[]): string[] {
  return [...new Set(regions)].filter(Boolean);
}
