// Restricted Mode (run.js --untrusted opens the workspace with trust on and never granted): the
// explorer, the monitor and the apprunner.yaml features work; a deploy asks for trust and does
// nothing else.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, emulator, setSetting, waitFor, withScript } from './helpers';

suite('In an untrusted workspace (Restricted Mode)', () => {
  suiteSetup(async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the runner opens this workspace untrusted');
    await emulator('reset', {});
    await emulator('seed', {
      apprunner: {
        services: ['restricted-one', 'restricted-two'].map((name) => ({
          region: 'us-east-1',
          name,
          image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}:1`,
          createdAt: '-1d',
        })),
      },
    });
    await setSetting('regions', ['us-east-1']);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('regions', ['us-east-1', 'eu-west-1']);
  });

  test('the explorer lists the services', async () => {
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
    assert.deepStrictEqual(
      ext.catalog
        .services()
        .map((s) => s.name)
        .sort(),
      ['restricted-one', 'restricted-two'],
    );
  });

  test('the monitor opens and streams the service logs', async () => {
    const ext = await api();
    const service = ext.catalog.services().find((s) => s.name === 'restricted-one');
    assert.ok(service);
    await vscode.commands.executeCommand('apprunner.openMonitor', service);
    await waitFor('the monitor to follow the logs', async () => (await ext.monitor.probe(service.arn)).tailMode === 'live', 30000);
  });

  test('apprunner.yaml gets its diagnostics', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'config', 'bad', 'apprunner.yaml'));
    await vscode.window.showTextDocument(document);
    await waitFor('diagnostics of config/bad/apprunner.yaml', () => vscode.languages.getDiagnostics(document.uri).length > 0, 20000);
  });

  test('a deploy asks for trust and goes no further', async () => {
    const asked = await withScript([['Deploying needs a trusted workspace', false]], async (prompts) => {
      await vscode.commands.executeCommand('apprunner.deployWorkspace');
      return prompts.asked;
    });
    assert.deepStrictEqual(
      asked.map((q) => [q.kind, q.title]),
      [['confirm', 'Deploying needs a trusted workspace']],
    );
    assert.match(asked[0].detail ?? '', /Restricted Mode/);
  });
});
