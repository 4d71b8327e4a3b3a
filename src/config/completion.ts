// Completion for apprunner.yaml: keys valid at the cursor (with their documentation) and values for
// enum-like keys. The place in the key tree is read from indentation, so that it works while the
// document is half-typed and does not parse into the final shape yet.
import { LineIndex } from './lineIndex';
import { runtimeInfo } from './runtimes';
import { documentationOf, schemaAt } from './schema';
import type { ConfigPath, SchemaNode } from './schema';
import type { Position, Range } from './types';
import { asMap, asScalar, parseConfig, resolveNode, valueOf } from './yamlTree';

export interface CompletionEntry {
  label: string;
  kind: 'key' | 'value';
  /** Short type summary shown beside the label. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** What to insert, in VS Code snippet syntax; `\t` stands for one indentation step. */
  insertSnippet: string;
  /** The typed prefix that the entry replaces. */
  replaceRange: Range;
  sortText: string;
}

/** A non-blank, non-comment line as far as block structure goes. */
interface LineShape {
  /** Column of the content after indentation and any `- ` item markers. */
  column: number;
  /** Column of the innermost `- ` marker, when the line starts a list item. */
  dashColumn?: number;
  key?: string;
  /** Whether the key has a value on the same line. */
  hasInlineValue: boolean;
}

