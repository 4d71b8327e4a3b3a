// A user plans the move of an App Runner service to ECS Express Mode from the tree and reads the
// plan's Markdown preview: the top (what to do before creating it), the field-by-field mapping,
// what does not carry over and the monthly cost on both sides. Screenshots of each; the values
// that came from AWS (a variable with a pipe, HTML and a command link) show as text.
'use strict';
const assert = require('assert');
const { startWorkbench, openPage, runFromContextMenu } = require('./workbench');
const m = require('./monitorHelpers');

exports.title = 'migrate: the plan preview (top, mapping, what does not carry over, cost)';

const NAME = 'orders-migrate';
const HOSTILE = 'a | b <b>bold</b> [click](command:workbench.action.quit)';

/** The frame of the Markdown preview that shows the plan (webviews are nested iframes; polls while it loads). */
async function previewFrame(page, timeoutMs = 60000) {
  return m.waitForValue(
    'the plan preview',
    async () => {
      for (const frame of page.frames()) {
        try {
          if (await frame.evaluate(() => /from App Runner to ECS Express Mode/.test(document.querySelector('h1')?.textContent ?? '')))
            return frame;
        } catch {
          // A frame that navigated away meanwhile.
        }
      }
      return undefined;
    },
    timeoutMs,
  );
}

/** Scrolls the preview so that the heading with this text is at the top. */
async function scrollToHeading(frame, text) {
  await frame.evaluate((t) => {
    const heading = [...document.querySelectorAll('h1, h2, h3')].find((h) => h.textContent.trim() === t);
    if (!heading) throw new Error(`no heading "${t}" in the preview`);
    heading.scrollIntoView({ block: 'start' });
  }, text);
}

/** The rows of the table that follows the heading, as the cells' text. */
async function tableAfter(frame, text) {
  return frame.evaluate((t) => {
    const heading = [...document.querySelectorAll('h1, h2, h3')].find((h) => h.textContent.trim() === t);
    let el = heading?.nextElementSibling;
    while (el && el.tagName !== 'TABLE') el = el.nextElementSibling;
    if (!el) return undefined;
    return [...el.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim()));
  }, text);
}

