// Which image digest an App Runner service runs, so that the ECS Express twin runs exactly that
// image and not whatever its tag points to on the day it is created. App Runner does not say
// which digest it pulled: ECR's DescribeImages says what the tag points to now, and the newest
// successful deployment says when App Runner last pulled it. A tag pushed after that deployment
// may have moved, so the digest is then unknown. Pure: the adapter reads ECR and ListOperations.
import type { OperationSummary } from '../aws/types';

/** Where to ask for the digest of a service's image. */
export type DigestLookup =
  /** The identifier names a digest already. */
  | { kind: 'pinned'; digest: string }
  /** A private ECR image: DescribeImages of this tag in this registry (account) and region. */
  | { kind: 'ecr'; registryId?: string; region?: string; repositoryName: string; tag: string }
  /** No lookup can tell: ECR Public, or an identifier the plan cannot read. */
  | { kind: 'unknown'; reason: string; check: string };

/** What ECR answered for the tag. */
export type TagLookupResult =
  | { kind: 'found'; digest: string; pushedAt?: Date }
  /** The tag is not in the repository, or the repository is not in the registry. */
  | { kind: 'not-found'; missing: 'tag' | 'repository' }
  | { kind: 'failed'; action: string; error: string; denied: boolean };

export type RunningImage =
  { pinned: true; image: string; digest: string; note: string } | { pinned: false; image: string; reason: string; check: string };

const PRIVATE_ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** Operation types that pull the image (RESUME_SERVICE restarts what was pulled before). */
const DEPLOYMENT_TYPES = new Set(['CREATE_SERVICE', 'UPDATE_SERVICE', 'START_DEPLOYMENT']);

/** `registry/repository[:tag][@digest]` split; undefined when there is no registry host. */
function splitIdentifier(identifier: string): { host: string; repository: string; tag?: string; digest?: string } | undefined {
  const at = identifier.indexOf('@');
  const named = at >= 0 ? identifier.slice(0, at) : identifier;
  const digest = at >= 0 ? identifier.slice(at + 1) : undefined;
  const slash = named.indexOf('/');
  if (slash <= 0) return undefined;
  const host = named.slice(0, slash);
  const path = named.slice(slash + 1);
  const colon = path.lastIndexOf(':');
  const repository = colon >= 0 ? path.slice(0, colon) : path;
  const tag = colon >= 0 ? path.slice(colon + 1) : undefined;
  return repository ? { host, repository, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) } : undefined;
}

/** How to find the running digest of `identifier` (App Runner's ImageIdentifier and ImageRepositoryType). */
export function digestLookup(identifier: string, repositoryType: string | undefined): DigestLookup {
  const parts = splitIdentifier(identifier);
  if (parts?.digest && DIGEST.test(parts.digest)) return { kind: 'pinned', digest: parts.digest };
  if (repositoryType === 'ECR_PUBLIC' || parts?.host === 'public.ecr.aws') {
    return {
      kind: 'unknown',
      reason: 'the image is on ECR Public, whose tags the plan does not resolve',
      check:
        'Look up the digest of this tag in the ECR Public gallery (or with `docker buildx imagetools inspect`), check that it was pushed before the service’s last deployment, and put it in the image as repository@sha256:….',
    };
  }
  if (!parts) {
    return {
      kind: 'unknown',
      reason: 'the image identifier names no registry and repository',
      check: 'Find the digest the service runs in its registry and put it in the image as repository@sha256:….',
    };
  }
  const ecrHost = PRIVATE_ECR_HOST.exec(parts.host);
  // App Runner's default tag is `latest` when the identifier names none.
  return {
    kind: 'ecr',
    ...(ecrHost ? { registryId: ecrHost[1], region: ecrHost[2] } : {}),
    repositoryName: parts.repository,
    tag: parts.tag ?? 'latest',
  };
}

/** When App Runner last pulled the image: the start of the newest successful deployment, if any is listed. */
export function lastDeploymentStart(operations: OperationSummary[]): Date | undefined {
  const starts = operations
    .filter((o) => o.Type && DEPLOYMENT_TYPES.has(o.Type) && o.Status === 'SUCCEEDED' && o.StartedAt)
    .map((o) => new Date(o.StartedAt!).getTime());
  return starts.length ? new Date(Math.max(...starts)) : undefined;
}

/**
 * The image to put in the new service: pinned to the digest when ECR's answer and the
 * deployment history together say which image runs; otherwise the tag, with why and what to check.
 */
export function runningImage(
  identifier: string,
  lookup: DigestLookup,
  result: TagLookupResult | undefined,
  lastDeployment: Date | undefined,
): RunningImage {
  const repository = identifier.includes('@') ? identifier.slice(0, identifier.indexOf('@')) : identifier.replace(/:[^:/]+$/, '');
  const unpinned = (reason: string, check: string): RunningImage => ({ pinned: false, image: identifier, reason, check });
  if (lookup.kind === 'pinned') {
    return { pinned: true, image: identifier, digest: lookup.digest, note: 'the service runs an image named by its digest' };
  }
  if (lookup.kind === 'unknown') return unpinned(lookup.reason, lookup.check);
  const tagged = `${lookup.repositoryName}:${lookup.tag}`;
  if (!result) return unpinned(`ECR was not asked for the digest of ${tagged}`, 'Find the digest the service runs and pin it.');
  if (result.kind === 'failed') {
    return unpinned(
      result.denied ? `ECR refused ${result.action} on ${lookup.repositoryName}` : `ECR could not be read (${result.error})`,
      result.denied
        ? `Ask for ${result.action} on the repository (or look the digest of ${tagged} up in the ECR console), then plan again.`
        : `Look the digest of ${tagged} up in the ECR console, then plan again or pin it in the templates.`,
    );
  }
  if (result.kind === 'not-found') {
    const registry = lookup.registryId ? ` of registry ${lookup.registryId}` : '';
    return unpinned(
      result.missing === 'repository'
        ? `the repository ${lookup.repositoryName} is not in ECR${registry}: the plan cannot see which image the service runs`
        : `the tag ${tagged} is no longer in ECR: it was moved or deleted after the service pulled it`,
      result.missing === 'repository'
        ? 'Check that the repository exists in the registry and region of the image (and that this profile may read it), then plan again; or find the digest the service runs and pin it.'
        : 'Find the digest the service runs (its last deployment’s image in ECR, by push time) and pin it; without it the new service cannot pull this tag.',
    );
  }
  if (!lastDeployment) {
    return {
      pinned: true,
      image: `${repository}@${result.digest}`,
      digest: result.digest,
      note: `what ${tagged} points to now; no successful deployment was found to confirm that the tag has not moved since`,
    };
  }
  if (result.pushedAt && result.pushedAt.getTime() > lastDeployment.getTime()) {
    return unpinned(
      `${tagged} was pushed at ${result.pushedAt.toISOString()}, after the service’s last deployment (${lastDeployment.toISOString()}): the tag may have moved, so the service may run an earlier image`,
      `Find the image of ${lookup.repositoryName} pushed before ${lastDeployment.toISOString()} that the service runs (or deploy the tag again so that it runs this one), then pin its digest.`,
    );
  }
  return {
    pinned: true,
    image: `${repository}@${result.digest}`,
    digest: result.digest,
    note: `pinned to the digest the service runs (${tagged}, unchanged since the last deployment)`,
  };
}
