// A user adds a custom domain to a running service from the tree, reads the DNS target and the
// certificate validation records in the records view, and watches view and tree turn "active"
// once the records "appear" (the emulator's control endpoint), in a real VS Code in Chromium.
'use strict';
const path = require('path');
const { startWorkbench, openPage, runFromContextMenu } = require('./workbench');
const { control, waitForValue, runCommand } = require('./monitorHelpers');

const SERVICE = 'orders-api';
const DOMAIN = 'shop.example.org';

exports.title = 'domains: add a custom domain, read its records, and see it validated';

/**
 * What the records view of the service shows once `ready` holds for it. The view replaces its page
 * when it reads again, so each look finds the view's frame afresh.
 */
function viewWhen(page, what, ready) {
  return waitForValue(
    what,
    async () => {
      for (const frame of page.frames()) {
        const shown = await readView(frame).catch(() => undefined);
        if (shown && shown.heading === `Custom domains of ${SERVICE}` && ready(shown)) return shown;
      }
      return undefined;
    },
    60000,
  );
}

/** What the view shows of the domain: its status and every record row's cells as text. */
function readView(frame) {
  return frame.evaluate(() => {
    const section = document.querySelector('section.domain');
    const tables = section ? [...section.querySelectorAll('table')] : [];
    const rows = (table) =>
      table
        ? [...table.querySelectorAll('tr')]
            .slice(1)
            .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.firstChild?.textContent ?? ''))
        : [];
    return {
      heading: document.querySelector('h1')?.textContent ?? '',
      dnsTarget: document.getElementById('dns-target')?.textContent ?? '',
      status: section?.querySelector('.status')?.textContent ?? '',
      targets: rows(tables[0]),
      validations: rows(tables[1]),
      copyButtons: [...document.querySelectorAll('button.copy')].filter((b) => b.textContent === 'Copy' && b.offsetWidth > 0).length,
      linksOrImages: document.querySelectorAll('a, img').length,
      footer: document.querySelector('footer')?.textContent ?? '',
    };
  });
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

exports.run = async ({ screenshot, log }) => {
  const wb = await startWorkbench({ seed: path.join(__dirname, '../emulator/seeds/demo.json') });
  let browser;
  try {
    const opened = await openPage(wb);
    browser = opened.browser;
    const page = opened.page;
    await page.locator('.activitybar .action-item a[aria-label^="App Runner"]').first().click();
    const row = page.locator('[role="treeitem"]', { hasText: SERVICE }).first();
    await row.waitFor({ timeout: 30000 });
    await row.click();
    const domainsNode = page.locator('[role="treeitem"]', { hasText: 'Custom domains' }).first();
    await domainsNode.waitFor({ timeout: 30000 });
    await domainsNode.filter({ hasText: /none/ }).waitFor({ timeout: 10000 });
    log(`${SERVICE} is expanded; its Custom domains node says none`);

    await runFromContextMenu(page, row, 'Add Custom Domain…');

    const quickInput = page.locator('.quick-input-widget');
    await quickInput.locator('.quick-input-title', { hasText: /domain\sname/ }).waitFor({ timeout: 30000 });
    await quickInput.locator('.quick-input-box input').fill(DOMAIN);
    await page.keyboard.press('Enter');
    await quickInput.locator('.quick-input-title', { hasText: /also\swww\.shop\.example\.org\?/ }).waitFor({ timeout: 30000 });
    const both = page
      .locator('.quick-input-list .monaco-list-row', { hasText: /shop\.example\.org\sand\swww\.shop\.example\.org/ })
      .first();
    await both.waitFor({ timeout: 10000 });
    await screenshot(page, '01-www-step');
    await both.click();
    log('wizard answered: shop.example.org and www.shop.example.org');

    // App Runner creates the certificate request first; the view reads again until both validation records are there.
    await viewWhen(page, 'two validation records in the view', (v) => v.validations.length === 2);
    await page.mouse.move(900, 600);
    await runCommand(page, 'Notifications: Clear All Notifications');
    const pending = await viewWhen(page, 'the records view', (v) => v.validations.length === 2);
    check(/^[\w.-]+$/.test(pending.dnsTarget), `the DNS target is shown: ${JSON.stringify(pending.dnsTarget)}`);
    check(pending.status === 'waiting for DNS validation', `the domain waits for validation: ${pending.status}`);
    check(
      JSON.stringify(pending.targets) ===
        JSON.stringify([
          [DOMAIN, 'CNAME', pending.dnsTarget],
          [`www.${DOMAIN}`, 'CNAME', pending.dnsTarget],
        ]),
      `the target records point both names at the DNS target: ${JSON.stringify(pending.targets)}`,
    );
    check(pending.validations.length === 2, `two validation records: ${JSON.stringify(pending.validations)}`);
    for (const [name, type, value, status] of pending.validations) {
      check(/^_\w+\.(www\.)?shop\.example\.org\.$/.test(name), `a validation record's name is shown as text: ${name}`);
      check(
        type === 'CNAME' && /acm-validations\.aws\.$/.test(value) && status === 'pending',
        `validation record ${name}: ${type} ${value} ${status}`,
      );
    }
    check(
      pending.copyButtons === 1 + 2 * 2 + 2 * 2,
      `a Copy button for the DNS target and each record name and value: ${pending.copyButtons}`,
    );
    check(pending.linksOrImages === 0, `no link or image comes from the values: ${pending.linksOrImages}`);
    log(
      `records view: DNS target ${pending.dnsTarget}, 2 target and 2 validation records, ${pending.copyButtons} Copy buttons, no <a>/<img>`,
    );
    await screenshot(page, '02-records-pending');

    await domainsNode.filter({ hasText: /1\s·\s1\spending/ }).waitFor({ timeout: 30000 });
    // The node had no children when the tree first showed it; a user opens it to see the domain.
    if ((await domainsNode.getAttribute('aria-expanded')) !== 'true') await domainsNode.click();
    await page
      .locator('[role="treeitem"]', { hasText: DOMAIN })
      .filter({ hasText: /\+\swww\s·\swaiting\sfor\sDNS\svalidation/ })
      .first()
      .waitFor({ timeout: 30000 });
    await page.mouse.move(900, 600);
    log('tree: Custom domains 1 · 1 pending; shop.example.org + www · waiting for DNS validation');
    await screenshot(page, '03-tree-pending');

    const { validated } = await control(wb, 'apprunner/custom-domains/validate', { domainName: DOMAIN });
    check(validated >= 1, `the emulator validated the domain: ${validated}`);
    const active = await viewWhen(page, 'the view to say active', (v) => v.status === 'active');
    check(
      active.validations.every((r) => r[3] === 'validated'),
      `both validation records are validated: ${JSON.stringify(active.validations)}`,
    );
    check(active.footer === 'Nothing is waiting for validation.', `the view stops following: ${active.footer}`);
    check(active.linksOrImages === 0, 'still no link or image');
    log('records view: active, both validation records validated, nothing waiting');
    await screenshot(page, '04-records-active');

    await page
      .locator('[role="treeitem"]', { hasText: DOMAIN })
      .filter({ hasText: /\+\swww\s·\sactive/ })
      .first()
      .waitFor({ timeout: 30000 });
    await domainsNode.filter({ hasNotText: /pending/ }).waitFor({ timeout: 30000 });
    log('tree: Custom domains 1; shop.example.org + www · active (no manual refresh)');
    await screenshot(page, '05-tree-active');
  } finally {
    if (browser) await browser.close().catch(() => {});
    await wb.stop();
  }
};
