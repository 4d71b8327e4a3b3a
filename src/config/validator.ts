// Validates apprunner.yaml text: YAML syntax, the JSON Schema, then the rules beside it.
import { runRules } from './rules';
import { rootSchema } from './schema';
import { listOfKeys, validateAgainstSchema } from './schemaValidation';
import type { ConfigDiagnostic, Range } from './types';
import { asMap, kindOf, parseConfig, resolveNode } from './yamlTree';
import type { ParsedConfig } from './yamlTree';

export interface ValidateOptions {
  /** File name or path; `apprunner.yml` gets a hint that App Runner looks for `apprunner.yaml`. */
  fileName?: string;
  /** The date against which end of support is judged; today by default. */
  now?: Date;
}

export function validateConfig(text: string, options: ValidateOptions = {}): ConfigDiagnostic[] {
  const config = parseConfig(text);
  const diagnostics: ConfigDiagnostic[] = [];
  if (options.fileName !== undefined && /(^|[/\\])apprunner\.yml$/.test(options.fileName)) {
    diagnostics.push({
      range: firstLine(config),
      severity: 'info',
      rule: 'yml-extension',
      message:
        'App Runner looks for a file named apprunner.yaml (with .yaml); it may not read apprunner.yml. Rename the file to apprunner.yaml.',
    });
  }
  diagnostics.push(...syntaxDiagnostics(config));
  const { document } = config;
  const content = document ? resolveNode(document.contents, document) : undefined;
  if (document && content !== undefined && kindOf(content) !== 'null') {
    diagnostics.push(...validateAgainstSchema(config, document, content, rootSchema()));
    const root = asMap(content);
    if (root) diagnostics.push(...runRules(config, document, root, options.now ?? new Date()));
  } else {
    diagnostics.push(emptyFileDiagnostic(config));
  }
  for (const extra of config.extraDocuments) {
    if (kindOf(resolveNode(extra.contents, extra)) === 'null') continue;
    diagnostics.push({
      range: markerLine(config, extra.range[0]),
      severity: 'warning',
      rule: 'multiple-documents',
      message: 'App Runner reads one YAML document; this second document (after `---`) is not part of the configuration.',
    });
  }
  return diagnostics.sort(byPosition);
}

function emptyFileDiagnostic(config: ParsedConfig): ConfigDiagnostic {
  const required = rootSchema().required ?? [];
  return {
    range: firstLine(config),
    severity: 'error',
    rule: 'required',
    message: `The file has no settings: App Runner needs ${listOfKeys(required)}.`,
  };
}

const KEY_TEXT = /^("[^"\n]*"|'[^'\n]*'|[^\s:#][^:#\n]*?)(?=\s*:)/;

/** Errors and warnings of the YAML parser, for every document in the file. */
function syntaxDiagnostics(config: ParsedConfig): ConfigDiagnostic[] {
  const documents = config.document ? [config.document, ...config.extraDocuments] : config.extraDocuments;
  const diagnostics: ConfigDiagnostic[] = [];
  for (const document of documents) {
    for (const [problems, severity] of [
      [document.errors, 'error'],
      [document.warnings, 'warning'],
    ] as const) {
      for (const problem of problems) {
        const [start, end] = problem.pos;
        // The parser marks the first character of a duplicate key; the whole key is clearer.
        const duplicateKey = problem.code === 'DUPLICATE_KEY' ? KEY_TEXT.exec(config.text.slice(start))?.[0] : undefined;
        diagnostics.push(
          duplicateKey !== undefined
            ? {
                range: config.lines.rangeOf(start, start + duplicateKey.length),
                severity,
                rule: 'yaml-syntax',
                message: `Duplicate key \`${duplicateKey}\`: YAML keeps only one of the values.`,
              }
            : { range: config.lines.rangeOf(start, end), severity, rule: 'yaml-syntax', message: `YAML: ${problem.message}` },
        );
      }
    }
  }
  return diagnostics;
}

function firstLine(config: ParsedConfig): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: config.lines.lineText(0).length } };
}

function markerLine(config: ParsedConfig, offset: number): Range {
  const { line } = config.lines.positionAt(offset);
  return { start: { line, character: 0 }, end: { line, character: config.lines.lineText(line).length } };
}

function byPosition(a: ConfigDiagnostic, b: ConfigDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
