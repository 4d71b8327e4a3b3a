// App Runner's network and observability resources for the emulator, per account and region: custom
// domains of a service, VPC connectors, VPC ingress connections and observability configurations.
// apprunner.ts hands the operations below to this module and asks it about the network of a service.
//
// Operations: AssociateCustomDomain, DescribeCustomDomains, DisassociateCustomDomain,
// CreateVpcConnector, ListVpcConnectors, DescribeVpcConnector, CreateVpcIngressConnection,
// ListVpcIngressConnections, DescribeVpcIngressConnection, CreateObservabilityConfiguration,
// ListObservabilityConfigurations, DescribeObservabilityConfiguration.
//
// Custom domains follow real AWS's inconvenient timing (emulator clock): an association is CREATING
// for `domainCreatingMs`, then PENDING_CERTIFICATE_DNS_VALIDATION with one CNAME certificate validation
// record per name (the domain, and www.<domain> when EnableWWWSubdomain, which defaults to true as the
// model says). Real ACM validation takes minutes up to 72 hours once the records are in DNS and fails
// when they never appear: here nothing validates until a test says so (or `autoValidateAfterMs` is
// set, for the demo), and a domain still pending after `validationTimeoutMs` (72 h) is CREATE_FAILED
// with its records FAILED. Once validated it is BINDING_CERTIFICATE for `domainBindingMs`, then ACTIVE.
// Disassociating shows DELETING for `domainDeletingMs`, then the domain is gone.
//
// Control routes (POST, JSON body) under /_emulator/apprunner/:
//   custom-domains/config    {domainCreatingMs?, domainBindingMs?, domainDeletingMs?, validationTimeoutMs?,
//                             autoValidateAfterMs? (null: never)} → the current values; reset restores them.
//                             autoValidateAfterMs applies to domains associated after it is set.
//   custom-domains/validate  {domainName, serviceArn?} → {validated: n}: the DNS records "appeared" and
//                             ACM validated them now (400 when no such domain waits for validation)
//
// Seed (keys of the "apprunner" seed beside "services"):
//   "vpcConnectors": [{region, name, subnets: [...], securityGroups?: [...], account?, id?}]
//   "observabilityConfigurations": [{region, name, tracing?: true, account?}]
//   "vpcIngressConnections": [{region, name, serviceName, vpcId, vpcEndpointId, account?}]
//   "customDomains": [{region, serviceName, domainName, www?: bool, validated?: bool, account?}]
//
// Unverified against the real service: the record names and values only imitate ACM's shape
// (_<hash>.<name>. → _<hash>.<hash>.acm-validations.aws.), the messages imitate App Runner's wording,
// and the rule that a private service cannot be dual-stack follows the project brief.
import type { NetworkConfiguration } from '@aws-sdk/client-apprunner';
import {
  hashOf,
  invalid,
  isObject,
  Json,
  paginate,
  readBoolean,
  readObject,
  readString,
  readTags,
  RESOURCE_ARN,
  seedError,
} from './apprunner';
import { RequestContext, ServiceError } from './types';

/** What this module needs to know about a service (apprunner.ts owns services). */
export interface NetworkServiceView {
  arn: string;
  name: string;
  status: string;
  /** The App Runner subdomain: the DNS target of the custom domains. */
  url: string;
}

export interface NetworkHost {
  service(account: string, region: string, arn: string): NetworkServiceView | undefined;
  serviceByName(account: string, region: string, name: string): NetworkServiceView | undefined;
}

interface NetworkConfig {
  domainCreatingMs: number;
  domainBindingMs: number;
  domainDeletingMs: number;
  validationTimeoutMs: number;
  autoValidateAfterMs: number | null;
}

const INITIAL_CONFIG: NetworkConfig = {
  domainCreatingMs: 1000,
  domainBindingMs: 500,
  domainDeletingMs: 1000,
  validationTimeoutMs: 72 * 3_600_000,
  autoValidateAfterMs: null,
};

const DOMAIN_NAME = /^[A-Za-z0-9*.-]{1,255}$/;
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9\-_]{3,39}$/;
const OBSERVABILITY_NAME = /^[A-Za-z0-9][A-Za-z0-9\-_]{3,31}$/;
const DESCRIBE_CUSTOM_DOMAINS_MAX = 5;
const LIST_MAX = 100;

