// A user opens the monitor of a service, switches to the Cost tab and to "This month", reads
// the month so far and projected with the rates and assumptions beside them, asks what MinSize 1
// would cost, and looks at it all in a dark and a light theme. Screenshots of each.
'use strict';
const assert = require('assert');
const path = require('path');
const { startWorkbench, openPage } = require('./workbench');
const m = require('./monitorHelpers');

exports.title = 'cost: the Cost tab (month so far, projected, what if) in dark and light themes';

exports.run = async ({ screenshot, log }) => {
  const wb = await startWorkbench({
    seed: path.join(__dirname, '../emulator/seeds/demo.json'),
    settings: { 'remote.autoForwardPorts': false },
  });
  let browser;
  try {
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    const frame = await m.openMonitorFromTree(page, 'orders-api');
    await frame.click('#tab-cost');
    await frame.click('#panel-cost button.range[aria-label="This month"]');
    await m.waitInFrame(frame, "this month's figures", () =>
      /^\$[\d,]+\.\d\d$/.test(document.querySelector('[data-figure="month.soFar"]')?.textContent ?? ''),
    );
    const shown = await frame.evaluate(() => ({
      soFar: document.querySelector('[data-figure="month.soFar"]').textContent,
      projected: document.querySelector('[data-figure="month.projected"]').textContent,
      rates: document.querySelectorAll('.cost-rates tr').length,
      assumptions: [...document.querySelectorAll('.cost-assumptions li')].map((li) => li.textContent),
      bars: document.querySelectorAll('.cost-bar').length,
    }));
    log(`orders-api: ${shown.soFar} so far, ${shown.projected} projected`);
    assert.strictEqual(shown.rates, 5);
    assert.ok(shown.bars >= 1);
    assert.ok(shown.assumptions.some((a) => /Deployments are estimated/.test(a)));
    await screenshot(page, '01-cost-month-dark');

    await frame.fill('input[aria-label="MinSize"]', '1');
    await frame.click('.what-if .button');
    await m.waitInFrame(frame, 'the what-if', () =>
      /^\$[\d,]+\.\d\d$/.test(document.querySelector('[data-figure="whatIf.monthly"]')?.textContent ?? ''),
    );
    await frame.evaluate(() => document.querySelector('.what-if-result').scrollIntoView({ block: 'end' }));
    await screenshot(page, '02-cost-what-if-dark');

    await m.selectTheme(page, 'Light Modern');
    await m.waitInFrame(frame, 'the figures in the light theme', () => !!document.querySelector('[data-figure="month.soFar"]'));
    await screenshot(page, '03-cost-month-light');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
