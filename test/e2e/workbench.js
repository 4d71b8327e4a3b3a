// A real VS Code for end-to-end tests and the demo: the local emulator, AWS profile files
// pointing at it, code-server with the packaged extension installed, and (for tests) headless
// Chromium driven by playwright-core.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const h = require('../harness/lib/harness');
const { startEmulatorProcess, writeAwsProfiles, root } = require('../integration/env');

const VSIX = path.join(root, 'dist', 'apprunner-vscode.vsix');

/**
 * Starts emulator + code-server. Options: seed (file), operationDelayMs, port (code-server),
 * emulatorPort, regions, settings (extra user settings), folder (workspace to copy).
 */
async function startWorkbench(o = {}) {
  if (!fs.existsSync(VSIX)) {
    throw new Error(`${VSIX} is missing: run "npm run package" first`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-wb-'));
  // With scripts/docker-up.sh's registry, ECR is emulated on it and deployments run with Docker.
  const registryEnv = path.join(process.env.APPRUNNER_STATE_DIR || path.join(os.homedir(), '.cache', 'apprunner-vscode'), 'registry.env');
  const registryArgs = fs.existsSync(registryEnv) ? ['--registry-env', registryEnv] : [];
  const emulator = await startEmulatorProcess({ port: o.emulatorPort ?? 0, seed: o.seed, operationDelayMs: o.operationDelayMs, extraArgs: [...registryArgs, ...(o.emulatorArgs ?? [])] });
  const profiles = writeAwsProfiles(work, emulator.url);
  const folder = path.join(work, 'workspace');
  fs.cpSync(o.folder ?? path.join(root, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
  const runDir = h.createRunDir({
    runDir: path.join(work, 'vscode'),
    settings: {
      'apprunner.profile': 'emulator',
      'apprunner.endpointUrl': emulator.url,
      'apprunner.regions': o.regions ?? ['us-east-1', 'eu-west-1'],
      'workbench.colorTheme': o.theme ?? 'Default Dark Modern',
      ...(o.settings ?? {}),
    },
  });
  h.installExtensions(runDir, [VSIX]);
  const server = await h.startCodeServer({ runDir, port: o.port, env: { ...profiles.env, EMULATOR_URL: emulator.url, DOCKER_BUILDKIT: '0' } });
  const url = h.workbenchUrl(server, { folder });
  return {
    emulator,
    server,
    url,
    folder,
    async stop() {
      await server.stop();
      await emulator.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Opens the workbench in headless Chromium and waits until it is rendered. */
async function openPage(wb, viewport) {
  const { browser, page } = await h.launchBrowser({ viewport: viewport ?? { width: 1400, height: 900 } });
  await page.goto(wb.url);
  await h.waitForWorkbench(page);
  return { browser, page };
}

module.exports = { startWorkbench, openPage, VSIX };
