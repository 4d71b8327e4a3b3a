// The real monitor webview bundle (media/monitor/out) in a plain Chromium page, with a fake
// `acquireVsCodeApi` that records what the page posts and a `__deliver` that plays the host's
// protocol messages. Used by the monitor benchmark; the page gets a few VS Code theme
// variables so that it renders as it would in a dark theme.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';

const root = path.resolve(__dirname, '../../..');

const THEME = `
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 13px;
  --vscode-foreground: #cccccc; --vscode-editor-background: #1f1f1f; --vscode-descriptionForeground: #9d9d9d;
  --vscode-errorForeground: #f85149; --vscode-editorWarning-foreground: #cca700; --vscode-focusBorder: #0078d4;
  --vscode-textLink-foreground: #4daafc; --vscode-charts-blue: #3794ff; --vscode-charts-green: #89d185;
  --vscode-charts-yellow: #cca700; --vscode-charts-red: #f14c4c; --vscode-charts-purple: #b180d7;
  --vscode-charts-orange: #d18616; --vscode-charts-foreground: #cccccc; --vscode-charts-lines: rgba(204,204,204,0.3);
  --vscode-list-hoverBackground: #2a2d2e; --vscode-input-background: #313131; --vscode-panel-border: #2b2b2b;`;

/** Writes the test page next to nothing in the repository (a temp dir) and returns its URL. */
export function monitorPageUrl(): string {
  const out = (p: string) => pathToFileURL(path.join(root, 'media', 'monitor', p)).href;
  if (!fs.existsSync(path.join(root, 'media', 'monitor', 'out', 'monitor.js'))) {
    throw new Error('media/monitor/out/monitor.js is missing: run "npm run build" first');
  }
  const html = `<!DOCTYPE html><html><head><meta charset="UTF-8">
<link rel="stylesheet" href="${out('out/monitor.css')}"><link rel="stylesheet" href="${out('monitor.css')}">
<style>body { ${THEME} }</style></head>
<body class="vscode-dark"><div id="app"></div>
<script>
  window.__posted = [];
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(m),
    getState: () => undefined,
    setState: () => {},
  });
  window.__deliver = (m) => window.dispatchEvent(new MessageEvent('message', { data: m }));
</script>
<script src="${out('out/monitor.js')}"></script></body></html>`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apprunner-monitor-page-'));
  const file = path.join(dir, 'monitor.html');
  fs.writeFileSync(file, html);
  return pathToFileURL(file).href;
}
