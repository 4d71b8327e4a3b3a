// A running image service's environment: plain variables and secret references, edited on our
// side and sent as one UpdateService. App Runner replaces the whole RuntimeEnvironmentVariables
// and RuntimeEnvironmentSecrets maps, so every change is a merge of the service's current maps
// with the user's edits, previewed before it is sent. Pure: no vscode, no SDK.
import { secretResourceOfReference } from '../aws/arn';
import type { Service, SourceConfiguration } from '../aws/types';
import { secretReferenceProblem } from '../shared/secretReferences';

export interface Environment {
  variables: Record<string, string>;
  /** Name → Secrets Manager secret ARN (optionally with `:json-key:version-stage:version-id`) or SSM parameter ARN or name. */
  secrets: Record<string, string>;
}

export type EnvironmentEdit =
  | { kind: 'set'; name: string; value: string }
  | { kind: 'set-secret'; name: string; reference: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'delete'; name: string };

export interface EnvironmentChange {
  name: string;
  change: 'added' | 'changed' | 'removed' | 'renamed';
  kind: 'variable' | 'secret';
  /** For a rename: the old name. */
  from?: string;
  before?: string;
  after?: string;
}

/** The API's limits (App Runner model: RuntimeEnvironmentVariablesKey 1-51200, secrets names 1-2048). */
const MAX_VARIABLE_NAME = 51200;
const MAX_SECRET_NAME = 2048;
const MAX_SECRET_REFERENCE = 2048;

/** The service's current environment (image services only; source services keep theirs elsewhere). */
export function environmentOf(service: Service): Environment | undefined {
  const config = service.SourceConfiguration?.ImageRepository?.ImageConfiguration;
  if (!service.SourceConfiguration?.ImageRepository) return undefined;
  return { variables: { ...(config?.RuntimeEnvironmentVariables ?? {}) }, secrets: { ...(config?.RuntimeEnvironmentSecrets ?? {}) } };
}

/** Why App Runner (or the running app) would not accept this name, or undefined when it is fine. */
export function nameProblem(name: string, kind: 'variable' | 'secret', taken: Iterable<string> = []): string | undefined {
  if (name.length === 0) return 'A name is needed.';
  if (name.length > (kind === 'variable' ? MAX_VARIABLE_NAME : MAX_SECRET_NAME)) {
    return `Names are at most ${kind === 'variable' ? MAX_VARIABLE_NAME : MAX_SECRET_NAME} characters.`;
  }
  if (name === 'PORT') return 'PORT is set by App Runner to the service’s port; change the port instead.';
  if (/^AWSAPPRUNNER/i.test(name)) return 'Names starting with AWSAPPRUNNER are reserved by App Runner.';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    return 'Use letters, digits and underscores, not starting with a digit: other names cannot be read by most shells and runtimes.';
  }
  for (const other of taken) if (other === name) return `${name} is already defined.`;
  return undefined;
}

/** Why App Runner would refuse this secret reference, or undefined. */
export function referenceProblem(reference: string): string | undefined {
  if (reference.length === 0) return 'A secret ARN or parameter name is needed.';
  if (reference.length > MAX_SECRET_REFERENCE) return `References are at most ${MAX_SECRET_REFERENCE} characters.`;
  const problem = secretReferenceProblem(reference);
  return problem && `This is not a secret reference: ${problem}`;
}

