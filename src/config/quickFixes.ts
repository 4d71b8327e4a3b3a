// Quick fixes for validator diagnostics, as text edits on the document's text.
import { runtimeInfo } from './runtimes';
import type { ConfigDiagnostic, Range, TextEdit } from './types';
import { asMap, asScalar, asSeq, findPair, parseConfig, resolveNode, valueOf } from './yamlTree';
import type { ParsedConfig, YamlMap, YamlNode, YamlPair } from './yamlTree';

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply when the user asks for "the" fix. */
  isPreferred: boolean;
}

/** A reference to fill in: it fails validation until the user names the real secret. */
export const SECRET_REFERENCE_PLACEHOLDER = 'arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:NAME';

export function quickFixesFor(text: string, diagnostic: ConfigDiagnostic): QuickFix[] {
  const replacement = diagnostic.data?.replacement;
  switch (diagnostic.rule) {
    case 'unknown-key':
    case 'underscore-key':
    case 'enum':
      return replacement !== undefined ? [replaceFix(`Change to \`${replacement}\``, diagnostic.range, replacement)] : [];
    case 'type':
      return replacement !== undefined ? [replaceFix('Put the text in quotes', diagnostic.range, replacement)] : [];
    case 'version':
      return replacement !== undefined ? [replaceFix(`Change to \`version: ${replacement}\``, diagnostic.range, replacement)] : [];
    case 'pre-run-original-build':
      return preRunFixes(parseConfig(text));
    case 'secret-in-env':
      return moveToSecretsFix(parseConfig(text), diagnostic.range);
    default:
      return [];
  }
}

function replaceFix(title: string, range: Range, newText: string): QuickFix {
  return { title, edits: [{ range, newText }], isPreferred: true };
}

interface Located {
  config: ParsedConfig;
  root: YamlMap;
  run: YamlMap;
}

function locateRun(config: ParsedConfig): Located | undefined {
  const { document } = config;
  if (!document) return undefined;
  const root = asMap(resolveNode(document.contents, document));
  const run = asMap(valueOf(root, 'run', document));
  return root && run ? { config, root, run } : undefined;
}

function preRunFixes(config: ParsedConfig): QuickFix[] {
  const located = locateRun(config);
  const preRun = located && findPair(located.run, 'pre-run');
  if (!located || !preRun) return [];
  const fixes: QuickFix[] = [];
  if (!located.run.flow) {
    fixes.push({ title: 'Remove `pre-run`', edits: mergeEdits(config, removePairEdit(config, preRun)), isPreferred: true });
  }
  const runtimeNode = asScalar(valueOf(located.root, 'runtime', config.document!));
  const alternative = typeof runtimeNode?.value === 'string' ? runtimeInfo(runtimeNode.value)?.revisedAlternative : undefined;
  if (runtimeNode && alternative) {
    fixes.push({
      title: `Switch the runtime to \`${alternative}\` (revised build, supports \`pre-run\`)`,
      edits: [{ range: config.lines.rangeOf(runtimeNode.range[0], runtimeNode.range[1]), newText: alternative }],
      isPreferred: false,
    });
  }
  return fixes;
}

/**
 * Replaces a `run.env` entry whose value looks like a secret with a `run.secrets` entry of the same
 * name. Only block-style lists are rewritten; flow style (`[{…}]`) gets no fix.
 */
