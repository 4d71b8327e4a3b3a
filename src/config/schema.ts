// The apprunner.yaml JSON Schema (schemas/apprunner.schema.json) as a resolved tree for the
// validator, completion and hover. The JSON is bundled; it is resolved on first use, not at activation.
import schemaJson from '../../schemas/apprunner.schema.json';

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** One schema node with `$ref` resolved; only the keywords the schema uses. */
export interface SchemaNode {
  description?: string;
  markdownDescription?: string;
  types?: JsonType[];
  properties?: Map<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean;
  items?: SchemaNode;
  enum?: unknown[];
  enumDescriptions?: string[];
  pattern?: RegExp;
  patternErrorMessage?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
}

/** The keywords the resolver understands; a schema test keeps the JSON within them. */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema',
  '$id',
  '$ref',
  'title',
  'definitions',
  'description',
  'markdownDescription',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'enumDescriptions',
  'pattern',
  'patternErrorMessage',
  'minLength',
  'minimum',
  'maximum',
  'default',
]);

type RawSchema = Record<string, unknown>;

/** The JSON as published; also what the editor's YAML extension reads. */
export const rawSchema: RawSchema = schemaJson as RawSchema;

let resolvedRoot: SchemaNode | undefined;

export function rootSchema(): SchemaNode {
  resolvedRoot ??= resolve(rawSchema, rawSchema);
  return resolvedRoot;
}

function resolve(raw: RawSchema, root: RawSchema): SchemaNode {
  // Keywords beside `$ref` override the referenced ones (descriptions per use), as the VS Code JSON
  // and YAML language services do.
  const merged: RawSchema = typeof raw.$ref === 'string' ? { ...lookUpRef(raw.$ref, root), ...raw } : raw;
  const node: SchemaNode = {};
  if (typeof merged.description === 'string') node.description = merged.description;
  if (typeof merged.markdownDescription === 'string') node.markdownDescription = merged.markdownDescription;
  if (merged.type !== undefined) node.types = (Array.isArray(merged.type) ? merged.type : [merged.type]) as JsonType[];
  if (isRecord(merged.properties)) {
    node.properties = new Map(Object.entries(merged.properties).map(([key, child]) => [key, resolve(child as RawSchema, root)]));
  }
  if (Array.isArray(merged.required)) node.required = merged.required as string[];
  if (typeof merged.additionalProperties === 'boolean') node.additionalProperties = merged.additionalProperties;
  if (isRecord(merged.items)) node.items = resolve(merged.items, root);
  if (Array.isArray(merged.enum)) node.enum = merged.enum;
  if (Array.isArray(merged.enumDescriptions)) node.enumDescriptions = merged.enumDescriptions as string[];
  if (typeof merged.pattern === 'string') node.pattern = new RegExp(merged.pattern, 'u');
  if (typeof merged.patternErrorMessage === 'string') node.patternErrorMessage = merged.patternErrorMessage;
  if (typeof merged.minLength === 'number') node.minLength = merged.minLength;
  if (typeof merged.minimum === 'number') node.minimum = merged.minimum;
  if (typeof merged.maximum === 'number') node.maximum = merged.maximum;
  if ('default' in merged) node.default = merged.default;
  return node;
}

function lookUpRef(ref: string, root: RawSchema): RawSchema {
  if (!ref.startsWith('#/')) throw new Error(`Unsupported $ref ${ref}: only local references are used`);
  let target: unknown = root;
  for (const segment of ref.slice(2).split('/')) {
    target = isRecord(target) ? target[segment] : undefined;
  }
  if (!isRecord(target)) throw new Error(`Unresolvable $ref ${ref}`);
  const { $ref: nested, ...rest } = target;
  return typeof nested === 'string' ? { ...lookUpRef(nested, root), ...rest } : target;
}

function isRecord(value: unknown): value is RawSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A path into the configuration: mapping keys and list indexes. */
export type ConfigPath = (string | number)[];

/** The schema that applies at `path`, or undefined where the schema allows nothing. */
export function schemaAt(path: ConfigPath): SchemaNode | undefined {
  let node: SchemaNode | undefined = rootSchema();
  for (const segment of path) {
    node = typeof segment === 'number' ? node?.items : node?.properties?.get(segment);
    if (node === undefined) return undefined;
  }
  return node;
}

/** `run.env[0].name`, the way messages name a place in the file. */
export function formatPath(path: ConfigPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

let keyParents: Map<string, string[]> | undefined;

/** For each key the schema defines anywhere, the mappings where it belongs (`run`, `build.commands`, `(top level)`). */
export function placesOfKey(key: string): string[] {
  if (keyParents === undefined) {
    keyParents = new Map();
    const visit = (node: SchemaNode, path: ConfigPath): void => {
      for (const [name, child] of node.properties ?? []) {
        const places = keyParents!.get(name) ?? [];
        places.push(path.length === 0 ? '(top level)' : formatPath(path).replace(/\[\d+\]/g, '[]'));
        keyParents!.set(name, places);
        visit(child, [...path, name]);
      }
      if (node.items) visit(node.items, [...path, 0]);
    };
    visit(rootSchema(), []);
  }
  return keyParents.get(key) ?? [];
}

/** The description shown in hovers and completion documentation. */
export function documentationOf(node: SchemaNode): string | undefined {
  return node.markdownDescription ?? node.description;
}
