// What the tree shows under a service's Environment node: a plain projection of DescribeService.
// Image services keep their variables and secret references in the service configuration; a
// source-code service keeps them in apprunner.yaml or its code configuration, and the node says
// which. Plain values are masked unless the user reveals them; secrets are shown as their
// references (the tree never resolves one).
import type { Service } from '../aws/types';

export interface EnvironmentRow {
  name: string;
  kind: 'variable' | 'secret';
  /** The plain value, or the secret's reference. */
  value: string;
}

export type EnvironmentPlace =
  | { kind: 'image'; rows: EnvironmentRow[] }
  /** Source-code service whose apprunner.yaml (in its repository) holds the values. */
  | { kind: 'repository' }
  /** Source-code service configured through the API: the values are in CodeConfigurationValues. */
  | { kind: 'api'; variables: number; secrets: number };

/** Shown instead of a plain value until the user reveals it: always the same, so it gives away nothing, not even the length. */
export const MASK = '••••••••';

export function environmentPlace(service: Service): EnvironmentPlace | undefined {
  const source = service.SourceConfiguration;
  const image = source?.ImageRepository;
  if (image) {
    const config = image.ImageConfiguration;
    const rows: EnvironmentRow[] = [
      ...Object.entries(config?.RuntimeEnvironmentVariables ?? {}).map(([name, value]) => ({ name, kind: 'variable' as const, value })),
      ...Object.entries(config?.RuntimeEnvironmentSecrets ?? {}).map(([name, value]) => ({ name, kind: 'secret' as const, value })),
    ];
    return { kind: 'image', rows: rows.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind)) };
  }
  const code = source?.CodeRepository?.CodeConfiguration;
  if (!code) return undefined;
  if (code.ConfigurationSource === 'API') {
    const values = code.CodeConfigurationValues;
    return {
      kind: 'api',
      variables: Object.keys(values?.RuntimeEnvironmentVariables ?? {}).length,
      secrets: Object.keys(values?.RuntimeEnvironmentSecrets ?? {}).length,
    };
  }
  return { kind: 'repository' };
}

/** The Environment node's description: how many of each, or where the values live. */
export function environmentSummary(place: EnvironmentPlace): string {
  switch (place.kind) {
    case 'image': {
      const variables = place.rows.filter((r) => r.kind === 'variable').length;
      const secrets = place.rows.length - variables;
      if (place.rows.length === 0) return 'no variables';
      return [plural(variables, 'variable'), plural(secrets, 'secret')].filter(Boolean).join(' · ');
    }
    case 'repository':
      return 'in apprunner.yaml (repository)';
    case 'api':
      return `in the code configuration${place.variables + place.secrets ? ` (${[plural(place.variables, 'variable'), plural(place.secrets, 'secret')].filter(Boolean).join(' · ')})` : ''}`;
  }
}

function plural(n: number, word: string): string {
  return n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A variable row's description: the secret's reference, the revealed value, or the mask. */
export function rowDescription(row: EnvironmentRow, revealed: boolean): string {
  if (row.kind === 'secret') return `secret → ${row.value}`;
  return revealed ? row.value : MASK;
}

/** A row's tooltip (plain text). */
export function rowTooltip(row: EnvironmentRow, revealed: boolean): string {
  return row.kind === 'secret'
    ? `${row.name}: a secret. App Runner reads ${row.value} with the service's instance role when it starts the service.`
    : `${row.name}: a plain variable. ${revealed ? `Value: ${row.value}` : 'Its value is hidden: use "Reveal Value" to show it.'}`;
}
