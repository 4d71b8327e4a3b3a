// The services explorer inside a real VS Code, against the local emulator (real SDK calls).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { UserFacingError } from '../../../src/aws/errors';
import type { CatalogService } from '../../../src/catalog/catalog';
import type { ExplorerNode } from '../../../src/explorer/tree';
import { api, emulator, emulatorUrl, setSetting, waitFor, withScript } from './helpers';

const REGIONS = ['us-east-1', 'eu-west-1'];

function services(region: string, count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => ({
    region,
    name: `${prefix}-${String(i + 1).padStart(3, '0')}`,
    status: 'RUNNING',
    image: `123456789012.dkr.ecr.${region}.amazonaws.com/${prefix}:latest`,
  }));
}

async function reseed(list: Array<{ region: string; name: string; status: string; image: string }>): Promise<void> {
  await emulator('reset', {});
  await emulator('apprunner/config', { operationDelayMs: 2500 });
  await emulator('seed', { apprunner: { services: list } });
}

async function reload() {
  const ext = await api();
  ext.aws.resetSession();
  await ext.catalog.load();
  return ext;
}

async function childrenOf(node?: ExplorerNode): Promise<ExplorerNode[]> {
  return (await api()).servicesTree.getChildren(node);
}

async function serviceNodes(region: string): Promise<CatalogService[]> {
  const ext = await api();
  const tree = ext.servicesTree;
  const regionNode = ext.catalog.region(region);
  assert.ok(regionNode, `no region node for ${region}`);
  return (await tree.getChildren(regionNode)).filter((n): n is CatalogService => n.kind === 'service');
}

async function findService(name: string): Promise<CatalogService> {
  for (const region of REGIONS) {
    const hit = (await serviceNodes(region)).find((s) => s.name === name);
    if (hit) {
      return hit;
    }
  }
  throw new Error(`service ${name} not in the tree`);
}

async function description(node: ExplorerNode): Promise<string> {
  return String((await api()).servicesTree.getTreeItem(node).description ?? '');
}

/** Runs `fn` and returns the AWS errors the extension showed meanwhile. */
async function errorsDuring(fn: () => Promise<unknown>): Promise<UserFacingError[]> {
  const shown: UserFacingError[] = [];
  const sub = (await api()).aws.onDidShowError((e) => shown.push(e));
  try {
    await fn();
  } finally {
    sub.dispose();
  }
  return shown;
}

