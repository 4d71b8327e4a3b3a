#!/usr/bin/env node
// Runs the end-to-end scenarios (test/e2e/*.e2e.js) one after another: each drives a real
// VS Code in Chromium as a user would and saves screenshots to .test-artifacts/screenshots/.
//   node test/e2e/run.js [name-filter]
// Ends with "e2e result: N ok, M not ok".
'use strict';
const fs = require('fs');
const path = require('path');
const { settle } = require('../harness/lib/harness');
const { takeLastSight } = require('./workbench');

async function main() {
  const filter = process.argv[2];
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.js') && (!filter || f.includes(filter)))
    .sort();
  const shots = path.resolve(__dirname, '../../.test-artifacts/screenshots');
  fs.mkdirSync(shots, { recursive: true });
  let ok = 0;
  let notOk = 0;
  for (const f of files) {
    const scenario = require(path.join(__dirname, f));
    const t0 = Date.now();
    try {
      await scenario.run({
        screenshot: async (page, name) => {
          const file = path.join(shots, `${path.basename(f, '.e2e.js')}-${name}.png`);
          await settle(page);
          await page.screenshot({ path: file });
          console.log(`  screenshot ${path.relative(process.cwd(), file)}`);
        },
        log: (m) => console.log(`  ${m}`),
      });
      ok++;
      console.log(`ok - ${scenario.title} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      notOk++;
      console.log(`not ok - ${scenario.title}: ${e && e.stack ? e.stack : e}`);
      const sight = takeLastSight();
      if (sight) {
        const file = path.join(shots, `${path.basename(f, '.e2e.js')}-FAILED.png`);
        fs.writeFileSync(file, sight);
        console.log(`  what the page showed when it failed: ${path.relative(process.cwd(), file)}`);
      }
    }
    takeLastSight();
  }
  console.log(`e2e result: ${ok} ok, ${notOk} not ok`);
  return notOk === 0 && ok > 0 ? 0 : 1;
}

main().then(
  (c) => process.exit(c),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
