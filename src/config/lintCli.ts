// apprunner-lint: checks apprunner.yaml files from the command line (bundled as dist/lint.js).
import { readFileSync } from 'node:fs';
import { forTerminal } from '../shared/untrusted';
import type { ConfigDiagnostic } from './types';
import { validateConfig } from './validator';

const USAGE = `Usage: apprunner-lint [--format text|json] FILE...

Checks AWS App Runner configuration files (apprunner.yaml).
Prints one line per problem: FILE:LINE:COLUMN: SEVERITY: MESSAGE [RULE]
(lines and columns start at 1). With --format json, prints one JSON document.

Exit status: 0 when no file has errors (warnings and infos are allowed),
1 when some file has errors, 2 on a usage error or an unreadable file.`;

const EXIT_OK = 0;
const EXIT_ERRORS = 1;
const EXIT_USAGE = 2;

interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
}

interface FileReport {
  file: string;
  diagnostics?: ConfigDiagnostic[];
  readError?: string;
}

function runLint(args: readonly string[], output: Output, now: Date = new Date()): number {
  const parsed = parseArguments(args);
  if ('help' in parsed) {
    output.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if ('usageError' in parsed) {
    output.stderr(`apprunner-lint: ${parsed.usageError}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const reports: FileReport[] = parsed.files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return { file, readError: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message };
    }
    // Editors hide a UTF-8 byte order mark; so do the reported columns.
    return { file, diagnostics: validateConfig(text.replace(/^\uFEFF/, ''), { fileName: file, now }) };
  });
  if (parsed.format === 'json') output.stdout(`${JSON.stringify(toJson(reports), null, 2)}\n`);
  else
    output.stdout(
      reports
        .flatMap(textLines)
        .map((line) => `${line}\n`)
        .join(''),
    );
  for (const report of reports) {
    if (report.readError !== undefined)
      output.stderr(`apprunner-lint: cannot read ${forTerminal(report.file)}: ${forTerminal(report.readError)}\n`);
  }
  if (reports.some((report) => report.readError !== undefined)) return EXIT_USAGE;
  return reports.some((report) => report.diagnostics?.some((d) => d.severity === 'error')) ? EXIT_ERRORS : EXIT_OK;
}

type ParsedArguments = { files: string[]; format: 'text' | 'json' } | { help: true } | { usageError: string };

function parseArguments(args: readonly string[]): ParsedArguments {
  const files: string[] = [];
  let format: 'text' | 'json' = 'text';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return { help: true };
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json') return { usageError: `--format takes text or json, not ${value ?? 'nothing'}` };
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return { usageError: `unknown option ${arg}` };
    } else {
      files.push(arg);
    }
  }
  return files.length === 0 ? { usageError: 'no files given' } : { files, format };
}

/** One line per problem; what is quoted from the file (or its name) cannot forge a line or reach the terminal as an escape sequence. */
function textLines(report: FileReport): string[] {
  const file = forTerminal(report.file);
  return (report.diagnostics ?? []).map(
    (d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${forTerminal(d.message)} [${d.rule}]`,
  );
}

function toJson(reports: FileReport[]): object {
  const all = reports.flatMap((report) => report.diagnostics ?? []);
  const count = (severity: ConfigDiagnostic['severity']): number => all.filter((d) => d.severity === severity).length;
  return {
    files: reports.map((report) =>
      report.readError !== undefined
        ? { file: report.file, error: report.readError }
        : {
            file: report.file,
            diagnostics: report.diagnostics!.map((d) => ({
              line: d.range.start.line + 1,
              column: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
              severity: d.severity,
              message: d.message,
              rule: d.rule,
            })),
          },
    ),
    errorCount: count('error'),
    warningCount: count('warning'),
    infoCount: count('info'),
  };
}

process.exitCode = runLint(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
