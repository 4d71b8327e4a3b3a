#!/usr/bin/env node
// Runs the integration suites inside a real VS Code (code-server + headless Chromium) with the
// packaged extension installed from dist/apprunner-vscode.vsix, against the local AWS emulator.
//   node test/integration/run.js [--files explorer,config] [--grep pattern]
//   node test/integration/run.js --untrusted    the untrusted-*.test suites, in a workspace opened in Restricted Mode
// Prints Mocha's output and exits non-zero when a test fails.
'use strict';
const fs = require('fs');
const path = require('path');
const { runTests } = require('../harness/run-tests');
const { startTestEnvironment, root } = require('./env');

async function main() {
  const args = process.argv.slice(2);
  const opt = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const vsix = path.join(root, 'dist', 'apprunner-vscode.vsix');
  if (!fs.existsSync(vsix)) {
    throw new Error(`${vsix} is missing: run "npm run package" first`);
  }
  const untrusted = args.includes('--untrusted');
  const t = await startTestEnvironment({ prefix: 'apprunner-it-', operationDelayMs: 2500 });
  try {
    return await runTests({
      installExtensions: [vsix],
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      folder: t.workspace,
      timeoutSec: 1200,
      env: {
        ...t.env,
        APPRUNNER_TEST_FILES: opt('--files') ?? '',
        APPRUNNER_TEST_GREP: opt('--grep') ?? '',
        APPRUNNER_TEST_UNTRUSTED: untrusted ? '1' : '',
      },
      // Restricted Mode: trust on, the folder never trusted, and no start-up dialog asking about it.
      settings: untrusted
        ? { ...t.settings, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
        : t.settings,
      workspaceTrust: untrusted,
    });
  } finally {
    await t.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[integration] ${e && e.stack ? e.stack : e}`);
    process.exit(2);
  },
);
