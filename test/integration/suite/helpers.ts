// Helpers for integration tests running inside VS Code against the local AWS emulator.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AppRunnerExtensionApi } from '../../../src/extension';

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

export async function api(): Promise<AppRunnerExtensionApi> {
  const ext = vscode.extensions.getExtension<AppRunnerExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.isActive ? ext.exports : await ext.activate();
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
