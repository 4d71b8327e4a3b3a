// Editor-neutral shapes shared by the apprunner.yaml core and its adapters (VS Code, CLI).
// Lines and characters are 0-based; characters count UTF-16 code units, as VS Code does.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** Every rule the validator can report; the id is shown to users and used to pick quick fixes. */
export type RuleId =
  | 'yaml-syntax'
  | 'multiple-documents'
  | 'unknown-key'
  | 'underscore-key'
  | 'type'
  | 'required'
  | 'enum'
  | 'pattern'
  | 'range'
  | 'version'
  | 'runtime-end-of-support'
  | 'runtime-version'
  | 'runtime-version-unreleased'
  | 'pre-run-original-build'
  | 'env-redefines-port'
  | 'duplicate-env-name'
  | 'secret-value-from'
  | 'secret-in-env'
  | 'yml-extension';

/** Extra facts a quick fix needs; present only on the diagnostics that have a fix. */
export interface DiagnosticData {
  /** The key or value that should replace the text at the diagnostic's range. */
  replacement?: string;
}

export interface ConfigDiagnostic {
  range: Range;
  severity: Severity;
  message: string;
  rule: RuleId;
  data?: DiagnosticData;
}

export interface TextEdit {
  range: Range;
  newText: string;
}
