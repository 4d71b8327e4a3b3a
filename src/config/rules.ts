// Rules a JSON Schema cannot express. Each rule reads the parsed document and reports at the exact
// key or value it is about; each has its own rule id.
import { REVISED_BUILD_RUNTIMES, describeReleasedVersions, isPastEndOfSupport, isWithinReleasedVersions, runtimeInfo } from './runtimes';
import type { RuntimeInfo } from './runtimes';
import { secretReferenceProblem } from '../shared/secretReferences';
import { secretLikeReason } from './secrets';
import type { ConfigDiagnostic, RuleId, Severity } from './types';
import { asMap, asScalar, asSeq, findPair, kindOf, nodeRange, resolveNode, scalarString, scalarText, valueOf } from './yamlTree';
import type { ParsedConfig, YamlDocument, YamlMap, YamlNode, YamlScalar } from './yamlTree';

interface RuleContext {
  config: ParsedConfig;
  document: YamlDocument;
  root: YamlMap;
  now: Date;
  report(rule: RuleId, severity: Severity, node: YamlNode, message: string, replacement?: string): void;
}

type Rule = (context: RuleContext) => void;

const RULES: readonly Rule[] = [
  checkVersion,
  checkRuntimeEndOfSupport,
  checkRuntimeVersion,
  checkPreRun,
  checkPortRedefinition,
  checkDuplicateEnvNames,
  checkSecretReferences,
  checkSecretsInEnv,
];

export function runRules(config: ParsedConfig, document: YamlDocument, root: YamlMap, now: Date): ConfigDiagnostic[] {
  const diagnostics: ConfigDiagnostic[] = [];
  const context: RuleContext = {
    config,
    document,
    root,
    now,
    report(rule, severity, node, message, replacement) {
      diagnostics.push({
        range: nodeRange(config, node),
        severity,
        rule,
        message,
        ...(replacement !== undefined ? { data: { replacement } } : {}),
      });
    },
  };
  for (const rule of RULES) rule(context);
  return diagnostics;
}

/**
 * `version` is compared as written, because YAML turns `1.10` into the number 1.1. The docs name one
 * version, `1.0`. `1` and `1.00` are the same number as `1.0`, so a reader that parses numbers
 * accepts them, but they are not the documented spelling: warning. Anything else is an error.
 */
function checkVersion(context: RuleContext): void {
  const scalar = asScalar(valueOf(context.root, 'version', context.document));
  if (!scalar || kindOf(scalar) === 'null') return;
  const written = scalarText(context.config.text, scalar);
  const quoted = scalar.type === 'QUOTE_DOUBLE' || scalar.type === 'QUOTE_SINGLE';
  if (written === '1.0') return;
  if (!quoted && scalar.value === 1) {
    context.report(
      'version',
      'warning',
      scalar,
      `Write \`version: 1.0\`, the only documented version. YAML reads \`${written}\` as the number 1, the same as 1.0, but App Runner documents only the spelling 1.0.`,
      '1.0',
    );
    return;
  }
  const readAs =
    !quoted && typeof scalar.value === 'number' && String(scalar.value) !== written
      ? ` (YAML reads \`${written}\` as the number ${scalar.value})`
      : '';
  context.report(
    'version',
    'error',
    scalar,
    `\`${written}\` is not a version of the configuration file${readAs}: the only version is 1.0.`,
    '1.0',
  );
}

/** The runtime and its value node, when the runtime is one App Runner has. */
function knownRuntime(context: RuleContext): { runtime: RuntimeInfo; node: YamlScalar } | undefined {
  const node = asScalar(valueOf(context.root, 'runtime', context.document));
  const runtime = typeof node?.value === 'string' ? runtimeInfo(node.value) : undefined;
  return node && runtime ? { runtime, node } : undefined;
}

function checkRuntimeEndOfSupport(context: RuleContext): void {
  const known = knownRuntime(context);
  if (!known || !isPastEndOfSupport(known.runtime, context.now)) return;
  const { runtime, node } = known;
  const successor = runtime.revisedAlternative ? ` Consider \`${runtime.revisedAlternative}\`.` : '';
  context.report(
    'runtime-end-of-support',
    'warning',
    node,
    `\`${runtime.id}\` (${runtime.label}) reached end of support on ${runtime.endOfSupport}: new services cannot be created with it; existing services keep running and can still be updated.${successor}`,
  );
}

const VERSION_TEXT = /^\d+(\.\d+)*$/;

function checkRuntimeVersion(context: RuleContext): void {
  const node = asScalar(valueOf(asMap(valueOf(context.root, 'run', context.document)), 'runtime-version', context.document));
  if (!node || kindOf(node) === 'null') return;
  const version = scalarText(context.config.text, node);
  if (!VERSION_TEXT.test(version)) {
    // Strings such as `latest` are the schema pattern's to report; it does not look at numbers (-22, 1e3).
    if (typeof node.value === 'number')
      context.report(
        'runtime-version',
        'error',
        node,
        `${version} is not a runtime version: write numbers separated by dots, such as 22.14.0.`,
      );
    return;
  }
  const runtime = knownRuntime(context)?.runtime;
  if (!runtime) return;
  if (!runtime.versionFamily.test(version)) {
    context.report(
      'runtime-version',
      'error',
      node,
      `\`${runtime.id}\` never had version ${version}: its versions are ${runtime.versionFamilyText}.`,
    );
    return;
  }
  if (runtime.releasedVersions && !isWithinReleasedVersions(version, runtime.releasedVersions)) {
    context.report(
      'runtime-version-unreleased',
      'warning',
      node,
      `${version} is not among the \`${runtime.id}\` versions in App Runner's release notes (${describeReleasedVersions(runtime.releasedVersions)}); the build fails if App Runner does not have it.`,
    );
  }
}

