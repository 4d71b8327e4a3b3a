// Facts about App Runner's managed runtimes that the schema cannot hold: build process, end of
// support and version history (AWS release notes, as summarised in the project's reference notes).
// The schema's `runtime` enum lists the same ids; a unit test keeps the two in step.

export type BuildProcess = 'original' | 'revised';

export interface RuntimeInfo {
  id: string;
  /** Human name, e.g. "Node.js 22". */
  label: string;
  build: BuildProcess;
  /** ISO date (YYYY-MM-DD) after which new services cannot be created with the runtime. */
  endOfSupport?: string;
  /** The runtime-version values the runtime can have at all. */
  versionFamily: RegExp;
  /** How messages describe the family, e.g. "18.x". */
  versionFamilyText: string;
  /** Version ranges (inclusive) listed in the release notes; shorter bounds cover every longer version. */
  releasedVersions?: [from: string, to: string][];
  /** Versions offered by completion, newest last. */
  exampleVersions: string[];
  /** The revised-build runtime of the same language, for runtimes that cannot use `pre-run`. */
  revisedAlternative?: string;
}

export const RUNTIMES: readonly RuntimeInfo[] = [
  {
    id: 'python3',
    label: 'Python 3.7/3.8',
    build: 'original',
    endOfSupport: '2025-12-01',
    versionFamily: /^3(\.[78](\.\d+)?)?$/,
    versionFamilyText: '3.7.x and 3.8.x',
    releasedVersions: [
      ['3.7', '3.7'],
      ['3.8', '3.8.20'],
    ],
    exampleVersions: ['3.8.20'],
    revisedAlternative: 'python311',
  },
  {
    id: 'python311',
    label: 'Python 3.11',
    build: 'revised',
    versionFamily: /^3(\.11(\.\d+)?)?$/,
    versionFamilyText: '3.11.x',
    releasedVersions: [['3.11.7', '3.11.14']],
    exampleVersions: ['3.11', '3.11.14'],
  },
  {
    id: 'nodejs12',
    label: 'Node.js 12',
    build: 'original',
    endOfSupport: '2025-12-01',
    versionFamily: /^12(\.\d+){0,2}$/,
    versionFamilyText: '12.x',
    exampleVersions: ['12'],
    revisedAlternative: 'nodejs22',
  },
  {
    id: 'nodejs14',
    label: 'Node.js 14',
    build: 'original',
    endOfSupport: '2025-12-01',
    versionFamily: /^14(\.\d+){0,2}$/,
    versionFamilyText: '14.x',
    exampleVersions: ['14'],
    revisedAlternative: 'nodejs22',
  },
  {
    id: 'nodejs16',
    label: 'Node.js 16',
    build: 'original',
    endOfSupport: '2025-12-01',
    versionFamily: /^16(\.\d+){0,2}$/,
    versionFamilyText: '16.x',
    exampleVersions: ['16'],
    revisedAlternative: 'nodejs22',
  },
  {
    id: 'nodejs18',
    label: 'Node.js 18',
    build: 'revised',
    endOfSupport: '2025-12-01',
    versionFamily: /^18(\.\d+){0,2}$/,
    versionFamilyText: '18.x',
    releasedVersions: [['18', '18.20.8']],
    exampleVersions: ['18', '18.20.8'],
  },
  {
    id: 'nodejs22',
    label: 'Node.js 22',
    build: 'revised',
    versionFamily: /^22(\.\d+){0,2}$/,
    versionFamilyText: '22.x',
    releasedVersions: [
      ['22.14.0', '22.14.0'],
      ['22.16.0', '22.17.0'],
    ],
    exampleVersions: ['22.14.0', '22.16.0', '22.17.0'],
  },
  {
    id: 'corretto8',
    label: 'Amazon Corretto 8',
    build: 'original',
    versionFamily: /^8(\.\d+){0,3}$/,
    versionFamilyText: '8[.update[.build[.revision]]], e.g. 8.312.07.1',
    exampleVersions: ['8.312.07.1'],
  },
  {
    id: 'corretto11',
    label: 'Amazon Corretto 11',
    build: 'original',
    versionFamily: /^11(\.0(\.\d+){0,3})?$/,
    versionFamilyText: '11.0[.update[.build[.revision]]], e.g. 11.0.13.08.1',
    exampleVersions: ['11.0.13.08.1'],
  },
  {
    id: 'dotnet6',
    label: '.NET 6',
    build: 'original',
    endOfSupport: '2025-12-01',
    versionFamily: /^6(\.0(\.\d+)?)?$/,
    versionFamilyText: '6.0.x',
    releasedVersions: [['6.0.9', '6.0.36']],
    exampleVersions: ['6.0.36'],
  },
  {
    id: 'php81',
    label: 'PHP 8.1',
    build: 'original',
    endOfSupport: '2025-12-31',
    versionFamily: /^8(\.1(\.\d+)?)?$/,
    versionFamilyText: '8.1.x',
    releasedVersions: [['8.1', '8.1.32']],
    exampleVersions: ['8.1.32'],
  },
  {
    id: 'ruby31',
    label: 'Ruby 3.1',
    build: 'original',
    endOfSupport: '2025-12-01',
    versionFamily: /^3(\.1(\.\d+)?)?$/,
    versionFamilyText: '3.1.x',
    releasedVersions: [['3.1.3', '3.1.7']],
    exampleVersions: ['3.1.7'],
  },
  {
    id: 'go1',
    label: 'Go 1.18',
    build: 'original',
    endOfSupport: '2025-12-01',
    versionFamily: /^1(\.18(\.\d+)?)?$/,
    versionFamilyText: '1.18.x',
    releasedVersions: [['1.18.7', '1.18.10']],
    exampleVersions: ['1.18.10'],
  },
];

