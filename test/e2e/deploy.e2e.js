// A user deploys a workspace app to App Runner in a real VS Code in Chromium, with the real
// Docker engine and the local registry behind the emulated ECR (scripts/docker-up.sh):
// first deploy through the "Create new service…" wizard, a one-step second deploy after a
// source change, and an app that never listens, whose rollback message shows the log lines.
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startDeployWorkbench, userActions, openPage } = require('./workbench');

exports.title = 'deploy: create a service from the workspace, redeploy after a change, see a rollback explained';

const ROOT = path.resolve(__dirname, '../..');

/** A workspace with two sample apps under apps/. */
function makeFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-e2e-deploy-'));
  for (const app of ['hello', 'no-listen']) {
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'sample-apps', app), path.join(dir, 'apps', app), { recursive: true });
  }
  fs.writeFileSync(
    path.join(dir, 'apps', 'hello', '.env'),
    '# settings of the hello app\nGREETING="hello from .env"\nexport LOG_LEVEL=debug\n',
  );
  return dir;
}

exports.run = async ({ screenshot, log }) => {
  const source = makeFolder();
  const service = `hello-e2e-${crypto.randomBytes(2).toString('hex')}`;
  // The account already has the standard ECR access role (the wizard offers it).
  const wb = await startDeployWorkbench(source);
  let browser;
  try {
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    const { quickInput, answer, dialogButton, toast, runCommand } = userActions(page, screenshot);

    async function clickDeployWorkspace() {
      await page.locator('.part.sidebar [aria-label="Deploy Workspace…"]').first().click();
    }

    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
    await page.locator('[role="treeitem"][aria-label*="us-east-1"]').first().waitFor({ timeout: 30000 });
    await clickDeployWorkspace();

    // First deploy: folder, target "Create new service…", the wizard.
    await answer('Deploy: folder to build', 'apps/hello', { shot: '01-pick-folder' });
    await answer('Deploy: target service', 'Create new', { shot: '02-pick-target' });
    await answer('New service: name', service, { replace: true });
    await answer('New service: port', '');
    await answer('New service: CPU and memory', '', { shot: '03-cpu-memory' });
    await answer('New service: environment variables', 'Import .env', { shot: '04-env-file' });
    await answer('New service: automatic deployments', 'Off');
    await answer('New service: health check', '/', { replace: true });
    await answer('New service: ECR access role', 'AppRunnerECRAccessRole', { shot: '05-access-role' });
    await page
      .locator('.monaco-dialog-box', { hasText: 'Account: 123456789012 · Region: us-east-1' })
      .filter({ hasText: '2 environment variable(s)' })
      .waitFor({ timeout: 60000 });
    await dialogButton('Create and Deploy', '06-confirm-create');
    log('confirmed the new service');

    await toast(/Deploying apps\/hello/).waitFor({ timeout: 30000 });
    await page
      .locator('.notifications-toasts', { hasText: /Pushing|Building|layers/ })
      .first()
      .waitFor({ timeout: 60000 });
    await screenshot(page, '07-progress');
    const done = toast(new RegExp(`${service} now runs`));
    await done.waitFor({ timeout: 120000 });
    await screenshot(page, '08-created');
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await done.innerText())?.[1];
    assert.ok(url, 'the success message names the URL');
    assert.equal((await (await fetch(`${url}/`)).text()).trim(), 'hello v1');
    log(`${url} answers hello v1`);
    await page.locator('[role="treeitem"]', { hasText: service }).first().waitFor({ timeout: 30000 });
    await runCommand('Notifications: Clear All Notifications');

    // Second deploy after a source change: one step (the confirmation).
    fs.writeFileSync(path.join(wb.folder, 'apps', 'hello', 'version.txt'), 'hello v2\n');
    await clickDeployWorkspace();
    await dialogButton('Deploy', '09-confirm-redeploy');
    const redeployed = toast(new RegExp(`${service} now runs`));
    await redeployed.waitFor({ timeout: 120000 });
    await screenshot(page, '10-redeployed');
    const url2 = /(http:\/\/127\.0\.0\.1:\d+)/.exec(await redeployed.innerText())?.[1];
    assert.equal((await (await fetch(`${url2}/`)).text()).trim(), 'hello v2');
    log(`${url2} answers hello v2 after the second deploy`);
    await runCommand('Notifications: Clear All Notifications');

    // An app that never listens: the deployment rolls back; the message shows why, with log lines.
    await page.keyboard.press('Control+P');
    await quickInput.waitFor({ state: 'visible', timeout: 10000 });
    await quickInput.locator('.quick-input-box input').pressSequentially('apps/no-listen/main.js');
    // Click the row itself: Enter would take whichever row is first while the results still update.
    const fileRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'main.js' }).filter({ hasText: 'no-listen' }).first();
    await fileRow.waitFor({ timeout: 20000 });
    await fileRow.click();
    await page.locator('.tab', { hasText: 'main.js' }).first().waitFor({ timeout: 20000 });
    await clickDeployWorkspace();
    await answer('Deploy Workspace', 'New deploy target', { shot: '11-saved-targets' });
    await answer('Deploy: folder to build', 'apps/no-listen');
    await answer('Deploy: target service', service);
    await dialogButton('Deploy');
    const failed = toast(/rolled back/);
    await failed.waitFor({ timeout: 120000 });
    const text = await failed.innerText();
    assert.match(text, /Health check failed/);
    await screenshot(page, '12-rollback-explained');
    log('rollback message shows the health check failure from the deployment log');
    assert.equal((await (await fetch(`${url2}/`)).text()).trim(), 'hello v2', 'the previous version keeps serving');

    await failed.locator('.monaco-button', { hasText: 'Show Deployment Log' }).first().click();
    await page.locator('.part.panel', { hasText: 'Deployment log' }).first().waitFor({ timeout: 20000 });
    await screenshot(page, '13-deploy-output');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
    fs.rmSync(source, { recursive: true, force: true });
  }
};
