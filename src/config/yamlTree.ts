// Parsing apprunner.yaml with the `yaml` package, keeping source offsets, plus small helpers over its nodes.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Pair, ParsedNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { LineIndex } from './lineIndex';
import type { Range } from './types';

export type YamlDocument = Document.Parsed;
export type YamlNode = ParsedNode;
export type YamlPair = Pair<ParsedNode, ParsedNode | null>;
export type YamlMap = YAMLMap.Parsed<ParsedNode, ParsedNode | null>;
export type YamlSeq = YAMLSeq.Parsed<ParsedNode>;
export type YamlScalar = Scalar.Parsed;

export interface ParsedConfig {
  text: string;
  lines: LineIndex;
  /** The first YAML document: the one App Runner reads. Undefined for an empty or comment-only file. */
  document: YamlDocument | undefined;
  /** Documents after a second `---`. */
  extraDocuments: YamlDocument[];
}

/** The last parse: diagnostics, hover, completion and quick fixes of an unchanged text share it. */
let lastParse: ParsedConfig | undefined;

/** Parses `text`; the result is shared with other callers, so it is read, never changed. */
export function parseConfig(text: string): ParsedConfig {
  if (lastParse?.text === text) return lastParse;
  const documents = Array.from(parseAllDocuments(text, { prettyErrors: false, uniqueKeys: true }));
  return (lastParse = { text, lines: new LineIndex(text), document: documents[0], extraDocuments: documents.slice(1) });
}

/** What a node holds, in the words users know from YAML. */
export type NodeKind = 'mapping' | 'list' | 'string' | 'number' | 'boolean' | 'null' | 'unresolved alias';

/**
 * Follows an alias (`*name`) to its anchored node; other nodes are returned as they are, and so is
 * an alias to an anchor that does not exist (its kind is 'unresolved alias').
 */
export function resolveNode(node: YamlNode | null | undefined, document: YamlDocument): YamlNode | undefined {
  if (node == null) return undefined;
  if (!isAlias(node)) return node;
  return (node.resolve(document) as YamlNode | undefined) ?? node;
}

export function kindOf(node: YamlNode | undefined): NodeKind {
  if (node === undefined) return 'null';
  if (isMap(node)) return 'mapping';
  if (isSeq(node)) return 'list';
  if (isAlias(node)) return 'unresolved alias';
  const value = (node as YamlScalar).value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

export function asMap(node: YamlNode | undefined): YamlMap | undefined {
  return node !== undefined && isMap(node) ? (node as YamlMap) : undefined;
}

export function asSeq(node: YamlNode | undefined): YamlSeq | undefined {
  return node !== undefined && isSeq(node) ? (node as YamlSeq) : undefined;
}

export function asScalar(node: YamlNode | undefined): YamlScalar | undefined {
  return node !== undefined && isScalar(node) ? (node as YamlScalar) : undefined;
}

/** The key's name when it is a plain string scalar (the only kind of key apprunner.yaml uses). */
export function keyName(pair: YamlPair): string | undefined {
  const key = pair.key as YamlNode | null;
  return key !== null && isScalar(key) && typeof key.value === 'string' ? key.value : undefined;
}

export function findPair(map: YamlMap | undefined, name: string): YamlPair | undefined {
  return map?.items.find((pair) => keyName(pair) === name);
}

/** The value under `name` in `map`, aliases followed. */
export function valueOf(map: YamlMap | undefined, name: string, document: YamlDocument): YamlNode | undefined {
  const pair = findPair(map, name);
  return pair ? resolveNode(pair.value, document) : undefined;
}

/** The scalar's text as the user typed it (plain scalars), or its string value (quoted and block scalars). */
export function scalarText(text: string, scalar: YamlScalar): string {
  if (scalar.type === 'PLAIN') return text.slice(scalar.range[0], scalar.range[1]);
  return scalar.value === null || scalar.value === undefined ? '' : String(scalar.value);
}

/** The scalar's value as a string, for scalars whose value is a string, number or boolean. */
export function scalarString(scalar: YamlScalar | undefined): string | undefined {
  const value = scalar?.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** The source range of a node, without trailing comments and line breaks. */
export function nodeRange(config: ParsedConfig, node: YamlNode): Range {
  return config.lines.rangeOf(node.range[0], contentEnd(config.text, node));
}

/** Where a node's own text ends: block collections' ranges run on over the final line break. */
export function contentEnd(text: string, node: YamlNode): number {
  let end = node.range[1];
  while (end > node.range[0] && /\s/.test(text[end - 1])) end--;
  return end;
}

export function isEmptyNode(node: YamlNode | null | undefined): boolean {
  return node == null || node.range[0] === node.range[1];
}
