// The catalog inside a real VS Code against the emulator (real SDK calls): Refresh reloads the
// services without touching an open monitor's Live Tail stream (Reload AWS Credentials is what
// replaces the session), and the generated 1,000-service seed in 16 regions loads with the first
// services shown while the rest load and a bounded number of calls in flight.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEFAULT_MAX_CALLS_IN_FLIGHT } from '../../../src/catalog/catalog';
import { scaleSeed } from '../../emulator/seeds/scale';
import { api, emulator, emulatorSuite, setSetting, waitFor } from './helpers';

const APP_STREAM = 'instance/0123456789abcdef0123456789abcdef';

async function calls(operation: string): Promise<number> {
  return (await emulator('calls')).calls.filter((c: { operation: string }) => c.operation === operation).length;
}

async function liveTailSessions(): Promise<number> {
  return (await emulator('logs/sessions', {})).sessions.length;
}

suite('Catalog', () => {
  emulatorSuite();

  teardown(async () => {
    await emulator('faults', undefined, 'DELETE');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Refresh while a monitor is open keeps its Live Tail stream; Reload AWS Credentials replaces the session', async () => {
    await setSetting('regions', ['us-east-1']);
    await emulator('reset', {});
    await emulator('seed', {
      apprunner: { services: [{ region: 'us-east-1', name: 'refresh-me', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/r:1' }] },
    });
    const ext = await api();
    await ext.catalog.reload();
    const service = ext.catalog.services().find((s) => s.name === 'refresh-me');
    assert.ok(service, 'the seeded service is in the catalog');
    const id = /service\/[^/]+\/([^/]+)$/.exec(service.arn)![1];
    const appGroup = `/aws/apprunner/refresh-me/${id}/application`;
    const probe = (match?: string) => ext.monitor.probe(service.arn, match);
    const putLine = (message: string) => emulator('logs/put', { logGroupName: appGroup, logStreamName: APP_STREAM, events: [{ message }] });

    await vscode.commands.executeCommand('apprunner.openMonitor', service);
    await waitFor('Live Tail', async () => (await probe()).tailMode === 'live', 30000);
    const tailsBefore = await calls('StartLiveTail');
    const listsBefore = await calls('ListServices');
    assert.strictEqual(await liveTailSessions(), 1);

    await vscode.commands.executeCommand('apprunner.refresh');
    assert.ok((await calls('ListServices')) > listsBefore, 'Refresh listed the services again');
    await putLine('after refresh');
    await waitFor('the line through the same stream', async () => (await probe('^after refresh$')).messages.length === 1, 15000, 200);
    assert.strictEqual(await calls('StartLiveTail'), tailsBefore, 'Refresh started a new Live Tail session');
    assert.strictEqual(await liveTailSessions(), 1);
    assert.ok(!(await probe()).notices.includes('resumed'), 'the stream was not interrupted');

    await vscode.commands.executeCommand('apprunner.reloadCredentials');
    await waitFor('a new Live Tail session through the new session', async () => (await calls('StartLiveTail')) > tailsBefore, 30000, 200);
    await waitFor('Live Tail again', async () => (await probe()).tailMode === 'live', 30000);
    await putLine('after new credentials');
    await waitFor(
      'the line through the new stream',
      async () => (await probe('^after new credentials$')).messages.length === 1,
      15000,
      200,
    );
    assert.strictEqual((await probe('^after refresh$')).messages.length, 1, 'the gap fill shows nothing twice');
  });

  test('1,000 services in 16 regions: the first services show while the rest load; calls in flight stay bounded', async () => {
    const seed = scaleSeed({ services: 1000, regions: 16 });
    const regions = [...new Set(seed.apprunner.services.map((s) => (s as { region: string }).region))];
    await setSetting('regions', regions);
    await emulator('reset', {});
    await emulator('seed', seed);
    // A remote endpoint's round trip, so that loading takes long enough to be looked at.
    await emulator('faults', { service: 'apprunner', operation: 'ListServices', kind: 'latency', latencyMs: 100 });
    await emulator('calls', undefined, 'DELETE');
    const ext = await api();
    const { catalog, servicesTree } = ext;

    const firstServices = new Promise<void>((resolve) => {
      const sub = catalog.onDidChange(() => {
        if (catalog.services().length > 0) {
          sub.dispose();
          resolve();
        }
      });
    });
    const loaded = catalog.reload();
    await firstServices;
    const stillLoading = catalog.regions().filter((r) => r.state === 'loading');
    assert.ok(stillLoading.length > 0, 'the first services showed only once everything had loaded');
    // The tree answers meanwhile: a loading region shows what it has and says it is loading.
    const shownWhileLoading = await servicesTree.getChildren(stillLoading[0]);
    assert.ok(
      shownWhileLoading.some((n) => n.kind === 'message' && /^loading:/.test(String(servicesTree.getTreeItem(n).id))),
      'a loading region says so',
    );

    await loaded;
    assert.strictEqual(catalog.services().length, 1000);
    assert.ok(catalog.regions().every((r) => r.state === 'loaded'));
    const regionItems = (await servicesTree.getChildren()).map((n) => servicesTree.getTreeItem(n));
    assert.strictEqual(regionItems.length, 16);
    const shownCount = regionItems.reduce((sum, item) => sum + Number(/^(\d+) service/.exec(String(item.description))?.[1] ?? NaN), 0);
    assert.strictEqual(shownCount, 1000);
    const { maxInFlight } = await emulator('calls');
    assert.ok(maxInFlight <= DEFAULT_MAX_CALLS_IN_FLIGHT, `${maxInFlight} calls were in flight at once`);
    assert.ok(maxInFlight > 1, 'regions load concurrently');
  });
});
