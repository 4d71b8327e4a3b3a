// A regular expression that backtracks exponentially, kept as the monitor's filter while lines
// built to trigger it keep arriving, must not freeze anything: the pattern runs in a worker that
// is stopped when it overruns, and the filter says the pattern is too slow. While the worker is
// still matching, the webview and the workbench answer calls and their timers keep ticking (an
// order, not a duration: a pattern run on the page's thread would answer only once it is over).
// Then a sane pattern works again, and the JSON detail of a 5,000-deep line and of a line with a
// large integer and a repeated key is bounded, marked, and has a Raw view with the exact text.
'use strict';
const assert = require('assert');
const path = require('path');
const { startWorkbench, openPage } = require('./workbench');
const m = require('./monitorHelpers');

exports.title = 'monitor: a backtracking filter never freezes the workbench and is reported as too slow; JSON detail bounded, Raw exact';

/** 2^36 ways to split the a's before `$` fails at the `!`: hours of backtracking for (a+)+$. */
const BACKTRACKING = `${'a'.repeat(36)}!`;
const STREAM = 'instance/0dd5c0de0dd5c0de0dd5c0de0dd5c0de';

/** Counts, in the page or frame it runs in, the ticks of a 50 ms timer: they stop while its thread is held. */
function installTicker() {
  window.__ticks = 0;
  setInterval(() => window.__ticks++, 50);
}

/** The webview's state as one call sees it: whether the worker is matching, whether the pattern was stopped. */
function filterState() {
  const error = document.querySelector('.filter-error');
  return {
    matching: /filtering/.test(document.querySelector('.counts').textContent),
    stopped: Boolean(error && !error.hidden && /too slow/.test(error.textContent)),
    ticks: window.__ticks,
  };
}