exports.run = async ({ screenshot, log }) => {
  const wb = await startWorkbench({ regions: ['us-east-1'], settings: { 'remote.autoForwardPorts': false } });
  let browser;
  try {
    await m.control(wb, 'seed', {
      apprunner: {
        services: [
          {
            region: 'us-east-1',
            name: NAME,
            image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${NAME}:v7`,
            cpu: '1 vCPU',
            memory: '2 GB',
            port: 3000,
            env: { LOG_LEVEL: 'info', GREETING: HOSTILE },
            healthCheck: { protocol: 'TCP', interval: 10, timeout: 5, healthyThreshold: 1, unhealthyThreshold: 5 },
            minSize: 1,
            maxSize: 5,
            maxConcurrency: 80,
            tags: { team: 'payments' },
            createdAt: '-10d',
            activity: { fromHourUtc: 8, hours: 10, instances: 2 },
          },
        ],
      },
    });
    const opened = await openPage(wb, { width: 1600, height: 1000 });
    browser = opened.browser;
    const page = opened.page;

    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
    const row = page.locator('[role="treeitem"]', { hasText: NAME }).first();
    await row.waitFor({ timeout: 30000 });
    await runFromContextMenu(page, row, 'Plan Migration to ECS Express Mode');
    const frame = await previewFrame(page);
    // The preview fills the editor area: the side bar closed, no toasts, the mouse off the tree.
    // Done with the mouse: once the preview (a webview) has the focus, F1 does not always reach the workbench.
    await page.locator('.activitybar .action-item.checked a[aria-label^="App Runner"]').first().click();
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10000 });
    for (const toast of await page.locator('.notifications-toasts .notification-toast').all()) {
      await toast.hover();
      await toast.locator('.codicon-notifications-clear').first().click();
    }
    await page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'hidden', timeout: 10000 });
    await page.mouse.move(1500, 980);

    // The top: title, what it is, and what to do before creating the service.
    const top = await frame.evaluate(() => ({
      title: document.querySelector('h1').textContent,
      checklist: (() => {
        const heading = [...document.querySelectorAll('h2')].find((h) => h.textContent.trim() === 'Before you create it');
        const list = heading?.nextElementSibling;
        return list?.tagName === 'UL' ? [...list.children].map((li) => li.textContent.trim()) : [];
      })(),
      links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      html: [...document.querySelectorAll('b, img')].length,
    }));
    log(`title: ${top.title}`);
    assert.strictEqual(top.title, `Moving ${NAME} from App Runner to ECS Express Mode`);
    assert.ok(
      top.checklist.some((t) => /^Pin the image to the digest the service runs: the repository orders-migrate is not in ECR/.test(t)),
      `no pin action in ${JSON.stringify(top.checklist)}`,
    );
    assert.ok(top.checklist.some((t) => /Choose the HTTP health check path/.test(t)));
    assert.deepStrictEqual(top.links, [], 'the plan has no links (nothing from AWS became one)');
    assert.strictEqual(top.html, 0, 'no HTML from AWS values was rendered');
    await screenshot(page, '01-plan-top');

    // The field-by-field mapping.
    await scrollToHeading(frame, 'Field by field');
    const mapping = await tableAfter(frame, 'Field by field');
    assert.deepStrictEqual(mapping[0], ['App Runner', 'ECS Express Mode', 'Value', 'Note']);
    const byTarget = Object.fromEntries(mapping.slice(1).map((r) => [r[1], r]));
    assert.strictEqual(byTarget['primaryContainer.containerPort'][2], '3000');
    assert.match(byTarget['primaryContainer.containerPort'][3], /ECS Express defaults to 80/);
    assert.strictEqual(byTarget['primaryContainer.image'][2], `123456789012.dkr.ecr.us-east-1.amazonaws.com/${NAME}:v7`);
    assert.strictEqual(byTarget['cpu / memory'][2], '1024 CPU units / 2048 MiB');
    assert.strictEqual(byTarget['scalingTarget.minTaskCount / maxTaskCount'][2], '1 / 5');
    assert.ok(
      mapping.every((r) => r.length === 4),
      `a mapping row lost its shape: ${JSON.stringify(mapping)}`,
    );
    const environment = await tableAfter(frame, 'Environment variables');
    assert.deepStrictEqual(environment.slice(1), [
      ['GREETING', HOSTILE],
      ['LOG_LEVEL', 'info'],
      ['PORT', '3000'],
    ]);
    await screenshot(page, '02-plan-mapping');

    // What does not carry over, and what to do instead.
    await scrollToHeading(frame, 'What does not carry over');
    const notCarried = await tableAfter(frame, 'What does not carry over');
    assert.deepStrictEqual(notCarried[0], ['Setting', 'Why', 'Instead']);
    const settings = notCarried.slice(1).map((r) => r[0]);
    for (const expected of [
      /^TCP health check$/,
      /^Health check timing \(interval 10 s, timeout 5 s/,
      /^Concurrency-based scaling \(MaxConcurrency 80\)$/,
      /^Pause and resume$/,
      /^AWS WAF web ACL$/,
    ]) {
      assert.ok(
        settings.some((s) => expected.test(s)),
        `${expected} is not in ${JSON.stringify(settings)}`,
      );
    }
    assert.ok(notCarried.slice(1).every((r) => r.length === 3 && r.every((c) => c.length > 0)));
    await screenshot(page, '03-plan-not-carried');

    // The monthly cost on both sides.
    await scrollToHeading(frame, 'Monthly cost');
    const cost = await tableAfter(frame, 'Monthly cost');
    assert.deepStrictEqual(cost[0], ['Service', 'Per month', 'How it is estimated']);
    const appRunner = cost.find((r) => r[0] === 'App Runner (now)');
    const ecs = cost.find((r) => r[0] === 'ECS Express Mode');
    log(`cost: App Runner ${appRunner?.[1]}, ECS Express ${ecs?.[1]}`);
    assert.match(appRunner[1], /^\$[\d,]+\.\d\d$/);
    assert.match(ecs[1], /^\$[\d,]+\.\d\d$/);
    assert.match(ecs[2], /^\d+ tasks? all month: Fargate \$[\d,]+\.\d\d \+ load balancer \$[\d,]+\.\d\d/);
    await screenshot(page, '04-plan-cost');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
