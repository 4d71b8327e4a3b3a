// Amazon ECR calls the deploy uses: find or create a repository, get a registry login, read
// the digest of a deployed tag. The registry host always comes from the repositoryUri ECR
// returns (see src/deploy/imageNames.ts), so any endpoint ECR points at works.
import {
  CreateRepositoryCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  GetAuthorizationTokenCommand,
  type Repository,
} from '@aws-sdk/client-ecr';
import type { ClientFactory } from './clients';

export interface EcrRepository {
  name: string;
  uri: string;
  registryId?: string;
}

export interface EcrLogin {
  username: string;
  password: string;
  expiresAt?: Date;
  proxyEndpoint?: string;
}

export class EcrApi {
  constructor(private readonly clients: ClientFactory) {}

  private client(region: string) {
    return this.clients.get('ecr', region);
  }

  /** The repository, or undefined when it does not exist. */
  async findRepository(region: string, name: string): Promise<EcrRepository | undefined> {
    try {
      const out = await this.client(region).send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
      const repo = out.repositories?.[0];
      return repo ? toRepository(repo) : undefined;
    } catch (e) {
      if ((e as Error).name === 'RepositoryNotFoundException') {
        return undefined;
      }
      throw e;
    }
  }

  async createRepository(region: string, name: string): Promise<EcrRepository> {
    const out = await this.client(region).send(new CreateRepositoryCommand({ repositoryName: name }));
    if (!out.repository) {
      throw new Error(`CreateRepository returned no repository for ${name}`);
    }
    return toRepository(out.repository);
  }

  /** A registry login from GetAuthorizationToken (the token is base64 of "AWS:<password>"). */
  async login(region: string): Promise<EcrLogin> {
    const out = await this.client(region).send(new GetAuthorizationTokenCommand({}));
    const data = out.authorizationData?.[0];
    if (!data?.authorizationToken) {
      throw new Error('GetAuthorizationToken returned no token');
    }
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) {
      throw new Error('The ECR authorization token is not in the form user:password');
    }
    return {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      expiresAt: data.expiresAt,
      proxyEndpoint: data.proxyEndpoint,
    };
  }

  /** Digest of the image tagged `tag`, or undefined when there is no such tag. */
  async imageDigest(region: string, repositoryName: string, tag: string): Promise<string | undefined> {
    return (await this.imageDetail(region, repositoryName, tag))?.imageDigest;
  }

  /** The manifest's media type for a tag: one image, or an index of several. */
  async imageManifestMediaType(region: string, repositoryName: string, tag: string): Promise<string | undefined> {
    return (await this.imageDetail(region, repositoryName, tag))?.imageManifestMediaType;
  }

  private async imageDetail(region: string, repositoryName: string, tag: string) {
    try {
      const out = await this.client(region).send(new DescribeImagesCommand({ repositoryName, imageIds: [{ imageTag: tag }] }));
      return out.imageDetails?.[0];
    } catch (e) {
      if ((e as Error).name === 'ImageNotFoundException') {
        return undefined;
      }
      throw e;
    }
  }

  async listImages(region: string, repositoryName: string): Promise<EcrImage[]> {
    const images: EcrImage[] = [];
    let nextToken: string | undefined;
    do {
      const out = await this.client(region).send(new DescribeImagesCommand({ repositoryName, nextToken }));
      for (const i of out.imageDetails ?? []) {
        if (i.imageDigest)
          images.push({ digest: i.imageDigest, tags: i.imageTags ?? [], pushedAt: i.imagePushedAt, sizeBytes: i.imageSizeInBytes });
      }
      nextToken = out.nextToken;
    } while (nextToken);
    return images.sort((a, b) => (b.pushedAt?.getTime() ?? 0) - (a.pushedAt?.getTime() ?? 0));
  }
}

/** The images of a repository, most recently pushed first (DescribeImages, every page). */
export interface EcrImage {
  digest: string;
  tags: string[];
  pushedAt?: Date;
  sizeBytes?: number;
}

function toRepository(repo: Repository): EcrRepository {
  if (!repo.repositoryName || !repo.repositoryUri) {
    throw new Error('ECR returned a repository without name or URI');
  }
  return { name: repo.repositoryName, uri: repo.repositoryUri, registryId: repo.registryId };
}
