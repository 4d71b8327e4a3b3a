// Amazon ECR (API 2015-09-21, awsJson1_1) for the local emulator, backed by a real distribution
// registry on loopback (scripts/docker-up.sh starts one with htpasswd auth for user AWS).
//
// Operations: GetAuthorizationToken, CreateRepository, DescribeRepositories, DescribeImages,
// ListImages, BatchGetImage. Any other target answers UnknownOperationException.
//
// Repositories are emulator state per account and region; images live in the registry. The
// registry is one namespace shared by every account and region (names are not prefixed), so
// repositoryUri is `<registry host:port>/<repositoryName>` and the same name in two regions points
// at the same images. The registry accepts pushes to any name, while ECR only to created
// repositories: the image operations answer RepositoryNotFoundException for names that were
// never created here. A registry cannot list manifests that no tag points to, so untagged images
// are not reported.
//
// Seed format (the "ecr" key of a seed file):
//   { "repositories": [ { "repositoryName": "hello", "region": "us-east-1", "account": "123456789012"? } ] }
import { RequestContext, ServiceError, ServiceModule } from './types';

export interface RegistryAccess {
  /** host:port of the registry, e.g. 127.0.0.1:5055 (no scheme). */
  url: string;
  /** Password of user AWS in the registry's htpasswd file. */
  password: string;
}

export interface EcrModuleOptions {
  registry: RegistryAccess;
}

const DEFAULT_ACCOUNT = '123456789012';
const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;
const REGISTRY_TIMEOUT_MS = 10_000;
const REPOSITORY_NAME = /^(?=.{2,256}$)[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const REGISTRY_ID = /^[0-9]{12}$/;
const IMAGE_TAG = /^[\w][\w.-]{0,299}$/;
const IMAGE_DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
const TAG_MUTABILITY = ['MUTABLE', 'IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION', 'MUTABLE_WITH_EXCLUSION'];
const ENCRYPTION_TYPES = ['AES256', 'KMS', 'KMS_DSSE'];
const TAG_STATUSES = ['TAGGED', 'UNTAGGED', 'ANY'];
/** What docker pushes (v2 schema 2) and what OCI tools push; the registry picks by Accept. */
const MANIFEST_MEDIA_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
];

type Json = Record<string, any>;

interface RepositoryRecord {
  name: string;
  account: string;
  region: string;
  createdAt: number;
  imageTagMutability: string;
  scanOnPush: boolean;
  encryption: { encryptionType: string; kmsKey?: string };
}

interface ManifestRecord {
  digest: string;
  mediaType: string;
  text: string;
  /** Compressed layer sizes summed, as ECR reports; undefined for an index of manifests. */
  sizeInBytes?: number;
}

/** One image as ECR sees it: a manifest digest and the tags pointing to it. */
interface ImageRecord {
  manifest: ManifestRecord;
  tags: string[];
  pushedAt: number;
}

interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidParameterException', message);
}

function constraint(member: string, rule: string): ServiceError {
  return invalid(`Invalid parameter at '${member}' failed to satisfy constraint: '${rule}'`);
}

function readString(input: Json, key: string, required = false): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) {
    if (required) throw constraint(key, 'Member must not be null');
    return undefined;
  }
  if (typeof value !== 'string') throw invalid(`${key} must be a string`);
  return value;
}

function readMaxResults(input: Json, max: number): number | undefined {
  const value = input.maxResults;
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw constraint('maxResults', `Member must have value between 1 and ${max}`);
  }
  return value;
}

function readRepositoryName(input: Json): string {
  const name = readString(input, 'repositoryName', true)!;
  if (!REPOSITORY_NAME.test(name)) {
    throw constraint('repositoryName', `must satisfy regular expression '${REPOSITORY_NAME.source}' and be 2-256 characters`);
  }
  return name;
}

