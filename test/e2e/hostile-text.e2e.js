// Text an attacker controls reaches every surface of the extension, in a real VS Code in Chromium:
// a tree tooltip (service name from the endpoint), the .env import warning (keys of a cloned
// repository), the URL check after a deploy (the app's HTTP body), a rolled-back deployment (the
// app's log lines), a failed build (a RUN line), an AWS error (the endpoint's message) and a failed
// push (the registry's answer). Each carries `[label](command:workbench.action.terminal.sendSequence?…)`
// links, images and HTML: the rendered notification or hover holds no <a> and no <img>, and the
// output channel has the text exactly as it came.
'use strict';
const assert = require('assert');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { startDeployWorkbench, userActions, openPage } = require('./workbench');
const { registryEnvFile } = require('../integration/env');

exports.title = 'hostile text: no link or image from untrusted text in notifications and hovers; the raw text in the output';

const ROOT = path.resolve(__dirname, '../..');
const SEND_SEQUENCE = 'command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D';
const TREE_NAME = `[Fix the tree](${SEND_SEQUENCE}) ![pixel](https://evil.example/p.png) <img src="https://evil.example/p.png">`;
const AWS_MESSAGE = `[Fix the AWS error](${SEND_SEQUENCE}) ![pixel](https://evil.example/p.png)`;
const REGISTRY_MESSAGE = `[Fix the push](${SEND_SEQUENCE}) ![pixel](https://evil.example/p.png)`;

function makeFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-e2e-hostile-'));
  for (const app of ['hostile-logs', 'hostile-body', 'hostile-build']) {
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'sample-apps', app), path.join(dir, 'apps', app), { recursive: true });
  }
  return dir;
}

