// A user opens the App Runner view, expands a region, pauses a service from its context menu
// and watches its status change, in a real VS Code in Chromium.
'use strict';
const path = require('path');
const { startWorkbench, openPage, openContextMenu, chooseMenuEntry } = require('./workbench');

exports.title = 'explorer: browse services and pause one from the context menu';

exports.run = async ({ screenshot, log }) => {
  const wb = await startWorkbench({ seed: path.join(__dirname, '../emulator/seeds/demo.json'), operationDelayMs: 4000 });
  let browser;
  try {
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
    const tree = page.locator('.pane-body [role="tree"]').filter({ has: page.locator('[aria-label*="us-east-1"]') });
    await page.locator('[role="treeitem"][aria-label*="us-east-1"]').first().waitFor({ timeout: 30000 });
    const row = page.locator('[role="treeitem"]', { hasText: 'orders-api' }).first();
    await row.waitFor({ timeout: 30000 });
    await page.locator('[role="treeitem"]', { hasText: 'eu-west-1' }).first().waitFor();
    log('explorer shows the demo services');
    await screenshot(page, '01-services');

    const pauseItem = await openContextMenu(page, row, 'Pause Service…');
    await screenshot(page, '02-context-menu');
    await chooseMenuEntry(pauseItem);
    const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Pause$/ }).first();
    await confirm.waitFor({ timeout: 10000 });
    await screenshot(page, '03-confirm-pause');
    await confirm.click();

    await tree.locator('[role="treeitem"]', { hasText: 'orders-api' }).filter({ hasText: 'Pausing…' }).first().waitFor({ timeout: 10000 });
    log('node shows Pausing…');
    await screenshot(page, '04-pausing');
    await tree.locator('[role="treeitem"]', { hasText: 'orders-api' }).filter({ hasText: 'Paused' }).first().waitFor({ timeout: 30000 });
    log('node shows Paused without a manual refresh');
    await screenshot(page, '05-paused');

    await row.click();
    await page.locator('[role="treeitem"]', { hasText: 'Auto scaling' }).first().waitFor({ timeout: 10000 });
    await screenshot(page, '06-details');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
