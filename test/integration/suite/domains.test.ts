// Custom domains, network and tracing of a running service inside a real VS Code, against the
// emulated App Runner (real SDK calls): the records view and the tree follow a domain until the
// emulator validates it, without a manual refresh.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { UserFacingError } from '../../../src/aws/errors';
import type { CatalogService } from '../../../src/catalog/catalog';
import type { ExplorerNode } from '../../../src/explorer/tree';
import { byLabel } from '../../../src/ui/scripted';
import { api, emulator, emulatorUrl, setSetting, waitFor, withScript } from './helpers';

const REGION = 'us-east-1';
const SERVICE = 'shop-web';

async function service(): Promise<CatalogService> {
  const ext = await api();
  return waitFor(`${SERVICE} in the tree`, async () => {
    const region = ext.catalog.region(REGION);
    const nodes = region ? await ext.servicesTree.getChildren(region) : [];
    return nodes.find((n): n is CatalogService => n.kind === 'service' && n.name === SERVICE);
  });
}

/** The tree item of each child of the service's Custom domains node: [label, description]. */
async function domainItems(): Promise<Array<[string, string]>> {
  const tree = (await api()).servicesTree;
  const group = (await tree.getChildren(await service())).find((n) => n.kind === 'customDomains');
  assert.ok(group, 'the service has a Custom domains node');
  const children = await tree.getChildren(group);
  return children.map((n: ExplorerNode) => {
    const item = tree.getTreeItem(n);
    return [String(item.label), String(item.description)];
  });
}

async function errorsDuring(fn: () => Thenable<unknown>): Promise<UserFacingError[]> {
  const shown: UserFacingError[] = [];
  const sub = (await api()).aws.onDidShowError((e) => shown.push(e));
  try {
    await fn();
  } finally {
    sub.dispose();
  }
  return shown;
}

async function callsOf(operation: string): Promise<any[]> {
  const { calls } = await emulator('calls');
  return calls.filter((c: any) => c.operation === operation);
}