interface DomainRecord {
  seq: number;
  serviceArn: string;
  domainName: string;
  www: boolean;
  associatedAt: number;
  /** When ACM validated the records (a test said so, or the demo's automatic validation). */
  validatedAt?: number;
  deletingSince?: number;
}

interface VpcConnectorRecord {
  seq: number;
  arn: string;
  name: string;
  revision: number;
  subnets: string[];
  securityGroups: string[];
  createdAt: number;
}

interface IngressConnectionRecord {
  seq: number;
  arn: string;
  name: string;
  serviceArn: string;
  vpcId: string;
  vpcEndpointId: string;
  domainName: string;
  createdAt: number;
}

interface ObservabilityRecord {
  seq: number;
  arn: string;
  name: string;
  revision: number;
  tracing: boolean;
  createdAt: number;
}

interface NetworkState {
  account: string;
  region: string;
  domains: DomainRecord[];
  connectors: VpcConnectorRecord[];
  ingress: IngressConnectionRecord[];
  observability: ObservabilityRecord[];
}

const seconds = (ms: number): number => ms / 1000;

/** A private service cannot be dual-stack (the project brief's rule; see the header). */
export function networkRefusal(network: NetworkConfiguration): string | undefined {
  if (network.IpAddressType === 'DUAL_STACK' && network.IngressConfiguration?.IsPubliclyAccessible === false) {
    return 'IpAddressType DUAL_STACK is only supported for services with public incoming traffic (IngressConfiguration.IsPubliclyAccessible true).';
  }
  return undefined;
}

export class AppRunnerNetwork {
  private states = new Map<string, NetworkState>();
  private config: NetworkConfig = { ...INITIAL_CONFIG };
  private nextSeq = 1;

  constructor(private readonly host: NetworkHost) {}

  /** Answers the operations of this module; undefined for any other operation. */
  handle(input: Json, ctx: RequestContext): Json | undefined {
    const state = this.state(ctx.account, ctx.region);
    const now = ctx.now;
    switch (ctx.operation) {
      case 'AssociateCustomDomain':
        return this.associateCustomDomain(state, input, now);
      case 'DescribeCustomDomains':
        return this.describeCustomDomains(state, input, now);
      case 'DisassociateCustomDomain':
        return this.disassociateCustomDomain(state, input, now);
      case 'CreateVpcConnector':
        return { VpcConnector: this.connectorShape(this.createVpcConnector(state, input, now)) };
      case 'ListVpcConnectors': {
        const { page, nextToken } = paginate(
          state.connectors,
          (c) => [c.seq],
          `vpcconnectors/${state.account}/${state.region}`,
          input,
          LIST_MAX,
        );
        return { VpcConnectors: page.map((c) => this.connectorShape(c)), ...(nextToken ? { NextToken: nextToken } : {}) };
      }
      case 'DescribeVpcConnector': {
        const arn = readArn(input, 'VpcConnectorArn');
        const connector = state.connectors.find((c) => c.arn === arn);
        if (!connector) throw new ServiceError('ResourceNotFoundException', `VPC connector not found: ${arn}`);
        return { VpcConnector: this.connectorShape(connector) };
      }
      case 'CreateVpcIngressConnection':
        return { VpcIngressConnection: this.ingressShape(state, this.createIngressConnection(state, input, now)) };
      case 'ListVpcIngressConnections':
        return this.listIngressConnections(state, input);
      case 'DescribeVpcIngressConnection': {
        const arn = readArn(input, 'VpcIngressConnectionArn');
        const connection = state.ingress.find((c) => c.arn === arn);
        if (!connection) throw new ServiceError('ResourceNotFoundException', `VPC ingress connection not found: ${arn}`);
        return { VpcIngressConnection: this.ingressShape(state, connection) };
      }
      case 'CreateObservabilityConfiguration':
        return { ObservabilityConfiguration: this.observabilityShape(state, this.createObservability(state, input, now)) };
      case 'ListObservabilityConfigurations':
        return this.listObservability(state, input);
      case 'DescribeObservabilityConfiguration': {
        const arn = readArn(input, 'ObservabilityConfigurationArn');
        const found = this.observabilityFor(state, arn);
        if (!found) throw new ServiceError('ResourceNotFoundException', `Observability configuration not found: ${arn}`);
        return { ObservabilityConfiguration: this.observabilityShape(state, found) };
      }
      default:
        return undefined;
    }
  }