/** The registry id to look in: the caller's account unless given (cross-account access is not modeled). */
function readRegistryId(input: Json, account: string): string {
  const id = readString(input, 'registryId');
  if (id !== undefined && !REGISTRY_ID.test(id)) {
    throw constraint('registryId', "must satisfy regular expression '[0-9]{12}'");
  }
  return id ?? account;
}

function readImageIds(input: Json, required: boolean): ImageId[] | undefined {
  const ids = input.imageIds;
  if (ids === undefined || ids === null) {
    if (required) throw constraint('imageIds', 'Member must not be null');
    return undefined;
  }
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 100) {
    throw constraint('imageIds', 'Member must have length between 1 and 100');
  }
  return ids.map((id: unknown, i: number) => {
    if (typeof id !== 'object' || id === null) throw invalid(`imageIds.${i + 1} must be an object`);
    const { imageDigest, imageTag } = id as Json;
    if (imageDigest !== undefined && (typeof imageDigest !== 'string' || !IMAGE_DIGEST.test(imageDigest))) {
      throw constraint(`imageIds.${i + 1}.imageDigest`, 'Member must be a digest such as sha256:<64 hex>');
    }
    if (imageTag !== undefined && (typeof imageTag !== 'string' || !IMAGE_TAG.test(imageTag))) {
      throw constraint(`imageIds.${i + 1}.imageTag`, 'Member must be a valid image tag (1-300 characters)');
    }
    if (imageDigest === undefined && imageTag === undefined) {
      throw invalid(`imageIds.${i + 1} must have an imageDigest or an imageTag`);
    }
    return { imageDigest, imageTag };
  });
}

/** Tags are checked like ECR does but not kept: no tag operation is emulated. */
function validateTags(input: Json): void {
  const tags = input.tags ?? [];
  if (!Array.isArray(tags) || tags.length > 200) throw new ServiceError('TooManyTagsException', 'A repository can have at most 200 tags.');
  tags.forEach((tag: Json, i: number) => {
    if (
      typeof tag?.Key !== 'string' ||
      tag.Key.length < 1 ||
      tag.Key.length > 128 ||
      typeof tag.Value !== 'string' ||
      tag.Value.length > 256
    ) {
      throw new ServiceError('InvalidTagParameterException', `tags.${i + 1} needs a Key of 1-128 characters and a Value of at most 256.`);
    }
  });
}

function readEnum(input: Json, key: string, values: string[]): string | undefined {
  const value = readString(input, key);
  if (value !== undefined && !values.includes(value)) {
    throw constraint(key, `Member must satisfy enum value set: [${values.join(', ')}]`);
  }
  return value;
}

/** Opaque page token: the offset into the full, stably ordered result list, tied to its operation. */
function encodeToken(operation: string, offset: number): string {
  return Buffer.from(JSON.stringify({ operation, offset })).toString('base64');
}

function decodeToken(token: string, operation: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (parsed.operation === operation && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // falls through to the error below
  }
  throw invalid("Invalid parameter at 'nextToken': the token is not one this operation returned.");
}

function page<T>(items: T[], input: Json, operation: string, defaultMax: number, maxLimit: number): { items: T[]; nextToken?: string } {
  const max = readMaxResults(input, maxLimit) ?? defaultMax;
  const token = readString(input, 'nextToken');
  const start = token ? decodeToken(token, operation) : 0;
  const end = start + max;
  return { items: items.slice(start, end), nextToken: end < items.length ? encodeToken(operation, end) : undefined };
}

function describeImageId(id: ImageId): string {
  return `{imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'}`;
}

const seconds = (ms: number): number => ms / 1000;

/** The registry's HTTP API v2, with basic auth as user AWS. */
class RegistryClient {
  private readonly authorization: string;
  /** Manifests by digest: content-addressed, so never stale. */
  private readonly manifests = new Map<string, ManifestRecord>();

  constructor(private readonly access: RegistryAccess) {
    this.authorization = `Basic ${Buffer.from(`AWS:${access.password}`).toString('base64')}`;
  }

