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

  test('with the records view closed, the tree still follows a pending domain until it is active', async () => {
    const svc = await service();
    await withScript(
      [
        [/: domain name$/, 'api.example.com'],
        [/: also www\.api\.example\.com\?$/, byLabel('only')],
      ],
      async () => vscode.commands.executeCommand('apprunner.addCustomDomain', svc),
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    assert.strictEqual((await api()).domains.shown(svc.arn), undefined, 'the records view is closed');
    await waitFor('the tree to show the domain waiting for validation', async () => {
      const items = await domainItems();
      return items.length === 1 && items[0][1] === 'waiting for DNS validation';
    });
    await emulator('apprunner/custom-domains/validate', { domainName: 'api.example.com' });
    await waitFor('the tree to show the domain active, without a refresh', async () => {
      const items = await domainItems();
      return items.length === 1 && items[0][1] === 'active';
    });
    const reads = (await callsOf('DescribeCustomDomains')).length;
    assert.ok(reads >= 3, `the catalog read the domains again while they settled: ${reads} reads`);
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

  test('Turn Tracing On sends exactly one UpdateService with the observability change, and the Tracing row follows', async () => {
    const ext = await api();
    const svc = await service();
    const tracingRow = async () => {
      const row = (await ext.servicesTree.getChildren(await service())).find((n) => n.kind === 'detail' && n.row.key === 'tracing');
      return row ? String(ext.servicesTree.getTreeItem(row).description) : undefined;
    };
    assert.strictEqual(await tracingRow(), 'off');
    const { outcome, asked } = await withScript([[/^Turn tracing on for shop-web with AWS X-Ray/, true]], async (prompts) => ({
      outcome: (await vscode.commands.executeCommand('apprunner.switchTracing', svc)) as { kind: string; input: unknown },
      asked: prompts.asked,
    }));
    assert.match(asked[0].detail ?? '', /^tracing: off → on \(xray-tracing\)$/m);
    assert.strictEqual(outcome.kind, 'updated');
    assert.deepStrictEqual(outcome.input, {
      ServiceArn: svc.arn,
      ObservabilityConfiguration: {
        ObservabilityEnabled: true,
        ObservabilityConfigurationArn: `arn:aws:apprunner:${REGION}:123456789012:observabilityconfiguration/xray-tracing`,
      },
    });
    assert.strictEqual((await callsOf('CreateObservabilityConfiguration')).length, 1);
    assert.strictEqual((await callsOf('UpdateService')).length, 1);
    await waitFor('the Tracing row to show X-Ray', async () => /^AWS X-Ray \(xray-tracing, revision 1\)$/.test((await tracingRow()) ?? ''));
    assert.strictEqual((await callsOf('UpdateService')).length, 1, 'exactly one UpdateService');
  });

  test('IP address type: dual-stack for a public service in one UpdateService; a private service is refused with the reason', async () => {
    await emulator('seed', {
      apprunner: {
        services: [
          {
            region: REGION,
            name: 'internal-api',
            image: `123456789012.dkr.ecr.${REGION}.amazonaws.com/internal:v1`,
            isPubliclyAccessible: false,
          },
        ],
      },
    });
    const ext = await api();
    await ext.catalog.reload();
    const svc = await service();
    const outcome = (await withScript(
      [
        [/^IP address type of shop-web$/, byLabel('Dual-stack')],
        [/^Change the IP address type of shop-web\?$/, true],
      ],
      async () => vscode.commands.executeCommand('apprunner.changeIpAddressType', svc),
    )) as { kind: string; input: any };
    assert.strictEqual(outcome.kind, 'updated');
    assert.deepStrictEqual(Object.keys(outcome.input).sort(), ['NetworkConfiguration', 'ServiceArn']);
    assert.strictEqual(outcome.input.NetworkConfiguration.IpAddressType, 'DUAL_STACK');
    assert.strictEqual(
      outcome.input.NetworkConfiguration.IngressConfiguration.IsPubliclyAccessible,
      true,
      'the rest of the network is sent again',
    );

    const internal = ext.catalog.services().find((s) => s.name === 'internal-api')!;
    let refusal: string | undefined;
    await withScript(
      [
        [/^IP address type of internal-api$/, byLabel('Dual-stack')],
        [
          /dual-stack only to public services/,
          (q) => {
            refusal = q.title;
            return false;
          },
        ],
      ],
      async () => vscode.commands.executeCommand('apprunner.changeIpAddressType', internal),
    );
    assert.match(refusal ?? '', /internal-api is private .*Keep IPv4, or make the service public first/);
    assert.strictEqual((await callsOf('UpdateService')).length, 1, 'nothing was sent for the private service');
  });
});