function moveToSecretsFix(config: ParsedConfig, valueRange: Range): QuickFix[] {
  const located = locateRun(config);
  if (!located || located.run.flow) return [];
  const document = config.document!;
  const envPair = findPair(located.run, 'env');
  const env = asSeq(resolveNode(envPair?.value, document));
  if (!envPair || !env || env.flow) return [];
  const offset = config.lines.offsetAt(valueRange.start);
  const item = env.items
    .map((node) => asMap(resolveNode(node, document)))
    .find((map) => map && map.range[0] <= offset && offset <= map.range[1]);
  const name = asScalar(valueOf(item, 'name', document))?.value;
  if (!item || typeof name !== 'string' || item.flow) return [];

  const removal = env.items.length === 1 ? removePairEdit(config, envPair) : removeItemEdit(config, item);
  const insertion = secretInsertion(config, located.run, name);
  if (!insertion) return [];
  return [
    {
      title: `Move \`${name}\` to \`run.secrets\` (then store the value in Secrets Manager)`,
      edits: mergeEdits(config, removal, insertion),
      isPreferred: true,
    },
  ];
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** A new `- name/value-from` entry appended to run.secrets, creating the key at the end of `run` when needed. */
function secretInsertion(config: ParsedConfig, run: YamlMap, name: string): OffsetEdit | undefined {
  const document = config.document!;
  const eol = config.text.includes('\r\n') ? '\r\n' : '\n';
  const secretsPair = findPair(run, 'secrets');
  const secrets = asSeq(resolveNode(secretsPair?.value, document));
  if (secretsPair && secrets && !secrets.flow && secrets.items.length > 0) {
    const last = secrets.items[secrets.items.length - 1];
    const dash = ' '.repeat(lineIndent(config, last.range[0]));
    const at = endOfNodeLine(config, last);
    const lead = at === config.text.length && !config.text.endsWith('\n') ? eol : '';
    return {
      start: at,
      end: at,
      newText: `${lead}${dash}- name: ${name}${eol}${dash}  value-from: "${SECRET_REFERENCE_PLACEHOLDER}"${eol}`,
    };
  }
  if (secretsPair) return undefined;
  const keyIndent = ' '.repeat(lineIndent(config, (run.items[0].key as YamlNode).range[0]));
  const lastPair = run.items[run.items.length - 1];
  const at = endOfNodeLine(config, (lastPair.value ?? lastPair.key) as YamlNode);
  const lead = at === config.text.length && !config.text.endsWith('\n') ? eol : '';
  return {
    start: at,
    end: at,
    newText: `${lead}${keyIndent}secrets:${eol}${keyIndent}  - name: ${name}${eol}${keyIndent}    value-from: "${SECRET_REFERENCE_PLACEHOLDER}"${eol}`,
  };
}

/** Deletes a block-style `key: value` pair with all its lines. */
function removePairEdit(config: ParsedConfig, pair: YamlPair): OffsetEdit {
  const key = pair.key as YamlNode;
  const start = config.lines.lineStart(config.lines.positionAt(key.range[0]).line);
  return { start, end: endOfNodeLine(config, (pair.value ?? key) as YamlNode), newText: '' };
}

/** Deletes a block-style list item (`- name: …` and its following lines). */
function removeItemEdit(config: ParsedConfig, item: YamlMap): OffsetEdit {
  const start = config.lines.lineStart(config.lines.positionAt(item.range[0]).line);
  return { start, end: endOfNodeLine(config, item), newText: '' };
}

/** The offset just after the line break that ends a node's last line (or the end of the text). */
function endOfNodeLine(config: ParsedConfig, node: YamlNode): number {
  const { line } = config.lines.positionAt(Math.max(node.range[0], node.range[1] - 1));
  return line + 1 < config.lines.lineCount ? config.lines.lineStart(line + 1) : config.text.length;
}

function lineIndent(config: ParsedConfig, offset: number): number {
  const text = config.lines.lineText(config.lines.positionAt(offset).line);
  return text.length - text.trimStart().length;
}

/** Offsets to ranges; touching edits are merged into one, because editors reject overlapping edits. */
function mergeEdits(config: ParsedConfig, ...edits: OffsetEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const merged: OffsetEdit[] = [];
  for (const edit of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && previous.end >= edit.start) {
      previous.newText += config.text.slice(previous.end, edit.start) + edit.newText;
      previous.end = Math.max(previous.end, edit.end);
    } else {
      merged.push({ ...edit });
    }
  }
  return merged.map((edit) => ({ range: config.lines.rangeOf(edit.start, edit.end), newText: edit.newText }));
}
