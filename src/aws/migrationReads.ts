// The reads a migration plan needs beyond DescribeService: the VPC connector's network, the
// custom domains, the tags, and what the image's tag points to in ECR (to pin the running
// digest). Read-only; nothing here changes the service.
import { DescribeCustomDomainsCommand, DescribeVpcConnectorCommand, ListTagsForResourceCommand } from '@aws-sdk/client-apprunner';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import type { ClientFactory } from './clients';

export class MigrationReadsApi {
  constructor(private readonly clients: ClientFactory) {}

  private client(region: string) {
    return this.clients.get('apprunner', region);
  }

  async vpcConnector(region: string, vpcConnectorArn: string): Promise<{ subnets: string[]; securityGroups: string[] }> {
    const out = await this.client(region).send(new DescribeVpcConnectorCommand({ VpcConnectorArn: vpcConnectorArn }));
    return { subnets: out.VpcConnector?.Subnets ?? [], securityGroups: out.VpcConnector?.SecurityGroups ?? [] };
  }

  /** Every custom domain name associated with the service (all pages). */
  async customDomains(region: string, serviceArn: string): Promise<string[]> {
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client(region).send(
        new DescribeCustomDomainsCommand({ ServiceArn: serviceArn, NextToken: nextToken, MaxResults: 5 }),
      );
      for (const d of out.CustomDomains ?? []) if (d.DomainName) names.push(d.DomainName);
      nextToken = out.NextToken;
    } while (nextToken);
    return names;
  }

  async tags(region: string, resourceArn: string): Promise<Array<{ Key?: string; Value?: string }>> {
    return (await this.client(region).send(new ListTagsForResourceCommand({ ResourceArn: resourceArn }))).Tags ?? [];
  }

  /**
   * The digest and push time of `repositoryName:tag` in the registry (account) `registryId`, or
   * which of the two is missing.
   */
  async imageByTag(
    region: string,
    registryId: string | undefined,
    repositoryName: string,
    tag: string,
  ): Promise<{ digest: string; pushedAt?: Date } | { missing: 'tag' | 'repository' }> {
    try {
      const out = await this.clients
        .get('ecr', region)
        .send(new DescribeImagesCommand({ ...(registryId ? { registryId } : {}), repositoryName, imageIds: [{ imageTag: tag }] }));
      const image = out.imageDetails?.[0];
      return image?.imageDigest
        ? { digest: image.imageDigest, ...(image.imagePushedAt ? { pushedAt: image.imagePushedAt } : {}) }
        : { missing: 'tag' };
    } catch (e) {
      if ((e as Error).name === 'ImageNotFoundException') return { missing: 'tag' };
      if ((e as Error).name === 'RepositoryNotFoundException') return { missing: 'repository' };
      throw e;
    }
  }
}