  /**
   * The full ARN of the observability configuration a service names (full, `.../name` for the latest
   * revision, or `.../name/revision`); InvalidRequestException when there is none.
   */
  observabilityArn(account: string, region: string, arn: string): string {
    const found = this.observabilityFor(this.state(account, region), arn);
    if (!found) throw invalid(`Observability configuration not found: ${arn}`);
    return found.arn;
  }

  reset(): void {
    this.states = new Map();
    this.config = { ...INITIAL_CONFIG };
  }

  control(path: string, body: Json, now: number): unknown {
    switch (path) {
      case 'custom-domains/config':
        return this.configure(body);
      case 'custom-domains/validate':
        return this.validate(body, now);
      default:
        return undefined;
    }
  }

  /** The network parts of an "apprunner" seed, after its services (ingress connections and domains name them). */
  seed(data: Json, now: number): void {
    const list = (key: string): Json[] => {
      const value = data[key] ?? [];
      if (!Array.isArray(value) || !value.every(isObject)) throw seedError(`${key} must be an array of objects`);
      return value;
    };
    const where = (key: string, entry: Json, index: number): { state: NetworkState; at: string } => {
      const at = `${key}[${index}]`;
      const account = entry.account ?? '123456789012';
      if (typeof entry.region !== 'string' || typeof account !== 'string' || !/^\d{12}$/.test(account)) {
        throw seedError(`${at} needs a "region" (and "account", if given, 12 digits)`);
      }
      return { state: this.state(account, entry.region), at };
    };
    const attempt = <T>(at: string, make: () => T): T => {
      try {
        return make();
      } catch (e) {
        throw seedError(`${at}: ${(e as Error).message}`);
      }
    };
    list('vpcConnectors').forEach((entry, index) => {
      const { state, at } = where('vpcConnectors', entry, index);
      const connector = attempt(at, () =>
        this.createVpcConnector(state, { VpcConnectorName: entry.name, Subnets: entry.subnets, SecurityGroups: entry.securityGroups }, now),
      );
      if (entry.id !== undefined) {
        if (typeof entry.id !== 'string' || !/^[0-9a-f]{32}$/.test(entry.id)) throw seedError(`${at}.id must be 32 lowercase hex digits`);
        connector.arn = `${connector.arn.slice(0, connector.arn.lastIndexOf('/'))}/${entry.id}`;
      }
    });
    list('observabilityConfigurations').forEach((entry, index) => {
      const { state, at } = where('observabilityConfigurations', entry, index);
      attempt(at, () =>
        this.createObservability(
          state,
          { ObservabilityConfigurationName: entry.name, TraceConfiguration: entry.tracing === false ? undefined : { Vendor: 'AWSXRAY' } },
          now,
        ),
      );
    });
    list('vpcIngressConnections').forEach((entry, index) => {
      const { state, at } = where('vpcIngressConnections', entry, index);
      const service = this.host.serviceByName(state.account, state.region, String(entry.serviceName));
      if (!service) throw seedError(`${at}: no service ${String(entry.serviceName)} in ${state.account}/${state.region}`);
      attempt(at, () =>
        this.createIngressConnection(
          state,
          {
            ServiceArn: service.arn,
            VpcIngressConnectionName: entry.name,
            IngressVpcConfiguration: { VpcId: entry.vpcId, VpcEndpointId: entry.vpcEndpointId },
          },
          now,
          true,
        ),
      );
    });
    list('customDomains').forEach((entry, index) => {
      const { state, at } = where('customDomains', entry, index);
      const service = this.host.serviceByName(state.account, state.region, String(entry.serviceName));
      if (!service) throw seedError(`${at}: no service ${String(entry.serviceName)} in ${state.account}/${state.region}`);
      const domain = attempt(at, () =>
        this.addDomain(state, service, { DomainName: entry.domainName, EnableWWWSubdomain: entry.www }, now),
      );
      if (entry.validated === true) {
        // Seeded as long settled: associated and validated a day ago.
        domain.associatedAt = now - 86_400_000;
        domain.validatedAt = now - 86_400_000 + this.config.domainCreatingMs;
      }
    });
  }

