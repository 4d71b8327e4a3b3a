// App Runner calls used by the features. Each method takes the region, because the explorer
// shows several regions at once.
import {
  AssociateCustomDomainCommand,
  CreateAutoScalingConfigurationCommand,
  CreateObservabilityConfigurationCommand,
  CreateServiceCommand,
  DeleteAutoScalingConfigurationCommand,
  DeleteServiceCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeCustomDomainsCommand,
  DescribeObservabilityConfigurationCommand,
  DescribeServiceCommand,
  DescribeVpcConnectorCommand,
  DescribeVpcIngressConnectionCommand,
  DisassociateCustomDomainCommand,
  ListAutoScalingConfigurationsCommand,
  ListObservabilityConfigurationsCommand,
  ListOperationsCommand,
  ListServicesCommand,
  ListServicesForAutoScalingConfigurationCommand,
  ListVpcIngressConnectionsCommand,
  PauseServiceCommand,
  ResumeServiceCommand,
  StartDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import type { ClientFactory } from './clients';
import type {
  AutoScalingConfiguration,
  AutoScalingConfigurationSummary,
  CreateServiceRequest,
  CustomDomain,
  ObservabilityConfiguration,
  OperationSummary,
  Service,
  ServiceCustomDomains,
  ServiceSummary,
  UpdateServiceRequest,
  VpcConnector,
  VpcIngressConnection,
} from './types';

export interface ServicesPage {
  services: ServiceSummary[];
  nextToken?: string;
}

export class AppRunnerApi {
  constructor(private readonly clients: ClientFactory) {}

  private client(region: string) {
    return this.clients.get('apprunner', region);
  }

  /** One page of services; App Runner allows at most 20 a page. */
  async listServicesPage(region: string, nextToken?: string, signal?: AbortSignal): Promise<ServicesPage> {
    const out = await this.client(region).send(new ListServicesCommand({ MaxResults: 20, NextToken: nextToken }), { abortSignal: signal });
    return { services: out.ServiceSummaryList ?? [], nextToken: out.NextToken };
  }

  async describeService(region: string, serviceArn: string): Promise<Service> {
    const out = await this.client(region).send(new DescribeServiceCommand({ ServiceArn: serviceArn }));
    if (!out.Service) {
      throw Object.assign(new Error(`DescribeService returned no service for ${serviceArn}`), { name: 'ResourceNotFoundException' });
    }
    return out.Service;
  }

  async listOperations(region: string, serviceArn: string, maxResults = 10): Promise<OperationSummary[]> {
    const out = await this.client(region).send(new ListOperationsCommand({ ServiceArn: serviceArn, MaxResults: maxResults }));
    return out.OperationSummaryList ?? [];
  }

  async describeAutoScaling(region: string, arn: string): Promise<AutoScalingConfiguration | undefined> {
    const out = await this.client(region).send(new DescribeAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn }));
    return out.AutoScalingConfiguration;
  }

  /** Every active auto scaling configuration of the region (all revisions), or those of one name. */
  async listAutoScalingConfigurations(region: string, name?: string): Promise<AutoScalingConfigurationSummary[]> {
    const all: AutoScalingConfigurationSummary[] = [];
    let token: string | undefined;
    do {
      const out = await this.client(region).send(
        new ListAutoScalingConfigurationsCommand({ AutoScalingConfigurationName: name, MaxResults: 100, NextToken: token }),
      );
      all.push(...(out.AutoScalingConfigurationSummaryList ?? []));
      token = out.NextToken;
    } while (token);
    return all;
  }

  /** A new revision of `name` (revision 1 when the name is new). */
  async createAutoScalingConfiguration(
    region: string,
    input: { name: string; minSize: number; maxSize: number; maxConcurrency: number },
  ): Promise<AutoScalingConfiguration> {
    const out = await this.client(region).send(
      new CreateAutoScalingConfigurationCommand({
        AutoScalingConfigurationName: input.name,
        MinSize: input.minSize,
        MaxSize: input.maxSize,
        MaxConcurrency: input.maxConcurrency,
      }),
    );
    if (!out.AutoScalingConfiguration) throw new Error(`CreateAutoScalingConfiguration returned no configuration for ${input.name}`);
    return out.AutoScalingConfiguration;
  }

  async deleteAutoScalingConfiguration(region: string, arn: string): Promise<AutoScalingConfiguration | undefined> {
    return (await this.client(region).send(new DeleteAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn })))
      .AutoScalingConfiguration;
  }

  /** The ARNs of the services that use this auto scaling configuration revision. */
  async listServicesForAutoScalingConfiguration(region: string, arn: string): Promise<string[]> {
    const all: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client(region).send(
        new ListServicesForAutoScalingConfigurationCommand({ AutoScalingConfigurationArn: arn, MaxResults: 100, NextToken: token }),
      );
      all.push(...(out.ServiceArnList ?? []));
      token = out.NextToken;
    } while (token);
    return all;
  }

  async pauseService(region: string, serviceArn: string): Promise<string | undefined> {
    return (await this.client(region).send(new PauseServiceCommand({ ServiceArn: serviceArn }))).OperationId;
  }

  async resumeService(region: string, serviceArn: string): Promise<string | undefined> {
    return (await this.client(region).send(new ResumeServiceCommand({ ServiceArn: serviceArn }))).OperationId;
  }

  async deleteService(region: string, serviceArn: string): Promise<string | undefined> {
    return (await this.client(region).send(new DeleteServiceCommand({ ServiceArn: serviceArn }))).OperationId;
  }

  async startDeployment(region: string, serviceArn: string): Promise<string | undefined> {
    return (await this.client(region).send(new StartDeploymentCommand({ ServiceArn: serviceArn }))).OperationId;
  }

  async updateService(region: string, input: UpdateServiceRequest): Promise<{ service?: Service; operationId?: string }> {
    const out = await this.client(region).send(new UpdateServiceCommand(input));
    return { service: out.Service, operationId: out.OperationId };
  }

  async createService(region: string, input: CreateServiceRequest): Promise<{ service?: Service; operationId?: string }> {
    const out = await this.client(region).send(new CreateServiceCommand(input));
    return { service: out.Service, operationId: out.OperationId };
  }

  // ---- custom domains, network and observability ----

  /** Every custom domain of the service (DescribeCustomDomains pages hold at most 5). */
  async describeCustomDomains(region: string, serviceArn: string): Promise<ServiceCustomDomains> {
    const result: ServiceCustomDomains = { dnsTarget: '', domains: [], vpcDnsTargets: [] };
    let nextToken: string | undefined;
    do {
      const out = await this.client(region).send(
        new DescribeCustomDomainsCommand({ ServiceArn: serviceArn, MaxResults: 5, NextToken: nextToken }),
      );
      result.dnsTarget = out.DNSTarget ?? result.dnsTarget;
      result.domains.push(...(out.CustomDomains ?? []));
      if (!nextToken) result.vpcDnsTargets = out.VpcDNSTargets ?? [];
      nextToken = out.NextToken;
    } while (nextToken);
    return result;
  }

  async associateCustomDomain(
    region: string,
    serviceArn: string,
    domainName: string,
    enableWww: boolean,
  ): Promise<CustomDomain | undefined> {
    const out = await this.client(region).send(
      new AssociateCustomDomainCommand({ ServiceArn: serviceArn, DomainName: domainName, EnableWWWSubdomain: enableWww }),
    );
    return out.CustomDomain;
  }

  async disassociateCustomDomain(region: string, serviceArn: string, domainName: string): Promise<CustomDomain | undefined> {
    return (await this.client(region).send(new DisassociateCustomDomainCommand({ ServiceArn: serviceArn, DomainName: domainName })))
      .CustomDomain;
  }

  async describeVpcConnector(region: string, arn: string): Promise<VpcConnector | undefined> {
    return (await this.client(region).send(new DescribeVpcConnectorCommand({ VpcConnectorArn: arn }))).VpcConnector;
  }

  /** The VPC ingress connections of one service, described. */
  async vpcIngressConnections(region: string, serviceArn: string): Promise<VpcIngressConnection[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client(region).send(
        new ListVpcIngressConnectionsCommand({ Filter: { ServiceArn: serviceArn }, NextToken: nextToken }),
      );
      arns.push(
        ...(out.VpcIngressConnectionSummaryList ?? []).flatMap((c) => (c.VpcIngressConnectionArn ? [c.VpcIngressConnectionArn] : [])),
      );
      nextToken = out.NextToken;
    } while (nextToken);
    const described = await Promise.all(
      arns.map(
        async (arn) =>
          (await this.client(region).send(new DescribeVpcIngressConnectionCommand({ VpcIngressConnectionArn: arn }))).VpcIngressConnection,
      ),
    );
    return described.filter((c): c is VpcIngressConnection => c !== undefined);
  }

  async describeObservabilityConfiguration(region: string, arn: string): Promise<ObservabilityConfiguration | undefined> {
    return (await this.client(region).send(new DescribeObservabilityConfigurationCommand({ ObservabilityConfigurationArn: arn })))
      .ObservabilityConfiguration;
  }

  /** The latest revision of every observability configuration, described (the list has no tracing settings). */
  async latestObservabilityConfigurations(region: string): Promise<ObservabilityConfiguration[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client(region).send(new ListObservabilityConfigurationsCommand({ LatestOnly: true, NextToken: nextToken }));
      arns.push(
        ...(out.ObservabilityConfigurationSummaryList ?? []).flatMap((c) =>
          c.ObservabilityConfigurationArn ? [c.ObservabilityConfigurationArn] : [],
        ),
      );
      nextToken = out.NextToken;
    } while (nextToken);
    const described = await Promise.all(arns.map((arn) => this.describeObservabilityConfiguration(region, arn)));
    return described.filter((c): c is ObservabilityConfiguration => c !== undefined);
  }

  async createXrayObservabilityConfiguration(region: string, name: string): Promise<ObservabilityConfiguration | undefined> {
    const out = await this.client(region).send(
      new CreateObservabilityConfigurationCommand({ ObservabilityConfigurationName: name, TraceConfiguration: { Vendor: 'AWSXRAY' } }),
    );
    return out.ObservabilityConfiguration;
  }
}