const KEY_LINE = /^([A-Za-z0-9_.-][^:#]*?)\s*:(?:\s+(.*))?$/;

function shapeOf(line: string): LineShape | undefined {
  const indent = line.length - line.trimStart().length;
  let rest = line.slice(indent);
  if (rest === '' || rest.startsWith('#')) return undefined;
  let column = indent;
  let dashColumn: number | undefined;
  for (let marker = /^-(\s+|$)/.exec(rest); marker; marker = /^-(\s+|$)/.exec(rest)) {
    dashColumn = column;
    column += marker[0].length;
    rest = rest.slice(marker[0].length);
  }
  const keyMatch = KEY_LINE.exec(rest.replace(/\s+#.*$/, ''));
  const inline = keyMatch?.[2]?.trim() ?? '';
  return { column, dashColumn, key: keyMatch?.[1], hasInlineValue: inline !== '' && !inline.startsWith('#') };
}

/**
 * The path of the mapping whose keys sit at `column`, seen from line `lineNumber`, or undefined when
 * that place cannot hold keys (for example under a key that already has a value).
 */
function mappingPathAt(shapes: (LineShape | undefined)[], lineNumber: number, column: number, startsItem: boolean): ConfigPath | undefined {
  const path: ConfigPath = [];
  let line = lineNumber;
  let itemDashColumn = startsItem ? shapes[lineNumber]?.dashColumn : undefined;
  for (;;) {
    if (itemDashColumn === undefined) {
      // Is the mapping at `column` a list item? Look for its first key (on a `- ` line) or its parent.
      for (line -= 1; line >= 0; line--) {
        const shape = shapes[line];
        if (!shape || shape.column > column) continue;
        if (shape.column === column && shape.dashColumn !== undefined) itemDashColumn = shape.dashColumn;
        break;
      }
      if (line < 0) return path.reverse();
      if (itemDashColumn === undefined) {
        const parent = shapes[line]!;
        if (parent.column === column) continue;
        if (parent.key === undefined || parent.hasInlineValue) return undefined;
        path.push(parent.key);
        column = parent.column;
        // The parent line itself may be the first line of a list item.
        if (parent.dashColumn !== undefined) itemDashColumn = parent.dashColumn;
        continue;
      }
    }
    path.push(0);
    // The list's key: the nearest line above that is less indented, or a bare key at the dash's column.
    const dash = itemDashColumn;
    itemDashColumn = undefined;
    for (line -= 1; line >= 0; line--) {
      const shape = shapes[line];
      if (!shape) continue;
      if (shape.column < dash || (shape.column === dash && shape.dashColumn === undefined && shape.key !== undefined)) break;
    }
    if (line < 0) return undefined;
    const listKey = shapes[line]!;
    if (listKey.key === undefined || listKey.hasInlineValue) return undefined;
    path.push(listKey.key);
    column = listKey.column;
    if (listKey.dashColumn !== undefined) itemDashColumn = listKey.dashColumn;
  }
}

/** Keys already present in the mapping at `column` around `lineNumber`. */
function siblingKeys(shapes: (LineShape | undefined)[], lineNumber: number, column: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  if (!startsItem) {
    for (let line = lineNumber - 1; line >= 0; line--) {
      const shape = shapes[line];
      if (!shape || shape.column > column) continue;
      if (shape.column < column) break;
      if (shape.key !== undefined) keys.add(shape.key);
      if (shape.dashColumn !== undefined) break;
    }
  }
  for (let line = lineNumber + 1; line < shapes.length; line++) {
    const shape = shapes[line];
    if (!shape || shape.column > column) continue;
    if (shape.column < column || shape.dashColumn !== undefined) break;
    if (shape.key !== undefined) keys.add(shape.key);
  }
  return keys;
}

const KEY_PREFIX = /^(\s*)((?:-\s+)*)([A-Za-z0-9_-]*)$/;
const VALUE_PREFIX = /^(\s*)((?:-\s+)*)([A-Za-z0-9_-]+):(\s*)([^\s#'"]*)$/;

export function completeAt(text: string, position: Position): CompletionEntry[] {
  const lines = new LineIndex(text);
  if (position.line < 0 || position.line >= lines.lineCount) return [];
  const lineText = lines.lineText(position.line);
  const before = lineText.slice(0, Math.min(position.character, lineText.length));
  const shapes = Array.from({ length: lines.lineCount }, (_, line) => (line === position.line ? undefined : shapeOf(lines.lineText(line))));

  const keyMatch = KEY_PREFIX.exec(before);
  if (keyMatch) {
    const [, indent, dashes, partial] = keyMatch;
    const column = indent.length + dashes.length;
    const startsItem = dashes !== '';
    if (startsItem)
      shapes[position.line] = { column, dashColumn: indent.length + dashes.trimEnd().lastIndexOf('-'), hasInlineValue: false };
    const path = mappingPathAt(shapes, position.line, column, startsItem);
    if (!path) return [];
    const present = siblingKeys(shapes, position.line, column, startsItem);
    const replaceRange = {
      start: { line: position.line, character: column },
      end: { line: position.line, character: column + partial.length },
    };
    return keyEntries(schemaAt(path), present, replaceRange);
  }

  const valueMatch = VALUE_PREFIX.exec(before);
  if (valueMatch) {
    const [, indent, dashes, key, space, partial] = valueMatch;
    const column = indent.length + dashes.length;
    const startsItem = dashes !== '';
    if (startsItem)
      shapes[position.line] = { column, dashColumn: indent.length + dashes.trimEnd().lastIndexOf('-'), hasInlineValue: false };
    const path = mappingPathAt(shapes, position.line, column, startsItem);
    const schema = path ? schemaAt([...path, key]) : undefined;
    if (!path || !schema) return [];
    const start = before.length - partial.length;
    const replaceRange = { start: { line: position.line, character: start }, end: { line: position.line, character: before.length } };
    return valueEntries(schema, [...path, key], text, replaceRange, space === '' ? ' ' : '');
  }
  return [];
}

function keyEntries(parent: SchemaNode | undefined, present: Set<string>, replaceRange: Range): CompletionEntry[] {
  if (!parent?.properties) return [];
  const entries: CompletionEntry[] = [];
  let index = 0;
  for (const [key, schema] of parent.properties) {
    index++;
    if (present.has(key)) continue;
    entries.push({
      label: key,
      kind: 'key',
      detail: describeType(schema) + (parent.required?.includes(key) ? ' (required)' : ''),
      documentation: documentationOf(schema),
      insertSnippet: keySnippet(key, schema),
      replaceRange,
      sortText: String(index).padStart(2, '0'),
    });
  }
  return entries;
}

function keySnippet(key: string, schema: SchemaNode): string {
  if (schema.types?.includes('object')) return `${key}:\n\t$0`;
  if (schema.types?.includes('array')) {
    const item = schema.items;
    if (item?.types?.includes('object')) {
      const fields = (item.required ?? []).map((field, i) => `${field}: $${i + 1}`);
      return `${key}:\n\t- ${fields.join('\n\t  ')}`;
    }
    return `${key}:\n\t- $0`;
  }
  const choices = stringEnum(schema);
  if (choices.length === 1) return `${key}: ${escapeSnippet(choices[0])}`;
  if (choices.length > 1) return `${key}: \${1|${choices.map((c) => c.replace(/[,|\\$}]/g, '\\$&')).join(',')}|}`;
  if (schema.default !== undefined) return `${key}: \${1:${escapeSnippet(String(schema.default))}}`;
  return `${key}: $0`;
}

function valueEntries(schema: SchemaNode, path: ConfigPath, text: string, replaceRange: Range, prefix: string): CompletionEntry[] {
  const values: { value: string; documentation?: string }[] = stringEnum(schema).map((value) => ({
    value,
    documentation: schema.enumDescriptions?.[schema.enum!.indexOf(value)],
  }));
  if (schema.default !== undefined) values.push({ value: String(schema.default), documentation: 'Default.' });
  if (path.join('.') === 'run.runtime-version') {
    const runtime = documentRuntime(text);
    for (const version of runtime?.exampleVersions ?? []) {
      values.push({ value: version, documentation: `A ${runtime!.label} version from App Runner's release notes.` });
    }
  }
  return values.map(({ value, documentation }, index) => ({
    label: value,
    kind: 'value',
    detail: describeType(schema),
    documentation,
    insertSnippet: prefix + escapeSnippet(value),
    replaceRange,
    sortText: String(index).padStart(2, '0'),
  }));
}

function documentRuntime(text: string): ReturnType<typeof runtimeInfo> {
  const { document } = parseConfig(text);
  if (!document) return undefined;
  const runtime = asScalar(valueOf(asMap(resolveNode(document.contents, document)), 'runtime', document))?.value;
  return typeof runtime === 'string' ? runtimeInfo(runtime) : undefined;
}

function stringEnum(schema: SchemaNode): string[] {
  return (schema.enum ?? []).filter((value): value is string => typeof value === 'string');
}

function describeType(schema: SchemaNode): string {
  if (schema.types?.includes('object')) return 'mapping';
  if (schema.types?.includes('array')) {
    return schema.items?.types?.includes('object') ? `list of ${(schema.items.required ?? []).join('/')} entries` : 'list of commands';
  }
  return (schema.types ?? []).join(' or ');
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}
