// App Runner runs linux/amd64 images only, from a single image manifest. Pure checks of what a
// build produced (the local image's platform) and of what the registry holds after the push (the
// manifest's media type: an index, as BuildKit's provenance attestations make, is not one image).

export const APP_RUNNER_PLATFORM = 'linux/amd64';

const SINGLE_MANIFESTS = new Set(['application/vnd.docker.distribution.manifest.v2+json', 'application/vnd.oci.image.manifest.v1+json']);

export interface PlatformProblem {
  message: string;
  /** The Dockerfile line (1-based) that pins another platform, if one does. */
  line?: number;
}

/** A FROM line that asks for another platform than linux/amd64: `FROM --platform=linux/arm64 …`. */
export function pinnedPlatformLine(dockerfileText: string | undefined): { line: number; platform: string } | undefined {
  const lines = (dockerfileText ?? '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*FROM\s+--platform=(\S+)/i.exec(lines[i]);
    if (m && m[1] !== APP_RUNNER_PLATFORM && !m[1].startsWith('$')) {
      return { line: i + 1, platform: m[1] };
    }
  }
  return undefined;
}

/** Undefined when `platform` (os/architecture of the built image) is one App Runner runs. */
export function checkBuiltPlatform(platform: string, dockerfileText: string | undefined): PlatformProblem | undefined {
  if (platform === APP_RUNNER_PLATFORM) {
    return undefined;
  }
  const pinned = pinnedPlatformLine(dockerfileText);
  const how = pinned
    ? `Dockerfile line ${pinned.line} asks for --platform=${pinned.platform}: remove that flag (or make it --platform=linux/amd64) and deploy again.`
    : 'Build it for amd64 (docker build --platform linux/amd64 …) from base images that have a linux/amd64 variant, and deploy again.';
  return {
    message: `The image was built for ${platform || 'an unknown platform'}, but App Runner runs linux/amd64 images only. ${how}`,
    line: pinned?.line,
  };
}

/** Undefined when the registry holds one image manifest for the pushed tag. */
export function checkPushedManifest(mediaType: string | undefined, imageIdentifier: string): PlatformProblem | undefined {
  if (mediaType === undefined || SINGLE_MANIFESTS.has(mediaType)) {
    return undefined;
  }
  return {
    message: `The registry holds ${imageIdentifier} as ${mediaType} (an image index, such as BuildKit's provenance attestations make), not a single linux/amd64 image manifest. Build with --provenance=false (docker buildx) and deploy again.`,
  };
}
