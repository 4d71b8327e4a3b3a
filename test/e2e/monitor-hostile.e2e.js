// Hostile log text in the real browser: a few hundred lines with script tags, event-handler
// attributes, javascript: links, CSS injection, a 100 KB line, control characters and the
// results of invalid UTF-8 reach the monitor through Live Tail. Every one must be shown
// verbatim (special characters as visible marks, exactly as logFormat.rowSegments defines),
// no element may come from a log line, and nothing in them may run. The page's CSP must also
// refuse inline scripts and handlers on its own. Light theme.
'use strict';
const assert = require('assert');
const path = require('path');
const { startWorkbench, openPage } = require('./workbench');
const m = require('./monitorHelpers');
const { rowSegments, displaySegments, DETAIL_MAX_CHARS } = require('../../out/src/monitor/logFormat');
const { generatedLogLine } = require('../../out/test/emulator/logs');

exports.title = 'monitor: hostile log lines are shown verbatim and nothing in them runs';

/** Lines that would call back into the page (window.__ran) if anything parsed them as HTML. */
const TRAPS = [
  `<img src=x onerror="window.__ran.push('img onerror')">`,
  `<svg/onload="window.__ran.push('svg onload')"><circle r=40></circle></svg>`,
  `<script>window.__ran.push('script')</script>`,
  `<iframe srcdoc="<script>parent.__ran.push('iframe')</script>"></iframe>`,
  `<a href="javascript:window.__ran.push('js link')">click me</a>`,
  `<style>.log-list { display: none !important }</style><link rel=stylesheet href="data:text/css,*{color:red}">`,
  `<div style="position:fixed;inset:0;background:red;z-index:9">overlay</div>`,
  `<details open ontoggle="window.__ran.push('ontoggle')">x</details>`,
  `"><input autofocus onfocus="window.__ran.push('onfocus')">`,
  `</span></div></div><b>breaking out of the row</b>`,
  `{{constructor.constructor('window.__ran.push(1)')()}} \${window.__ran.push(2)}`,
  `&lt;already escaped&gt; &amp; &#60;script&#62;`,
  `\u001b]8;;javascript:window.__ran.push('osc8')\u0007terminal link\u001b]8;;\u0007 and \u001b[2J clear screen`,
  `NUL in the middle: a\u0000b, bell \u0007, backspace \b\b\b hidden?`,
  `{"level":"error","msg":"<img src=x onerror=window.__ran.push('json')>","html":"<script>window.__ran.push('json2')</script>"}`,
];

