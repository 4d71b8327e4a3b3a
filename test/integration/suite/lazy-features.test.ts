// Lazy features inside a real VS Code: activation registers every command and loads no feature's
// body; a body loads from its own bundle on first use and works on the extension's one catalog.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CatalogService } from '../../../src/catalog/catalog';
import { api, emulator, emulatorUrl, EXTENSION_ID, setSetting, withScript } from './helpers';

suite('Lazy features', () => {
  suiteSetup(async () => {
    await setSetting('regions', ['us-east-1']);
    await setSetting('profile', 'emulator');
    await setSetting('endpointUrl', emulatorUrl());
  });

  test("activation registers every command of the manifest and loads no feature's body, nor the tree's rows, nor the AWS SDK", async () => {
    const ext = await api();
    assert.deepStrictEqual(ext.featuresLoadedAtActivation, []);
    assert.strictEqual(ext.awsLoadedAtActivation, false);
    assert.deepStrictEqual(ext.bundlesLoadedAtActivation, ['extension.js']);
    const declared: string[] = vscode.extensions
      .getExtension(EXTENSION_ID)!
      .packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(
      declared.filter((id) => !registered.has(id)),
      [],
    );
    assert.deepStrictEqual(ext.features.names().sort(), ['deploy', 'explorer', 'migrate', 'monitor', 'operate']);
  });

  test('a feature loaded on first use marks the service busy in the catalog the tree shows', async () => {
    await emulator('reset', {});
    await emulator('apprunner/config', { operationDelayMs: 2500 });
    await emulator('seed', {
      apprunner: {
        services: [
          { region: 'us-east-1', name: 'one-catalog', status: 'RUNNING', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/one:latest' },
        ],
      },
    });
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
    assert.strictEqual(ext.servicesTree.catalog, ext.catalog);
    const region = ext.catalog.region('us-east-1');
    assert.ok(region);
    const [node] = (await ext.servicesTree.getChildren(region)).filter((n): n is CatalogService => n.kind === 'service');
    assert.strictEqual(node?.name, 'one-catalog');

    await withScript([['Pause one-catalog?', true]], () => Promise.resolve(vscode.commands.executeCommand('apprunner.pauseService', node)));
    assert.ok(ext.features.loaded().includes('explorer'));
    // The explorer's bundle set the busy marker on the catalog it was handed; the tree's catalog has it.
    assert.strictEqual(ext.catalog.service(node.arn)?.busyMarker?.operationType, 'PAUSE_SERVICE');
    assert.strictEqual(ext.servicesTree.getTreeItem(ext.catalog.service(node.arn)!).description, 'Pausing…');
  });

  test('every feature loads from its own bundle and defines each command its registrar declares', async () => {
    const ext = await api();
    for (const name of ext.features.names()) ext.features.load(name);
    assert.deepStrictEqual(ext.features.loaded().sort(), ext.features.names().sort());
    const dist = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist');
    for (const bundle of ['explorer.js', 'deploy.js', 'monitor.js', 'operate.js', 'migrate.js']) {
      assert.ok(require.cache[path.join(dist, bundle)], `dist/${bundle} was not required`);
    }
  });
});
