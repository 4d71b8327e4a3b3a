#!/usr/bin/env node
// The same integration suites under desktop VS Code via @vscode/test-electron, for machines that
// can download VS Code (these CI machines cannot: they use test/integration/run.js with
// code-server instead). Starts the emulator and writes the AWS profile files exactly as run.js.
//   node test/integration/run-electron.js [--files explorer]
'use strict';
const fs = require('fs');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { startTestEnvironment, root } = require('./env');

async function main() {
  const files = process.argv.includes('--files') ? process.argv[process.argv.indexOf('--files') + 1] : '';
  const t = await startTestEnvironment({ prefix: 'apprunner-electron-', operationDelayMs: 2500 });
  try {
    const userData = path.join(t.work, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({ ...t.settings, 'security.workspace.trust.enabled': false }),
    );
    return await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [t.workspace, '--user-data-dir', userData, '--disable-extensions'],
      extensionTestsEnv: { ...t.env, APPRUNNER_TEST_FILES: files },
    });
  } finally {
    await t.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  },
);
