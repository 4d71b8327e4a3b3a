// Auto scaling and instance settings of a running service inside a real VS Code against the
// emulator: a change creates a revision that the service then uses, carried by exactly one
// UpdateService, and an open monitor's instances chart moves its bounds; the account's quota says
// what to delete and keeps the answers; a busy service refuses and the wizard opens again with
// them; an instance size change sends exactly the new pair.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CatalogService } from '../../../src/catalog/catalog';
import type { UpdateOutcome } from '../../../src/operate/serviceUpdate';
import { byLabel, type Asked } from '../../../src/ui/scripted';
import { api, emulator, emulatorUrl, setSetting, waitFor, withScript } from './helpers';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const SERVICE = 'scale-orders';
const ASC_PREFIX = `arn:aws:apprunner:${REGION}:${ACCOUNT}:autoscalingconfiguration/`;

/** Answers a pick with its highlighted item: the earlier answer a retry offers. */
const highlighted = (q: Asked) => {
  const item = q.items?.find((i) => i.label === q.activeLabel);
  assert.ok(item, `"${q.title}" highlights nothing (activeLabel ${q.activeLabel})`);
  return item.value;
};

/** A fresh emulator with the service (reset first, then `config` for App Runner). */
async function seed(extra: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Promise<CatalogService> {
  await emulator('reset', {});
  await emulator('apprunner/config', config);
  await emulator('seed', {
    apprunner: {
      services: [
        {
          region: REGION,
          name: SERVICE,
          image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${SERVICE}:1`,
          autoScalingConfigurationName: 'orders-scaling',
          minSize: 2,
          maxSize: 7,
          createdAt: '-2d',
          ...extra,
        },
      ],
    },
  });
  const ext = await api();
  ext.aws.resetSession();
  await ext.catalog.reload();
  const node = ext.catalog.services().find((s) => s.name === SERVICE);
  assert.ok(node, `${SERVICE} is not in the catalog`);
  return node;
}

async function calls(operation: string): Promise<number> {
  const { calls: all } = await emulator('calls');
  return all.filter((c: { operation: string }) => c.operation === operation).length;
}

async function describe(arn: string) {
  return (await api()).aws.session().appRunner.describeService(REGION, arn);
}

suite('Auto scaling and instance settings', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    await setSetting('regions', [REGION]);
    await setSetting('profile', 'emulator');
    await setSetting('endpointUrl', emulatorUrl());
  });

  teardown(async () => {
    await emulator('deny', undefined, 'DELETE');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await setSetting('regions', ['us-east-1', 'eu-west-1']);
    await emulator('reset', {});
  });

  test('a scaling change creates a revision the service then uses, in exactly one UpdateService; the open monitor’s bounds follow', async () => {
    const service = await seed();
    const ext = await api();
    await vscode.commands.executeCommand('apprunner.openMonitor', service);
    const bounds = async () => (await ext.monitor.probe(service.arn)).instanceBounds;
    await waitFor('the monitor’s bounds of the seeded configuration', async () => (await bounds()).join() === 'Min (2),Max (7)', 30000);
    await emulator('calls', undefined, 'DELETE');

    let preview = '';
    const outcome = await withScript(
      [
        [/: configuration$/, byLabel('New revision of orders-scaling')],
        [/: minimum instances$/, '3'],
        [/: maximum instances$/, '9'],
        [/: concurrency per instance$/, '60'],
        [
          /^Change the auto scaling of scale-orders\?$/,
          (q) => {
            preview = q.detail ?? '';
            return true;
          },
        ],
      ],
      async () => vscode.commands.executeCommand<UpdateOutcome>('apprunner.changeAutoScaling', service),
    );
    assert.match(preview, /^auto scaling configuration: orders-scaling \(revision 1\) → orders-scaling \(a new revision\)$/m);
    assert.match(preview, /^minimum instances: 2 → 3$/m);
    assert.match(preview, /^maximum instances: 7 → 9$/m);
    assert.match(preview, /^concurrency per instance: 100 → 60$/m);

    assert.equal(outcome?.kind, 'updated');
    const revisions = await ext.aws.session().appRunner.listAutoScalingConfigurations(REGION, 'orders-scaling');
    assert.deepStrictEqual(
      revisions.map((r) => r.AutoScalingConfigurationRevision),
      [1, 2],
    );
    const revision2 = revisions[1].AutoScalingConfigurationArn!;
    assert.match(revision2, new RegExp(`^${ASC_PREFIX}orders-scaling/2/`));
    assert.deepStrictEqual(outcome.kind === 'updated' && outcome.input, {
      ServiceArn: service.arn,
      AutoScalingConfigurationArn: revision2,
    });
    assert.strictEqual(await calls('CreateAutoScalingConfiguration'), 1);
    assert.strictEqual(await calls('UpdateService'), 1, 'exactly one UpdateService');
    assert.strictEqual((await describe(service.arn)).AutoScalingConfigurationSummary?.AutoScalingConfigurationArn, revision2);

    // The tree follows the update like a deployment, and the monitor's bounds follow the catalog's events.
    assert.strictEqual(ext.catalog.service(service.arn)?.status, 'OPERATION_IN_PROGRESS');
    await waitFor('the monitor’s bounds of the new revision', async () => (await bounds()).join() === 'Min (3),Max (9)', 30000);
    await waitFor('the update to end', () => ext.catalog.service(service.arn)?.status === 'RUNNING', 30000);
  });

  test('the account quota: a message saying what to delete; the answers are kept for a retry under another name', async () => {
    const service = await seed();
    const ext = await api();
    // An unused second revision, and a quota of two revisions a name.
    await ext.aws
      .session()
      .appRunner.createAutoScalingConfiguration(REGION, { name: 'orders-scaling', minSize: 1, maxSize: 3, maxConcurrency: 10 });
    await emulator('apprunner/config', { autoScalingRevisionsQuota: 2 });
    await emulator('calls', undefined, 'DELETE');

    let refusal = '';
    const retried: Asked[] = [];
    const outcome = await withScript(
      [
        [/: configuration$/, (q, nth) => (nth === 0 ? byLabel('New revision of orders-scaling')(q) : byLabel('New configuration…')(q))],
        [/: name$/, 'orders-night'],
        [/: minimum instances$/, (q, nth) => (nth === 0 ? '4' : (retried.push(q), q.value))],
        [/: maximum instances$/, (q, nth) => (nth === 0 ? '8' : (retried.push(q), q.value))],
        [/: concurrency per instance$/, (q, nth) => (nth === 0 ? '50' : (retried.push(q), q.value))],
        [/^Change the auto scaling of scale-orders\?$/, true],
        [
          /quota/,
          (q) => {
            refusal = q.title;
            return true;
          },
        ],
      ],
      async () => vscode.commands.executeCommand<UpdateOutcome>('apprunner.changeAutoScaling', service),
    );
    assert.strictEqual(
      refusal,
      `orders-scaling has 2 revisions in ${REGION}, as many as the account’s quota allows. Delete a revision no service uses (Auto Scaling Configurations…): revision 2; or save the change under another name.`,
    );
    assert.deepStrictEqual(
      retried.map((q) => q.value),
      ['4', '8', '50'],
      'the retry offers the answers typed before',
    );
    assert.equal(outcome?.kind, 'updated');
    const summary = (await describe(service.arn)).AutoScalingConfigurationSummary;
    assert.deepStrictEqual([summary?.AutoScalingConfigurationName, summary?.AutoScalingConfigurationRevision], ['orders-night', 1]);
    assert.strictEqual(await calls('UpdateService'), 1, 'nothing was sent for the refused revision');
  });

  test('which services use a configuration; deleting refuses one in use and deletes an unused one', async () => {
    const service = await seed();
    const ext = await api();
    const spare = await ext.aws.session().appRunner.createAutoScalingConfiguration(REGION, {
      name: 'orders-scaling',
      minSize: 1,
      maxSize: 2,
      maxConcurrency: 10,
    });
    const users = await withScript(
      [
        [/^Auto scaling configurations in /, byLabel('orders-scaling (revision 1)')],
        [/^orders-scaling \(revision 1\)$/, byLabel('Which services use it')],
      ],
      async () => vscode.commands.executeCommand('apprunner.autoScalingConfigurations', service),
    );
    assert.deepStrictEqual(users, { action: 'services', services: [SERVICE] });
    const refused = await withScript(
      [
        [/^Auto scaling configurations in /, byLabel('orders-scaling (revision 1)')],
        [/^orders-scaling \(revision 1\)$/, byLabel('Delete this revision')],
      ],
      async () => vscode.commands.executeCommand('apprunner.autoScalingConfigurations', service),
    );
    assert.deepStrictEqual(refused, {
      action: 'refused',
      message: `orders-scaling (revision 1) is used by 1 service: ${SERVICE}. Give it another configuration first.`,
    });
    const deleted = await withScript(
      [
        [/^Auto scaling configurations in /, byLabel('orders-scaling (revision 2)')],
        [/^orders-scaling \(revision 2\)$/, byLabel('Delete this revision')],
        [/^Delete orders-scaling \(revision 2\)\?$/, true],
      ],
      async () => vscode.commands.executeCommand('apprunner.autoScalingConfigurations', service),
    );
    assert.deepStrictEqual(deleted, { action: 'delete', deleted: [spare.AutoScalingConfigurationArn] });
    const left = await ext.aws.session().appRunner.listAutoScalingConfigurations(REGION, 'orders-scaling');
    assert.deepStrictEqual(
      left.map((r) => r.AutoScalingConfigurationRevision),
      [1],
    );
  });

  test('a busy service refuses the change; the wizard opens again with the answers; access denied names the IAM action', async () => {
    const service = await seed(
      { status: 'OPERATION_IN_PROGRESS', inProgress: { type: 'START_DEPLOYMENT' } },
      { operationDelayMs: 600_000 },
    );
    await emulator('calls', undefined, 'DELETE');
    const refusals: string[] = [];
    const second: Asked[] = [];
    const outcome = await withScript(
      [
        [/^Edit scale-orders: what to change$/, (q, nth) => (nth === 0 ? byLabel('Instance size')(q) : (second.push(q), highlighted(q)))],
        [/^Edit scale-orders: instance size$/, (q, nth) => (nth === 0 ? byLabel('2 vCPU · 4 GB')(q) : (second.push(q), highlighted(q)))],
        [/^Update scale-orders\?$/, true],
        [
          /another operation is in progress/,
          (q, nth) => {
            refusals.push(q.title);
            return nth === 0;
          },
        ],
      ],
      async () => vscode.commands.executeCommand<UpdateOutcome>('apprunner.editServiceSettings', service),
    );
    assert.equal(outcome?.kind, 'refused');
    assert.equal(refusals.length, 2);
    assert.match(
      refusals[0],
      /Could not update scale-orders in us-east-1: .*another operation is in progress.*Wait until the current operation ends/,
    );
    assert.deepStrictEqual(
      second.map((q) => q.activeLabel),
      ['Instance size', '2 vCPU · 4 GB'],
      'the retry highlights the answers given before',
    );
    assert.strictEqual(await calls('UpdateService'), 2);

    // Access denied: the message names apprunner:UpdateService.
    const running = await seed({}, { operationDelayMs: 500 });
    await emulator('deny', { actions: ['apprunner:UpdateService'] });
    let denied = '';
    await withScript(
      [
        [/^Edit scale-orders: what to change$/, byLabel('Instance size')],
        [/^Edit scale-orders: instance size$/, byLabel('0.5 vCPU · 1 GB')],
        [/^Update scale-orders\?$/, true],
        [
          /access denied/,
          (q) => {
            denied = q.title;
            return false;
          },
        ],
      ],
      async () => vscode.commands.executeCommand<UpdateOutcome>('apprunner.editServiceSettings', running),
    );
    assert.match(denied, /not allowed to call apprunner:UpdateService/);
  });

  test('an instance size change sends exactly the new pair', async () => {
    const service = await seed({ cpu: '1 vCPU', memory: '2 GB' }, { operationDelayMs: 500 });
    await emulator('calls', undefined, 'DELETE');
    let offered: string[] = [];
    const outcome = await withScript(
      [
        [/^Edit scale-orders: what to change$/, byLabel('Instance size')],
        [
          /^Edit scale-orders: instance size$/,
          (q) => {
            offered = q.items?.map((i) => i.label) ?? [];
            return byLabel('2 vCPU · 4 GB')(q);
          },
        ],
        [/^Update scale-orders\?$/, (q) => q.detail?.startsWith('CPU: 1 vCPU → 2 vCPU\nmemory: 2 GB → 4 GB\n') === true],
      ],
      async () => vscode.commands.executeCommand<UpdateOutcome>('apprunner.editServiceSettings', service),
    );
    assert.ok(!offered.includes('0.5 vCPU · 2 GB') && offered.includes('4 vCPU · 12 GB'), `offered: ${offered.join(', ')}`);
    assert.equal(outcome?.kind, 'updated');
    assert.deepStrictEqual(outcome.kind === 'updated' && outcome.input, {
      ServiceArn: service.arn,
      InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' },
    });
    assert.strictEqual(await calls('UpdateService'), 1);
    const described = await describe(service.arn);
    assert.deepStrictEqual([described.InstanceConfiguration?.Cpu, described.InstanceConfiguration?.Memory], ['2048', '4096']);
  });
});