  /** Tags of a repository; empty when nothing was ever pushed to it. */
  async tags(repository: string): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repository}/tags/list?n=1000`;
    while (path) {
      const response = await this.request('GET', path);
      if (response.status === 404) return [];
      await this.expectOk(response, `listing tags of ${repository}`);
      const body = (await response.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      // Pagination follows RFC 5988 Link headers: </v2/name/tags/list?last=x&n=1000>; rel="next"
      path = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return tags;
  }

  /** Digest a tag points to (HEAD, no body), or undefined when the tag does not exist. */
  async digestOf(repository: string, tag: string): Promise<string | undefined> {
    const response = await this.request('HEAD', `/v2/${repository}/manifests/${encodeURIComponent(tag)}`);
    if (response.status === 404) return undefined;
    await this.expectOk(response, `resolving ${repository}:${tag}`);
    const digest = response.headers.get('docker-content-digest');
    if (!digest) throw new ServiceError('ServerException', `The registry sent no digest for ${repository}:${tag}.`, 500);
    return digest;
  }

  /** The manifest with a digest, or undefined when the repository does not have it. */
  async manifest(repository: string, digest: string): Promise<ManifestRecord | undefined> {
    const cached = this.manifests.get(`${repository}@${digest}`);
    if (cached) return cached;
    const response = await this.request('GET', `/v2/${repository}/manifests/${digest}`);
    if (response.status === 404) return undefined;
    await this.expectOk(response, `reading manifest ${repository}@${digest}`);
    const text = await response.text();
    const parsed = JSON.parse(text) as { mediaType?: string; layers?: Array<{ size: number }> };
    const record: ManifestRecord = {
      digest,
      mediaType: parsed.mediaType ?? response.headers.get('content-type') ?? MANIFEST_MEDIA_TYPES[0],
      text,
      sizeInBytes: parsed.layers?.reduce((sum, layer) => sum + layer.size, 0),
    };
    this.manifests.set(`${repository}@${digest}`, record);
    return record;
  }

  private async request(method: string, path: string): Promise<Response> {
    try {
      return await fetch(`http://${this.access.url}${path}`, {
        method,
        headers: { authorization: this.authorization, accept: MANIFEST_MEDIA_TYPES.join(', ') },
        signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS),
      });
    } catch (e) {
      throw new ServiceError(
        'ServerException',
        `The local registry at ${this.access.url} did not answer (${(e as Error).message}); run scripts/docker-up.sh.`,
        500,
      );
    }
  }

  private async expectOk(response: Response, what: string): Promise<void> {
    if (!response.ok) {
      const detail =
        response.status === 401 ? "the registry refused the emulator's password" : `HTTP ${response.status}: ${await response.text()}`;
      throw new ServiceError('ServerException', `The local registry failed ${what} (${detail}).`, 500);
    }
  }
}

class EcrEmulator {
  /** Repositories by "account/region", each by name. */
  private repositories = new Map<string, Map<string, RepositoryRecord>>();
  /** When the emulator first saw each manifest of a repository ("name@digest"): ECR's imagePushedAt. */
  private firstSeen = new Map<string, number>();
  private readonly registry: RegistryClient;

  constructor(private readonly access: RegistryAccess) {
    this.registry = new RegistryClient(access);
  }

  reset(): void {
    this.repositories = new Map();
    this.firstSeen = new Map();
  }

  async handle(input: Json, ctx: RequestContext): Promise<unknown> {
    switch (ctx.operation) {
      case 'GetAuthorizationToken':
        return this.getAuthorizationToken(input, ctx);
      case 'CreateRepository':
        return this.createRepository(input, ctx);
      case 'DescribeRepositories':
        return this.describeRepositories(input, ctx);
      case 'DescribeImages':
        return this.describeImages(input, ctx);
      case 'ListImages':
        return this.listImages(input, ctx);
      case 'BatchGetImage':
        return this.batchGetImage(input, ctx);
      default:
        throw new ServiceError('UnknownOperationException', `The ECR emulator does not implement ${ctx.operation}.`);
    }
  }