suite('Custom domains, network and tracing', () => {
  suiteSetup(async () => {
    await setSetting('regions', [REGION]);
    await setSetting('profile', 'emulator');
    await setSetting('endpointUrl', emulatorUrl());
    await setSetting('pollIntervalSeconds', 1);
  });

  setup(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await emulator('reset', {});
    await emulator('apprunner/config', { operationDelayMs: 1500 });
    await emulator('seed', {
      apprunner: {
        services: [{ region: REGION, name: SERVICE, image: `123456789012.dkr.ecr.${REGION}.amazonaws.com/${SERVICE}:v1` }],
      },
    });
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
    await emulator('calls', undefined, 'DELETE');
  });

  test('an added domain shows its DNS target and validation records, and view and tree reach "active" once validated', async () => {
    const ext = await api();
    const svc = await service();
    assert.deepStrictEqual(await domainItems(), []);
    const treeChanges: unknown[] = [];
    const sub = ext.servicesTree.onDidChangeTreeData((e) => treeChanges.push(e));
    try {
      const added = await withScript(
        [
          [/: domain name$/, 'Shop.Example.com'],
          [/: also www\.shop\.example\.com\?$/, byLabel('and www.')],
        ],
        async () => vscode.commands.executeCommand('apprunner.addCustomDomain', svc),
      );
      assert.strictEqual(added, 'shop.example.com');
      const associate = await callsOf('AssociateCustomDomain');
      assert.strictEqual(associate.length, 1);

      // CREATING first; the view reads again and shows the records once App Runner has them.
      const shown = await waitFor('the validation records in the view', () => {
        const s = ext.domains.shown(svc.arn);
        return s && s.view.domains[0]?.validationRecords.length === 2 ? s : undefined;
      });
      const dnsTarget = (await ext.aws.session().appRunner.describeService(REGION, svc.arn)).ServiceUrl!;
      assert.strictEqual(shown.view.dnsTarget, dnsTarget);
      const domain = shown.view.domains[0];
      assert.strictEqual(domain.domainName, 'shop.example.com');
      assert.strictEqual(domain.status, 'waiting for DNS validation');
      assert.deepStrictEqual(
        domain.targetRecords.map((r) => [r.name, r.type, r.value]),
        [
          ['shop.example.com', 'CNAME', dnsTarget],
          ['www.shop.example.com', 'CNAME', dnsTarget],
        ],
      );
      assert.deepStrictEqual(
        domain.validationRecords.map((r) => [r.type, r.status, /\.(www\.)?shop\.example\.com\.$/.test(r.name)]),
        [
          ['CNAME', 'pending', true],
          ['CNAME', 'pending', true],
        ],
      );
      assert.ok(shown.html.includes(domain.validationRecords[0].value), 'the page shows the record values');
      assert.strictEqual(shown.polling, true);
      assert.deepStrictEqual(await domainItems(), [['shop.example.com', '+ www · waiting for DNS validation']]);

      // The DNS records "appear": nothing is refreshed by hand from here on.
      treeChanges.length = 0;
      await emulator('apprunner/custom-domains/validate', { domainName: 'shop.example.com' });
      await waitFor('the view to show "active"', () => ext.domains.shown(svc.arn)?.view.domains[0].status === 'active');
      const settled = ext.domains.shown(svc.arn)!;
      assert.deepStrictEqual(
        settled.view.domains[0].validationRecords.map((r) => r.status),
        ['validated', 'validated'],
      );
      assert.strictEqual(settled.polling, false, 'nothing is left to follow');
      assert.ok(treeChanges.length > 0, 'the tree was told the service changed');
      assert.deepStrictEqual(await domainItems(), [['shop.example.com', '+ www · active']]);
    } finally {
      sub.dispose();
    }
  });

  test('Remove Custom Domain asks once, disassociates, and the domain leaves the tree', async () => {
    await emulator('seed', {
      apprunner: {
        services: [],
        customDomains: [{ region: REGION, serviceName: SERVICE, domainName: 'old.example.com', validated: true }],
      },
    });
    const ext = await api();
    await ext.catalog.reload();
    assert.deepStrictEqual(await domainItems(), [['old.example.com', '+ www · active']]);
    const tree = ext.servicesTree;
    const group = (await tree.getChildren(await service())).find((n) => n.kind === 'customDomains')!;
    const [domainNode] = await tree.getChildren(group);
    const removed = await withScript([['Remove old.example.com from shop-web?', true]], async (prompts) => {
      const result = await vscode.commands.executeCommand('apprunner.removeCustomDomain', domainNode);
      assert.deepStrictEqual(
        prompts.asked.map((q) => q.kind),
        ['confirm'],
      );
      return result;
    });
    assert.strictEqual(removed, true);
    assert.strictEqual((await callsOf('DisassociateCustomDomain')).length, 1);
    await waitFor('the domain to leave the tree', async () => (await domainItems()).length === 0);
  });

  test('a domain AWS refuses names the reason, and the next attempt starts from the answers given', async () => {
    await emulator('seed', {
      apprunner: {
        services: [{ region: REGION, name: 'other-web', image: `123456789012.dkr.ecr.${REGION}.amazonaws.com/other:v1` }],
        customDomains: [{ region: REGION, serviceName: 'other-web', domainName: 'taken.example.com' }],
      },
    });
    const svc = await service();
    const errors = await errorsDuring(() =>
      withScript(
        [
          [/: domain name$/, 'taken.example.com'],
          [/: also www/, byLabel(' only')],
        ],
        async () => vscode.commands.executeCommand('apprunner.addCustomDomain', svc),
      ),
    );
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0].message, /already associated with another App Runner service/);
    let offered: string | undefined;
    await withScript(
      [
        [
          /: domain name$/,
          (q) => {
            offered = q.value;
            return undefined;
          },
        ],
      ],
      async () => vscode.commands.executeCommand('apprunner.addCustomDomain', svc),
    );
    assert.strictEqual(offered, 'taken.example.com');
  });
});
