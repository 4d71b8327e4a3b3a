// VS Code adapter for apprunner.yaml: diagnostics, completion, hover, quick fixes and the
// "Create apprunner.yaml" command. It only turns core results into VS Code objects.
import vscode = require('vscode');
import type { Ui } from '../ui/ui';
import type { ConfigDiagnostic, Range, Severity } from './types';

type ConfigCore = typeof import('./core');
type CreateConfigFile = typeof import('./createConfigFile');
let loadedCore: ConfigCore | undefined;

/** The YAML parser and the schema load with the first apprunner.yaml, not at activation. */
function core(): ConfigCore {
  // esbuild maps './core' to the separate bundle './config.js' (see scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loadedCore ??= require('./core') as ConfigCore;
  return loadedCore;
}

const DIAGNOSTIC_SOURCE = 'apprunner';
const VALIDATION_DELAY_MS = 150;
const CONFIG_FILE_NAME = /(^|\/)apprunner\.ya?ml$/;
const SELECTOR: vscode.DocumentSelector = [{ language: 'yaml', pattern: '**/apprunner.{yaml,yml}' }];

export function registerConfigFeatures(context: vscode.ExtensionContext, ui: Ui): void {
  const validation = new DocumentValidation();
  context.subscriptions.push(
    validation,
    vscode.workspace.onDidOpenTextDocument((document) => validation.schedule(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) validation.schedule(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => validation.forget(document)),
    // Installing or removing the Red Hat YAML extension, or switching its validation, changes what we publish.
    vscode.extensions.onDidChange(() => validation.revalidateOpen()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('yaml.validate')) validation.revalidateOpen();
    }),
    vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems }, ':'),
    vscode.languages.registerHoverProvider(SELECTOR, { provideHover }),
    vscode.languages.registerCodeActionsProvider(
      SELECTOR,
      { provideCodeActions: (document, _range, actionContext) => provideCodeActions(validation, document, actionContext) },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.commands.registerCommand('apprunner.createConfigFile', (folder?: vscode.Uri, runtime?: string) =>
      // esbuild maps './createConfigFile' to the separate bundle './createConfig.js' (see scripts/build.mjs).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      (require('./createConfigFile') as CreateConfigFile).createConfigFile(ui, folder, runtime),
    ),
  );
  // Already open files are validated after the usual delay, so that registration itself stays cheap.
  for (const document of vscode.workspace.textDocuments) validation.schedule(document);
}

function isConfigDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'yaml' && CONFIG_FILE_NAME.test(document.uri.path);
}

/** Debounced validation per document, with the latest core diagnostics kept for quick fixes. */
class DocumentValidation implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly results = new Map<string, { version: number; diagnostics: ConfigDiagnostic[] }>();

  /** Made with the first apprunner.yaml validated. */
  private diagnostics?: vscode.DiagnosticCollection;

  private get collection(): vscode.DiagnosticCollection {
    return (this.diagnostics ??= vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE));
  }

  schedule(document: vscode.TextDocument): void {
    if (!isConfigDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) this.validate(document);
      }, VALIDATION_DELAY_MS),
    );
  }

  /** Core diagnostics for the document's current text, validating now if the last run is stale. */
  diagnosticsOf(document: vscode.TextDocument): ConfigDiagnostic[] {
    const result = this.results.get(document.uri.toString());
    return result?.version === document.version ? result.diagnostics : this.validate(document);
  }

  revalidateOpen(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.results.delete(key);
    this.diagnostics?.delete(document.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.results.clear();
    this.diagnostics?.dispose();
  }

  private validate(document: vscode.TextDocument): ConfigDiagnostic[] {
    const diagnostics = core().validateConfig(document.getText(), { fileName: document.uri.path });
    this.results.set(document.uri.toString(), { version: document.version, diagnostics });
    const published = core().diagnosticsToPublish(diagnostics, { redHatYamlValidates: redHatYamlValidates() });
    this.collection.set(document.uri, published.map(toVsDiagnostic));
    return diagnostics;
  }
}

const RED_HAT_YAML = 'redhat.vscode-yaml';

function redHatYamlValidates(): boolean {
  return (
    vscode.extensions.getExtension(RED_HAT_YAML) !== undefined && vscode.workspace.getConfiguration('yaml').get<boolean>('validate', true)
  );
}

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toVsDiagnostic(diagnostic: ConfigDiagnostic): vscode.Diagnostic {
  const result = new vscode.Diagnostic(toVsRange(diagnostic.range), diagnostic.message, SEVERITIES[diagnostic.severity]);
  result.source = DIAGNOSTIC_SOURCE;
  result.code = diagnostic.rule;
  return result;
}

function toVsRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

function provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
  return core()
    .completeAt(document.getText(), position)
    .map((entry) => {
      const item = new vscode.CompletionItem(
        entry.label,
        entry.kind === 'key' ? vscode.CompletionItemKind.Property : vscode.CompletionItemKind.Value,
      );
      item.detail = entry.detail;
      if (entry.documentation !== undefined) item.documentation = new vscode.MarkdownString(entry.documentation);
      item.insertText = new vscode.SnippetString(entry.insertSnippet);
      item.range = toVsRange(entry.replaceRange);
      item.sortText = entry.sortText;
      return item;
    });
}

function provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const hover = core().hoverAt(document.getText(), position);
  return hover && new vscode.Hover(new vscode.MarkdownString(hover.markdown), toVsRange(hover.range));
}

function provideCodeActions(
  validation: DocumentValidation,
  document: vscode.TextDocument,
  context: vscode.CodeActionContext,
): vscode.CodeAction[] {
  const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
  if (ours.length === 0) return [];
  const current = validation.diagnosticsOf(document);
  const text = document.getText();
  const actions: vscode.CodeAction[] = [];
  for (const shown of ours) {
    // Diagnostics come back from the editor as copies: match them to the core's by rule, range and message.
    const diagnostic = current.find(
      (candidate) =>
        candidate.rule === shown.code && candidate.message === shown.message && toVsRange(candidate.range).isEqual(shown.range),
    );
    if (!diagnostic) continue;
    for (const fix of core().quickFixesFor(text, diagnostic)) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [shown];
      action.isPreferred = fix.isPreferred;
      action.edit = new vscode.WorkspaceEdit();
      for (const edit of fix.edits) action.edit.replace(document.uri, toVsRange(edit.range), edit.newText);
      actions.push(action);
    }
  }
  return actions;
}
