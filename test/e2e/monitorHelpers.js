// Shared by the monitor end-to-end scenarios: opening the monitor from the tree as a user does,
// finding its webview (webviews are nested iframes), reading every row of the virtualized list
// by scrolling through it, and calling the emulator's control API.
'use strict';
const { runFromContextMenu } = require('./workbench');

async function control(wb, route, body) {
  const res = await fetch(`${wb.emulator.url}/_emulator/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`emulator ${route} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The service's log group names (application, service), asked of the emulated CloudWatch Logs. */
async function logGroupsOf(wb, serviceName) {
  const res = await fetch(wb.emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.DescribeLogGroups' },
    body: JSON.stringify({ logGroupNamePrefix: `/aws/apprunner/${serviceName}/` }),
  });
  const names = (await res.json()).logGroups.map((g) => g.logGroupName);
  const application = names.find((n) => n.endsWith('/application'));
  const service = names.find((n) => n.endsWith('/service'));
  if (!application || !service) throw new Error(`log groups of ${serviceName} not found: ${names.join(', ')}`);
  return { application, service };
}

/** Events the emulator holds in both of the service's log groups. */
async function eventsAtEmulator(wb, groups) {
  const app = await control(wb, 'logs/stats', { logGroupName: groups.application });
  const svc = await control(wb, 'logs/stats', { logGroupName: groups.service });
  return app.events + svc.events;
}

/** Opens the App Runner view and runs "Open Monitor" from the service's context menu. */
async function openMonitorFromTree(page, serviceName) {
  // The activity bar's icon toggles its view: click it only when the view is not showing.
  if ((await page.locator('.activitybar .action-item.checked a[aria-label^="App Runner"]').count()) === 0) {
    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
  }
  const row = page.locator('[role="treeitem"]', { hasText: serviceName }).first();
  await row.waitFor({ timeout: 30000 });
  const tab = page.locator('.tab', { hasText: `Monitor: ${serviceName}` }).first();
  await runFromContextMenu(page, row, 'Open Monitor');
  await tab.waitFor({ timeout: 30000 });
  // The webview's page loads after its tab shows (slowly on a loaded machine).
  const frame = await monitorFrame(page, 60000);
  // Out of the tree, so that no hover tooltip covers the screenshots; no toasts either.
  await page.mouse.move(900, 500);
  await runCommand(page, 'Notifications: Clear All Notifications');
  return frame;
}

/** The frame that holds the monitor page (polls, as the webview loads asynchronously). */
async function monitorFrame(page, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if (await frame.$('.log-list')) return frame;
      } catch {
        // A frame that navigated away meanwhile.
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no monitor webview appeared within ${timeoutMs / 1000} s`);
}

/** Waits until `fn` (run in the frame) returns something truthy. */
async function waitInFrame(frame, what, fn, arg, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await frame.evaluate(fn, arg);
    if (last) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Polls `fn` (in Node) until it returns something truthy. */
async function waitForValue(what, fn, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The number of lines the toolbar says the list holds. */
async function shownLineCount(frame) {
  const text = await frame.evaluate(() => document.querySelector('.counts')?.textContent ?? '');
  const m = /^([\d,]+) lines?$/.exec(text.trim());
  if (!m) throw new Error(`unexpected line count text "${text}"`);
  return Number(m[1].replace(/,/g, ''));
}

/**
 * Every row of the list, top to bottom, as the DOM shows it: the list is virtualized, so this
 * scrolls through it page by page and reads the rows in view.
 */
async function allRows(frame) {
  return frame.evaluate(async () => {
    const list = document.querySelector('.log-list');
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const seen = new Map();
    for (let top = 0; ; top += Math.max(1, list.clientHeight - 40)) {
      list.scrollTop = top;
      list.dispatchEvent(new Event('scroll'));
      await frames();
      for (const row of list.querySelectorAll('.row')) {
        if (row.hidden) continue;
        const index = Number(row.getAttribute('aria-posinset'));
        seen.set(index, {
          index,
          notice: row.classList.contains('notice'),
          source: row.querySelector('.source')?.textContent ?? '',
          message: row.querySelector('.message')?.textContent ?? '',
          elements: [...row.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
        });
      }
      if (top + list.clientHeight >= list.scrollHeight) break;
    }
    return [...seen.values()].sort((a, b) => a.index - b.index);
  });
}

/** The generated line number in a row: "#123" (text lines) or "seq=123" (JSON lines). */
function lineNumber(message) {
  const m = /seq=(\d+)|#(\d+)/.exec(message);
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** Runs the command palette command with this title (as a user would type it). */
async function runCommand(page, title) {
  // F1 while the palette of a command just run is still closing does not open it again.
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10000 });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await input.fill(`>${title}`);
  // Click the command itself: the first row may be a similar one the palette ranks higher.
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${title}"]`).first();
  await row.waitFor({ timeout: 10000 });
  await row.click();
}

/** Switches the color theme through the theme picker; resolves when the workbench and every webview wear it. */
async function selectTheme(page, theme) {
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget input:visible').first().waitFor({ timeout: 10000 });
  await page.keyboard.type(theme);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label^="${theme}"]`).first();
  await row.waitFor({ timeout: 10000 });
  await row.click();
  // The theme's kind as the workbench's class and as the class VS Code gives each webview's body.
  const [workbenchClass, webviewClass] = /high contrast/i.test(theme)
    ? [/light/i.test(theme) ? 'hc-light' : 'hc-black', 'vscode-high-contrast']
    : /light/i.test(theme)
      ? ['vs', 'vscode-light']
      : ['vs-dark', 'vscode-dark'];
  await page.waitForSelector(`.monaco-workbench.${workbenchClass}`, { timeout: 10000 });
  await waitForValue(`every webview in ${theme}`, async () => {
    for (const frame of page.frames()) {
      const themed = await frame
        .evaluate(
          (wanted) => !/\bvscode-(light|dark|high-contrast)\b/.test(document.body.className) || document.body.classList.contains(wanted),
          webviewClass,
        )
        .catch(() => true);
      if (!themed) return false;
    }
    return true;
  });
}

module.exports = {
  control,
  logGroupsOf,
  eventsAtEmulator,
  openMonitorFromTree,
  monitorFrame,
  waitInFrame,
  waitForValue,
  shownLineCount,
  allRows,
  lineNumber,
  runCommand,
  selectTheme,
};
