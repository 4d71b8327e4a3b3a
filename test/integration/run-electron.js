#!/usr/bin/env node
// The same integration suites under desktop VS Code via @vscode/test-electron, for machines that
// can download VS Code (these CI machines cannot: they use test/integration/run.js with
// code-server instead). Starts the emulator and writes the AWS profile files exactly as run.js.
//   node test/integration/run-electron.js [--files explorer]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { startEmulatorProcess, writeAwsProfiles, root } = require('./env');

async function main() {
  const files = process.argv.includes('--files') ? process.argv[process.argv.indexOf('--files') + 1] : '';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-electron-'));
  const emulator = await startEmulatorProcess({ operationDelayMs: 2500 });
  try {
    const profiles = writeAwsProfiles(work, emulator.url);
    const workspace = path.join(work, 'workspace');
    fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    const userData = path.join(work, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({ 'apprunner.profile': 'emulator', 'apprunner.endpointUrl': emulator.url, 'apprunner.regions': ['us-east-1', 'eu-west-1'], 'security.workspace.trust.enabled': false }),
    );
    return await runTests({
      version: '1.100.3',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [workspace, '--user-data-dir', userData, '--disable-extensions'],
      extensionTestsEnv: { ...profiles.env, EMULATOR_URL: emulator.url, APPRUNNER_TEST_FILES: files, APPRUNNER_FIXTURES: path.join(root, 'test', 'fixtures') },
    });
  } finally {
    await emulator.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  },
);