/** Applies the user's edits to the current environment; throws with the reason when one cannot apply. */
export function applyEdits(current: Environment, edits: EnvironmentEdit[]): Environment {
  const next: Environment = { variables: { ...current.variables }, secrets: { ...current.secrets } };
  const names = () => [...Object.keys(next.variables), ...Object.keys(next.secrets)];
  const refuse = (problem: string | undefined) => {
    if (problem) throw new Error(problem);
  };
  for (const edit of edits) {
    switch (edit.kind) {
      case 'set':
        refuse(
          nameProblem(
            edit.name,
            'variable',
            names().filter((n) => n !== edit.name || edit.name in next.secrets),
          ),
        );
        next.variables[edit.name] = edit.value;
        break;
      case 'set-secret':
        refuse(
          nameProblem(
            edit.name,
            'secret',
            names().filter((n) => n !== edit.name),
          ),
        );
        refuse(referenceProblem(edit.reference));
        // Turning a plain variable into a secret replaces it.
        delete next.variables[edit.name];
        next.secrets[edit.name] = edit.reference;
        break;
      case 'rename': {
        const kind = edit.from in next.variables ? 'variables' : edit.from in next.secrets ? 'secrets' : undefined;
        if (!kind) throw new Error(`${edit.from} is not defined.`);
        if (edit.to === edit.from) break;
        refuse(nameProblem(edit.to, kind === 'variables' ? 'variable' : 'secret', names()));
        next[kind][edit.to] = next[kind][edit.from];
        delete next[kind][edit.from];
        break;
      }
      case 'delete':
        if (!(edit.name in next.variables) && !(edit.name in next.secrets)) throw new Error(`${edit.name} is not defined.`);
        delete next.variables[edit.name];
        delete next.secrets[edit.name];
        break;
    }
  }
  return next;
}

/** What the update will change, one line a name, sorted by name; renames are recognised from the edits. */
export function environmentChanges(before: Environment, after: Environment, edits: EnvironmentEdit[] = []): EnvironmentChange[] {
  const renames = new Map(
    edits.filter((e): e is Extract<EnvironmentEdit, { kind: 'rename' }> => e.kind === 'rename').map((e) => [e.to, e.from]),
  );
  const changes: EnvironmentChange[] = [];
  const renamedFrom = new Set<string>();
  for (const kind of ['variables', 'secrets'] as const) {
    const label = kind === 'variables' ? 'variable' : 'secret';
    for (const [name, value] of Object.entries(after[kind])) {
      const from = renames.get(name);
      if (from !== undefined && before[kind][from] !== undefined && !(name in before[kind])) {
        renamedFrom.add(`${kind}:${from}`);
        changes.push({ name, change: 'renamed', kind: label, from, before: before[kind][from], after: value });
      } else if (!(name in before[kind])) {
        changes.push({ name, change: 'added', kind: label, after: value });
      } else if (before[kind][name] !== value) {
        changes.push({ name, change: 'changed', kind: label, before: before[kind][name], after: value });
      }
    }
    for (const [name, value] of Object.entries(before[kind])) {
      if (!(name in after[kind]) && !renamedFrom.has(`${kind}:${name}`))
        changes.push({ name, change: 'removed', kind: label, before: value });
    }
  }
  return changes.sort((a, b) => a.name.localeCompare(b.name) || a.kind.localeCompare(b.kind));
}

export interface EnvFileImport {
  /** The environment after the import. */
  result: Environment;
  changes: EnvironmentChange[];
  /** Names in the service that the file does not have: removed only when asked. */
  missingFromFile: string[];
  /** Lines of the file that were refused, with the reason. */
  refused: Array<{ name: string; reason: string }>;
}

/**
 * Merges a parsed .env file into the environment: adds and changes variables, and removes the
 * names the file lacks only with `removeMissing`. A name that is a secret in the service stays a
 * secret: the file can only point it at another secret ARN.
 */
export function importEnvFile(
  current: Environment,
  entries: Array<{ name: string; value: string }>,
  removeMissing: boolean,
): EnvFileImport {
  const refused: EnvFileImport['refused'] = [];
  const edits: EnvironmentEdit[] = [];
  const seen = new Set<string>();
  for (const { name, value } of entries) {
    const problem = nameProblem(name, 'variable', seen);
    if (problem) {
      refused.push({ name, reason: problem });
      continue;
    }
    seen.add(name);
    if (name in current.secrets) {
      // Only an ARN replaces a secret: a bare word in a .env file is far more often the secret's value than a parameter name.
      if (value === current.secrets[name]) continue;
      if (value.startsWith('arn:') && referenceProblem(value) === undefined) edits.push({ kind: 'set-secret', name, reference: value });
      else refused.push({ name, reason: `${name} is a secret in the service; the file’s value is not a secret ARN, so it was not used.` });
      continue;
    }
    if (current.variables[name] !== value) edits.push({ kind: 'set', name, value });
  }
  const missingFromFile = [...Object.keys(current.variables), ...Object.keys(current.secrets)].filter((n) => !seen.has(n)).sort();
  if (removeMissing) for (const name of missingFromFile) edits.push({ kind: 'delete', name });
  const result = applyEdits(current, edits);
  return { result, changes: environmentChanges(current, result, edits), missingFromFile, refused };
}