suite('Services explorer', () => {
  suiteSetup(async () => {
    await setSetting('regions', REGIONS);
    await setSetting('profile', 'emulator');
    await setSetting('endpointUrl', emulatorUrl());
    await setSetting('pollIntervalSeconds', 1);
  });

  teardown(async () => {
    await emulator('faults', undefined, 'DELETE');
  });

  test('activation does not load the AWS SDK; the first listing does', async () => {
    const ext = await api();
    assert.strictEqual(ext.awsLoadedAtActivation, false, 'the SDK bundle was loaded during activation');
    await reseed(services('us-east-1', 2, 'lazy'));
    await reload();
    assert.strictEqual(ext.isAwsLoaded(), true);
  });

  test('a 45-service account across two regions is listed completely through pagination', async () => {
    await reseed([...services('us-east-1', 26, 'east'), ...services('eu-west-1', 19, 'west')]);
    await emulator('calls', undefined, 'DELETE');
    await reload();
    const east = await serviceNodes('us-east-1');
    const west = await serviceNodes('eu-west-1');
    assert.strictEqual(east.length, 26);
    assert.strictEqual(west.length, 19);
    assert.deepStrictEqual(
      [...east, ...west].map((s) => s.name).sort(),
      [...services('us-east-1', 26, 'east'), ...services('eu-west-1', 19, 'west')].map((s) => s.name).sort(),
    );
    const { calls } = await emulator('calls');
    const eastPages = calls.filter((c: any) => c.operation === 'ListServices' && c.region === 'us-east-1').length;
    assert.strictEqual(eastPages, 2, '26 services take two pages of at most 20');
    const regionItem = (await api()).servicesTree.getTreeItem((await childrenOf())[0]);
    assert.strictEqual(regionItem.description, '26 services');
  });

  test('the profile endpoint_url of the shared config file is honoured when the setting is empty', async () => {
    await reseed(services('us-east-1', 3, 'viaprofile'));
    await setSetting('endpointUrl', '');
    try {
      await reload();
      assert.strictEqual((await serviceNodes('us-east-1')).length, 3);
    } finally {
      await setSetting('endpointUrl', emulatorUrl());
    }
  });

  test('a service expands into its details and recent operations', async () => {
    await reseed(services('us-east-1', 1, 'detail'));
    await reload();
    const [svc] = await serviceNodes('us-east-1');
    const children = await childrenOf(svc);
    const labels = await Promise.all(children.map(async (c) => String((await api()).servicesTree.getTreeItem(c).label)));
    for (const label of [
      'URL',
      'Status',
      'Source',
      'Instance',
      'Auto scaling',
      'Health check',
      'Incoming traffic',
      'Outgoing traffic',
      'IP address type',
      'Tracing',
      'Custom domains',
      'Created',
      'Updated',
      'Recent operations',
    ]) {
      assert.ok(labels.includes(label), `missing detail row ${label}: ${labels.join(', ')}`);
    }
    const ops = await childrenOf(children.find((c) => c.kind === 'operations'));
    assert.ok(ops.length >= 1, 'a created service has at least its CREATE_SERVICE operation');
  });

  test('pause shows the operation, then PAUSED, without a manual refresh', async () => {
    await reseed(services('us-east-1', 2, 'pausable'));
    await reload();
    const svc = await findService('pausable-001');
    assert.strictEqual(await description(svc), 'Running');
    const asked = await withScript([['Pause pausable-001?', true]], async (prompts) => {
      await vscode.commands.executeCommand('apprunner.pauseService', svc);
      return prompts.asked.map((q) => q.title);
    });
    assert.deepStrictEqual(asked, ['Pause pausable-001?']);
    assert.strictEqual(await description(svc), 'Pausing…');
    await waitFor('the node to show Paused', async () => (await description(await findService('pausable-001'))) === 'Paused', 20000);
    const { calls } = await emulator('calls');
    assert.ok(
      calls.some((c: any) => c.operation === 'DescribeService'),
      'the status came from polling DescribeService',
    );
  });

  test('delete asks for the typed service name and deletes only with the exact name', async () => {
    await reseed(services('us-east-1', 2, 'deletable'));
    await reload();
    const svc = await findService('deletable-002');
    // The scripted UI refuses an answer the input's validation refuses, as VS Code's input box does.
    await assert.rejects(
      withScript([['Delete deletable-002', 'deletable-00']], () =>
        Promise.resolve(vscode.commands.executeCommand('apprunner.deleteService', svc)),
      ),
      /refused: Type deletable-002 exactly to delete it/,
    );
    assert.strictEqual(await description(svc), 'Running', 'a wrong name must not delete');
    await withScript([['Delete deletable-002', undefined]], () =>
      Promise.resolve(vscode.commands.executeCommand('apprunner.deleteService', svc)),
    );
    assert.strictEqual(await description(svc), 'Running', 'Esc must not delete');
    await withScript([['Delete deletable-002', 'deletable-002']], () =>
      Promise.resolve(vscode.commands.executeCommand('apprunner.deleteService', svc)),
    );
    assert.strictEqual(await description(svc), 'Deleting…');
    await waitFor(
      'the deleted service to leave the tree',
      async () => !(await serviceNodes('us-east-1')).some((s) => s.name === 'deletable-002'),
      20000,
    );
    assert.ok((await serviceNodes('us-east-1')).some((s) => s.name === 'deletable-001'));
  });

  test('throttling gives a clear message and the tree recovers on refresh', async () => {
    await reseed(services('us-east-1', 2, 'throttled'));
    await emulator('faults', { service: 'apprunner', operation: 'ListServices', kind: 'throttle' });
    const errors = await errorsDuring(() => reload());
    assert.ok(
      errors.some((e) => e.kind === 'throttled' && /throttling apprunner:ListServices/.test(e.message)),
      JSON.stringify(errors),
    );
    const region = (await childrenOf())[0];
    const children = await childrenOf(region);
    assert.ok(
      children.some((c) => c.kind === 'message'),
      'the region shows the error in the tree',
    );
    await emulator('faults', undefined, 'DELETE');
    await reload();
    assert.strictEqual((await serviceNodes('us-east-1')).length, 2);
  });

  test('ResourceNotFound on an action gives a clear message and the tree stays usable', async () => {
    await reseed(services('us-east-1', 2, 'vanishing'));
    const ext = await reload();
    const svc = await findService('vanishing-001');
    await reseed(services('us-east-1', 1, 'other'));
    const errors = await withScript([['Pause vanishing-001?', true]], () =>
      errorsDuring(() => Promise.resolve(vscode.commands.executeCommand('apprunner.pauseService', svc))),
    );
    assert.ok(
      errors.some((e) => e.kind === 'not-found' && /refresh/i.test(e.message)),
      JSON.stringify(errors),
    );
    await ext.catalog.load();
    assert.deepStrictEqual(
      (await serviceNodes('us-east-1')).map((s) => s.name),
      ['other-001'],
    );
  });

  test('missing credentials give a clear message and the welcome view; choosing a good profile recovers', async () => {
    await reseed(services('us-east-1', 1, 'creds'));
    await setSetting('profile', 'no-such-profile');
    try {
      const errors = await errorsDuring(() => reload());
      assert.ok(
        errors.some((e) => e.kind === 'no-credentials' && /no-such-profile/.test(e.message)),
        JSON.stringify(errors),
      );
      assert.deepStrictEqual(await childrenOf(), [], 'an empty tree lets the welcome view show');
    } finally {
      await setSetting('profile', 'emulator');
    }
    await reload();
    assert.strictEqual((await serviceNodes('us-east-1')).length, 1);
  });

  test('an SSO profile without a valid token offers aws sso login for that profile', async () => {
    await reseed(services('us-east-1', 1, 'sso'));
    await setSetting('profile', 'demo-sso');
    try {
      const errors = await errorsDuring(() => reload());
      const sso = errors.find((e) => e.kind === 'sso-expired');
      assert.ok(sso, JSON.stringify(errors));
      assert.ok(
        sso.fixes.some((f) => f.terminalCommand === 'aws sso login --profile demo-sso'),
        JSON.stringify(sso.fixes),
      );
    } finally {
      await setSetting('profile', 'emulator');
    }
    await reload();
    assert.strictEqual((await serviceNodes('us-east-1')).length, 1);
  });

  test('the filter narrows services by name', async () => {
    await reseed([...services('us-east-1', 3, 'alpha'), ...services('us-east-1', 2, 'beta')]);
    const ext = await reload();
    await ext.servicesTree.setFilter('BETA');
    try {
      assert.deepStrictEqual((await serviceNodes('us-east-1')).map((s) => s.name).sort(), ['beta-001', 'beta-002']);
    } finally {
      await ext.servicesTree.setFilter('');
    }
    assert.strictEqual((await serviceNodes('us-east-1')).length, 5);
  });
});