  seed(data: unknown, now: number): void {
    const repositories = (data as Json)?.repositories;
    if (!Array.isArray(repositories)) throw invalid('ecr seed: "repositories" must be an array');
    for (const entry of repositories as Json[]) {
      const name = entry?.repositoryName;
      if (typeof name !== 'string' || !REPOSITORY_NAME.test(name) || typeof entry.region !== 'string') {
        throw invalid(`ecr seed: each repository needs a valid repositoryName and a region (got ${JSON.stringify(entry)})`);
      }
      this.add({ ...defaults(), name, account: entry.account ?? DEFAULT_ACCOUNT, region: entry.region, createdAt: now });
    }
  }

  private getAuthorizationToken(input: Json, ctx: RequestContext): unknown {
    const ids = input.registryIds ?? [ctx.account];
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 10 || !ids.every((id) => typeof id === 'string' && REGISTRY_ID.test(id))) {
      throw constraint('registryIds', 'Member must have 1-10 members of 12 digits');
    }
    const token = Buffer.from(`AWS:${this.access.password}`).toString('base64');
    // One registry stands in for every account's: each requested id gets the same token and endpoint.
    return {
      authorizationData: ids.map(() => ({
        authorizationToken: token,
        expiresAt: seconds(ctx.now + TOKEN_LIFETIME_MS),
        proxyEndpoint: `http://${this.access.url}`,
      })),
    };
  }

  private createRepository(input: Json, ctx: RequestContext): unknown {
    const name = readRepositoryName(input);
    const account = readRegistryId(input, ctx.account);
    validateTags(input);
    const scanning = input.imageScanningConfiguration;
    const encryption = input.encryptionConfiguration;
    const encryptionType = encryption ? readEnum(encryption, 'encryptionType', ENCRYPTION_TYPES) : undefined;
    if (encryption && !encryptionType) throw constraint('encryptionConfiguration.encryptionType', 'Member must not be null');
    const record: RepositoryRecord = {
      name,
      account,
      region: ctx.region,
      createdAt: ctx.now,
      imageTagMutability: readEnum(input, 'imageTagMutability', TAG_MUTABILITY) ?? 'MUTABLE',
      scanOnPush: scanning?.scanOnPush === true,
      encryption: { encryptionType: encryptionType ?? 'AES256', ...(encryption?.kmsKey ? { kmsKey: String(encryption.kmsKey) } : {}) },
    };
    if (this.regionRepositories(account, ctx.region).has(name)) {
      throw new ServiceError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${account}'`,
      );
    }
    this.add(record);
    return { repository: this.view(record) };
  }

  private describeRepositories(input: Json, ctx: RequestContext): unknown {
    const account = readRegistryId(input, ctx.account);
    const repositories = this.regionRepositories(account, ctx.region);
    const names = input.repositoryNames;
    if (names !== undefined && names !== null) {
      if (input.maxResults !== undefined || input.nextToken !== undefined) {
        throw invalid('Invalid parameter: repositoryNames cannot be combined with maxResults or nextToken.');
      }
      if (!Array.isArray(names) || names.length < 1 || names.length > 100) {
        throw constraint('repositoryNames', 'Member must have length between 1 and 100');
      }
      const found = names.map((name: unknown) => {
        if (typeof name !== 'string' || !REPOSITORY_NAME.test(name)) {
          throw constraint('repositoryNames', `each name must satisfy regular expression '${REPOSITORY_NAME.source}'`);
        }
        const record = repositories.get(name);
        if (!record) throw this.repositoryNotFound(name, account);
        return this.view(record);
      });
      return { repositories: found };
    }
    const sorted = [...repositories.values()].sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
    const result = page(sorted, input, 'DescribeRepositories', 100, 1000);
    return { repositories: result.items.map((r) => this.view(r)), nextToken: result.nextToken };
  }

  private async describeImages(input: Json, ctx: RequestContext): Promise<unknown> {
    const { repository, account } = this.repositoryFor(input, ctx);
    const ids = readImageIds(input, false);
    const tagStatus = input.filter ? readEnum(input.filter, 'tagStatus', TAG_STATUSES) : undefined;
    if (ids && (input.maxResults !== undefined || input.nextToken !== undefined)) {
      throw invalid('Invalid parameter: imageIds cannot be combined with maxResults or nextToken.');
    }
    const images = ids
      ? await this.findImages(repository, account, ids, ctx.now)
      : tagStatus === 'UNTAGGED'
        ? []
        : await this.images(repository, ctx.now);
    const result = ids ? { items: images, nextToken: undefined } : page(images, input, 'DescribeImages', 100, 1000);
    return {
      imageDetails: result.items.map((image) => ({
        registryId: account,
        repositoryName: repository.name,
        imageDigest: image.manifest.digest,
        imageTags: image.tags,
        imageSizeInBytes: image.manifest.sizeInBytes,
        imagePushedAt: seconds(image.pushedAt),
        imageManifestMediaType: image.manifest.mediaType,
        imageStatus: 'ACTIVE',
      })),
      nextToken: result.nextToken,
    };
  }

  private async listImages(input: Json, ctx: RequestContext): Promise<unknown> {
    const { repository } = this.repositoryFor(input, ctx);
    const tagStatus = input.filter ? readEnum(input.filter, 'tagStatus', TAG_STATUSES) : undefined;
    const images = tagStatus === 'UNTAGGED' ? [] : await this.images(repository, ctx.now);
    const ids = images.flatMap((image) => image.tags.map((tag) => ({ imageDigest: image.manifest.digest, imageTag: tag })));
    const result = page(ids, input, 'ListImages', 100, 1000);
    return { imageIds: result.items, nextToken: result.nextToken };
  }

  private async batchGetImage(input: Json, ctx: RequestContext): Promise<unknown> {
    const { repository, account } = this.repositoryFor(input, ctx);
    const ids = readImageIds(input, true)!;
    const accepted: unknown = input.acceptedMediaTypes;
    if (accepted !== undefined && !(Array.isArray(accepted) && accepted.length >= 1 && accepted.length <= 100)) {
      throw constraint('acceptedMediaTypes', 'Member must have length between 1 and 100');
    }
    const images: Json[] = [];
    const failures: Json[] = [];
    for (const id of ids) {
      const found = await this.resolve(repository, id);
      if ('failureCode' in found) {
        failures.push({ imageId: id, ...found });
      } else if (Array.isArray(accepted) && !accepted.includes(found.mediaType)) {
        failures.push({
          imageId: id,
          failureCode: 'UnsupportedImageType',
          failureReason: `Manifest media type ${found.mediaType} is not accepted`,
        });
      } else {
        images.push({
          registryId: account,
          repositoryName: repository.name,
          imageId: { imageDigest: found.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
          imageManifest: found.text,
          imageManifestMediaType: found.mediaType,
        });
      }
    }
    return { images, failures };
  }

  /** Every tagged image of a repository, one entry per digest with all its tags. */
  private async images(repository: RepositoryRecord, now: number): Promise<ImageRecord[]> {
    const byDigest = new Map<string, ImageRecord>();
    for (const tag of await this.registry.tags(repository.name)) {
      const digest = await this.registry.digestOf(repository.name, tag);
      const existing = digest ? byDigest.get(digest) : undefined;
      if (existing) {
        existing.tags.push(tag);
        continue;
      }
      const manifest = digest ? await this.registry.manifest(repository.name, digest) : undefined;
      if (manifest) {
        byDigest.set(manifest.digest, { manifest, tags: [tag], pushedAt: this.pushedAt(repository.name, manifest.digest, now) });
      }
    }
    return [...byDigest.values()].sort((a, b) => a.pushedAt - b.pushedAt || a.manifest.digest.localeCompare(b.manifest.digest));
  }

  /** The images with the given ids; ECR's DescribeImages fails on the first one it cannot find. */
  private async findImages(repository: RepositoryRecord, account: string, ids: ImageId[], now: number): Promise<ImageRecord[]> {
    const all = await this.images(repository, now);
    return ids.map((id) => {
      const image = all.find(
        (i) => (!id.imageDigest || i.manifest.digest === id.imageDigest) && (!id.imageTag || i.tags.includes(id.imageTag)),
      );
      if (!image) {
        throw new ServiceError(
          'ImageNotFoundException',
          `The image with imageId ${describeImageId(id)} does not exist within the repository with name '${repository.name}' in the registry with id '${account}'`,
        );
      }
      return image;
    });
  }

  /** One image id for BatchGetImage: its manifest, or ECR's failure code. */
  private async resolve(
    repository: RepositoryRecord,
    id: ImageId,
  ): Promise<ManifestRecord | { failureCode: string; failureReason: string }> {
    const tagDigest = id.imageTag ? await this.registry.digestOf(repository.name, id.imageTag) : undefined;
    if (id.imageTag && !tagDigest) return { failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
    if (id.imageDigest && tagDigest && id.imageDigest !== tagDigest) {
      return { failureCode: 'ImageTagDoesNotMatchDigest', failureReason: 'Invalid image digest for the requested tag' };
    }
    const manifest = await this.registry.manifest(repository.name, (id.imageDigest ?? tagDigest)!);
    return manifest ?? { failureCode: 'ImageNotFound', failureReason: 'Requested image not found' };
  }

  private pushedAt(repositoryName: string, digest: string, now: number): number {
    const key = `${repositoryName}@${digest}`;
    if (!this.firstSeen.has(key)) this.firstSeen.set(key, now);
    return this.firstSeen.get(key)!;
  }

  private repositoryFor(input: Json, ctx: RequestContext): { repository: RepositoryRecord; account: string } {
    const name = readRepositoryName(input);
    const account = readRegistryId(input, ctx.account);
    const repository = this.regionRepositories(account, ctx.region).get(name);
    if (!repository) throw this.repositoryNotFound(name, account);
    return { repository, account };
  }

  private repositoryNotFound(name: string, account: string): ServiceError {
    return new ServiceError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${account}'`,
    );
  }

  private regionRepositories(account: string, region: string): Map<string, RepositoryRecord> {
    const key = `${account}/${region}`;
    let repositories = this.repositories.get(key);
    if (!repositories) {
      repositories = new Map();
      this.repositories.set(key, repositories);
    }
    return repositories;
  }

  private add(record: RepositoryRecord): void {
    this.regionRepositories(record.account, record.region).set(record.name, record);
  }

  private view(record: RepositoryRecord): unknown {
    return {
      repositoryArn: `arn:aws:ecr:${record.region}:${record.account}:repository/${record.name}`,
      registryId: record.account,
      repositoryName: record.name,
      // The extension derives the registry host from this URI, so it names the local registry.
      repositoryUri: `${this.access.url}/${record.name}`,
      createdAt: seconds(record.createdAt),
      imageTagMutability: record.imageTagMutability,
      imageScanningConfiguration: { scanOnPush: record.scanOnPush },
      encryptionConfiguration: record.encryption,
    };
  }
}

function defaults(): Pick<RepositoryRecord, 'imageTagMutability' | 'scanOnPush' | 'encryption'> {
  return { imageTagMutability: 'MUTABLE', scanOnPush: false, encryption: { encryptionType: 'AES256' } };
}

export function createEcrModule(opts: EcrModuleOptions): ServiceModule {
  const ecr = new EcrEmulator(opts.registry);
  return {
    name: 'ecr',
    targetPrefix: 'AmazonEC2ContainerRegistry_V20150921.',
    signingName: 'ecr',
    protocol: 'awsJson1_1',
    handle: async (input, ctx) => ({ body: await ecr.handle(input ?? {}, ctx) }),
    reset: () => ecr.reset(),
    seed: (data, now) => ecr.seed(data, now),
  };
}