exports.run = async ({ screenshot, log }) => {
  const wb = await startWorkbench({
    seed: path.join(__dirname, '../emulator/seeds/demo.json'),
    theme: 'Default Light Modern',
    settings: { 'remote.autoForwardPorts': false },
  });
  let browser;
  try {
    const groups = await m.logGroupsOf(wb, 'orders-api');
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    const frame = await m.openMonitorFromTree(page, 'orders-api');
    await m.waitInFrame(frame, 'Live', () => document.querySelector('.tail-status .status-text')?.textContent === 'Live');

    // Traps: anything that runs records itself; any element but the list's own spans is noted.
    await frame.evaluate(() => {
      window.__ran = [];
      window.alert = (x) => window.__ran.push(`alert(${x})`);
      window.confirm = window.prompt = window.alert;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) {
            if (n.nodeType === 1 && !['DIV', 'SPAN', 'PRE'].includes(n.tagName)) window.__ran.push(`element <${n.tagName.toLowerCase()}>`);
          }
        }
      }).observe(document.querySelector('.log-view'), { childList: true, subtree: true });
    });

    // 900 generated lines (every third hostile, one of 100 KB) at 150/s, and the traps.
    const generating = m.control(wb, 'logs/generate', {
      logGroupName: groups.application,
      streams: 2,
      ratePerSecond: 150,
      durationMs: 6000,
      hostile: true,
    });
    await m.control(wb, 'logs/put', {
      logGroupName: groups.application,
      logStreamName: 'instance/0badc0de0badc0de0badc0de0badc0de',
      events: TRAPS.map((message) => ({ message })),
    });
    const run = await generating;
    const total = await m.eventsAtEmulator(wb, groups);
    await m.waitInFrame(
      frame,
      `${total} lines`,
      (n) => Number(document.querySelector('.counts').textContent.replace(/\D/g, '')) >= n,
      total,
      45000,
    );
    const messages = [...Array.from({ length: run.produced }, (_, n) => generatedLogLine(n, true)), ...TRAPS];
    const hostileCount = messages.filter((msg, n) => n >= run.produced || n % 3 === 2).length;
    log(`${total} lines in the list, ${hostileCount} of them hostile`);

    // Exact text: each row shows exactly what rowSegments makes of one of the messages.
    const expected = new Map();
    for (const msg of messages) {
      const text = rowSegments(msg)
        .map((s) => s.text)
        .join('');
      expected.set(text, (expected.get(text) ?? 0) + 1);
    }
    const rows = (await m.allRows(frame)).filter((r) => !r.notice);
    assert.strictEqual(rows.length, messages.length);
    for (const row of rows) {
      const left = expected.get(row.message);
      assert.ok(left, `a row shows text no message produces: ${JSON.stringify(row.message.slice(0, 200))}`);
      expected.set(row.message, left - 1);
      assert.ok(
        row.elements.every((t) => t === 'span'),
        `a row holds elements ${row.elements.join(',')}`,
      );
    }
    assert.ok(
      [...expected.values()].every((n) => n === 0),
      'every message is shown once',
    );

    // The whole message, untouched, in the detail pane (the 100 KB line included).
    for (const needle of ['<img src=x onerror="window.__ran', 'very long line #500']) {
      await frame.fill('.filter-input', needle);
      await m.waitInFrame(
        frame,
        `the row with ${needle}`,
        (n) =>
          [...document.querySelectorAll('.row:not([hidden]):not(.notice) .message')].every((e) => e.textContent.includes(n)) &&
          / of /.test(document.querySelector('.counts').textContent),
        needle,
      );
      await frame.click('.row:not([hidden]):not(.notice)');
      await m.waitInFrame(frame, 'the detail pane', () => !document.querySelector('.detail').hidden);
      const shown = await frame.evaluate(() => document.querySelector('.detail-body').textContent);
      const original = messages.find((msg) => msg.includes(needle));
      const wanted = displaySegments(original, { maxChars: DETAIL_MAX_CHARS, keepNewlines: true })
        .map((s) => s.text)
        .join('');
      assert.ok(shown === wanted, `the detail of "${needle}" shows ${shown.length} characters: ${JSON.stringify(shown.slice(0, 120))}…`);
      if (needle.startsWith('very long')) assert.strictEqual(shown.length, 102_400);
      await screenshot(page, needle.startsWith('<img') ? '02-hostile-detail' : '03-long-line-detail');
      await frame.press('.detail-body', 'Escape');
    }
    await frame.fill('.filter-input', '');
    await m.waitInFrame(frame, 'the unfiltered list', () => !/ of /.test(document.querySelector('.counts').textContent));
    await frame.evaluate(() => {
      const list = document.querySelector('.log-list');
      list.scrollTop = list.scrollHeight;
      list.dispatchEvent(new Event('scroll'));
    });
    await screenshot(page, '01-hostile-lines-light');

    // Nothing ran, nothing was parsed into the page.
    const outcome = await frame.evaluate(() => ({
      ran: window.__ran,
      // Where log text goes: the list and the detail pane.
      foreign: [
        ...document
          .querySelector('.log-view')
          .querySelectorAll('img, iframe, svg, a, style, link, script, object, embed, input:not(.filter-input), details, b'),
      ].map((e) => e.tagName),
      // VS Code's own bootstrap (acquireVsCodeApi, inline) and the page's bundle; nothing else.
      otherScripts: [...document.scripts].filter(
        (s) =>
          !s.src.endsWith('/media/monitor/out/monitor.js') &&
          !(s.src === '' && s.textContent.includes('acquireVsCodeApi') && !s.textContent.includes('__ran')),
      ).length,
      listVisible: getComputedStyle(document.querySelector('.log-list')).display !== 'none',
    }));
    assert.deepStrictEqual(outcome.ran, [], `code from log lines ran: ${outcome.ran.join(', ')}`);
    assert.deepStrictEqual(outcome.foreign, [], 'elements from log lines appeared');
    assert.strictEqual(outcome.otherScripts, 0, 'a script the page did not bring');
    assert.ok(outcome.listVisible, 'CSS from a log line hid the list');

    // Defense in depth: the CSP itself refuses inline scripts and inline handlers.
    const csp = await frame.evaluate(async () => {
      const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '';
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true';
      document.body.appendChild(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handler = true');
      // The inline handler, had CSP allowed it, runs before a listener added later for the same event.
      const failed = new Promise((resolve, reject) => {
        img.addEventListener('error', resolve, { once: true });
        setTimeout(() => reject(new Error('the image never failed to load')), 10000);
      });
      img.src = 'data:,not-an-image';
      document.body.appendChild(img);
      await failed;
      script.remove();
      img.remove();
      return { meta, inline: window.__inline === true, handler: window.__handler === true };
    });
    assert.ok(/default-src 'none'/.test(csp.meta) && /script-src 'nonce-[^']+'/.test(csp.meta), `CSP: ${csp.meta}`);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp.meta), `CSP: ${csp.meta}`);
    assert.strictEqual(csp.inline, false, 'an inline script ran');
    assert.strictEqual(csp.handler, false, 'an inline event handler ran');
    log(`${hostileCount} hostile lines shown verbatim; nothing ran; CSP blocks inline code`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
