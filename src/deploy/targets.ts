// Saved deploy targets (the `apprunner.deploy.targets` setting of a workspace folder): which
// folder and Dockerfile deploy to which service, so that the next deploy is one step.

export interface SavedTarget {
  /** The build context, relative to the workspace folder ('.' for the folder itself). */
  folder: string;
  /** The Dockerfile, relative to the workspace folder. */
  dockerfile: string;
  serviceArn: string;
  region: string;
  repositoryName: string;
}

/** Reads the setting's value, keeping only well-formed entries (users edit settings by hand). */
export function readTargets(value: unknown): SavedTarget[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(
    (t): t is SavedTarget =>
      typeof t === 'object' &&
      t !== null &&
      ['folder', 'dockerfile', 'serviceArn', 'region', 'repositoryName'].every(
        (k) => typeof (t as Record<string, unknown>)[k] === 'string' && (t as Record<string, string>)[k] !== '',
      ),
  );
}

/** One target per build folder: saving for a folder replaces what it had. */
export function upsertTarget(targets: SavedTarget[], target: SavedTarget): SavedTarget[] {
  const key = normalizeFolder(target.folder);
  return [...targets.filter((t) => normalizeFolder(t.folder) !== key), { ...target, folder: key }];
}

export function removeTarget(targets: SavedTarget[], target: SavedTarget): SavedTarget[] {
  const key = normalizeFolder(target.folder);
  return targets.filter((t) => !(normalizeFolder(t.folder) === key && t.serviceArn === target.serviceArn));
}

export function targetsForService(targets: SavedTarget[], serviceArn: string): SavedTarget[] {
  return targets.filter((t) => t.serviceArn === serviceArn);
}

/** 'services/api/', './services/api' and 'services\\api' are the same folder. */
export function normalizeFolder(folder: string): string {
  const parts = folder
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  return parts.length ? parts.join('/') : '.';
}
