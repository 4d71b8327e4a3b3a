// App Runner calls used by the features. Each method takes the region, because the explorer
// shows several regions at once.
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeAutoScalingConfigurationCommand,
  DescribeServiceCommand,
  ListOperationsCommand,
  ListServicesCommand,
  PauseServiceCommand,
  ResumeServiceCommand,
  StartDeploymentCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-apprunner';
import type { ClientFactory } from './clients';
import type {
  AutoScalingConfiguration,
  CreateServiceRequest,
  OperationSummary,
  Service,
  ServiceSummary,
  UpdateServiceRequest,
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
}
