// A real VS Code for end-to-end tests and the demo: the local emulator, AWS profile files
// pointing at it, code-server with the packaged extension installed, and (for tests) headless
// Chromium driven by playwright-core.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('../harness/lib/harness');
const { startTestEnvironment, root } = require('../integration/env');

const VSIX = path.join(root, 'dist', 'apprunner-vscode.vsix');

/**
 * Starts emulator + code-server. Options: seed (file), operationDelayMs, port (code-server),
 * emulatorPort, regions, settings (extra user settings), folder (workspace to copy).
 */
async function startWorkbench(o = {}) {
  if (!fs.existsSync(VSIX)) {
    throw new Error(`${VSIX} is missing: run "npm run package" first`);
  }
  const t = await startTestEnvironment({
    prefix: 'apprunner-wb-',
    port: o.emulatorPort ?? 0,
    seed: o.seed,
    operationDelayMs: o.operationDelayMs,
    emulatorArgs: o.emulatorArgs,
    folder: o.folder,
  });
  const runDir = h.createRunDir({
    runDir: path.join(t.work, 'vscode'),
    settings: {
      ...t.settings,
      'apprunner.regions': o.regions ?? t.settings['apprunner.regions'],
      'workbench.colorTheme': o.theme ?? 'Default Dark Modern',
      ...(o.settings ?? {}),
    },
  });
  h.installExtensions(runDir, [VSIX]);
  const server = await h.startCodeServer({ runDir, port: o.port, env: t.env });
  return {
    emulator: t.emulator,
    server,
    url: h.workbenchUrl(server, { folder: t.workspace }),
    folder: t.workspace,
    /** code-server's --user-data-dir: its logs hold each output channel's text as written. */
    userDataDir: path.join(runDir, 'data'),
    async stop() {
      await server.stop();
      await t.stop();
    },
  };
}

/** What the page showed when its browser was closed: run.js saves it when the scenario failed. */
let lastSight;

function takeLastSight() {
  const sight = lastSight;
  lastSight = undefined;
  return sight;
}

/** Opens the workbench in headless Chromium and waits until it is rendered. */
async function openPage(wb, viewport) {
  const { browser, page } = await h.launchBrowser({ viewport: viewport ?? { width: 1400, height: 900 } });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    lastSight = await page.screenshot().catch(() => undefined);
    await close();
  };
  await page.goto(wb.url);
  await h.waitForWorkbench(page);
  return { browser, page };
}

/**
 * Starts the workbench on `folder` for a scenario that deploys with real Docker: the account has the
 * standard ECR access role (the create wizard offers it), operations take 1.5 s, one region; `seed`
 * and `settings` add to that.
 */
async function startDeployWorkbench(folder, { seed: more = {}, settings = {} } = {}) {
  const seed = path.join(folder, '.seed.json');
  fs.writeFileSync(
    seed,
    JSON.stringify({
      ...more,
      iam: {
        roles: [
          {
            name: 'AppRunnerECRAccessRole',
            trustedService: 'build.apprunner.amazonaws.com',
            policies: ['arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess'],
          },
        ],
      },
    }),
  );
  // Deployed containers listen on loopback; code-server would offer to forward each port.
  return startWorkbench({
    folder,
    seed,
    operationDelayMs: 1500,
    regions: ['us-east-1'],
    settings: { 'remote.autoForwardPorts': false, ...settings },
  });
}

/**
 * What a user does with the quick input, the palette, dialogs and toasts of `page`; `screenshot(page, name)`
 * takes the pictures asked for with `shot` (before the answer is given or the button pressed).
 */
function userActions(page, screenshot) {
  const quickInput = page.locator('.quick-input-widget');
  return {
    quickInput,
    /** Answers the open quick pick or input box titled `title`: types `text` (a filter or a value) and presses Enter. */
    async answer(title, text, { replace = false, shot } = {}) {
      await quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30000 });
      const box = quickInput.locator('.quick-input-box input');
      if (replace) {
        await box.fill(text);
      } else if (text) {
        await box.pressSequentially(text);
      }
      if (shot) await screenshot(page, shot);
      await page.keyboard.press('Enter');
    },
    /** Presses the modal dialog's button labelled exactly `label`. */
    async dialogButton(label, shot) {
      const button = page.locator('.monaco-dialog-box .monaco-button', { hasText: new RegExp(`^${label}$`) }).first();
      await button.waitFor({ timeout: 60000 });
      if (shot) await screenshot(page, shot);
      await button.click();
    },
    toast(re) {
      return page.locator('.notifications-toasts .notification-toast', { hasText: re }).first();
    },
    /** Runs a command from the palette by typing its title. */
    async runCommand(label) {
      await page.keyboard.press('F1');
      await quickInput.locator('.quick-input-box input').pressSequentially(label);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 20000 });
      await page.keyboard.press('Enter');
      await quickInput.waitFor({ state: 'hidden', timeout: 10000 });
    },
  };
}

/** Right-clicks `row` and waits for `label` in its context menu; returns that entry. */
async function openContextMenu(page, row, label) {
  await row.click({ button: 'right' });
  const entry = page.locator('.context-view .action-label', { hasText: label }).first();
  await entry.waitFor({ timeout: 10000 });
  return entry;
}

/**
 * Clicks a context-menu entry. VS Code's menu entries listen for the mouse-up only from 100 ms after
 * the menu opens (so that the release of the right-click chooses nothing); a click that came sooner
 * leaves the menu open, and is made again.
 */
async function chooseMenuEntry(entry) {
  for (let attempt = 1; ; attempt++) {
    await entry.click();
    try {
      await entry.waitFor({ state: 'hidden', timeout: 2000 });
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** Runs `label` from the context menu of `row`, as a user does. */
async function runFromContextMenu(page, row, label) {
  await chooseMenuEntry(await openContextMenu(page, row, label));
}

module.exports = {
  startWorkbench,
  startDeployWorkbench,
  openPage,
  takeLastSight,
  userActions,
  openContextMenu,
  chooseMenuEntry,
  runFromContextMenu,
  VSIX,
};
