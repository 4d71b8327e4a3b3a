// Checks a parsed document against the resolved JSON Schema, reporting at the exact key or value.
import { formatPath, placesOfKey } from './schema';
import type { ConfigPath, JsonType, SchemaNode } from './schema';
import { closestMatch } from './suggest';
import type { ConfigDiagnostic, Range, RuleId } from './types';
import { asMap, asScalar, asSeq, contentEnd, isEmptyNode, keyName, kindOf, nodeRange, resolveNode, scalarText } from './yamlTree';
import type { NodeKind, ParsedConfig, YamlDocument, YamlMap, YamlNode } from './yamlTree';

/**
 * Values whose checks need the raw text and so live in a rule of their own: the walker checks
 * where they may appear, not what they say.
 */
const VALUES_CHECKED_BY_RULES: ReadonlySet<string> = new Set(['version']);

/** Extra advice for known wrong values, keyed by path. */
const VALUE_HINTS: Record<string, (value: string) => string | undefined> = {
  runtime: (value) =>
    /docker/i.test(value)
      ? ' App Runner has no Docker runtime: to build from a Dockerfile, push the image to ECR and create an image-based service (which does not use apprunner.yaml).'
      : undefined,
};

interface WalkContext {
  config: ParsedConfig;
  document: YamlDocument;
  diagnostics: ConfigDiagnostic[];
}

export function validateAgainstSchema(
  config: ParsedConfig,
  document: YamlDocument,
  root: YamlNode,
  schema: SchemaNode,
): ConfigDiagnostic[] {
  const context: WalkContext = { config, document, diagnostics: [] };
  walk(context, root, schema, [], firstLineRange(config, root));
  return context.diagnostics;
}

/** A multi-line item is marked on its first line only, as a key would be. */
function firstLineOf(range: Range, context: WalkContext): Range {
  if (range.start.line === range.end.line) return range;
  return {
    start: range.start,
    end: { line: range.start.line, character: context.config.lines.lineText(range.start.line).trimEnd().length },
  };
}

/** Where problems of the whole document are shown: its first line. */
function firstLineRange(config: ParsedConfig, root: YamlNode): Range {
  const start = config.lines.positionAt(root.range[0]);
  return { start, end: { line: start.line, character: config.lines.lineText(start.line).length } };
}

/**
 * @param anchor where to report problems of this node as a whole (its key), and of an empty value.
 */
function walk(context: WalkContext, node: YamlNode | undefined, schema: SchemaNode, path: ConfigPath, anchor: Range): void {
  const kind = kindOf(node);
  const valueRange = node === undefined || isEmptyNode(node) ? anchor : nodeRange(context.config, node);
  if (schema.types && !schema.types.some((type) => matchesType(type, kind, node))) {
    const quoted = quotedCommand(context, node, schema);
    report(context, 'type', valueRange, typeMessage(path, schema, kind, quoted !== undefined), quoted);
    return;
  }
  const map = asMap(node);
  if (map) {
    walkMapping(context, map, schema, path, anchor);
    return;
  }
  const seq = asSeq(node);
  if (seq && schema.items) {
    seq.items.forEach((item, index) => {
      const itemAnchor = isEmptyNode(item) ? anchor : firstLineOf(nodeRange(context.config, item), context);
      walk(context, resolveNode(item, context.document), schema.items!, [...path, index], itemAnchor);
    });
    return;
  }
  const scalar = asScalar(node);
  if (scalar && !VALUES_CHECKED_BY_RULES.has(formatPath(path)))
    checkScalar(context, scalar.value, scalarText(context.config.text, scalar), schema, path, valueRange);
}

function walkMapping(context: WalkContext, map: YamlMap, schema: SchemaNode, path: ConfigPath, anchor: Range): void {
  const present = new Set<string>();
  /** Keys that unknown keys were taken for; their absence is already explained. */
  const suggested = new Set<string>();
  for (const pair of map.items) {
    const name = keyName(pair);
    const keyNode = pair.key as YamlNode | null;
    const keyRange = keyNode ? nodeRange(context.config, keyNode) : anchor;
    if (name === undefined) {
      report(context, 'type', keyRange, `Keys in ${describePlace(path)} must be plain names.`);
      continue;
    }
    present.add(name);
    const childSchema = schema.properties?.get(name);
    if (childSchema) {
      walk(context, resolveNode(pair.value, context.document), childSchema, [...path, name], keyRange);
    } else if (schema.additionalProperties === false) {
      const suggestion = reportUnknownKey(context, name, keyRange, schema, path);
      if (suggestion !== undefined) suggested.add(suggestion);
    }
  }
  for (const required of schema.required ?? []) {
    if (!present.has(required) && !suggested.has(required)) {
      report(
        context,
        'required',
        anchor,
        `${path.length === 0 ? 'The file' : `\`${formatPath(path)}\``} is missing the required key \`${required}\`.`,
      );
    }
  }
}