/** A registry that accepts any login and refuses every push with a message of its choosing. */
function startHostileRegistry() {
  const headers = { 'Docker-Distribution-API-Version': 'registry/2.0', 'content-type': 'application/json' };
  const server = http.createServer((req, res) => {
    if (/^\/v2\/?$/.test(req.url ?? '')) {
      if (!req.headers.authorization) {
        res.writeHead(401, { ...headers, 'WWW-Authenticate': 'Basic realm="hostile"' });
        res.end('{}');
        return;
      }
      res.writeHead(200, headers);
      res.end('{}');
      return;
    }
    res.writeHead(403, headers);
    res.end(JSON.stringify({ errors: [{ code: 'DENIED', message: REGISTRY_MESSAGE }] }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The text an output channel received, read from the file VS Code keeps for it. */
function outputChannelText(userDataDir, channel) {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(`-${channel}.log`)) files.push(p);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

exports.run = async ({ screenshot, log }) => {
  const source = makeFolder();
  const service = `hostile-e2e-${crypto.randomBytes(2).toString('hex')}`;
  const registryUrl = /^REGISTRY_URL=(.*)$/m.exec(fs.readFileSync(registryEnvFile(), 'utf8'))[1].trim();
  const hostileRegistry = await startHostileRegistry();
  const wb = await startDeployWorkbench(source, {
    seed: { apprunner: { services: [{ region: 'us-east-1', name: 'tree-target', image: 'public.ecr.aws/docker/library/nginx:latest' }] } },
    settings: { 'workbench.hover.delay': 300 },
  });
  async function faults(method, body) {
    const r = await fetch(`${wb.emulator.url}/_emulator/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    assert.equal(r.status, 200, await r.text());
  }
  let browser;
  try {
    // The endpoint names a service with a command link, an image and HTML.
    await faults('POST', { service: 'apprunner', operation: 'ListServices', kind: 'rewrite', from: 'tree-target', to: TREE_NAME });
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    const { quickInput, answer, dialogButton, toast, runCommand } = userActions(page, screenshot);

    /** Surfaces where untrusted text was rendered as a link or an image (or shown at all); reported together at the end. */
    const rendered = [];

    /** No link (VS Code's own are a.monaco-link with an href), image or anything with a target in what was rendered. */
    async function checkInert(locator, what) {
      await locator.waitFor({ timeout: 10000 });
      const found = await locator.evaluate((el) =>
        [...el.querySelectorAll('a.monaco-link, a[href], img, [href], [src]')].map((n) => n.outerHTML.slice(0, 300)),
      );
      if (found.length) {
        rendered.push(`${what}: ${found.join(' ')}`);
      }
      log(`${what}: ${found.length ? `${found.length} link(s) or image(s)` : 'no link, no image'}`);
    }

    /** The toast's message: where VS Code would have turned `[x](command:…)` into a link. */
    async function checkToast(re, what, shot) {
      const t = toast(re);
      await t.waitFor({ timeout: 180000 });
      await screenshot(page, shot);
      await checkInert(t.locator('.notification-list-item-message'), what);
      return t;
    }

    async function openFile(relative) {
      await page.keyboard.press('Control+P');
      await quickInput.waitFor({ state: 'visible', timeout: 10000 });
      await quickInput.locator('.quick-input-box input').pressSequentially(relative);
      const [dir, file] = [path.dirname(relative).split('/').pop(), path.basename(relative)];
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: file }).filter({ hasText: dir }).first();
      await row.waitFor({ timeout: 20000 });
      await row.click();
      await page.locator('.tab', { hasText: file }).first().waitFor({ timeout: 20000 });
    }

    async function deployWorkspace() {
      await page.locator('.part.sidebar [aria-label="Deploy Workspace…"]').first().click();
    }

    async function clearNotifications() {
      await runCommand('Notifications: Clear All Notifications');
    }

    // 1. Tree tooltip of a service the endpoint named with a link, an image and HTML.
    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
    const treeItem = page.locator('[role="treeitem"]', { hasText: 'Fix the tree' }).first();
    await treeItem.waitFor({ timeout: 30000 });
    const hover = page.locator('.monaco-hover, .workbench-hover', { hasText: 'Fix the tree' }).first();
    // A row the tree renders again under the pointer (the catalog refreshes it) loses the hover: point at it again.
    for (let attempt = 1; ; attempt++) {
      await page.mouse.move(700, 850);
      await treeItem.hover();
      try {
        await hover.waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt === 5) throw e;
      }
    }
    await screenshot(page, '01-tree-tooltip');
    await checkInert(hover, 'tree tooltip');
    await checkInert(treeItem, 'tree item');
    await page.mouse.move(700, 850);

    // 2. Create a service from hostile-body: its .env keys are links; its URL answers 503 with a hostile body.
    await deployWorkspace();
    await answer('Deploy: folder to build', 'apps/hostile-body');
    await answer('Deploy: target service', 'Create new', { shot: '02-target-picker' });
    await answer('New service: name', service, { replace: true });
    await answer('New service: port', '');
    await answer('New service: CPU and memory', '');
    await answer('New service: environment variables', 'Import .env');
    await checkToast(/line\(s\) not imported/, '.env import warning', '03-env-warning');
    await answer('New service: automatic deployments', 'Off');
    await answer('New service: health check', '/health', { replace: true });
    await answer('New service: ECR access role', 'AppRunnerECRAccessRole');
    await dialogButton('Create and Deploy');
    const created = await checkToast(new RegExp(`${service} now runs`), 'URL check message', '04-url-check');
    if (!/does not answer yet \(HTTP 503; the output has the details\)/.test(await created.innerText())) {
      rendered.push(`URL check message: the body, not the status: ${await created.innerText()}`);
    }
    assert.ok(
      outputChannelText(wb.userDataDir, 'App Runner Deploy').includes('[Fix the body](command:'),
      'the body, verbatim, in the output',
    );
    await clearNotifications();

    // 3. A deployment that rolls back: the message quotes the app's hostile log lines.
    await openFile('apps/hostile-logs/main.js');
    await deployWorkspace();
    await answer('Deploy Workspace', 'New deploy target');
    await answer('Deploy: folder to build', 'apps/hostile-logs');
    await answer('Deploy: target service', service);
    await dialogButton('Deploy');
    const rolledBack = await checkToast(/rolled back/, 'deployment failure message', '05-rollback');
    await rolledBack.locator('.monaco-button', { hasText: 'Show Deployment Log' }).first().click();
    // The output panel scrolls to its end: the deployment log's header or the app's section after it is in view (Monaco renders spaces as no-break spaces, hence \\s).
    await page
      .locator('.part.panel', { hasText: /Deployment\slog|output\sduring\sthe\sdeployment/ })
      .first()
      .waitFor({ timeout: 20000 });
    await screenshot(page, '06-deployment-log');
    const deployLog = outputChannelText(wb.userDataDir, 'App Runner Deploy');
    assert.ok(deployLog.includes(`[Fix the deploy](${SEND_SEQUENCE})`), 'the log line, verbatim, in the deployment log');
    assert.ok(deployLog.includes('\u202Egnp.exe'), 'the bidi override kept in the raw log');
    await clearNotifications();

    // 4. A build whose RUN line prints a link and fails.
    await openFile('apps/hostile-build/Dockerfile');
    await deployWorkspace();
    await answer('Deploy Workspace', 'New deploy target');
    await answer('Deploy: folder to build', 'apps/hostile-build');
    await answer('Deploy: target service', service);
    await dialogButton('Deploy');
    await checkToast(/Docker build failed/, 'build failure message', '07-build-failed');
    assert.ok(outputChannelText(wb.userDataDir, 'App Runner Deploy').includes('[Fix the build](command:'), 'the build line in the output');
    await clearNotifications();

    // 5. An AWS error whose message is a link (ECR DescribeRepositories during the deploy).
    await faults('DELETE');
    await faults('POST', {
      service: 'ecr',
      operation: 'DescribeRepositories',
      kind: 'error',
      code: 'ValidationException',
      message: AWS_MESSAGE,
      times: 1,
    });
    await openFile('apps/hostile-logs/main.js');
    await deployWorkspace();
    await dialogButton('Deploy');
    const awsError = await checkToast(/AWS rejected the request/, 'AWS error message', '08-aws-error');
    await awsError.locator('.monaco-button', { hasText: 'Show Output' }).first().click();
    await page.locator('.part.panel').first().waitFor({ timeout: 20000 });
    assert.ok(outputChannelText(wb.userDataDir, 'App Runner').includes(AWS_MESSAGE), 'the AWS message, verbatim, in the output');
    await clearNotifications();

    // 6. A registry that refuses the push with a link (ECR names the hostile registry).
    await faults('POST', {
      service: 'ecr',
      operation: '*',
      kind: 'rewrite',
      from: registryUrl,
      to: `127.0.0.1:${hostileRegistry.address().port}`,
    });
    await deployWorkspace();
    await dialogButton('Deploy');
    await checkToast(/docker push .* failed/, 'push failure message', '09-push-failed');
    assert.ok(
      outputChannelText(wb.userDataDir, 'App Runner Deploy').includes('[Fix the push](command:'),
      'the registry answer in the output',
    );
    assert.deepEqual(rendered, [], 'untrusted text was rendered as links or images');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
    hostileRegistry.close();
    fs.rmSync(source, { recursive: true, force: true });
  }
};
