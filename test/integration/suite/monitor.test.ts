// The monitor inside a real VS Code against the local emulator (real SDK clients, real Live
// Tail event streams): panels per service, logs that survive a dropped stream and a session
// timeout with every event shown once, the polling fallback, and one GetMetricData per refresh.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CatalogService } from '../../../src/catalog/catalog';
import type { MonitorProbe } from '../../../src/monitor/protocol';
import { generatedLogLine } from '../../emulator/logs';
import { api, emulator, emulatorSuite, emulatorUrl, setSetting, waitFor, withScript } from './helpers';

interface SeededService {
  node: CatalogService;
  appGroup: string;
  serviceGroup: string;
}

async function seed(names: string[]): Promise<void> {
  await emulator('reset', {});
  await emulator('seed', {
    apprunner: {
      services: names.map((name) => ({
        region: 'us-east-1',
        name,
        image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${name}:1`,
        minSize: 2,
        maxSize: 7,
        createdAt: '-2d',
      })),
    },
  });
}

async function service(name: string): Promise<SeededService> {
  const ext = await api();
  ext.aws.resetSession();
  await ext.catalog.load();
  const node = ext.catalog.services().find((s) => s.name === name);
  assert.ok(node, `service ${name} is not in the tree`);
  const id = /service\/[^/]+\/([^/]+)$/.exec(node.arn)?.[1];
  assert.ok(id, `no service id in ${node.arn}`);
  return { node, appGroup: `/aws/apprunner/${name}/${id}/application`, serviceGroup: `/aws/apprunner/${name}/${id}/service` };
}

async function probe(arn: string, match?: string): Promise<MonitorProbe> {
  return (await api()).monitor.probe(arn, match);
}

async function eventsAtEmulator(s: SeededService): Promise<number> {
  const app = await emulator('logs/stats', { logGroupName: s.appGroup });
  const svc = await emulator('logs/stats', { logGroupName: s.serviceGroup });
  return app.events + svc.events;
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor('monitor panels to close', async () => (await api()).monitor.openPanels().length === 0, 10000);
}

suite('Monitor', () => {
  emulatorSuite(['us-east-1']);

  teardown(async () => {
    await emulator('faults', undefined, 'DELETE');
    await closeAll();
  });

  test('Open Monitor opens one panel per service; running it again focuses that panel', async () => {
    await seed(['mon-alpha', 'mon-beta']);
    const alpha = await service('mon-alpha');
    const beta = await service('mon-beta');
    await vscode.commands.executeCommand('apprunner.openMonitor', alpha.node);
    await vscode.commands.executeCommand('apprunner.openMonitor', beta.node);
    await vscode.commands.executeCommand('apprunner.openMonitor', alpha.node);
    const monitor = (await api()).monitor;
    assert.deepStrictEqual(
      monitor
        .openPanels()
        .map((s) => s.name)
        .sort(),
      ['mon-alpha', 'mon-beta'],
    );
    // The workbench reports its tabs to the extension host a moment later.
    const monitorTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => t.label)
        .filter((l) => l.startsWith('Monitor: '))
        .sort();
    await waitFor('two monitor tabs', () => monitorTabs().length === 2, 10000);
    assert.deepStrictEqual(monitorTabs(), ['Monitor: mon-alpha', 'Monitor: mon-beta']);
    await waitFor('the alpha tab in front', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Monitor: mon-alpha', 10000);
    await waitFor('the page to answer', async () => (await probe(alpha.node.arn)).tailMode === 'live', 30000);
  });

  test('from the palette, Open Monitor asks which service', async () => {
    await seed(['mon-one', 'mon-two']);
    await service('mon-two');
    const offered = await withScript([['Open Monitor', 'mon-two']], async (prompts) => {
      await vscode.commands.executeCommand('apprunner.openMonitor');
      return prompts.asked[0].items?.map((i) => i.label) ?? [];
    });
    assert.deepStrictEqual(offered.sort(), ['mon-one', 'mon-two']);
    assert.deepStrictEqual(
      (await api()).monitor.openPanels().map((s) => s.name),
      ['mon-two'],
    );
  });

  test('logs: backfill, live events, a dropped stream and a session timeout; every event shown exactly once', async () => {
    await seed(['mon-logs']);
    const s = await service('mon-logs');
    const before = await emulator('logs/put', {
      logGroupName: s.appGroup,
      logStreamName: 'instance/0123456789abcdef0123456789abcdef',
      events: [{ message: 'before the monitor opened #1' }, { message: 'before the monitor opened #2' }],
    });
    assert.strictEqual(before.eventIds.length, 2);
    await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
    await waitFor('Live Tail', async () => (await probe(s.node.arn)).tailMode === 'live', 30000);
    assert.strictEqual((await emulator('logs/sessions', {})).sessions.length, 1);

    // 400 events over 8 s from two instances; the stream is dropped once a quarter of them is shown
    // and the next session times out once half of them is.
    const shownAtLeast = (what: string, lines: number) =>
      waitFor(what, async () => (await probe(s.node.arn)).eventLines >= lines, 40000, 200);
    const resumed = async () => (await probe(s.node.arn)).notices.filter((k) => k === 'resumed').length;
    const generated = emulator('logs/generate', { logGroupName: s.appGroup, streams: 2, ratePerSecond: 50, durationMs: 8000 });
    await shownAtLeast('a quarter of the run', before.eventIds.length + 100);
    assert.strictEqual((await emulator('logs/drop-streams', {})).dropped, 1);
    await waitFor('the session after the dropped stream', async () => (await resumed()) >= 1, 30000, 200);
    await shownAtLeast('half of the run', before.eventIds.length + 200);
    await waitFor('one open session', async () => (await emulator('logs/sessions', {})).sessions.length === 1, 15000);
    const resumedBeforeTimeout = await resumed();
    assert.strictEqual((await emulator('logs/session-timeout', {})).ended, 1);
    await waitFor('the session after the timeout', async () => (await resumed()) > resumedBeforeTimeout, 30000, 200);
    const run = await generated;
    assert.strictEqual(run.produced, 400);

    const total = await eventsAtEmulator(s);
    await waitFor(
      'every event in the monitor, and the gap fills done',
      async () => {
        const p = await probe(s.node.arn);
        return p.eventLines >= total && !p.fillsPending;
      },
      40000,
      300,
    );
    // A line through the live session after the fills: anything read twice would have arrived before it.
    await emulator('logs/put', {
      logGroupName: s.appGroup,
      logStreamName: 'instance/0123456789abcdef0123456789abcdef',
      events: [{ message: 'after the gap fills' }],
    });
    await waitFor(
      'the line after the fills',
      async () => (await probe(s.node.arn, '^after the gap fills$')).messages.length === 1,
      15000,
      300,
    );
    const final = await probe(s.node.arn, '');
    assert.strictEqual(final.eventLines, total + 1, `the emulator holds ${total + 1} events, the monitor shows ${final.eventLines}`);
    assert.strictEqual(final.distinctIds, final.eventLines);
    const expected = [
      ...Array.from({ length: run.produced }, (_, n) => generatedLogLine(n, false)),
      'before the monitor opened #1',
      'before the monitor opened #2',
    ];
    const application = final.messages.filter((m) => expected.includes(m));
    assert.strictEqual(application.length, expected.length, 'each generated line once');
    assert.strictEqual(new Set(application).size, expected.length);
    assert.ok(
      final.notices.filter((k) => k === 'resumed').length >= 2,
      `the reconnects are marked in the list: ${final.notices.join(', ')}`,
    );
    assert.strictEqual(final.tailMode, 'live');
    assert.ok(final.renderedRows < 200, `the list is virtualized (${final.renderedRows} row elements for ${final.eventLines} lines)`);
  });

  test("logs: Live Tail also works through the profile's endpoint_url (no stream- host prefix)", async () => {
    await seed(['mon-profile']);
    await setSetting('endpointUrl', '');
    try {
      const s = await service('mon-profile');
      await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
      await waitFor('Live Tail', async () => (await probe(s.node.arn)).tailMode === 'live', 30000);
      await emulator('logs/put', {
        logGroupName: s.appGroup,
        logStreamName: 'instance/00000000000000000000000000000001',
        events: [{ message: 'through the profile endpoint' }],
      });
      await waitFor(
        'the live line',
        async () => (await probe(s.node.arn, '^through the profile endpoint$')).messages.length === 1,
        15000,
        300,
      );
      assert.strictEqual((await emulator('logs/sessions', {})).sessions.length, 1);
    } finally {
      await setSetting('endpointUrl', emulatorUrl());
    }
  });

  test('logs: a burst CloudWatch samples is marked in the list', async () => {
    await seed(['mon-burst']);
    const s = await service('mon-burst');
    await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
    await waitFor('Live Tail', async () => (await probe(s.node.arn)).tailMode === 'live', 30000);
    // 3,000 events in one second: Live Tail sends at most 500 an update and marks the rest sampled.
    const run = await emulator('logs/generate', { logGroupName: s.appGroup, ratePerSecond: 3000, durationMs: 1000 });
    assert.strictEqual(run.produced, 3000);
    const p = await waitFor(
      'the sampled mark',
      async () => {
        const now = await probe(s.node.arn);
        return now.notices.includes('sampled') ? now : undefined;
      },
      20000,
      300,
    );
    assert.ok(p.eventLines < run.produced, `sampled: ${p.eventLines} of ${run.produced} shown`);
    assert.strictEqual(p.distinctIds, p.eventLines);
  });

  test('logs: when Live Tail is denied the monitor polls FilterLogEvents and shows new events once', async () => {
    await seed(['mon-denied']);
    const s = await service('mon-denied');
    await emulator('faults', {
      service: 'logs',
      operation: 'StartLiveTail',
      kind: 'error',
      code: 'AccessDeniedException',
      status: 400,
      message: 'not allowed to StartLiveTail',
    });
    await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
    await waitFor('polling', async () => (await probe(s.node.arn)).tailMode === 'polling', 30000);
    const put = await emulator('logs/put', {
      logGroupName: s.appGroup,
      logStreamName: 'instance/feedfacefeedfacefeedfacefeedface',
      events: Array.from({ length: 30 }, (_, i) => ({ message: `polled line ${i}` })),
    });
    assert.strictEqual(put.eventIds.length, 30);
    await waitFor('the polled lines', async () => (await probe(s.node.arn, '^polled line')).messages.length === 30, 20000, 300);
    // A line written after they were shown comes with a later poll, which re-reads the last 10 s
    // (pollOverlapMs) and so the polled lines too: they must not show again.
    await emulator('logs/put', {
      logGroupName: s.appGroup,
      logStreamName: 'instance/feedfacefeedfacefeedfacefeedface',
      events: [{ message: 'after the polled lines' }],
    });
    await waitFor(
      'the line after them',
      async () => (await probe(s.node.arn, '^after the polled lines$')).messages.length === 1,
      20000,
      300,
    );
    const p = await probe(s.node.arn, '^polled line');
    assert.strictEqual(p.messages.length, 30);
    assert.strictEqual(new Set(p.messages).size, 30);
    assert.strictEqual(p.eventLines, await eventsAtEmulator(s));
  });

  test('logs: a hidden monitor holds no Live Tail session; shown again, it shows every event of the hidden time once', async () => {
    await seed(['mon-hidden']);
    const s = await service('mon-hidden');
    const sessions = async () => (await emulator('logs/sessions', {})).sessions.length;
    await setSetting('monitor.hiddenGraceSeconds', 1);
    try {
      await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
      await waitFor('Live Tail', async () => (await probe(s.node.arn)).tailMode === 'live', 30000);
      assert.strictEqual(await sessions(), 1);
      // Another editor in front of the monitor hides it.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'in front of the monitor' }), {
        preview: false,
      });
      await waitFor('the session to end', async () => (await sessions()) === 0, 15000, 200);
      assert.strictEqual((await probe(s.node.arn)).tailMode, 'paused');
      const hidden = Array.from({ length: 12 }, (_, i) => `while hidden #${i}`);
      for (const [i, message] of hidden.entries()) {
        await emulator('logs/put', {
          logGroupName: i % 3 === 2 ? s.serviceGroup : s.appGroup,
          logStreamName: i % 3 === 2 ? 'events' : 'instance/0123456789abcdef0123456789abcdef',
          events: [{ message }],
        });
      }
      assert.strictEqual(await sessions(), 0, 'a hidden monitor started a Live Tail session');
      assert.strictEqual((await probe(s.node.arn, '^while hidden')).messages.length, 0);

      await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
      await waitFor('Live Tail again', async () => (await probe(s.node.arn)).tailMode === 'live', 30000);
      assert.strictEqual(await sessions(), 1);
      await waitFor(
        'the hidden time filled in',
        async () => (await probe(s.node.arn, '^while hidden')).messages.length >= hidden.length,
        30000,
        300,
      );
      // A line after the fill arrives through the new session: the fill and the session met.
      await emulator('logs/put', {
        logGroupName: s.appGroup,
        logStreamName: 'instance/0123456789abcdef0123456789abcdef',
        events: [{ message: 'after it was shown' }],
      });
      await waitFor('the live line', async () => (await probe(s.node.arn, '^after it was shown$')).messages.length === 1, 15000, 300);
      const p = await probe(s.node.arn, '^while hidden');
      assert.deepStrictEqual([...p.messages].sort(), [...hidden].sort());
      assert.strictEqual(p.distinctIds, p.eventLines);
      assert.strictEqual(p.notices.filter((k) => k === 'resumed').length, 1, `notices: ${p.notices.join(', ')}`);
    } finally {
      await setSetting('monitor.hiddenGraceSeconds', undefined);
    }
  });

  test("logs: at the account's Live Tail session limit the monitor polls and says why", async () => {
    await seed(['mon-limit']);
    const s = await service('mon-limit');
    await emulator('logs/config', { maxLiveTailSessions: 0 });
    await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
    const polling = await waitFor(
      'polling',
      async () => {
        const p = await probe(s.node.arn);
        return p.tailMode === 'polling' ? p : undefined;
      },
      30000,
    );
    assert.ok(polling.notices.includes('fallback'), `notices: ${polling.notices.join(', ')}`);
    assert.match(polling.tailDetail ?? '', /concurrent Live Tail sessions as its quota allows/);
    assert.strictEqual((await emulator('logs/sessions', {})).sessions.length, 0);
    await emulator('logs/put', {
      logGroupName: s.appGroup,
      logStreamName: 'instance/feedfacefeedfacefeedfacefeedface',
      events: Array.from({ length: 5 }, (_, i) => ({ message: `at the limit #${i}` })),
    });
    await waitFor('the polled lines', async () => (await probe(s.node.arn, '^at the limit')).messages.length === 5, 20000, 300);
    const { calls } = await emulator('calls');
    assert.ok(calls.some((c: { operation: string }) => c.operation === 'FilterLogEvents'));
  });

  test('metrics: a refresh is one GetMetricData call (and one ListOperations); scaling bounds are not read again', async () => {
    await seed(['mon-metrics']);
    const s = await service('mon-metrics');
    await vscode.commands.executeCommand('apprunner.openMonitor', s.node);
    const first = await waitFor('the first metrics', async () => (await probe(s.node.arn)).metricsFetchedAt, 30000);
    await emulator('calls', undefined, 'DELETE');
    await (await api()).monitor.refreshMetrics(s.node.arn);
    const second = await waitFor('the refreshed metrics', async () => {
      const at = (await probe(s.node.arn)).metricsFetchedAt;
      return at && at > first ? at : undefined;
    });
    assert.ok(second > first);
    const { calls } = await emulator('calls');
    const metricCalls = calls.filter((c: { operation: string }) => c.operation === 'GetMetricData');
    assert.strictEqual(metricCalls.length, 1, `GetMetricData calls: ${metricCalls.length}`);
    const count = (operation: string) => calls.filter((c: { operation: string }) => c.operation === operation).length;
    assert.strictEqual(count('ListOperations'), 1);
    assert.strictEqual(
      count('DescribeService') + count('DescribeAutoScalingConfiguration'),
      0,
      'the scaling bounds were read again although no operation happened',
    );
  });
});