/** The environment as a .env file: secrets as their references (never resolved values), marked. */
export function toEnvFile(environment: Environment, serviceName: string): string {
  const lines = [`# Environment of the App Runner service ${serviceName.replace(/[\r\n]/g, ' ')}.`];
  const quote = (value: string) => (/^[A-Za-z0-9_./:@+-]*$/.test(value) ? value : JSON.stringify(value));
  for (const name of Object.keys(environment.variables).sort()) lines.push(`${name}=${quote(environment.variables[name])}`);
  const secrets = Object.keys(environment.secrets).sort();
  if (secrets.length) lines.push('', '# Secrets: references to Secrets Manager or Parameter Store, not their values.');
  for (const name of secrets) lines.push(`${name}=${quote(environment.secrets[name])}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The SourceConfiguration of one UpdateService that sets the environment and keeps everything
 * else of the image configuration as it is (App Runner replaces the whole ImageConfiguration).
 */
export function sourceConfigurationWith(service: Service, environment: Environment): SourceConfiguration {
  const source = service.SourceConfiguration;
  const image = source?.ImageRepository;
  if (!source || !image) throw new Error('Only image services keep their environment in the service configuration.');
  return {
    ImageRepository: {
      ImageIdentifier: image.ImageIdentifier,
      ImageRepositoryType: image.ImageRepositoryType,
      ImageConfiguration: {
        ...image.ImageConfiguration,
        RuntimeEnvironmentVariables: { ...environment.variables },
        RuntimeEnvironmentSecrets: { ...environment.secrets },
      },
    },
    ...(source.AutoDeploymentsEnabled !== undefined ? { AutoDeploymentsEnabled: source.AutoDeploymentsEnabled } : {}),
    ...(source.AuthenticationConfiguration ? { AuthenticationConfiguration: source.AuthenticationConfiguration } : {}),
  };
}

/** Secrets Manager secret names: 1-512 of letters, digits and /_+=.@- (CreateSecret). */
export function secretNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 512) return 'Secret names have 1 to 512 characters.';
  if (!/^[A-Za-z0-9/_+=.@-]+$/.test(name)) return 'Secret names use letters, digits and / _ + = . @ - only.';
  if (/-[A-Za-z0-9]{6}$/.test(name))
    return 'Avoid ending a secret name with a hyphen and six characters: it looks like the ARN’s random suffix.';
  return undefined;
}

/** Parameter Store names: up to 2048 characters of letters, digits and _ . - /, not starting with aws or ssm, at most 15 levels. */
export function parameterNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > 2048) return 'Parameter names have 1 to 2048 characters.';
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) return 'Parameter names use letters, digits and _ . - / only.';
  if (/^\/?(aws|ssm)/i.test(name)) return 'Parameter names cannot start with aws or ssm.';
  if (name.includes('/') && !name.startsWith('/')) return 'A parameter name with a hierarchy starts with /.';
  if (name.split('/').filter(Boolean).length > 15) return 'Parameter names have at most 15 levels.';
  return undefined;
}

/** The statement the service's instance role needs to read a secret reference (for the user to hand to an administrator). */
export function readSecretStatement(
  reference: string,
  region: string,
  account: string,
): { Effect: 'Allow'; Action: string[]; Resource: string } {
  if (reference.includes(':secretsmanager:')) {
    return { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretResourceOfReference(reference) };
  }
  const resource = reference.startsWith('arn:') ? reference : `arn:aws:ssm:${region}:${account}:parameter/${reference.replace(/^\//, '')}`;
  return { Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: resource };
}
