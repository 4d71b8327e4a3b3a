// The integration and e2e runners (test/integration/env.js) fail when the emulator process broke
// AWS's models, naming the operation, member and shape: what makes a violation fail CI.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';

const ENV = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'integration', 'env.js');

test("stop() of the runners' emulator rejects with each contract violation", async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startEmulatorProcess } = require(ENV);
  const emulator = await startEmulatorProcess({});
  let stopped = false;
  try {
    const fault = { service: 'apprunner', operation: 'ListServices', kind: 'error', code: 'BogusException', status: 400, times: 1 };
    await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify(fault) });
    const answer = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AppRunner.ListServices', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });
    assert.equal(answer.status, 400);
    await assert.rejects(
      emulator.stop(),
      /emulator contract: 1 violations\n {2}apprunner ListServices \(HTTP 400\): error code \[shape BogusException\]: ListServices does not declare the error BogusException/,
    );
    stopped = true;
  } finally {
    if (!stopped) await emulator.stop().catch(() => undefined);
  }
});
