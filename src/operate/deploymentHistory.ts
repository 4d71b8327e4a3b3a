// A service's deployment history and going back to an earlier image. App Runner's ListOperations
// does not say which image an operation deployed, so the extension remembers it (keyed by
// operation id) when it sees the service running an image after a deployment, and ECR's
// DescribeImages adds the tags, push time and size. Pure: no vscode, no SDK.
import type { OperationSummary, Service, SourceConfiguration } from '../aws/types';

/** Operation types that put an image into service. */
const DEPLOYMENT_TYPES = new Set(['CREATE_SERVICE', 'UPDATE_SERVICE', 'START_DEPLOYMENT']);

export interface ImageReference {
  /** registry/repository, without tag or digest. */
  repositoryUri: string;
  repositoryName: string;
  tag?: string;
  digest?: string;
}

/** An image in the service's ECR repository (DescribeImages). */
export interface RepositoryImage {
  digest: string;
  tags: string[];
  pushedAt?: Date;
  sizeBytes?: number;
}

/** What the extension remembers about one deployment: the image identifier and the digest it resolved to. */
export interface RememberedImage {
  imageIdentifier: string;
  digest?: string;
}

/** Operation id → the image it deployed. */
export type RememberedImages = Record<string, RememberedImage>;

export interface DeploymentRow {
  operationId: string;
  type: string;
  status: string;
  startedAt?: Date;
  endedAt?: Date;
  image?: RememberedImage & { tag?: string; pushedAt?: Date; sizeBytes?: number; tagsNow: string[] };
  /** The image the service runs now. */
  current: boolean;
}

/** Splits `registry/repo[:tag][@digest]`; undefined when it is not an image URI with a repository. */
export function parseImageIdentifier(identifier: string): ImageReference | undefined {
  const at = identifier.indexOf('@');
  const digest = at >= 0 ? identifier.slice(at + 1) : undefined;
  const named = at >= 0 ? identifier.slice(0, at) : identifier;
  const slash = named.indexOf('/');
  if (slash <= 0) return undefined;
  const lastColon = named.lastIndexOf(':');
  const hasTag = lastColon > named.lastIndexOf('/');
  const repositoryUri = hasTag ? named.slice(0, lastColon) : named;
  const tag = hasTag ? named.slice(lastColon + 1) : undefined;
  const repositoryName = repositoryUri.slice(repositoryUri.indexOf('/') + 1);
  if (!repositoryName || (digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(digest))) return undefined;
  return { repositoryUri, repositoryName, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/**
 * Records the running image against the newest succeeded deployment, if not known yet: a failed
 * deployment rolls back, so the image a service runs is the one its newest successful deployment
 * put there. Returns the same object when there is nothing new to remember.
 */
export function rememberRunningImage(
  operations: OperationSummary[],
  running: RememberedImage,
  remembered: RememberedImages,
): RememberedImages {
  const newest = [...operations]
    .filter((o) => o.Id && o.Type && DEPLOYMENT_TYPES.has(o.Type) && o.Status === 'SUCCEEDED')
    .sort((a, b) => time(b.StartedAt) - time(a.StartedAt))[0];
  if (!newest?.Id || remembered[newest.Id]) return remembered;
  return { ...remembered, [newest.Id]: running };
}

/** The deployments, newest first, each with the image it ran where known and ECR's facts about it. */
export function deploymentHistory(
  operations: OperationSummary[],
  remembered: RememberedImages,
  images: RepositoryImage[],
  runningDigest: string | undefined,
): DeploymentRow[] {
  const byDigest = new Map(images.map((i) => [i.digest, i]));
  return [...operations]
    .filter((o) => o.Id && o.Type && DEPLOYMENT_TYPES.has(o.Type))
    .sort((a, b) => time(b.StartedAt) - time(a.StartedAt))
    .map((o) => {
      const known = remembered[o.Id!];
      const ref = known ? parseImageIdentifier(known.imageIdentifier) : undefined;
      const digest = known?.digest ?? ref?.digest;
      const ecr = digest ? byDigest.get(digest) : undefined;
      return {
        operationId: o.Id!,
        type: o.Type!,
        status: o.Status ?? 'UNKNOWN',
        startedAt: o.StartedAt,
        endedAt: o.EndedAt,
        image: known
          ? { ...known, digest, tag: ref?.tag, pushedAt: ecr?.pushedAt, sizeBytes: ecr?.sizeBytes, tagsNow: ecr?.tags ?? [] }
          : undefined,
        current: false,
      };
    })
    .map((row, index, rows) => ({
      ...row,
      // The newest succeeded deployment of the running digest is the current one.
      current:
        !!runningDigest &&
        row.status === 'SUCCEEDED' &&
        row.image?.digest === runningDigest &&
        rows.findIndex((r) => r.status === 'SUCCEEDED' && r.image?.digest === runningDigest) === index,
    }));
}

/** The identifier that redeploys exactly this image: the repository pinned to the digest. */
export function pinnedIdentifier(repositoryUri: string, digest: string): string {
  return `${repositoryUri}@${digest}`;
}

/** One line of a change preview. */
export interface SettingChange {
  setting: string;
  before: string;
  after: string;
}

/** What an UpdateService with this image changes: nothing when the service already runs it. */
export function imageChange(service: Service, imageIdentifier: string): SettingChange[] {
  const before = service.SourceConfiguration?.ImageRepository?.ImageIdentifier;
  if (before === imageIdentifier) return [];
  return [{ setting: 'Image', before: before ?? '(none)', after: imageIdentifier }];
}

/** The SourceConfiguration of one UpdateService that changes the image and keeps everything else. */
export function sourceConfigurationWithImage(service: Service, imageIdentifier: string): SourceConfiguration {
  const source = service.SourceConfiguration;
  const image = source?.ImageRepository;
  if (!source || !image) throw new Error('Only image services can go back to an earlier image.');
  return {
    ImageRepository: { ...image, ImageIdentifier: imageIdentifier },
    ...(source.AutoDeploymentsEnabled !== undefined ? { AutoDeploymentsEnabled: source.AutoDeploymentsEnabled } : {}),
    ...(source.AuthenticationConfiguration ? { AuthenticationConfiguration: source.AuthenticationConfiguration } : {}),
  };
}

/** 1234567 → "1.2 MB". */
export function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function time(d: Date | undefined): number {
  return d ? new Date(d).getTime() : 0;
}