/** Reports a key the schema does not allow here; returns the key it was probably meant to be. */
function reportUnknownKey(context: WalkContext, name: string, range: Range, schema: SchemaNode, path: ConfigPath): string | undefined {
  const allowed = [...(schema.properties?.keys() ?? [])];
  const place = describePlace(path);
  const hyphenated = name.replace(/_/g, '-');
  if (hyphenated !== name && allowed.includes(hyphenated)) {
    report(context, 'underscore-key', range, `App Runner keys use hyphens: write \`${hyphenated}\`, not \`${name}\`.`, hyphenated);
    return hyphenated;
  }
  const suggestion = closestMatch(name, allowed);
  if (suggestion !== undefined) {
    report(context, 'unknown-key', range, `Unknown key \`${name}\` in ${place}. Did you mean \`${suggestion}\`?`, suggestion);
    return suggestion;
  }
  const elsewhere = placesOfKey(name);
  const advice =
    elsewhere.length > 0
      ? ` \`${name}\` belongs under ${elsewhere.map((p) => (p === '(top level)' ? 'the top level' : `\`${p}\``)).join(' or ')}.`
      : ` Allowed here: ${listOfKeys(allowed)}.`;
  report(context, 'unknown-key', range, `Unknown key \`${name}\` in ${place}.${advice}`);
  return undefined;
}

function checkScalar(context: WalkContext, value: unknown, text: string, schema: SchemaNode, path: ConfigPath, range: Range): void {
  const where = `\`${formatPath(path)}\``;
  if (schema.enum && !schema.enum.includes(value)) {
    const allowed = schema.enum.filter((candidate): candidate is string => typeof candidate === 'string');
    const suggestion = closestMatch(text, allowed);
    const hint = VALUE_HINTS[formatPath(path)]?.(text) ?? '';
    const advice = suggestion !== undefined ? ` Did you mean \`${suggestion}\`?` : ` Valid values: ${allowed.join(', ')}.`;
    report(context, 'enum', range, `\`${text}\` is not a valid value for ${where}.${hint}${advice}`, suggestion);
    return;
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      report(context, 'pattern', range, `${where} must not be empty.`);
    } else if (schema.pattern && !schema.pattern.test(value)) {
      report(
        context,
        'pattern',
        range,
        `${where}: ${schema.patternErrorMessage ?? `\`${text}\` does not match ${schema.pattern.source}.`}`,
      );
    }
  }
  if (typeof value === 'number') {
    if ((schema.minimum !== undefined && value < schema.minimum) || (schema.maximum !== undefined && value > schema.maximum)) {
      report(context, 'range', range, `${where} must be between ${schema.minimum ?? '-∞'} and ${schema.maximum ?? '∞'}; it is ${text}.`);
    }
  }
}

function matchesType(type: JsonType, kind: NodeKind, node: YamlNode | undefined): boolean {
  switch (type) {
    case 'object':
      return kind === 'mapping';
    case 'array':
      return kind === 'list';
    case 'integer':
      return kind === 'number' && Number.isInteger(Number(asScalar(node)?.value));
    default:
      return kind === type;
  }
}

const TYPE_WORDS: Record<JsonType, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

/**
 * A one-line block mapping where a string belongs is almost always a command with ": " in it
 * (`- echo "Version: 1"`), which YAML reads as key and value. Returns the line as a quoted string.
 */
function quotedCommand(context: WalkContext, node: YamlNode | undefined, schema: SchemaNode): string | undefined {
  const map = asMap(node);
  if (!map || map.flow || !schema.types?.includes('string')) return undefined;
  const source = context.config.text.slice(map.range[0], contentEnd(context.config.text, map));
  return /[\r\n]/.test(source) ? undefined : `'${source.replace(/'/g, "''")}'`;
}

function typeMessage(path: ConfigPath, schema: SchemaNode, kind: NodeKind, isUnquotedText: boolean): string {
  const expected = (schema.types ?? []).map((type) => TYPE_WORDS[type]).join(' or ');
  const found =
    kind === 'null'
      ? 'it is empty'
      : kind === 'unresolved alias'
        ? 'it is an alias to an unknown anchor'
        : `not ${kind === 'mapping' ? 'a mapping' : kind === 'list' ? 'a list' : `a ${kind}`}`;
  let advice = '';
  if (schema.types?.includes('object') && schema.properties) advice = ` Keys: ${listOfKeys([...schema.properties.keys()])}.`;
  else if (isUnquotedText) advice = ' YAML reads the ": " in this line as a key/value separator: put the whole text in quotes.';
  else if (schema.types?.includes('array') && schema.items?.types?.includes('string'))
    advice = ' Write each command on its own line starting with "- ".';
  else if (schema.types?.includes('array') && schema.items?.required) {
    advice = ` Write each entry on its own lines: ${schema.items.required.map((key, i) => `${i === 0 ? '"- ' : '"  '}${key}: …"`).join(', then ')}.`;
  }
  return `${path.length === 0 ? 'The file' : `\`${formatPath(path)}\``} must be ${expected}, ${found}.${advice}`;
}

function describePlace(path: ConfigPath): string {
  return path.length === 0 ? 'the top level' : `\`${formatPath(path)}\``;
}

export function listOfKeys(keys: readonly string[]): string {
  const quoted = keys.map((key) => `\`${key}\``);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

function report(context: WalkContext, rule: RuleId, range: Range, message: string, replacement?: string): void {
  context.diagnostics.push({ range, severity: 'error', rule, message, ...(replacement !== undefined ? { data: { replacement } } : {}) });
}
