#!/usr/bin/env node
// Runs the integration suites inside a real VS Code (code-server + headless Chromium) with the
// packaged extension installed from dist/apprunner-vscode.vsix, against the local AWS emulator.
//   node test/integration/run.js [--files explorer,config] [--grep pattern]
// Prints Mocha's output and exits non-zero when a test fails.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('../harness/run-tests');
const { startEmulatorProcess, writeAwsProfiles } = require('./env');

const root = path.resolve(__dirname, '../..');

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
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-it-'));
  // With scripts/docker-up.sh's registry, ECR is emulated on it and deployments run with Docker.
  const registryEnv = path.join(process.env.APPRUNNER_STATE_DIR || path.join(os.homedir(), '.cache', 'apprunner-vscode'), 'registry.env');
  const emulator = await startEmulatorProcess({ operationDelayMs: 2500, extraArgs: fs.existsSync(registryEnv) ? ['--registry-env', registryEnv] : [] });
  try {
    const profiles = writeAwsProfiles(work, emulator.url);
    const workspace = path.join(work, 'workspace');
    fs.cpSync(path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
    const code = await runTests({
      installExtensions: [vsix],
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'suite', 'index.js'),
      folder: workspace,
      timeoutSec: 1200,
      env: {
        ...profiles.env,
        EMULATOR_URL: emulator.url,
        APPRUNNER_TEST_FILES: opt('--files') ?? '',
        APPRUNNER_TEST_GREP: opt('--grep') ?? '',
        APPRUNNER_FIXTURES: path.join(root, 'test', 'fixtures'),
        APPRUNNER_REGISTRY_ENV: registryEnv,
        // The legacy builder, as scripts/docker-up.sh documents for the tests.
        DOCKER_BUILDKIT: '0',
      },
      settings: { 'apprunner.profile': 'emulator', 'apprunner.endpointUrl': emulator.url, 'apprunner.regions': ['us-east-1', 'eu-west-1'] },
    });
    return code;
  } finally {
    await emulator.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[integration] ${e && e.stack ? e.stack : e}`);
    process.exit(2);
  },
);
