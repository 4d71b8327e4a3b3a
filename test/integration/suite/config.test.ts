// apprunner.yaml language features inside a real VS Code: diagnostics, completion, hover, quick
// fixes and the "Create apprunner.yaml" command. Uses only the config files of the test workspace
// (test/fixtures/workspace/config/), which the runner copies to a temporary folder.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { api, waitFor, withScript } from './helpers';

const SOURCE = 'apprunner';
/** The adapter waits 150 ms after a change; allow for a slow, busy machine. */
const DIAGNOSTICS_TIMEOUT_MS = 10000;

function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

async function open(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  await vscode.window.showTextDocument(document);
  assert.strictEqual(document.languageId, 'yaml', `${relativePath} did not open as YAML`);
  return document;
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE);
}

/** `code severity line:col-line:col` (1-based), for readable comparisons. */
function describeDiagnostic(diagnostic: vscode.Diagnostic): string {
  const { start, end } = diagnostic.range;
  return `${String(diagnostic.code)} ${vscode.DiagnosticSeverity[diagnostic.severity]} ${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/** Waits until our diagnostics for `uri` are exactly `expected` (as produced by describeDiagnostic). */
async function diagnosticsBecome(uri: vscode.Uri, expected: string[]): Promise<void> {
  let last: string[] = [];
  try {
    await waitFor(
      `diagnostics of ${uri.path}`,
      () => {
        last = ours(uri).map(describeDiagnostic);
        return JSON.stringify(last) === JSON.stringify(expected);
      },
      DIAGNOSTICS_TIMEOUT_MS,
      50,
    );
  } catch (error) {
    assert.deepStrictEqual(last, expected, (error as Error).message);
  }
}

/**
 * Puts the file's text back and saves it, which leaves it as it is on disk. Not the Revert command:
 * after a language change, code-server sometimes reverts another model than the document's.
 */
async function revert(document: vscode.TextDocument, original: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save(), 'the restored file did not save');
  assert.strictEqual(document.getText(), original);
  assert.strictEqual(document.isDirty, false);
}

const BAD_FILE_DIAGNOSTICS = [
  'enum Error 2:10-2:18',
  'underscore-key Error 5:5-5:14',
  'unknown-key Error 10:3-10:9',
  'secret-in-env Warning 13:14-13:21',
  'env-redefines-port Warning 14:13-14:17',
];

suite('apprunner.yaml language features', () => {
  suiteSetup(async () => {
    await api();
  });

  suiteTeardown(async () => {
    // A failed test may leave an edited document behind; closing it must not wait for a save dialog.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('an invalid file shows diagnostics at the offending keys and values', async () => {
    const document = await open('config/bad/apprunner.yaml');
    await diagnosticsBecome(document.uri, BAD_FILE_DIAGNOSTICS);
    const [runtime] = ours(document.uri);
    assert.match(runtime.message, /`nodejs20` is not a valid value for `runtime`\. Did you mean `nodejs22`\?/);
  });

  test('diagnostics follow edits (debounced) and leave with the document', async () => {
    const document = await open('config/bad/apprunner.yaml');
    const original = document.getText();
    await diagnosticsBecome(document.uri, BAD_FILE_DIAGNOSTICS);

    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(1, 9, 1, 17), 'nodejs22');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await diagnosticsBecome(document.uri, BAD_FILE_DIAGNOSTICS.slice(1));

    // A language change closes the YAML document: its diagnostics go; back to YAML, they return.
    const plain = await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await diagnosticsBecome(plain.uri, []);
    const yaml = await vscode.languages.setTextDocumentLanguage(plain, 'yaml');
    await diagnosticsBecome(yaml.uri, BAD_FILE_DIAGNOSTICS.slice(1));
    await revert(yaml, original);
    await diagnosticsBecome(yaml.uri, BAD_FILE_DIAGNOSTICS);
  });

  test('apprunner.yml gets a hint that App Runner looks for apprunner.yaml', async () => {
    const document = await open('config/yml/apprunner.yml');
    await diagnosticsBecome(document.uri, ['yml-extension Information 1:1-1:13']);
  });

  test('completion offers the keys valid at the cursor, with documentation', async () => {
    const document = await open('config/completion/apprunner.yaml');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(8, 2),
    );
    const keys = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Property);
    assert.deepStrictEqual(
      keys.map((item) => item.label),
      ['runtime-version', 'pre-run', 'network', 'secrets'],
    );
    const secrets = keys.find((item) => item.label === 'secrets')!;
    assert.match(String((secrets.documentation as vscode.MarkdownString).value), /Secrets Manager/);
    assert.strictEqual((secrets.insertText as vscode.SnippetString).value, 'secrets:\n\t- name: $1\n\t  value-from: $2');

    const inItem = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(12, 6),
    );
    assert.deepStrictEqual(
      inItem.items.filter((item) => item.kind === vscode.CompletionItemKind.Property).map((item) => item.label),
      ['value'],
    );
  });

  test('completion offers the runtimes as values', async () => {
    const document = await open('config/completion/apprunner.yaml');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(1, 9),
    );
    const values = list.items.filter((item) => item.kind === vscode.CompletionItemKind.Value).map((item) => item.label);
    assert.ok(values.includes('nodejs22') && values.includes('python311') && values.includes('go1'), values.join(', '));
    assert.strictEqual(values.length, 13);
  });

  test('hover shows the schema description of the key', async () => {
    const document = await open('config/completion/apprunner.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(7, 4),
    );
    const text = hovers
      .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
      .join('\n');
    assert.match(text, /\*\*run\.command\*\*/);
    assert.match(text, /The command that starts the service/);
    const keyHover = hovers.find((hover) => hover.range?.start.line === 7);
    assert.ok(keyHover?.range?.isEqual(new vscode.Range(7, 2, 7, 9)), 'the hover covers the key');
  });

  suite('quick fixes', () => {
    const FILE = 'config/fix/apprunner.yaml';

    /** Applies the quick fix titled `title` for our diagnostic with `code`, and returns the new text. */
    async function applyFix(code: string, title: string): Promise<{ document: vscode.TextDocument; original: string; text: string }> {
      const document = await open(FILE);
      const original = document.getText();
      await diagnosticsBecome(document.uri, BAD_FILE_DIAGNOSTICS);
      const diagnostic = ours(document.uri).find((d) => d.code === code);
      assert.ok(diagnostic, `no ${code} diagnostic`);
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const action = actions.find((a): a is vscode.CodeAction => a.title === title && 'edit' in a);
      assert.ok(action?.edit, `no quick fix "${title}"; offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.strictEqual(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(await vscode.workspace.applyEdit(action.edit));
      return { document, original, text: document.getText() };
    }

    test('a misspelt key becomes the suggested key', async () => {
      const { document, original, text } = await applyFix('unknown-key', 'Change to `command`');
      assert.strictEqual(text, original.replace('  comand: npm start', '  command: npm start'));
      await revert(document, original);
    });

    test('an underscore key is written with a hyphen', async () => {
      const { document, original, text } = await applyFix('underscore-key', 'Change to `pre-build`');
      assert.strictEqual(text, original.replace('pre_build:', 'pre-build:'));
      await revert(document, original);
    });

    test('an unknown runtime becomes the nearest one', async () => {
      const { document, original, text } = await applyFix('enum', 'Change to `nodejs22`');
      assert.strictEqual(text, original.replace('runtime: nodejs20', 'runtime: nodejs22'));
      await revert(document, original);
    });

    test('a secret-looking env value moves to run.secrets', async () => {
      const { document, original, text } = await applyFix(
        'secret-in-env',
        'Move `DB_PASSWORD` to `run.secrets` (then store the value in Secrets Manager)',
      );
      const eol = original.includes('\r\n') ? '\r\n' : '\n';
      const expected = original
        .replace(['    - name: DB_PASSWORD', '      value: hunter2', ''].join(eol), '')
        .replace(
          /\s*$/,
          `${eol}  secrets:${eol}    - name: DB_PASSWORD${eol}      value-from: "arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:NAME"${eol}`,
        );
      assert.strictEqual(text, expected);
      await revert(document, original);
    });
  });

  suite('App Runner: Create apprunner.yaml', () => {
    let folder: vscode.Uri;

    suiteSetup(() => {
      folder = workspaceFile('config/generated');
      fs.rmSync(folder.fsPath, { recursive: true, force: true });
      fs.mkdirSync(folder.fsPath, { recursive: true });
    });

    suiteTeardown(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(folder.fsPath, { recursive: true, force: true });
    });

    test('writes a valid, commented starter file for the runtime and opens it', async () => {
      const created = await vscode.commands.executeCommand<vscode.Uri | undefined>('apprunner.createConfigFile', folder, 'nodejs22');
      assert.ok(created, 'no file was created');
      assert.strictEqual(created.fsPath, vscode.Uri.joinPath(folder, 'apprunner.yaml').fsPath);
      const text = fs.readFileSync(created.fsPath, 'utf8');
      assert.match(text, /^runtime: nodejs22 /m);
      assert.match(text, /^# apprunner\.yaml: /);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, created.fsPath);
    });

    test('asks before overwriting, and keeps the file when the answer is no', async () => {
      const file = vscode.Uri.joinPath(folder, 'apprunner.yaml');
      fs.writeFileSync(file.fsPath, '# mine\n');
      const asked = await withScript([[/apprunner\.yaml already exists/, false]], async (prompts) => {
        assert.strictEqual(await vscode.commands.executeCommand('apprunner.createConfigFile', folder, 'python311'), undefined);
        return prompts.asked.map((q) => q.title);
      });
      assert.strictEqual(fs.readFileSync(file.fsPath, 'utf8'), '# mine\n');
      assert.strictEqual(asked.length, 1);

      await withScript([[/apprunner\.yaml already exists/, true]], async () => {
        assert.ok(await vscode.commands.executeCommand('apprunner.createConfigFile', folder, 'python311'));
      });
      assert.match(fs.readFileSync(file.fsPath, 'utf8'), /^runtime: python311 /m);
    });
  });
});