const byId = new Map(RUNTIMES.map((runtime) => [runtime.id, runtime]));

export function runtimeInfo(id: string): RuntimeInfo | undefined {
  return byId.get(id);
}

export const REVISED_BUILD_RUNTIMES: readonly string[] = RUNTIMES.filter((r) => r.build === 'revised').map((r) => r.id);

export function isPastEndOfSupport(runtime: RuntimeInfo, now: Date): boolean {
  return runtime.endOfSupport !== undefined && now.toISOString().slice(0, 10) >= runtime.endOfSupport;
}

/** Runtimes in the order a user should consider them: revised build first, supported before ended. */
export function runtimesByPreference(now: Date): RuntimeInfo[] {
  const rank = (r: RuntimeInfo): number => (r.build === 'revised' ? 0 : 2) + (isPastEndOfSupport(r, now) ? 1 : 0);
  return RUNTIMES.map((runtime, index) => ({ runtime, index }))
    .sort((a, b) => rank(a.runtime) - rank(b.runtime) || a.index - b.index)
    .map(({ runtime }) => runtime);
}

/**
 * Whether a version (as dot-separated numbers) can fall in one of the released ranges. A version with
 * fewer parts stands for all its extensions: `22.16` overlaps `22.16.0`.
 */
export function isWithinReleasedVersions(version: string, ranges: readonly [string, string][]): boolean {
  const parts = version.split('.').map(Number);
  return ranges.some(([from, to]) => {
    const low = padded(from, parts.length, 0);
    const high = padded(to, parts.length, Number.POSITIVE_INFINITY);
    return compareVersions(low, parts) <= 0 && compareVersions(parts, high) <= 0;
  });
}

function padded(version: string, length: number, filler: number): number[] {
  const parts = version.split('.').map(Number).slice(0, length);
  while (parts.length < length) parts.push(filler);
  return parts;
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

export function describeReleasedVersions(ranges: readonly [string, string][]): string {
  return ranges.map(([from, to]) => (from === to ? from : `${from} to ${to}`)).join(', ');
}