  // ---- control ------------------------------------------------------------------------------

  private configure(body: Json): NetworkConfig {
    for (const key of ['domainCreatingMs', 'domainBindingMs', 'domainDeletingMs', 'validationTimeoutMs'] as const) {
      const value = body[key];
      if (value !== undefined) {
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(`${key} must be a number >= 0`);
        this.config[key] = value;
      }
    }
    if ('autoValidateAfterMs' in body) {
      const value = body.autoValidateAfterMs;
      if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
        throw invalid('autoValidateAfterMs must be a number >= 0, or null (never)');
      }
      this.config.autoValidateAfterMs = value as number | null;
    }
    return { ...this.config };
  }

  private validate(body: Json, now: number): { validated: number } {
    const domainName = readString(body, 'domainName', '', { required: true })!.toLowerCase();
    const serviceArn = readString(body, 'serviceArn', '');
    let validated = 0;
    for (const state of this.states.values()) {
      for (const domain of state.domains) {
        if (domain.domainName !== domainName || (serviceArn && domain.serviceArn !== serviceArn)) continue;
        const status = this.domainStatus(domain, now);
        if (status === 'CREATING' || status === 'PENDING_CERTIFICATE_DNS_VALIDATION') {
          domain.validatedAt = Math.max(now, domain.associatedAt + this.config.domainCreatingMs);
          validated++;
        }
      }
    }
    if (validated === 0) throw invalid(`No custom domain ${domainName} is waiting for certificate validation.`);
    return { validated };
  }

  // ---- custom domains -----------------------------------------------------------------------

  private associateCustomDomain(state: NetworkState, input: Json, now: number): Json {
    const arn = readArn(input, 'ServiceArn');
    const service = this.host.service(state.account, state.region, arn);
    // The model lists no ResourceNotFoundException for this operation.
    if (!service || service.status === 'DELETED') throw invalid(`Service not found: ${arn}`);
    if (service.status !== 'RUNNING') {
      throw new ServiceError(
        'InvalidStateException',
        `Can't associate a custom domain with service ${service.name}: its status is ${service.status}; it must be RUNNING.`,
      );
    }
    const domain = this.addDomain(state, service, input, now);
    return {
      DNSTarget: service.url,
      ServiceArn: service.arn,
      CustomDomain: this.domainShape(domain, now),
      VpcDNSTargets: this.vpcTargets(state, service.arn),
    };
  }

  private addDomain(state: NetworkState, service: NetworkServiceView, input: Json, now: number): DomainRecord {
    const domainName = readString(input, 'DomainName', '', { required: true, min: 1, max: 255, pattern: DOMAIN_NAME })!.toLowerCase();
    const www = readBoolean(input, 'EnableWWWSubdomain', '') ?? true;
    const taken = state.domains.find((d) => d.domainName === domainName);
    if (taken) {
      throw invalid(
        taken.serviceArn === service.arn
          ? `Custom domain ${domainName} is already associated with service ${service.name}.`
          : `Custom domain ${domainName} is already associated with another App Runner service.`,
      );
    }
    const autoValidate = this.config.autoValidateAfterMs;
    const domain: DomainRecord = {
      seq: this.nextSeq++,
      serviceArn: service.arn,
      domainName,
      www,
      associatedAt: now,
      ...(autoValidate !== null ? { validatedAt: now + this.config.domainCreatingMs + autoValidate } : {}),
    };
    state.domains.push(domain);
    return domain;
  }

  private describeCustomDomains(state: NetworkState, input: Json, now: number): Json {
    const arn = readArn(input, 'ServiceArn');
    const service = this.host.service(state.account, state.region, arn);
    if (!service) throw new ServiceError('ResourceNotFoundException', `Service not found: ${arn}`);
    const domains = this.domainsOf(state, arn, now);
    const { page, nextToken } = paginate(domains, (d) => [d.seq], `customdomains/${arn}`, input, DESCRIBE_CUSTOM_DOMAINS_MAX);
    return {
      DNSTarget: service.url,
      ServiceArn: service.arn,
      CustomDomains: page.map((d) => this.domainShape(d, now)),
      VpcDNSTargets: this.vpcTargets(state, arn),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  private disassociateCustomDomain(state: NetworkState, input: Json, now: number): Json {
    const arn = readArn(input, 'ServiceArn');
    const domainName = readString(input, 'DomainName', '', { required: true, min: 1, max: 255, pattern: DOMAIN_NAME })!.toLowerCase();
    const service = this.host.service(state.account, state.region, arn);
    if (!service) throw new ServiceError('ResourceNotFoundException', `Service not found: ${arn}`);
    const domain = this.domainsOf(state, arn, now).find((d) => d.domainName === domainName);
    if (!domain)
      throw new ServiceError('ResourceNotFoundException', `Custom domain ${domainName} is not associated with service ${service.name}.`);
    const status = this.domainStatus(domain, now);
    if (status === 'DELETING' || status === 'CREATING' || status === 'BINDING_CERTIFICATE') {
      throw new ServiceError('InvalidStateException', `Can't disassociate custom domain ${domainName} while its status is ${status}.`);
    }
    domain.deletingSince = now;
    return {
      DNSTarget: service.url,
      ServiceArn: service.arn,
      CustomDomain: this.domainShape(domain, now),
      VpcDNSTargets: this.vpcTargets(state, arn),
    };
  }

  /** The service's domains at `now`; ones whose deletion has finished leave. */
  private domainsOf(state: NetworkState, serviceArn: string, now: number): DomainRecord[] {
    state.domains = state.domains.filter((d) => d.deletingSince === undefined || now < d.deletingSince + this.config.domainDeletingMs);
    return state.domains.filter((d) => d.serviceArn === serviceArn);
  }

  private domainStatus(domain: DomainRecord, now: number): string {
    if (domain.deletingSince !== undefined) return 'DELETING';
    const pendingSince = domain.associatedAt + this.config.domainCreatingMs;
    if (now < pendingSince) return 'CREATING';
    if (domain.validatedAt !== undefined && domain.validatedAt <= now) {
      return now < domain.validatedAt + this.config.domainBindingMs ? 'BINDING_CERTIFICATE' : 'ACTIVE';
    }
    return now >= pendingSince + this.config.validationTimeoutMs ? 'CREATE_FAILED' : 'PENDING_CERTIFICATE_DNS_VALIDATION';
  }

  private domainShape(domain: DomainRecord, now: number): Json {
    const status = this.domainStatus(domain, now);
    const shape: Json = { DomainName: domain.domainName, EnableWWWSubdomain: domain.www, Status: status };
    if (status !== 'CREATING') {
      const validated = domain.validatedAt !== undefined && domain.validatedAt <= now;
      const recordStatus = validated ? 'SUCCESS' : status === 'CREATE_FAILED' ? 'FAILED' : 'PENDING_VALIDATION';
      const names = domain.www ? [domain.domainName, `www.${domain.domainName}`] : [domain.domainName];
      shape.CertificateValidationRecords = names.map((name) => {
        const hash = hashOf(`${domain.serviceArn}:${name}`).toString('hex');
        return {
          Name: `_${hash.slice(0, 32)}.${name.replace(/^\*\./, '')}.`,
          Type: 'CNAME',
          Value: `_${hash.slice(32, 64)}.${hash.slice(0, 10)}.acm-validations.aws.`,
          Status: recordStatus,
        };
      });
    }
    return shape;
  }

  private vpcTargets(state: NetworkState, serviceArn: string): Json[] {
    return state.ingress
      .filter((c) => c.serviceArn === serviceArn)
      .map((c) => ({ VpcIngressConnectionArn: c.arn, VpcId: c.vpcId, DomainName: c.domainName }));
  }

  // ---- VPC connectors and ingress connections -------------------------------------------------

  private createVpcConnector(state: NetworkState, input: Json, now: number): VpcConnectorRecord {
    const name = readString(input, 'VpcConnectorName', '', { required: true, min: 4, max: 40, pattern: RESOURCE_NAME })!;
    const subnets = readStringList(input, 'Subnets', true);
    if (subnets.length === 0) throw invalid('Subnets must name at least one subnet.');
    const securityGroups = readStringList(input, 'SecurityGroups', false);
    readTags(input);
    const revision = 1 + Math.max(0, ...state.connectors.filter((c) => c.name === name).map((c) => c.revision));
    const id = hashOf(`${state.account}:${state.region}:vpcconnector:${name}:${revision}`).toString('hex').slice(0, 32);
    const record: VpcConnectorRecord = {
      seq: this.nextSeq++,
      arn: `arn:aws:apprunner:${state.region}:${state.account}:vpcconnector/${name}/${revision}/${id}`,
      name,
      revision,
      subnets,
      securityGroups,
      createdAt: now,
    };
    state.connectors.push(record);
    return record;
  }

  private connectorShape(c: VpcConnectorRecord): Json {
    return {
      VpcConnectorName: c.name,
      VpcConnectorArn: c.arn,
      VpcConnectorRevision: c.revision,
      Subnets: c.subnets,
      SecurityGroups: c.securityGroups,
      Status: 'ACTIVE',
      CreatedAt: seconds(c.createdAt),
    };
  }

  private createIngressConnection(state: NetworkState, input: Json, now: number, seeded = false): IngressConnectionRecord {
    const serviceArn = readArn(input, 'ServiceArn');
    const name = readString(input, 'VpcIngressConnectionName', '', { required: true, min: 4, max: 40, pattern: RESOURCE_NAME })!;
    const vpc = readObject(input, 'IngressVpcConfiguration', '', true)!;
    const vpcId = readString(vpc, 'VpcId', 'ingressVpcConfiguration', { required: true, min: 1 })!;
    const vpcEndpointId = readString(vpc, 'VpcEndpointId', 'ingressVpcConfiguration', { required: true, min: 1 })!;
    readTags(input);
    const service = this.host.service(state.account, state.region, serviceArn);
    if (!service || service.status === 'DELETED') throw invalid(`Service not found: ${serviceArn}`);
    if (!seeded && service.status !== 'RUNNING') {
      throw new ServiceError(
        'InvalidStateException',
        `Can't create a VPC ingress connection for service ${service.name}: its status is ${service.status}.`,
      );
    }
    if (state.ingress.some((c) => c.name === name)) throw invalid(`A VPC ingress connection named ${name} already exists.`);
    const id = hashOf(`${state.account}:${state.region}:ingress:${name}`).toString('hex');
    const record: IngressConnectionRecord = {
      seq: this.nextSeq++,
      arn: `arn:aws:apprunner:${state.region}:${state.account}:vpcingressconnection/${name}/${id.slice(0, 32)}`,
      name,
      serviceArn,
      vpcId,
      vpcEndpointId,
      domainName: `${id.slice(32, 42)}.${service.url.split('.')[0]}.${state.region}.on.aws`,
      createdAt: now,
    };
    state.ingress.push(record);
    return record;
  }

  private listIngressConnections(state: NetworkState, input: Json): Json {
    const filter = readObject(input, 'Filter', '') ?? {};
    const serviceArn = readString(filter, 'ServiceArn', 'filter', { min: 1, max: 1011, pattern: RESOURCE_ARN });
    const endpoint = readString(filter, 'VpcEndpointId', 'filter');
    const matching = state.ingress.filter(
      (c) => (!serviceArn || c.serviceArn === serviceArn) && (!endpoint || c.vpcEndpointId === endpoint),
    );
    const scope = `ingress/${state.account}/${state.region}/${serviceArn ?? ''}/${endpoint ?? ''}`;
    const { page, nextToken } = paginate(matching, (c) => [c.seq], scope, input, LIST_MAX);
    return {
      VpcIngressConnectionSummaryList: page.map((c) => ({ VpcIngressConnectionArn: c.arn, ServiceArn: c.serviceArn })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  private ingressShape(state: NetworkState, c: IngressConnectionRecord): Json {
    return {
      VpcIngressConnectionArn: c.arn,
      VpcIngressConnectionName: c.name,
      ServiceArn: c.serviceArn,
      Status: 'AVAILABLE',
      AccountId: state.account,
      DomainName: c.domainName,
      IngressVpcConfiguration: { VpcId: c.vpcId, VpcEndpointId: c.vpcEndpointId },
      CreatedAt: seconds(c.createdAt),
    };
  }

  // ---- observability configurations ------------------------------------------------------------

  private createObservability(state: NetworkState, input: Json, now: number): ObservabilityRecord {
    const name = readString(input, 'ObservabilityConfigurationName', '', { required: true, min: 4, max: 32, pattern: OBSERVABILITY_NAME })!;
    const trace = readObject(input, 'TraceConfiguration', '');
    if (trace) {
      const vendor = readString(trace, 'Vendor', 'traceConfiguration', { required: true });
      if (vendor !== 'AWSXRAY') {
        throw invalid(
          `1 validation error detected: Value '${vendor}' at 'traceConfiguration.vendor' failed to satisfy constraint: Member must satisfy enum value set: [AWSXRAY]`,
        );
      }
    }
    readTags(input);
    const revision = 1 + Math.max(0, ...state.observability.filter((o) => o.name === name).map((o) => o.revision));
    const id = hashOf(`${state.account}:${state.region}:observability:${name}:${revision}`).toString('hex').slice(0, 32);
    const record: ObservabilityRecord = {
      seq: this.nextSeq++,
      arn: `arn:aws:apprunner:${state.region}:${state.account}:observabilityconfiguration/${name}/${revision}/${id}`,
      name,
      revision,
      tracing: trace !== undefined,
      createdAt: now,
    };
    state.observability.push(record);
    return record;
  }

  private latestRevision(state: NetworkState, name: string): number {
    return Math.max(...state.observability.filter((o) => o.name === name).map((o) => o.revision));
  }

  private observabilityFor(state: NetworkState, arn: string): ObservabilityRecord | undefined {
    const exact = state.observability.find((o) => o.arn === arn);
    if (exact) return exact;
    const prefix = `arn:aws:apprunner:${state.region}:${state.account}:observabilityconfiguration/`;
    if (!arn.startsWith(prefix)) return undefined;
    const [name, revision, ...extra] = arn.slice(prefix.length).split('/');
    if (extra.length > 0) return undefined;
    return state.observability
      .filter((o) => o.name === name && (revision === undefined || String(o.revision) === revision))
      .sort((a, b) => b.revision - a.revision)[0];
  }

  private listObservability(state: NetworkState, input: Json): Json {
    const name = readString(input, 'ObservabilityConfigurationName', '', { min: 4, max: 32, pattern: OBSERVABILITY_NAME });
    const latestOnly = readBoolean(input, 'LatestOnly', '') ?? false;
    const matching = state.observability.filter(
      (o) => (name === undefined || o.name === name) && (!latestOnly || o.revision === this.latestRevision(state, o.name)),
    );
    const scope = `observability/${state.account}/${state.region}/${name ?? ''}/${latestOnly}`;
    const { page, nextToken } = paginate(matching, (o) => [o.seq], scope, input, LIST_MAX);
    return {
      ObservabilityConfigurationSummaryList: page.map((o) => ({
        ObservabilityConfigurationArn: o.arn,
        ObservabilityConfigurationName: o.name,
        ObservabilityConfigurationRevision: o.revision,
      })),
      ...(nextToken ? { NextToken: nextToken } : {}),
    };
  }

  private observabilityShape(state: NetworkState, o: ObservabilityRecord): Json {
    return {
      ObservabilityConfigurationArn: o.arn,
      ObservabilityConfigurationName: o.name,
      ...(o.tracing ? { TraceConfiguration: { Vendor: 'AWSXRAY' } } : {}),
      ObservabilityConfigurationRevision: o.revision,
      Latest: o.revision === this.latestRevision(state, o.name),
      Status: 'ACTIVE',
      CreatedAt: seconds(o.createdAt),
    };
  }

  private state(account: string, region: string): NetworkState {
    const key = `${account}/${region}`;
    let state = this.states.get(key);
    if (!state) {
      state = { account, region, domains: [], connectors: [], ingress: [], observability: [] };
      this.states.set(key, state);
    }
    return state;
  }
}

function readArn(input: Json, key: string): string {
  return readString(input, key, '', { required: true, min: 1, max: 1011, pattern: RESOURCE_ARN })!;
}

function readStringList(input: Json, key: string, required: boolean): string[] {
  const value = input[key];
  const path = key.charAt(0).toLowerCase() + key.slice(1);
  if (value === undefined || value === null) {
    if (required)
      throw invalid(`1 validation error detected: Value null at '${path}' failed to satisfy constraint: Member must not be null`);
    return [];
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw invalid(`1 validation error detected: Value at '${path}' failed to satisfy constraint: Member must be a list of strings`);
  }
  return value as string[];
}
