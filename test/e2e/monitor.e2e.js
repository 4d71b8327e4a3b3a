// A user opens the monitor of a service from the tree, watches its logs while the emulator
// drops the Live Tail stream and forces a session timeout (every event shown exactly once),
// filters, reads a JSON line, looks at the six charts, reloads the window (the panel comes
// back), and switches to light and high-contrast themes. Screenshots of each step.
'use strict';
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const h = require('../harness/lib/harness');
const { startWorkbench, openPage } = require('./workbench');
const m = require('./monitorHelpers');

exports.title = 'monitor: logs across a dropped stream and a session timeout, six charts, reload, themes';

const FIRST_RUN = 40;

exports.run = async ({ screenshot, log }) => {
  const wb = await startWorkbench({
    seed: path.join(__dirname, '../emulator/seeds/demo.json'),
    operationDelayMs: 3000,
    settings: { 'remote.autoForwardPorts': false },
  });
  let browser;
  try {
    const groups = await m.logGroupsOf(wb, 'orders-api');
    // Some history before the monitor opens: application lines and service events.
    await m.control(wb, 'logs/generate', { logGroupName: groups.application, streams: 2, ratePerSecond: 200, durationMs: 200 });
    await m.control(wb, 'logs/put', {
      logGroupName: groups.service,
      logStreamName: 'events',
      events: [
        { message: '[AppRunner] Deployment with ID : 5c1f… started.' },
        { message: '[AppRunner] Service status is set to RUNNING.' },
      ],
    });

    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    let frame = await m.openMonitorFromTree(page, 'orders-api');
    await m.waitInFrame(frame, 'Live', () => document.querySelector('.tail-status .status-text')?.textContent === 'Live');
    await m.waitInFrame(
      frame,
      'the backfill',
      (n) =>
        /^[\d,]+ lines$/.test(document.querySelector('.counts').textContent) &&
        Number(document.querySelector('.counts').textContent.replace(/\D/g, '')) >= n,
      FIRST_RUN + 2,
    );
    log('the monitor shows the backfill and is live');
    await screenshot(page, '01-logs-backfill');

    // 360 lines over 9 s from three instances; the stream is dropped once a quarter of them is shown,
    // the next session timed out once half of them is.
    const shownAtLeast = (what, lines) =>
      m.waitInFrame(frame, what, (n) => Number(document.querySelector('.counts').textContent.replace(/\D/g, '')) >= n, lines, 45000);
    const sessions = async () => (await m.control(wb, 'logs/sessions')).sessions;
    const [firstSession] = await sessions();
    const backfilled = await m.shownLineCount(frame);
    const generating = m.control(wb, 'logs/generate', {
      logGroupName: groups.application,
      streams: 3,
      ratePerSecond: 40,
      durationMs: 9000,
    });
    await shownAtLeast('a quarter of the run', backfilled + 90);
    assert.strictEqual((await m.control(wb, 'logs/drop-streams')).dropped, 1);
    log('emulator dropped the Live Tail stream');
    const nextSession = (after) =>
      m.waitForValue(
        'a new Live Tail session',
        async () => {
          const open = await sessions();
          return open.length === 1 && open[0].sessionId !== after.sessionId ? open[0] : undefined;
        },
        30000,
      );
    const secondSession = await nextSession(firstSession);
    await shownAtLeast('half of the run', backfilled + 180);
    assert.strictEqual((await m.control(wb, 'logs/session-timeout')).ended, 1);
    log('emulator timed the new session out');
    const lastSession = await nextSession(secondSession);
    const run = await generating;
    // The gap since the last update is filled with FilterLogEvents some seconds after the new session
    // started: wait until the emulator has answered that fill (a call per log group), then send a line
    // through Live Tail. Anything the fill showed twice would be in the list before that line.
    await m.waitForValue(
      'the gap fill after the last reconnect',
      async () =>
        (await m.control(wb, 'calls')).calls.filter((c) => c.operation === 'FilterLogEvents' && c.at >= lastSession.startedAt).length >= 2,
      30000,
    );
    await m.control(wb, 'logs/put', {
      logGroupName: groups.service,
      logStreamName: 'events',
      events: [{ message: '[AppRunner] Health check passed after the gap fill.' }],
    });
    const total = await m.eventsAtEmulator(wb, groups);
    await shownAtLeast(`${total} lines`, total);
    assert.strictEqual(await m.shownLineCount(frame), total, 'the count shown equals the events the emulator holds');
    const rows = await m.allRows(frame);
    const events = rows.filter((r) => !r.notice);
    assert.strictEqual(events.length, total, `${events.length} event rows in the list, ${total} at the emulator`);
    const seen = new Map();
    for (const r of events.filter((e) => e.source.startsWith('app '))) {
      const n = m.lineNumber(r.message);
      seen.set(n, (seen.get(n) ?? 0) + 1);
    }
    for (let n = 0; n < run.produced; n++) {
      assert.strictEqual(seen.get(n), n < FIRST_RUN ? 2 : 1, `generated line #${n} shown ${seen.get(n) ?? 0} times`);
    }
    assert.ok(rows.filter((r) => r.notice && /resumed/.test(r.message)).length >= 2, 'both reconnects are marked in the list');
    log(`${total} events shown, each exactly once (${run.produced} generated during the disruptions)`);
    await frame.evaluate(() => {
      const list = document.querySelector('.log-list');
      list.scrollTop = list.scrollHeight;
      list.dispatchEvent(new Event('scroll'));
    });
    await screenshot(page, '02-logs-after-drop-and-timeout');

    // Filter, keyboard selection and the detail of a JSON line.
    await frame.fill('.filter-input', 'upstream timeout');
    await m.waitInFrame(frame, 'the filter', () => / of /.test(document.querySelector('.counts').textContent));
    await screenshot(page, '03-filter');
    const filtered = Number(
      /^([\d,]+) of/.exec(await frame.evaluate(() => document.querySelector('.counts').textContent))[1].replace(/,/g, ''),
    );

    // Copy and save what the filter shows: time, source and the original line each.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.url).origin });
    await frame.click('button[aria-label="Copy the shown lines"]');
    const copied = await m.waitForValue('the clipboard', async () => {
      const text = await page.evaluate(() => navigator.clipboard.readText());
      return text.split('\n').length === filtered ? text : undefined;
    });
    assert.ok(
      copied
        .split('\n')
        .every((l) =>
          /^\d{4}-\d\d-\d\dT[\d:.]+Z \[application:instance\/[0-9a-f]{32}\] \{"level":"error","msg":"upstream timeout"/.test(l),
        ),
      copied.slice(0, 300),
    );
    await frame.click('button[aria-label="Save the shown lines to a file"]');
    const dialog = page.locator('.quick-input-widget input:visible').first();
    await dialog.waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    const saved = await m.waitForValue('the saved file', () => {
      const file = fs.readdirSync(wb.folder).find((f) => /^orders-api-.*\.log$/.test(f));
      return file ? fs.readFileSync(path.join(wb.folder, file), 'utf8') : undefined;
    });
    assert.strictEqual(saved, `${copied}\n`, 'the saved file holds the same lines as the clipboard');
    log(`copied and saved the ${filtered} filtered lines`);
    await frame.focus('.log-list');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await m.waitInFrame(
      frame,
      'the detail pane',
      () => !document.querySelector('.detail').hidden && document.querySelector('.detail-body .json-key') !== null,
    );
    const detail = await frame.evaluate(() => document.querySelector('.detail-body').textContent);
    assert.ok(JSON.parse(detail).msg === 'upstream timeout', `detail: ${detail}`);
    await screenshot(page, '04-json-detail');
    await page.keyboard.press('Escape');
    await frame.fill('.filter-input', '');

    // Metrics: six charts, auto scaling bounds, operations on the time axis.
    await frame.click('#tab-metrics');
    await m.waitInFrame(
      frame,
      'six charts',
      () =>
        document.querySelectorAll('.chart canvas').length === 6 && /Updated/.test(document.querySelector('.metrics-status').textContent),
    );
    const metrics = await frame.evaluate(() => ({
      titles: [...document.querySelectorAll('.chart-title')].map((e) => e.textContent),
      legend: document.querySelector('.chart-instances .u-legend')?.textContent ?? '',
    }));
    assert.deepStrictEqual(metrics.titles, [
      'Active instances',
      'Requests',
      'Request latency',
      'CPU utilization',
      'Memory utilization',
      'Concurrency',
    ]);
    assert.ok(/Min \(2\)/.test(metrics.legend) && /Max \(10\)/.test(metrics.legend), `instances legend: ${metrics.legend}`);
    await screenshot(page, '05-metrics-dark');
    await frame.click('button.range[aria-label="1 week"]');
    await m.waitInFrame(frame, 'the week', () => /30 min per point/.test(document.querySelector('.metrics-status').textContent));
    const operations = await frame.evaluate(() => document.querySelector('.operations').textContent);
    assert.ok(
      /update service succeeded/.test(operations) && /update service rollback succeeded/.test(operations),
      `operations: ${operations}`,
    );
    await screenshot(page, '06-metrics-week');
    await frame.click('button.range[aria-label="1 hour"]');

    // A window reload brings the panel back, on the tab it was on.
    const reloaded = page.waitForEvent('load', { timeout: 60000 });
    await m.runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await h.waitForWorkbench(page);
    frame = await m.monitorFrame(page, 60000);
    await m.waitInFrame(
      frame,
      'Live after reload',
      () => document.querySelector('.tail-status .status-text')?.textContent === 'Live',
      undefined,
      60000,
    );
    await m.waitInFrame(frame, 'the charts after reload', () => document.querySelectorAll('.chart canvas').length === 6, undefined, 30000);
    log('the monitor came back after the window reload');
    await screenshot(page, '07-restored-after-reload');

    await m.selectTheme(page, 'Light Modern');
    await m.waitInFrame(frame, 'six charts again', () => document.querySelectorAll('.chart canvas').length === 6);
    await screenshot(page, '08-metrics-light');
    await frame.click('#tab-logs');
    await screenshot(page, '09-logs-light');
    await m.selectTheme(page, 'Dark High Contrast');
    await screenshot(page, '10-logs-high-contrast');
    await frame.click('#tab-metrics');
    await m.waitInFrame(frame, 'six charts again', () => document.querySelectorAll('.chart canvas').length === 6);
    await screenshot(page, '11-metrics-high-contrast');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
