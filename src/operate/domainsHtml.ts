// Pure: the custom-domain records view as a page for a webview. Every value comes from AWS (or
// whatever answers at the endpoint) and goes in through forHtml; the page's one script only sends
// which copy button was pressed (the host copies its own value). Strict CSP: nothing but the
// nonce'd style and script, no resources, no connections.
import { forHtml } from '../shared/untrusted';
import type { DomainsView, DomainView, RecordRow } from './domains';

/** DNS names and ACM values are long; the page shows them whole (the model allows 255 and more). */
const VALUE_MAX = 1024;

const h = (text: string): string => forHtml(text, VALUE_MAX);

function copyButton(id: string, what: string): string {
  return `<button class="copy" data-copy="${h(id)}" title="Copy the ${what}" aria-label="Copy the ${what}">Copy</button>`;
}

function recordTable(rows: RecordRow[], withStatus: boolean): string {
  const head = `<tr><th>Name</th><th>Type</th><th>Value</th>${withStatus ? '<th>Status</th>' : ''}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr>` +
        `<td><code>${h(r.name)}</code>${copyButton(`${r.id}:name`, 'record name')}</td>` +
        `<td>${h(r.type)}</td>` +
        `<td><code>${h(r.value)}</code>${copyButton(`${r.id}:value`, 'record value')}</td>` +
        (withStatus ? `<td class="record-status">${h(r.status ?? '')}</td>` : '') +
        `</tr>`,
    )
    .join('');
  return `<table>${head}${body}</table>`;
}

function domainSection(d: DomainView): string {
  const tone = d.status === 'active' ? 'ok' : d.settled ? 'bad' : 'wait';
  const validation = d.validationRecords.length
    ? recordTable(d.validationRecords, true)
    : '<p class="hint">App Runner is creating the certificate request; its validation records appear here in a moment.</p>';
  return `<section class="domain" data-domain="${h(d.domainName)}">
<h2>${h(d.domainName)} <span class="status ${tone}" data-status="${h(d.status)}">${h(d.status)}</span></h2>
<h3>1. Point the domain at the service</h3>
${recordTable(d.targetRecords, false)}
${d.rootNote ? `<p class="hint">${h(d.rootNote)}</p>` : ''}
<h3>2. Certificate validation records</h3>
${validation}
</section>`;
}

export function domainsHtml(view: DomainsView, nonce: string, polling: boolean): string {
  const csp = ["default-src 'none'", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
  const sections = view.domains.length
    ? view.domains.map(domainSection).join('\n')
    : '<p class="hint">This service has no custom domain. Use "Add Custom Domain…" on the service.</p>';
  const footer = polling
    ? 'Create these records with your DNS provider. App Runner is asked again until it is done, less often as time passes; validation can take up to 72 hours.'
    : 'Nothing is waiting for validation.';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Custom domains: ${h(view.serviceName)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 20px 20px; }
h1 { font-size: 1.4em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin: 1.4em 0 0.4em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: 0.3em; }
h3 { font-size: 1em; font-weight: 600; margin: 1em 0 0.4em; }
.sub { color: var(--vscode-descriptionForeground); margin-top: 0; }
table { border-collapse: collapse; width: 100%; table-layout: auto; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); vertical-align: top; }
th { color: var(--vscode-descriptionForeground); font-weight: normal; }
code { font-family: var(--vscode-editor-font-family); word-break: break-all; display: inline-block; max-width: 100%; line-height: 1.4; } /* a block, so that a wrapped line does not paint over the underscores above it */
button.copy { margin-left: 6px; padding: 1px 6px; font-size: 0.85em; color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; border-radius: 2px; cursor: pointer; }
button.copy:hover { background: var(--vscode-button-secondaryHoverBackground); }
.status { font-size: 0.8em; font-weight: normal; padding: 1px 8px; border-radius: 10px; margin-left: 8px; vertical-align: middle; }
.status.ok { background: var(--vscode-testing-iconPassed); color: var(--vscode-editor-background); }
.status.wait { background: var(--vscode-editorWarning-foreground); color: var(--vscode-editor-background); }
.status.bad { background: var(--vscode-errorForeground); color: var(--vscode-editor-background); }
.hint, footer { color: var(--vscode-descriptionForeground); }
footer { margin-top: 1.5em; }
</style>
</head>
<body>
<h1>Custom domains of ${h(view.serviceName)}</h1>
<p class="sub">${h(view.region)} · DNS target <code id="dns-target">${h(view.dnsTarget)}</code>${copyButton('dnsTarget', 'DNS target')}</p>
${sections}
<footer>${footer}</footer>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-copy]') : null;
  if (button) vscode.postMessage({ type: 'copy', id: button.getAttribute('data-copy') });
});
</script>
</body>
</html>`;
}
