// A user operates a running service in a real VS Code in Chromium, with the real Docker engine
// and the local registry behind the emulated ECR: the Environment node in the tree (values masked),
// the environment editor and its save preview, the .env import preview listing added, changed and
// removed names, and the deployment history with the "Redeploy this image" confirmation.
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startDeployWorkbench, userActions, openPage, openContextMenu, chooseMenuEntry, runFromContextMenu } = require('./workbench');

exports.title = 'operate: environment node, editor and save preview, .env import preview, deployment history';

const ROOT = path.resolve(__dirname, '../..');

/** A workspace with the echo-env sample app, its .env and a .env file to import. */
function makeFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-e2e-operate-'));
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'sample-apps', 'echo-env'), path.join(dir, 'apps', 'echo-env'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'apps', 'echo-env', '.env'), 'GREETING=hello\nLOG_LEVEL=debug\nDB_PASSWORD=s3cret\nAPI_TOKEN=tok-123\n');
  fs.writeFileSync(path.join(dir, 'staging.env'), 'FEATURE_FLAG=off\nNEW_FROM_FILE=yes\n');
  return dir;
}

exports.run = async ({ screenshot, log }) => {
  const source = makeFolder();
  const service = `ops-e2e-${crypto.randomBytes(2).toString('hex')}`;
  const wb = await startDeployWorkbench(source);
  let browser;
  try {
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    /** Screenshots without a hover tooltip over what they show. */
    const shot = async (name) => {
      await page.mouse.move(800, 700);
      await screenshot(page, name);
    };
    const { quickInput, answer, dialogButton, toast, runCommand } = userActions(page, screenshot);

    const dialog = () => page.locator('.monaco-dialog-box').first();

    const treeItem = (text) => page.locator('.part.sidebar [role="treeitem"]', { hasText: text }).first();

    async function deployed() {
      const done = toast(new RegExp(`${service} now runs`));
      await done.waitFor({ timeout: 180000 });
      await runCommand('Notifications: Clear All Notifications');
    }

    async function showHistory() {
      await runFromContextMenu(page, treeItem(service), 'Deployment History…');
      await quickInput.locator('.quick-input-title', { hasText: `Deployment history of ${service}` }).waitFor({ timeout: 15000 });
    }

    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
    await page.locator('[role="treeitem"][aria-label*="us-east-1"]').first().waitFor({ timeout: 30000 });

    // A service to operate: created from the workspace with the app's .env.
    await page.locator('.part.sidebar [aria-label="Deploy Workspace…"]').first().click();
    await answer('Deploy: folder to build', 'apps/echo-env');
    await answer('Deploy: target service', 'Create new');
    await answer('New service: name', service, { replace: true });
    await answer('New service: port', '');
    await answer('New service: CPU and memory', '');
    await answer('New service: environment variables', 'Import');
    await answer('New service: automatic deployments', 'Off');
    await answer('New service: health check', '/', { replace: true });
    await answer('New service: ECR access role', 'AppRunnerECRAccessRole');
    await dialogButton('Create and Deploy');
    await deployed();
    log(`${service} created`);
    // Looking at the history once remembers the image the first deployment ran.
    await showHistory();
    await page.keyboard.press('Escape');

    // 1. The Environment node: variables with their values masked.
    await treeItem(service).click();
    const environment = treeItem('Environment');
    await environment.waitFor({ timeout: 30000 });
    assert.match(await environment.innerText(), /4 variables/);
    await environment.click();
    const greeting = treeItem('GREETING');
    await greeting.waitFor({ timeout: 10000 });
    assert.match(await greeting.innerText(), /••••••••/);
    assert.doesNotMatch(await page.locator('.part.sidebar').innerText(), /hello|s3cret|tok-123/, 'no plain value is shown');
    await shot('01-environment-node');

    // The variable's menu; revealing one value shows it and only it.
    const reveal = await openContextMenu(page, greeting, 'Reveal Value');
    for (const item of ['Edit Environment', 'Turn into a Secret…', 'Copy Name']) {
      await page.locator('.context-view .action-label', { hasText: item }).first().waitFor({ timeout: 5000 });
    }
    await shot('02-variable-menu');
    await chooseMenuEntry(reveal);
    await treeItem('GREETING').filter({ hasText: 'hello' }).waitFor({ timeout: 10000 });
    assert.doesNotMatch(await page.locator('.part.sidebar').innerText(), /s3cret|tok-123/);

    // 2. The editor at the variable: add one, delete GREETING, save → the preview.
    await runFromContextMenu(page, treeItem('GREETING'), 'Edit Environment');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await page
      .locator('.tab', { hasText: `${service}.env` })
      .first()
      .waitFor({ timeout: 30000 });
    await editor
      .locator('.view-line', { hasText: /GREETING=hello/ })
      .first()
      .waitFor({ timeout: 30000 });
    const text = await editor.locator('.view-lines').innerText();
    for (const line of [/API_TOKEN=tok-123/, /DB_PASSWORD=s3cret/, /LOG_LEVEL=debug/]) assert.match(text, line);
    await shot('03-editor');
    // The editor opened with GREETING's line selected: delete it, then add a line at the end.
    await page.keyboard.press('Control+Shift+K');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('FEATURE_FLAG=on');
    await editor
      .locator('.view-line', { hasText: /FEATURE_FLAG=on/ })
      .first()
      .waitFor({ timeout: 10000 });
    assert.equal(await editor.locator('.view-line', { hasText: /GREETING/ }).count(), 0, 'GREETING was deleted');
    await page.keyboard.press('Control+S');
    await dialog().waitFor({ timeout: 30000 });
    const preview = await dialog().innerText();
    assert.match(preview, new RegExp(`Update the environment of ${service}\\? 1 added, 1 removed\\.`));
    assert.match(preview, /\+\sFEATURE_FLAG\s\(variable\)\s\(2\scharacters\)/);
    assert.match(preview, /-\sGREETING\s\(variable\)/);
    assert.doesNotMatch(preview, /hello/, 'plain values are masked in the preview');
    await shot('04-save-preview');
    await dialogButton('Update Service');
    await treeItem(service).filter({ hasText: 'Deploying…' }).waitFor({ timeout: 30000 });
    await page.locator('.tab.dirty', { hasText: `${service}.env` }).waitFor({ state: 'detached', timeout: 30000 });
    await treeItem(service)
      .filter({ hasText: /Running/ })
      .waitFor({ timeout: 120000 });
    await treeItem('FEATURE_FLAG').waitFor({ timeout: 30000 });
    log('the environment was updated and the tree follows');
    await runCommand('View: Close All Editors');

    // 3. The .env import preview: the names the file lacks, then added, changed and removed names.
    await runFromContextMenu(page, treeItem('Environment'), 'Import .env File…');
    await quickInput.locator('.quick-input-title', { hasText: `Import a .env file into ${service}` }).waitFor({ timeout: 30000 });
    // The file dialog resets its input once it has listed the folder: type the path after that.
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'staging.env' }).first().waitFor({ timeout: 30000 });
    const envFile = path.join(wb.folder, 'staging.env');
    await quickInput.locator('.quick-input-box input').fill(envFile);
    await page.waitForFunction((value) => document.querySelector('.quick-input-widget .quick-input-box input')?.value === value, envFile, {
      timeout: 10000,
    });
    await page.keyboard.press('Enter');
    const missing = quickInput.locator('.quick-input-title', { hasText: 'Not in the file: API_TOKEN, DB_PASSWORD, LOG_LEVEL' });
    await missing.waitFor({ timeout: 30000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Keep them' }).first().waitFor();
    await shot('05-import-missing-names');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Remove 3' }).first().click();
    await dialog().waitFor({ timeout: 30000 });
    const importPreview = await dialog().innerText();
    assert.match(importPreview, /1 added, 1 changed, 3 removed/);
    for (const line of [/\+\sNEW_FROM_FILE/, /~\sFEATURE_FLAG/, /-\sAPI_TOKEN/, /-\sDB_PASSWORD/, /-\sLOG_LEVEL/])
      assert.match(importPreview, line);
    await shot('06-import-preview');
    await dialogButton('Cancel');
    log('the import preview lists added, changed and removed names; cancelled, nothing changes');

    // 4. A second image, then the history and the redeploy confirmation.
    fs.appendFileSync(path.join(wb.folder, 'apps', 'echo-env', 'server.js'), '// second build\n');
    await page.locator('.part.sidebar [aria-label="Deploy Workspace…"]').first().click();
    await dialogButton('Deploy');
    await deployed();
    await showHistory();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'CREATE_SERVICE' }).first().waitFor({ timeout: 30000 });
    const history = await page.locator('.quick-input-list').innerText();
    assert.match(history, /UPDATE_SERVICE\s·\sSUCCEEDED/);
    assert.match(history, /sha256:[0-9a-f]{12}/);
    assert.match(history, /ECR\s/);
    assert.doesNotMatch(history, /image not known/, 'the environment update is remembered with the image it kept');
    await shot('07-history');
    await rows.filter({ hasText: 'CREATE_SERVICE' }).first().click();
    await dialog().waitFor({ timeout: 30000 });
    const confirm = await dialog().innerText();
    assert.match(confirm, new RegExp(`Redeploy .* to ${service}\\?`));
    assert.match(confirm, /Image:.*→.*@sha256:/);
    await page
      .locator('.monaco-dialog-box .monaco-button', { hasText: /^Redeploy this image$/ })
      .first()
      .waitFor();
    await shot('08-redeploy-confirmation');
    await dialogButton('Redeploy this image');
    await treeItem(service).filter({ hasText: 'Deploying…' }).waitFor({ timeout: 30000 });
    await treeItem(service)
      .filter({ hasText: /Running/ })
      .waitFor({ timeout: 120000 });
    log('redeployed the first image');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
    fs.rmSync(source, { recursive: true, force: true });
  }
};
