// The Getting Started walkthrough, pictured with the running extension: a user goes through each
// step against the emulator (profile and regions, browse, apprunner.yaml, deploy, monitor), and the
// picture of each step is taken from what the workbench shows. Then the walkthrough opens with every
// step's title, and each step shows its picture.
// `npm run screenshots` writes the pictures where the manifest's walkthrough steps (media.image) and
// the README point (media/walkthrough/); other runs write them to .test-artifacts/screenshots/ only.
'use strict';
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const h = require('../harness/lib/harness');
const { startWorkbench, openPage } = require('./workbench');
const m = require('./monitorHelpers');

exports.title = 'walkthrough: each Getting Started step pictured from the running extension; the walkthrough shows every step and picture';

const ROOT = path.resolve(__dirname, '../..');
const REFRESH = process.env.APPRUNNER_REFRESH_SCREENSHOTS === '1';
const WALKTHROUGH_ID = 'apprunner.gettingStarted';
/** A moderate window: the pictures stay readable when the walkthrough shows them at half width. */
const VIEWPORT = { width: 1200, height: 720 };

/** The walkthrough as the manifest declares it, titles resolved from package.nls.json. */
function walkthrough() {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
  const text = (value) => (/^%.+%$/.test(value) ? nls[value.slice(1, -1)] : value);
  const declared = manifest.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
  assert.ok(declared, `the manifest declares the walkthrough ${WALKTHROUGH_ID}`);
  return {
    title: text(declared.title),
    steps: declared.steps.map((s) => ({ id: s.id, title: text(s.title), image: s.media.image, altText: text(s.media.altText) })),
  };
}

/** A workspace holding the hello sample app (a Dockerfile at its root), and the demo seed with an ECR access role. */
function makeFolder() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-e2e-walkthrough-'));
  fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'sample-apps', 'hello'), path.join(dir, 'hello-web'), { recursive: true });
  const seed = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'emulator', 'seeds', 'demo.json'), 'utf8'));
  seed.iam = {
    roles: [
      {
        name: 'AppRunnerECRAccessRole',
        trustedService: 'build.apprunner.amazonaws.com',
        policies: ['arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess'],
      },
    ],
  };
  const seedFile = path.join(os.tmpdir(), `${path.basename(dir)}-seed.json`);
  fs.writeFileSync(seedFile, JSON.stringify(seed));
  return { dir, seedFile };
}

/** Drags the sash at the sidebar's right edge (x = `from`, right of the 48 px activity bar) to `to`. */
async function dragSash(page, from, to) {
  const y = VIEWPORT.height / 2;
  await page.mouse.move(from, y);
  await page.mouse.down();
  await page.mouse.move((from + to) / 2, y);
  await page.mouse.move(to, y);
  await page.mouse.up();
}

