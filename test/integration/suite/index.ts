// The test runner module VS Code loads with --extensionTestsPath (code-server harness or
// @vscode/test-electron): runs every compiled *.test.js beside it with Mocha (TDD interface).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60000, grep: process.env.APPRUNNER_TEST_GREP || undefined });
  // A comma-separated list of file-name prefixes; empty or unset runs every suite.
  const only = (process.env.APPRUNNER_TEST_FILES ?? '').split(',').filter(Boolean);
  // untrusted-*.test.js run only in the runner's Restricted Mode run (run.js --untrusted), and alone there.
  const untrusted = process.env.APPRUNNER_TEST_UNTRUSTED === '1';
  for (const f of fs.readdirSync(__dirname).sort()) {
    if (f.endsWith('.test.js') && f.startsWith('untrusted') === untrusted && (only.length === 0 || only.some((o) => f.startsWith(o)))) {
      mocha.addFile(path.join(__dirname, f));
    }
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration test(s) failed.`)) : resolve()));
  });
}
