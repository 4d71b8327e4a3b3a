// Names the deploy gives to images: the immutable tag of each build, the ECR repository of a
// service, and the registry host Docker logs in to (always taken from the repositoryUri ECR
// returns, so that any registry ECR points at works, never from a hard-coded ECR pattern).

/**
 * An immutable tag for one build: the short commit (or `build` outside git), the UTC time to
 * the second, and `dirty` when the working tree has uncommitted changes, e.g.
 * `ab12cd3-20261121-143005` or `ab12cd3-dirty-20261121-143005`.
 */
export function imageTag(commit: string | undefined, when: Date, dirty = false): string {
  const stamp = when.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const head = commit && /^[0-9a-f]{4,40}$/i.test(commit) ? commit.slice(0, 7).toLowerCase() : 'build';
  return `${head}${dirty && commit ? '-dirty' : ''}-${stamp}`;
}

/** ECR's repository-name rule (2-256 characters). */
const REPOSITORY = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

export function isValidRepositoryName(name: string): boolean {
  return name.length >= 2 && name.length <= 256 && REPOSITORY.test(name);
}

/** The repository a service's images go to by default: its name in lower case, cleaned up for ECR. */
export function repositoryNameFor(serviceName: string): string {
  const cleaned = serviceName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/([._-])[._-]+/g, '$1')
    .replace(/^[._-]+|[._-]+$/g, '');
  return cleaned.length >= 2 ? cleaned : `apprunner-${cleaned || 'app'}`;
}

/** `host[:port]` of a repository URI such as `123456789012.dkr.ecr.us-east-1.amazonaws.com/app`. */
export function registryHost(repositoryUri: string): string {
  const slash = repositoryUri.indexOf('/');
  if (slash <= 0) {
    throw new Error(`Not a repository URI (no registry host): ${repositoryUri}`);
  }
  return repositoryUri.slice(0, slash);
}

export interface ImageReference {
  /** Everything before the tag or digest, e.g. `127.0.0.1:5055/app`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Splits `repo[:tag][@digest]`; a colon in the host part (a port) is not a tag. */
export function parseImageReference(ref: string): ImageReference {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    return { repository: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  }
  return { repository: rest, digest };
}
