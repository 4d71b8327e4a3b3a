// The environment as an editable .env document (apprunner-env:/<region>/<service>.env) and what
// saving it means: the whole document is the new environment, so a deleted line is a removal,
// shown in the preview before anything is sent. Pure: no vscode, no SDK.
import { parseEnvFile } from '../shared/envFile';
import { Environment, EnvironmentChange, nameProblem, referenceProblem } from './environment';

/** A value that names a secret by ARN: stored as a secret reference, never as a plain variable. */
function isSecretArn(value: string): boolean {
  return /^arn:aws[\w-]*:(secretsmanager|ssm):/.test(value);
}

/**
 * The environment the saved document asks for, or the reasons it cannot be used (line by line).
 * A name that is a secret now stays a secret while its value is a valid reference; a secret ARN
 * given to a new name makes it a secret.
 */
export function environmentFromDocument(text: string, current: Environment): { environment: Environment } | { problems: string[] } {
  const parsed = parseEnvFile(text);
  const problems = parsed.problems.map((p) => `Line ${p.line}: ${p.message}`);
  const environment: Environment = { variables: {}, secrets: {} };
  for (const [name, value] of Object.entries(parsed.vars)) {
    const secret = (name in current.secrets && referenceProblem(value) === undefined) || isSecretArn(value);
    const problem = nameProblem(name, secret ? 'secret' : 'variable') ?? (secret ? referenceProblem(value) : undefined);
    if (problem) {
      problems.push(`${name}: ${problem}`);
      continue;
    }
    if (secret) environment.secrets[name] = value;
    else environment.variables[name] = value;
  }
  return problems.length ? { problems } : { environment };
}

/**
 * The service's environment after a save: the document's own edits (what differs from `base`, the
 * environment the document was read as) applied to `current`, the service as it is now. A change
 * made elsewhere since the document was read is kept unless the document changed the same name.
 */
export function documentEditsApplied(base: Environment, desired: Environment, current: Environment): Environment {
  const result: Environment = { variables: { ...current.variables }, secrets: { ...current.secrets } };
  const other = { variables: 'secrets', secrets: 'variables' } as const;
  for (const kind of ['variables', 'secrets'] as const) {
    for (const [name, value] of Object.entries(desired[kind])) {
      if (base[kind][name] === value) continue;
      result[kind][name] = value;
      delete result[other[kind]][name];
    }
    for (const name of Object.keys(base[kind])) {
      if (!(name in desired.variables) && !(name in desired.secrets)) delete result[kind][name];
    }
  }
  return result;
}

/** Plain values in a preview: their length only, so a preview on screen gives nothing away. */
function masked(value: string | undefined): string {
  return value === undefined ? '' : `(${value.length} characters)`;
}

/** One line a change, for the confirmation: secrets with their references, plain values masked. */
export function previewLines(changes: EnvironmentChange[]): string[] {
  return changes.map((c) => {
    const show = (v: string | undefined) => (c.kind === 'secret' ? (v ?? '') : masked(v));
    const what = c.kind === 'secret' ? 'secret' : 'variable';
    switch (c.change) {
      case 'added':
        return `+ ${c.name} (${what}) ${show(c.after)}`;
      case 'removed':
        return `- ${c.name} (${what})`;
      case 'renamed':
        return `→ ${c.from} renamed to ${c.name} (${what})${c.before !== c.after ? `, value ${show(c.after)}` : ''}`;
      default:
        return `~ ${c.name} (${what}) ${c.kind === 'secret' ? `${c.before} → ${c.after}` : `changed, now ${masked(c.after)}`}`;
    }
  });
}

/** The confirmation's title line: how many names are added, changed, renamed and removed. */
export function changeSummary(changes: EnvironmentChange[]): string {
  const count = (kind: EnvironmentChange['change']) => changes.filter((c) => c.change === kind).length;
  const parts = (['added', 'changed', 'renamed', 'removed'] as const).filter((k) => count(k) > 0).map((k) => `${count(k)} ${k}`);
  return parts.length ? parts.join(', ') : 'no change';
}

/** The zero-based line that defines `name` in the document, if any (for opening the editor at a variable). */
export function lineOfVariable(text: string, name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  const line = text.split('\n').findIndex((l) => l.replace(/^\s*(export\s+)?/, '').startsWith(`${name}=`));
  return line < 0 ? undefined : line;
}