exports.run = async ({ screenshot, log }) => {
  const wb = await startWorkbench({
    seed: path.join(__dirname, '../emulator/seeds/demo.json'),
    settings: { 'remote.autoForwardPorts': false },
  });
  let browser;
  try {
    const groups = await m.logGroupsOf(wb, 'orders-api');
    const put = (messages) =>
      m.control(wb, 'logs/put', {
        logGroupName: groups.application,
        logStreamName: STREAM,
        events: messages.map((message) => ({ message })),
      });
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    const frame = await m.openMonitorFromTree(page, 'orders-api');
    await m.waitInFrame(frame, 'Live', () => document.querySelector('.tail-status .status-text')?.textContent === 'Live');

    // Lines already in the list when the filter is set: some of them built to backtrack.
    await put(['aaaa first', BACKTRACKING, 'aaaa', BACKTRACKING, 'GET /health 200']);
    await m.waitInFrame(frame, '5 lines', () => /^5 lines$/.test(document.querySelector('.counts').textContent));

    await page.evaluate(installTicker);
    await frame.evaluate(installTicker);
    const pings = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const webview = await frame.evaluate(filterState);
        pings.push({ ...webview, workbenchTicks: await page.evaluate(() => window.__ticks) });
        await new Promise((r) => setTimeout(r, 50)); // pacing of the calls, not a wait for anything
      }
    })();
    // A stream of lines that backtrack, with lines that match, while the pattern is typed and after.
    let streaming = true;
    let streamed = 0;
    const streamer = (async () => {
      for (; streaming; streamed++) {
        await put([`aaaa #${streamed}`, BACKTRACKING, `GET /orders/${streamed} 200`]);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();

    await frame.click('.filter .toggle[aria-label="Use regular expression"]');
    await frame.fill('.filter-input', '(a+)+$');
    const message = await m.waitInFrame(
      frame,
      'the too-slow message',
      () => {
        const e = document.querySelector('.filter-error');
        return e && !e.hidden && /too slow/.test(e.textContent) && e.textContent;
      },
      undefined,
      20000,
    );
    log(`filter says: ${message}`);
    // Lines keep arriving after the pattern was stopped: still nothing blocks.
    const totalLines = () => Number(/([\d,]+) lines?/.exec(document.querySelector('.counts').textContent)?.[1]?.replace(/,/g, '') ?? 0);
    const before = await frame.evaluate(totalLines);
    await m.waitInFrame(frame, 'more lines after the pattern stopped', `(${totalLines})() >= ${before + 15}`, undefined, 20000);
    await screenshot(page, '01-pattern-too-slow');
    streaming = false;
    await streamer;
    await m.waitInFrame(frame, 'every line streamed', `(${totalLines})() === ${5 + 3 * streamed}`);
    sampling = false;
    await sampler;

    // Calls answered while the worker was still matching the pattern, before it was stopped.
    const whileMatching = pings.filter((p) => p.matching && !p.stopped);
    const first = whileMatching[0];
    const last = whileMatching[whileMatching.length - 1];
    log(
      `${pings.length} calls, ${whileMatching.length} answered while the pattern was being matched; ` +
        `meanwhile the webview's timer ticked ${last ? last.ticks - first.ticks : 0} times and the workbench's ${last ? last.workbenchTicks - first.workbenchTicks : 0}`,
    );
    assert.ok(whileMatching.length >= 3, `only ${whileMatching.length} calls were answered while the pattern was being matched`);
    assert.ok(last.ticks > first.ticks, "the webview's timers stood still while the pattern was being matched");
    assert.ok(last.workbenchTicks > first.workbenchTicks, "the workbench's timers stood still while the pattern was being matched");
    assert.ok(
      pings.some((p) => p.stopped),
      'no call saw the pattern stopped',
    );
    assert.strictEqual(await frame.getAttribute('.filter-input', 'aria-invalid'), 'true');

    // A sane pattern: a new worker, the message gone, exactly the matching lines shown.
    await frame.fill('.filter-input', '^aaaa( |$)');
    await m.waitInFrame(
      frame,
      'the sane pattern applied',
      () => document.querySelector('.filter-error').hidden && !/filtering/.test(document.querySelector('.counts').textContent),
    );
    const shown = (await m.allRows(frame)).filter((r) => !r.notice).map((r) => r.message);
    assert.strictEqual(shown.length, 2 + streamed, `${shown.length} rows for ${streamed} streamed`);
    assert.ok(
      shown.every((s) => s.startsWith('aaaa') && !s.endsWith('!')),
      `rows that do not match: ${shown.filter((s) => !s.startsWith('aaaa')).join(' | ')}`,
    );
    log(`the sane pattern shows ${shown.length} lines`);

    // JSON detail: bounded for a 5,000-deep line; Raw shows a large integer and a repeated key as logged.
    const deep = `{"msg":"deep-line","a":${'['.repeat(5000)}1${']'.repeat(5000)}}`;
    const exact = '{"msg":"exact-line","id":12345678901234567890,"user":"first","user":"second"}';
    await put([deep, exact]);
    await frame.click('.filter .toggle[aria-label="Use regular expression"]');
    for (const needle of ['deep-line', 'exact-line']) {
      await frame.fill('.filter-input', needle);
      await m.waitInFrame(
        frame,
        `the ${needle} row`,
        (n) => {
          const rows = [...document.querySelectorAll('.row:not([hidden]):not(.notice)')];
          return rows.length === 1 && rows[0].textContent.includes(n);
        },
        needle,
      );
      await frame.click('.row:not([hidden]):not(.notice)');
      await m.waitInFrame(frame, 'the detail pane', () => !document.querySelector('.detail').hidden);
      const detail = await frame.evaluate(() => ({
        text: document.querySelector('.detail-body').textContent,
        facts: document.querySelector('.detail-header').textContent,
        rawShown: !document.querySelector('.raw-toggle').hidden,
        marks: [...document.querySelectorAll('.detail-body .mark')].map((e) => e.textContent),
      }));
      assert.ok(detail.rawShown, 'a Raw button');
      assert.match(detail.facts, /JSON, formatted: keys and values as logged/);
      if (needle === 'deep-line') {
        assert.ok(detail.text.length < 40_000, `the deep line's detail has ${detail.text.length} characters`);
        assert.ok(
          detail.marks.some((t) => /nested deeper than 64 levels/.test(t)),
          `marks: ${detail.marks.join(' | ')}`,
        );
        await screenshot(page, '02-deep-json-detail');
      } else {
        const row = await frame.evaluate(() => document.querySelector('.row:not([hidden]):not(.notice) .message').textContent);
        assert.strictEqual(row, 'exact-line  id=12345678901234567890  user=first  user=second');
        assert.ok(detail.text.includes('"id": 12345678901234567890'), detail.text);
        assert.ok(detail.text.includes('"user": "first"') && detail.text.includes('"user": "second"'), detail.text);
        await frame.click('.raw-toggle');
        await m.waitInFrame(frame, 'the raw view', () =>
          /JSON, raw: exactly as logged/.test(document.querySelector('.detail-header').textContent),
        );
        assert.strictEqual(await frame.evaluate(() => document.querySelector('.detail-body').textContent), exact);
        await screenshot(page, '03-raw-json-detail');
        await frame.click('.raw-toggle');
      }
      await frame.press('.detail-body', 'Escape');
    }
    log('the deep JSON detail is bounded and marked; Raw shows the line exactly');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
