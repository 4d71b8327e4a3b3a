// Shared by the integration runner, the end-to-end tests and the demo: starts the local AWS
// emulator as a child process and writes AWS shared config/credentials files that point a
// profile at it, so the extension reaches it through the SDK's ordinary settings.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { ensureBotocoreModels } = require('../../scripts/ensure-botocore-models');

const root = path.resolve(__dirname, '../..');

/**
 * Starts out/test/emulator/cli.js; resolves once it printed its URL. Its contract check is on:
 * stop() rejects, naming each violation, when the emulator answered anything AWS's models forbid.
 */
function startEmulatorProcess({ port = 0, seed, operationDelayMs, extraArgs = [] } = {}) {
  ensureBotocoreModels();
  const args = [path.join(root, 'out', 'test', 'emulator', 'cli.js'), '--port', String(port)];
  if (seed) args.push('--seed', seed);
  if (operationDelayMs !== undefined) args.push('--operation-delay-ms', String(operationDelayMs));
  args.push(...extraArgs);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s:\n${log}`)), 30000);
    child.on('exit', (code) => reject(new Error(`emulator exited with ${code}:\n${log}`)));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /EMULATOR_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const url = m[1];
        const exited = () =>
          new Promise((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          });
        resolve({
          url,
          child,
          async stop() {
            const contract = child.exitCode === null ? await readContract(url) : undefined;
            await exited();
            assertContractKept(contract);
          },
        });
      }
    });
  });
}

async function readContract(url) {
  const response = await fetch(`${url}/_emulator/contract`);
  return response.json();
}

/** Prints the emulator contract line (scripts/test.sh counts it) and throws when anything was violated. */
function assertContractKept(contract) {
  if (!contract) {
    throw new Error('emulator contract: the emulator exited before its contract violations could be read');
  }
  const n = contract.violations.length;
  console.log(
    `emulator contract: ${contract.checkedResponses} responses checked against botocore ${contract.botocoreVersion}, ${n} violations`,
  );
  if (n) {
    throw new Error(`emulator contract: ${n} violations\n${contract.violations.map((v) => `  ${v.text}`).join('\n')}`);
  }
}

/**
 * Writes `config` and `credentials` into dir with a profile `emulator` (static keys, region and
 * endpoint_url of the emulator). Returns the environment that makes the SDK use them and never
 * ask the EC2 metadata service (which is not ours to call).
 */
function writeAwsProfiles(dir, emulatorUrl) {
  const config = path.join(dir, 'aws-config');
  const credentials = path.join(dir, 'aws-credentials');
  fs.writeFileSync(
    config,
    `[profile emulator]\nregion = us-east-1\nendpoint_url = ${emulatorUrl}\n\n[profile demo-sso]\nsso_session = demo\nsso_account_id = 123456789012\nsso_role_name = Developer\nregion = us-east-1\n\n[sso-session demo]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\n`,
  );
  fs.writeFileSync(credentials, `[emulator]\naws_access_key_id = AKIDEMULATOR\naws_secret_access_key = emulator-secret\n`);
  return {
    env: {
      AWS_CONFIG_FILE: config,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PROFILE: '',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
    },
  };
}

/** scripts/docker-up.sh's registry env file, when the Docker engine and registry are set up. */
function registryEnvFile() {
  const file = path.join(process.env.APPRUNNER_STATE_DIR || path.join(os.homedir(), '.cache', 'apprunner-vscode'), 'registry.env');
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Everything a run against the emulator needs, in a fresh temporary folder: the emulator (with
 * ECR on the local registry and Docker deployments when docker-up.sh has run), AWS profile files
 * pointing at it, a copy of the workspace to open, the environment for VS Code and the user
 * settings. stop() ends the emulator and removes the folder.
 */
async function startTestEnvironment({ prefix = 'apprunner-', port = 0, seed, operationDelayMs, emulatorArgs = [], folder } = {}) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const registryEnv = registryEnvFile();
  const emulator = await startEmulatorProcess({
    port,
    seed,
    operationDelayMs,
    extraArgs: [...(registryEnv ? ['--registry-env', registryEnv] : []), ...emulatorArgs],
  });
  const workspace = path.join(work, 'workspace');
  fs.cpSync(folder ?? path.join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  return {
    work,
    emulator,
    workspace,
    env: {
      ...writeAwsProfiles(work, emulator.url).env,
      EMULATOR_URL: emulator.url,
      APPRUNNER_FIXTURES: path.join(root, 'test', 'fixtures'),
      APPRUNNER_REGISTRY_ENV: registryEnv ?? '',
      // The legacy builder, as scripts/docker-up.sh documents for the tests.
      DOCKER_BUILDKIT: '0',
      // Registers the extension's test seam command (src/testSeam.ts); never set outside the test runners.
      APPRUNNER_TEST_SEAM: '1',
    },
    settings: { 'apprunner.profile': 'emulator', 'apprunner.endpointUrl': emulator.url, 'apprunner.regions': ['us-east-1', 'eu-west-1'] },
    async stop() {
      try {
        await emulator.stop();
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
  };
}

module.exports = { startEmulatorProcess, writeAwsProfiles, startTestEnvironment, registryEnvFile, root };
