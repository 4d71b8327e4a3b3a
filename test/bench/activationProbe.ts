// Runs inside code-server's extension host as the "tests" module of one activation sample (see
// activation.bench.ts): waits for the extension's start-up activation, then writes what VS Code
// itself recorded to the file named by APPRUNNER_BENCH_OUT:
//   - the extension host's performance marks code/extHost/{will,did}LoadExtensionCode/<id> (the
//     require of dist/extension.js) and code/extHost/{will,did}ActivateExtension/<id> (activate()
//     and its result settling), kept by VS Code in globalThis.MonacoPerformanceMarks;
//   - the Extension Activation Stats of "Developer: Startup Performance" (Load Code, Call Activate,
//     Finish Activate: the figures "Developer: Show Running Extensions" shows);
//   - which of the extension's bundles and which AWS SDK modules the extension host had loaded.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'apprunner-vscode.apprunner-vscode';

interface Mark {
  name: string;
  startTime: number;
}

export interface ActivationSample {
  /** From the performance marks, ms. */
  marks: { load: number; activate: number };
  /** From Startup Performance's Extension Activation Stats, ms; undefined when the table has no row. */
  stats?: { loadCode: number; callActivate: number; finishActivate: number; event: string };
  /** dist/*.js files of the extension in the extension host's module cache. */
  bundles: string[];
  /** Modules of the AWS SDK in the module cache. */
  sdkModules: number;
}

/** Resolves when `condition` holds, checking on every extension change and document open (no fixed sleeps). */
function until<T>(what: string, condition: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    const check = () => {
      const value = condition();
      if (value === undefined) return;
      subscriptions.forEach((s) => s.dispose());
      clearInterval(poll);
      clearTimeout(timer);
      resolve(value);
    };
    // Activation finishing fires no event an extension sees: look again now and then as well.
    const poll = setInterval(check, 50);
    const timer = setTimeout(() => {
      clearInterval(poll);
      subscriptions.forEach((s) => s.dispose());
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    subscriptions.push(vscode.extensions.onDidChange(check), vscode.workspace.onDidOpenTextDocument(check));
    check();
  });
}

function markSpan(marks: Mark[], from: string, to: string): number {
  const start = marks.find((m) => m.name === `code/extHost/${from}/${EXTENSION_ID}`);
  const end = marks.find((m) => m.name === `code/extHost/${to}/${EXTENSION_ID}`);
  if (!start || !end) throw new Error(`no performance marks ${from} → ${to} for ${EXTENSION_ID}`);
  return end.startTime - start.startTime;
}

/** The extension's row of "Extension Activation Stats": | id | eager | load | call | finish | event | by |. */
async function activationStats(): Promise<ActivationSample['stats']> {
  await vscode.commands.executeCommand('perfview.show');
  const document = await until('the Startup Performance document', () =>
    vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf' && d.getText().includes(EXTENSION_ID)),
  );
  const row = document
    .getText()
    .split('\n')
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .find((cells) => cells[0] === EXTENSION_ID);
  if (!row) return undefined;
  const [, , loadCode, callActivate, finishActivate, event] = row;
  return { loadCode: Number(loadCode), callActivate: Number(callActivate), finishActivate: Number(finishActivate), event };
}

export async function run(): Promise<void> {
  const out = process.env.APPRUNNER_BENCH_OUT;
  if (!out) throw new Error('APPRUNNER_BENCH_OUT is not set: activation.bench.ts runs this probe');
  const extension = await until('the extension', () => vscode.extensions.getExtension(EXTENSION_ID));
  await until('start-up activation', () => (extension.isActive ? true : undefined));
  const marksApi = (globalThis as { MonacoPerformanceMarks?: { getMarks(): Mark[] } }).MonacoPerformanceMarks;
  if (!marksApi) throw new Error("VS Code's performance marks (globalThis.MonacoPerformanceMarks) are missing");
  const marks = marksApi.getMarks();
  const dist = path.join(extension.extensionPath, 'dist') + path.sep;
  const loaded = Object.keys(require.cache);
  const sample: ActivationSample = {
    marks: {
      load: markSpan(marks, 'willLoadExtensionCode', 'didLoadExtensionCode'),
      activate: markSpan(marks, 'willActivateExtension', 'didActivateExtension'),
    },
    stats: await activationStats(),
    bundles: loaded.filter((m) => m.startsWith(dist)).map((m) => m.slice(dist.length)),
    sdkModules: loaded.filter((m) => m.includes(`${path.sep}@aws-sdk${path.sep}`) || m === path.join(dist, 'aws.js')).length,
  };
  fs.writeFileSync(out, JSON.stringify(sample));
}