function checkPreRun(context: RuleContext): void {
  const known = knownRuntime(context);
  const preRun = findPair(asMap(valueOf(context.root, 'run', context.document)), 'pre-run');
  if (!known || !preRun || known.runtime.build !== 'original') return;
  const alternative = known.runtime.revisedAlternative
    ? ` Remove it, or switch to \`${known.runtime.revisedAlternative}\`.`
    : ' Remove it.';
  context.report(
    'pre-run-original-build',
    'error',
    preRun.key as YamlNode,
    `\`pre-run\` is only for revised-build runtimes (${REVISED_BUILD_RUNTIMES.join(', ')}); \`${known.runtime.id}\` uses the original build.${alternative}`,
  );
}

interface NamedEntry {
  list: 'build.env' | 'run.env' | 'run.secrets';
  name: string;
  nameNode: YamlScalar;
  item: YamlMap;
}

/** The items of an env or secrets list that have a string name. */
function namedEntries(context: RuleContext, list: NamedEntry['list']): NamedEntry[] {
  const [section, key] = list.split('.');
  const seq = asSeq(valueOf(asMap(valueOf(context.root, section, context.document)), key, context.document));
  const entries: NamedEntry[] = [];
  for (const itemNode of seq?.items ?? []) {
    const item = asMap(resolveNode(itemNode, context.document));
    const nameNode = asScalar(valueOf(item, 'name', context.document));
    if (item && nameNode && typeof nameNode.value === 'string' && nameNode.value !== '') {
      entries.push({ list, name: nameNode.value, nameNode, item });
    }
  }
  return entries;
}

function checkPortRedefinition(context: RuleContext): void {
  const network = asMap(valueOf(asMap(valueOf(context.root, 'run', context.document)), 'network', context.document));
  const portVariable = scalarString(asScalar(valueOf(network, 'env', context.document)));
  for (const entry of [...namedEntries(context, 'run.env'), ...namedEntries(context, 'run.secrets')]) {
    if (entry.name === 'PORT') {
      context.report(
        'env-redefines-port',
        'warning',
        entry.nameNode,
        `App Runner sets \`PORT\` itself, to the service port (\`run.network.port\`, 8080 by default); defining it in \`${entry.list}\` conflicts with that. Change \`network.port\` instead.`,
      );
    } else if (portVariable !== undefined && entry.name === portVariable) {
      context.report(
        'env-redefines-port',
        'warning',
        entry.nameNode,
        `\`${entry.name}\` is already set by App Runner to the service port, because \`run.network.env\` names it; defining it in \`${entry.list}\` conflicts with that.`,
      );
    }
  }
}

/** build.env is one environment; run.env and run.secrets together make the service's environment. */
function checkDuplicateEnvNames(context: RuleContext): void {
  const environments: NamedEntry[][] = [
    namedEntries(context, 'build.env'),
    [...namedEntries(context, 'run.env'), ...namedEntries(context, 'run.secrets')],
  ];
  for (const entries of environments) {
    const first = new Map<string, NamedEntry>();
    for (const entry of entries) {
      const earlier = first.get(entry.name);
      if (!earlier) {
        first.set(entry.name, entry);
        continue;
      }
      const line = context.config.lines.positionAt(earlier.nameNode.range[0]).line + 1;
      context.report(
        'duplicate-env-name',
        'error',
        entry.nameNode,
        `\`${entry.name}\` is already defined in \`${earlier.list}\` (line ${line}); only one of the values would reach the ${entry.list === 'build.env' ? 'build' : 'service'}.`,
      );
    }
  }
}

function checkSecretReferences(context: RuleContext): void {
  for (const entry of secretReferences(context)) {
    const problem = secretReferenceProblem(entry.value);
    if (problem !== undefined) {
      context.report('secret-value-from', 'error', entry.node, `\`value-from: ${entry.value}\`: ${problem}`);
    }
  }
}

/** Every string `value-from` in run.secrets, whether or not its item has a name. */
function secretReferences(context: RuleContext): { value: string; node: YamlScalar }[] {
  const seq = asSeq(valueOf(asMap(valueOf(context.root, 'run', context.document)), 'secrets', context.document));
  const found: { value: string; node: YamlScalar }[] = [];
  for (const itemNode of seq?.items ?? []) {
    const node = asScalar(valueOf(asMap(resolveNode(itemNode, context.document)), 'value-from', context.document));
    if (node && typeof node.value === 'string' && node.value !== '') found.push({ value: node.value, node });
  }
  return found;
}

function checkSecretsInEnv(context: RuleContext): void {
  for (const entry of [...namedEntries(context, 'build.env'), ...namedEntries(context, 'run.env')]) {
    const valueNode = asScalar(valueOf(entry.item, 'value', context.document));
    const value = scalarString(valueNode);
    if (!valueNode || value === undefined) continue;
    const reason = secretLikeReason(entry.name, value);
    if (reason === undefined) continue;
    const advice =
      entry.list === 'run.env'
        ? 'Store it in Secrets Manager or SSM Parameter Store and reference it from `run.secrets`.'
        : 'Build variables have no secret references; avoid secrets in the build, or fetch them in a build command.';
    context.report(
      'secret-in-env',
      'warning',
      valueNode,
      `\`${entry.name}\` looks like a secret written in plain text (${reason}), and apprunner.yaml is committed with your code. ${advice}`,
    );
  }
}