exports.run = async ({ screenshot, log }) => {
  const guide = walkthrough();
  const pictures = new Map(guide.steps.map((s) => [s.id, s.image]));
  for (const [id, image] of pictures) assert.ok(image && image.endsWith('.png'), `step ${id} has a PNG image in the manifest`);
  const shots = path.join(ROOT, '.test-artifacts', 'screenshots');

  const { dir, seedFile } = makeFolder();
  const wb = await startWorkbench({
    folder: dir,
    seed: seedFile,
    // No port forwarding offers, sticky scroll or minimap over the pictures.
    settings: { 'remote.autoForwardPorts': false, 'editor.stickyScroll.enabled': false, 'editor.minimap.enabled': false },
  });
  let browser;
  try {
    const opened = await openPage(wb, VIEWPORT);
    browser = opened.browser;
    const page = opened.page;
    const quickInput = page.locator('.quick-input-widget');

    /** Saves the step's picture: the region of the page that `box` gives, or the whole window. */
    async function picture(stepId, box) {
      const image = pictures.get(stepId);
      assert.ok(image, `no step ${stepId} in the walkthrough`);
      await h.settle(page);
      const clip = box ? await box() : undefined;
      const file = REFRESH ? path.join(ROOT, image) : path.join(shots, `walkthrough-media-${path.basename(image)}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, clip });
      log(`picture of "${stepId}": ${path.relative(ROOT, file)}`);
    }

    /** The bounding box of everything `locators` cover, plus a margin, inside the window. */
    async function around(locators, margin = 12) {
      const boxes = [];
      for (const l of locators) {
        const b = await l.boundingBox();
        assert.ok(b, 'a region to picture is not on the page');
        boxes.push(b);
      }
      const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
      const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
      const right = Math.min(VIEWPORT.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
      const bottom = Math.min(VIEWPORT.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
      return { x, y, width: right - x, height: bottom - y };
    }

    // Browse: the App Runner view with the demo services of two regions, one of them expanded.
    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
    const service = page.locator('[role="treeitem"]', { hasText: 'orders-api' }).first();
    await service.waitFor({ timeout: 30000 });
    const lastRow = page.locator('[role="treeitem"]', { hasText: 'reporting-api' }).first();
    await lastRow.waitFor({ timeout: 30000 });
    await service.click();
    const detail = page.locator('[role="treeitem"]', { hasText: 'Auto scaling' }).first();
    await detail.waitFor({ timeout: 10000 });
    // A wider sidebar for this picture, so that the details are read whole.
    const sidebarWidth = async () => (await page.locator('.part.sidebar').boundingBox()).width;
    const narrow = await sidebarWidth();
    await dragSash(page, narrow + 48, narrow + 48 + 220);
    await m.waitForValue('the wider sidebar', async () => (await sidebarWidth()) > narrow + 200);
    await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2);
    log('the explorer lists the demo services of two regions with their status and details');
    await picture('browse', async () => {
      const sidebar = await page.locator('.part.sidebar').boundingBox();
      const last = await lastRow.boundingBox();
      return { x: 0, y: 0, width: sidebar.x + sidebar.width, height: Math.min(VIEWPORT.height, last.y + last.height + 16) };
    });
    await dragSash(page, (await sidebarWidth()) + 48, narrow + 48);
    await m.waitForValue('the sidebar as it was', async () => (await sidebarWidth()) < narrow + 20);
    await service.locator('.monaco-tl-twistie').click();
    await detail.waitFor({ state: 'hidden', timeout: 10000 });

    // Profile and regions: the status bar item, and the regions picker it opens.
    const statusItem = page.locator('.statusbar-item', { hasText: 'emulator' }).first();
    await statusItem.waitFor({ timeout: 10000 });
    await m.runCommand(page, 'App Runner: Select Regions…');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'eu-west-1' }).first().waitFor({ timeout: 10000 });
    const checked = await quickInput.locator('.quick-input-list .monaco-list-row[aria-checked="true"]').count();
    assert.ok(checked >= 2, `the regions in use are checked (${checked})`);
    await picture('profileAndRegions', async () => {
      const region = await around([quickInput, lastRow], 8);
      return { x: 0, y: 0, width: region.x + region.width, height: region.y + region.height };
    });
    await page.keyboard.press('Escape');
    await quickInput.waitFor({ state: 'hidden', timeout: 10000 });

    // apprunner.yaml: the starter file; a misspelt key is underlined and explained where it is.
    await m.runCommand(page, 'App Runner: Create apprunner.yaml');
    await quickInput.locator('.quick-input-title', { hasText: 'runtime' }).waitFor({ timeout: 10000 });
    await quickInput.locator('.quick-input-box input').pressSequentially('nodejs22');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'nodejs22' }).first().click();
    await page.locator('.tab', { hasText: 'apprunner.yaml' }).first().waitFor({ timeout: 20000 });
    const file = path.join(wb.folder, 'apprunner.yaml');
    await m.waitForValue('the starter file', () => fs.existsSync(file));
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('  command: npm start', '  comand: npm start'));
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('F8'); // Go to Next Problem: the message under the line
    const problem = page.locator('.monaco-editor .marker-widget').first();
    await problem.waitFor({ timeout: 10000 });
    assert.match(await problem.innerText(), /comand/, 'the problem names the unknown key');
    log('apprunner.yaml: the misspelt key is underlined and explained');
    await picture('createConfig', () => around([page.locator('.part.editor')], 0));
    await page.keyboard.press('Escape');
    await m.runCommand(page, 'View: Close All Editors');

    // Deploy: the workspace's Dockerfile to a new service through the wizard; the confirmation names
    // the account, region and service and what will be created.
    const replies = {
      'Deploy: folder to build': ['hello-web'],
      'Deploy: target service': ['Create new'],
      'New service: region': ['us-east-1'],
      'New service: name': ['hello-web', true],
      'New service: port': [''],
      'New service: CPU and memory': [''],
      'New service: environment variables': ['None'],
      'New service: automatic deployments': ['Off'],
      'New service: health check': ['/', true],
      'New service: ECR access role': ['AppRunnerECRAccessRole'],
    };
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Account: 123456789012 · Region: us-east-1' }).first();
    const answered = new Set();
    await page.locator('.part.sidebar [aria-label="Deploy Workspace…"]').first().click();
    await m.waitForValue(
      'the deploy confirmation',
      async () => {
        if (await dialog.isVisible()) return true;
        const title = (await quickInput.isVisible()) ? (await quickInput.locator('.quick-input-title').innerText()).trim() : '';
        const question = Object.keys(replies).find((q) => title.startsWith(q));
        if (!question || answered.has(title)) return false;
        answered.add(title);
        const [text, replace] = replies[question];
        const box = quickInput.locator('.quick-input-box input');
        if (replace) await box.fill(text);
        else if (text) await box.pressSequentially(text);
        await page.keyboard.press('Enter');
        return false;
      },
      90000,
    );
    log(`the deploy confirmation names the account, region and service (after ${[...answered].length} questions)`);
    await picture('deploy', () => around([dialog], 24));
    await dialog
      .locator('.monaco-button', { hasText: /^Cancel$/ })
      .first()
      .click();
    await dialog.waitFor({ state: 'hidden', timeout: 10000 });

    // Monitor: live logs of orders-api.
    const groups = await m.logGroupsOf(wb, 'orders-api');
    await m.control(wb, 'logs/generate', { logGroupName: groups.application, streams: 2, ratePerSecond: 200, durationMs: 200 });
    const frame = await m.openMonitorFromTree(page, 'orders-api');
    await m.waitInFrame(frame, 'Live', () => document.querySelector('.tail-status .status-text')?.textContent === 'Live');
    await m.waitInFrame(frame, 'the backfill', () => /^[\d,]+ lines$/.test(document.querySelector('.counts').textContent));
    await page.mouse.move(VIEWPORT.width - 10, VIEWPORT.height / 2);
    log('the monitor shows the logs live');
    await picture('monitor', async () => ({ ...(await around([page.locator('.part.editor')], 0)), height: 420 }));

    // The walkthrough itself: every step's title, and each step's picture.
    await m.runCommand(page, 'View: Close All Editors');
    await m.runCommand(page, 'View: Close Primary Side Bar');
    await m.runCommand(page, 'Welcome: Open Walkthrough...');
    await quickInput.locator('.quick-input-list .monaco-list-row', { hasText: guide.title }).first().click();
    const stepButton = (title) => page.locator('.getting-started-step', { hasText: title }).first();
    for (const step of guide.steps) await stepButton(step.title).waitFor({ timeout: 30000 });
    log(`the walkthrough "${guide.title}" shows its ${guide.steps.length} steps`);
    for (const step of guide.steps) {
      await stepButton(step.title).locator('.step-title').click();
      const name = path.basename(step.image);
      await m.waitForValue(`the picture of "${step.title}"`, () =>
        page.evaluate(
          ({ file, alt }) =>
            [...document.querySelectorAll('.getting-started-media img')].some(
              (img) =>
                decodeURIComponent(img.currentSrc).includes(file) &&
                img.alt === alt &&
                img.naturalWidth > 0 &&
                img.getBoundingClientRect().width > 0,
            ),
          { file: name, alt: step.altText },
        ),
      );
    }
    await screenshot(page, '01-walkthrough');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
