// Hover for apprunner.yaml: the schema's documentation of the key (or value) under the cursor.
import { documentationOf, formatPath, schemaAt } from './schema';
import type { ConfigPath } from './schema';
import type { Position, Range } from './types';
import { asMap, asSeq, keyName, nodeRange, parseConfig } from './yamlTree';
import type { YamlNode } from './yamlTree';

export interface HoverResult {
  /** Markdown. */
  markdown: string;
  range: Range;
}

interface Target {
  path: ConfigPath;
  node: YamlNode;
  isKey: boolean;
}

export function hoverAt(text: string, position: Position): HoverResult | undefined {
  const config = parseConfig(text);
  const { document } = config;
  if (!document) return undefined;
  const offset = config.lines.offsetAt(position);
  const target = findTarget(document.contents ?? undefined, [], offset);
  if (!target) return undefined;
  const schema = schemaAt(target.path);
  const documentation = schema ? documentationOf(schema) : undefined;
  if (!schema || documentation === undefined) return undefined;
  const parts = [`**${formatPath(target.path)}**`, documentation];
  const value = target.isKey ? undefined : (target.node as { value?: unknown }).value;
  const valueIndex = schema.enum && value !== undefined ? schema.enum.indexOf(value) : -1;
  if (valueIndex >= 0 && schema.enumDescriptions?.[valueIndex]) {
    parts.splice(1, 0, `\`${String(value)}\`: ${schema.enumDescriptions[valueIndex]}`);
  }
  return { markdown: parts.join('\n\n'), range: nodeRange(config, target.node) };
}

function findTarget(node: YamlNode | undefined, path: ConfigPath, offset: number): Target | undefined {
  if (!node || !contains(node, offset)) return undefined;
  const map = asMap(node);
  if (map) {
    for (const pair of map.items) {
      const name = keyName(pair);
      const key = pair.key as YamlNode | null;
      if (name === undefined || key === null) continue;
      if (contains(key, offset)) return { path: [...path, name], node: key, isKey: true };
      const found = findTarget(pair.value ?? undefined, [...path, name], offset);
      if (found) return found;
    }
    return undefined;
  }
  const seq = asSeq(node);
  if (seq) {
    for (const [index, item] of seq.items.entries()) {
      const found = findTarget(item, [...path, index], offset);
      if (found) return found;
    }
    return undefined;
  }
  return { path, node, isKey: false };
}

/** Inclusive at the end, so that a cursor just after a word still hovers it. */
function contains(node: YamlNode, offset: number): boolean {
  return node.range[0] <= offset && offset <= node.range[1];
}
