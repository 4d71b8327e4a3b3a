// ECS Express Mode calls of "Create the ECS Express Service…": create the service and follow it
// (the service, its service deployments). The one module that imports @aws-sdk/client-ecs besides the
// client factory (clients.ts), which constructs the client with the same endpoint rules as the others.
import {
  CreateExpressGatewayServiceCommand,
  DescribeExpressGatewayServiceCommand,
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
} from '@aws-sdk/client-ecs';
import type { ECSExpressGatewayService, ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ClientFactory } from './clients';
import type { ExpressServiceInput } from './types';

export class EcsApi {
  constructor(private readonly clients: ClientFactory) {}

  private client(region: string) {
    return this.clients.get('ecs', region);
  }

  async createExpressService(region: string, input: ExpressServiceInput): Promise<ECSExpressGatewayService> {
    const out = await this.client(region).send(new CreateExpressGatewayServiceCommand(input));
    if (!out.service?.serviceArn) throw new Error(`CreateExpressGatewayService returned no service ARN for ${input.serviceName}`);
    return out.service;
  }

  async describeExpressService(region: string, serviceArn: string): Promise<ECSExpressGatewayService> {
    const out = await this.client(region).send(new DescribeExpressGatewayServiceCommand({ serviceArn }));
    if (!out.service) throw new Error(`DescribeExpressGatewayService returned no service for ${serviceArn}`);
    return out.service;
  }

  /** The service's newest deployment in full (ListServiceDeployments lists newest first), or undefined before there is one. */
  async newestDeployment(region: string, serviceArn: string): Promise<ServiceDeployment | undefined> {
    const listed = await this.client(region).send(new ListServiceDeploymentsCommand({ service: serviceArn, maxResults: 1 }));
    const arn = listed.serviceDeployments?.[0]?.serviceDeploymentArn;
    if (!arn) return undefined;
    const out = await this.client(region).send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    return out.serviceDeployments?.[0];
  }
}
