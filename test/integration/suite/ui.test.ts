// The ui/ seam in a real VS Code: tests answer every question through a script, and a question
// the script does not expect fails the test at once, naming the question.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { api, withScript } from './helpers';

suite('Questions go through ui/', () => {
  test('an unexpected prompt fails the test by name instead of opening a picker', async () => {
    await assert.rejects(
      withScript([], () => Promise.resolve(vscode.commands.executeCommand('apprunner.filterServices'))),
      (e: Error) => {
        assert.match(e.message, /"Filter App Runner services"/);
        return true;
      },
    );
  });

  test('activate() offers other extensions nothing; the seam is a command of the test runner', async () => {
    const ext = vscode.extensions.getExtension('apprunner-vscode.apprunner-vscode');
    assert.ok(ext?.isActive || (await ext?.activate()) === undefined);
    assert.strictEqual(ext?.exports, undefined);
    assert.ok((await api()).useUi);
  });
});
