#!/usr/bin/env node
// The demo: VS Code in the browser (code-server) with the packaged extension, against the local
// AWS emulator's demo seed. Prints the loopback URL to open and runs until Ctrl-C.
'use strict';
const fs = require('fs');
const path = require('path');
const { startWorkbench } = require('../test/e2e/workbench');

async function main() {
  const port = Number(process.env.APPRUNNER_DEMO_PORT || 8080);
  const wb = await startWorkbench({
    port,
    emulatorPort: Number(process.env.APPRUNNER_EMULATOR_PORT || 4566),
    seed: path.join(__dirname, '../test/emulator/seeds/demo.json'),
    operationDelayMs: 5000,
    folder: path.join(__dirname, '../test/fixtures/workspace'),
    emulatorArgs: ['--demo-lines-per-second', '3'],
  });
  // Something to deploy: the sample web app the tests deploy, as a folder of the demo workspace.
  fs.cpSync(path.join(__dirname, '../test/fixtures/sample-apps/hello'), path.join(wb.folder, 'hello-app'), { recursive: true });
  console.log('');
  console.log(`App Runner for VS Code demo is running.`);
  console.log(`  Open:      ${wb.url}`);
  console.log(`  Emulator:  ${wb.emulator.url} (AWS profile "emulator")`);
  console.log('  Try: the App Runner view; Open Monitor on a service; "App Runner: Deploy Workspace…" on hello-app;');
  console.log('       config/bad/apprunner.yaml for the editor diagnostics.');
  console.log('Press Ctrl-C to stop.');
  const stop = async () => {
    await wb.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
