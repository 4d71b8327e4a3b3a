// Helpers for integration tests running inside VS Code against the local AWS emulator.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestSeam } from '../../../src/testSeam';
import { byLabel, ScriptedPrompts, ScriptLine } from '../../../src/ui/scripted';

export const EXTENSION_ID = 'apprunner-vscode.apprunner-vscode';

export function emulatorUrl(): string {
  const url = process.env.EMULATOR_URL;
  assert.ok(url, 'EMULATOR_URL is not set: the integration runner starts the emulator');
  return url;
}

/** Calls the emulator's control API (/_emulator/...). */
export async function emulator(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<any> {
  const res = await fetch(`${emulatorUrl()}/_emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `emulator ${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * The extension's test seam (src/testSeam.ts): a command that exists only because the runner sets
 * APPRUNNER_TEST_SEAM=1. activate() itself returns nothing to other extensions.
 */
export async function api(): Promise<TestSeam> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  if (!ext.isActive) await ext.activate();
  const seam = await vscode.commands.executeCommand<TestSeam | undefined>('apprunner.test.seam');
  assert.ok(seam, 'the test seam is missing: the runner sets APPRUNNER_TEST_SEAM=1 for the extension host');
  return seam;
}

/**
 * Runs `work` with every question answered by `script` (see src/ui/scripted.ts). A question the
 * script does not expect throws in the extension at once, naming it, and fails the test here
 * too, even where the extension catches the error.
 */
export async function withScript<T>(script: ScriptLine[], work: (prompts: ScriptedPrompts) => Promise<T>): Promise<T> {
  const prompts = new ScriptedPrompts(script);
  const restore = (await api()).useUi(prompts);
  try {
    return await work(prompts);
  } finally {
    restore();
    assert.deepStrictEqual(
      prompts.unexpected.map((q) => q.title),
      [],
      `unexpected prompts: ${prompts.unexpected.map((q) => `"${q.title}"`).join(', ')}`,
    );
  }
}

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20000, intervalMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) {
        return v as NonNullable<T>;
      }
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('apprunner').update(key, value, vscode.ConfigurationTarget.Global);
}

/** The folder the integration runner opens. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration runner opens a workspace folder');
  return folder.uri.fsPath;
}

/**
 * The answers of "Deploy from Workspace…" creating the image service `name` from `folder`: port
 * 8080, 0.5 vCPU · 1 GB, the environment choice labelled `environment`, no automatic deployments,
 * HTTP health check on /, the standard ECR access role.
 */
export function createServiceScript(folder: string, name: string, environment = 'None'): ScriptLine[] {
  return [
    [/^Deploy: folder to build$/, byLabel(folder)],
    [/^Deploy: target service$/, byLabel('Create new service')],
    [/^New service: name$/, () => name],
    [/^New service: port$/, () => '8080'],
    [/^New service: CPU and memory$/, byLabel('0.5 vCPU · 1 GB')],
    [/^New service: environment variables$/, byLabel(environment)],
    [/^New service: automatic deployments$/, byLabel('Off')],
    [/^New service: health check$/, () => '/'],
    [/^New service: ECR access role$/, byLabel('AppRunnerECRAccessRole')],
    [/^Create .*\?$/, () => true],
  ];
}

/** Runs "Deploy from Workspace…" answering with `script`; fails unless the deployment succeeded. */
export async function deployWorkspace(script: ScriptLine[]): Promise<void> {
  const ext = await api();
  let status: string | undefined;
  const sub = ext.deploy.onDidFinish((r) => (status = `${r.status}: ${r.message}`));
  try {
    await withScript(script, () => Promise.resolve(vscode.commands.executeCommand('apprunner.deployWorkspace')));
  } finally {
    sub.dispose();
  }
  assert.match(status ?? 'did not finish', /^succeeded/);
}

/**
 * A suite against the emulator's account: the profile `emulator` at the emulator's endpoint, with
 * `regions` shown when given; afterwards the regions the runner starts with, for whatever suite runs next.
 * Call it in the suite's body.
 */
export function emulatorSuite(regions?: string[]): void {
  suiteSetup(async () => {
    if (regions) await setSetting('regions', regions);
    await setSetting('profile', 'emulator');
    await setSetting('endpointUrl', emulatorUrl());
  });
  suiteTeardown(async () => {
    await setSetting('regions', ['us-east-1', 'eu-west-1']);
  });
}

export interface DeployingSuiteOptions {
  region: string;
  /** The sample app (test/fixtures/sample-apps/<sample>) copied to apps/<app> in the workspace. */
  sample: string;
  app: string;
  /** How long the emulated App Runner's operations take. */
  operationDelayMs: number;
  /** Emulator state beside the empty account, seeded before the app is copied. */
  seed?: unknown;
  /** Run at the end of the set-up (the app is copied, the catalog loaded). */
  prepare?: (appDir: string) => Promise<void>;
  /** Run first at the tear-down, before the editors close and the app goes. */
  cleanUp?: () => Promise<void>;
}

/**
 * The set-up and tear-down of a suite that deploys a sample app with the real Docker engine: a
 * fresh emulator, only `region` shown, the app in the workspace, the catalog loaded; afterwards the
 * regions and the deploy targets are as before, the editors closed, the app and the emulator's state gone.
 * Call it in the suite's body; it returns where the app is.
 */
export function deployingSuite(options: DeployingSuiteOptions): { appDir: string } {
  const appDir = path.join(workspaceRoot(), 'apps', options.app);
  let regionsBefore: unknown;
  suiteSetup(async () => {
    regionsBefore = vscode.workspace.getConfiguration('apprunner').inspect('regions')?.globalValue;
    await emulator('reset', {});
    await emulator('apprunner/config', { operationDelayMs: options.operationDelayMs });
    if (options.seed) await emulator('seed', options.seed);
    await setSetting('regions', [options.region]);
    const fixtures = process.env.APPRUNNER_FIXTURES;
    assert.ok(fixtures, 'APPRUNNER_FIXTURES is not set');
    await fs.cp(path.join(fixtures, 'sample-apps', options.sample), appDir, { recursive: true });
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
    await options.prepare?.(appDir);
  });
  suiteTeardown(async () => {
    await options.cleanUp?.();
    await setSetting('regions', regionsBefore);
    await vscode.workspace
      .getConfiguration('apprunner', vscode.workspace.workspaceFolders![0].uri)
      .update('deploy.targets', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(appDir, { recursive: true, force: true });
    await emulator('reset', {});
  });
  return { appDir };
}
