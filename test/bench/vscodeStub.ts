// A do-nothing stand-in for the `vscode` module, so the extension bundle can be loaded and
// activated in plain Node to time activation. Every API returns something callable/iterable.
import Module from 'module';

function stub(name: string): any {
  const fn = function () {
    return stub(`${name}()`);
  };
  return new Proxy(fn, {
    get(_t, prop) {
      if (prop === 'then') {
        return undefined; // not a thenable, so `await stub` resolves to the stub itself
      }
      if (prop === Symbol.iterator) {
        return function* () {};
      }
      if (prop === Symbol.toPrimitive) {
        return () => '';
      }
      if (prop === 'event') {
        return () => ({ dispose() {} });
      }
      return stub(`${name}.${String(prop)}`);
    },
    set() {
      return true;
    },
    construct() {
      return stub(`new ${name}`);
    },
  });
}

/** The `vscode` module's top-level names (bundlers copy own keys, so they must be listed). */
const API_NAMES = [
  'window',
  'workspace',
  'commands',
  'env',
  'languages',
  'extensions',
  'debug',
  'tasks',
  'scm',
  'tests',
  'l10n',
  'authentication',
  'EventEmitter',
  'Disposable',
  'TreeItem',
  'ThemeIcon',
  'ThemeColor',
  'MarkdownString',
  'Uri',
  'Range',
  'Position',
  'Selection',
  'Diagnostic',
  'DiagnosticSeverity',
  'CompletionItem',
  'CompletionItemKind',
  'CompletionList',
  'Hover',
  'CodeAction',
  'CodeActionKind',
  'WorkspaceEdit',
  'TextEdit',
  'SnippetString',
  'StatusBarAlignment',
  'TreeItemCollapsibleState',
  'ConfigurationTarget',
  'ViewColumn',
  'ProgressLocation',
  'CancellationTokenSource',
  'CancellationError',
  'RelativePattern',
  'FileType',
  'QuickPickItemKind',
  'UIKind',
];

export function installVscodeStub(): void {
  const resolve = (Module as any)._resolveFilename;
  (Module as any)._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  (require as any).cache.vscode = {
    id: 'vscode',
    filename: 'vscode',
    loaded: true,
    exports: Object.fromEntries(API_NAMES.map((n) => [n, stub(n)])),
  };
}
