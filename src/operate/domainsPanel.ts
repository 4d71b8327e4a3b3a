// The records view of one service's custom domains: a webview (strict CSP, no resources, the page
// rendered by domainsHtml.ts with every value escaped) that shows what the catalog read last. The
// catalog reads the domains again while one is on its way (the tree follows the same reads).
import { randomBytes } from 'crypto';
import vscode = require('vscode');
import type { ServiceCustomDomains } from '../aws/types';
import type { Catalog, ServiceRef } from '../catalog/catalog';
import { forPlainText } from '../shared/untrusted';
import { anySettling } from '../shared/customDomains';
import { domainsView, type DomainsView } from './domains';
import { domainsHtml } from './domainsHtml';

export const DOMAINS_VIEW_TYPE = 'apprunner.customDomains';

/** What the view shows now (the test seam reads it; the page itself is in a webview). */
export interface ShownDomains {
  view: DomainsView;
  /** A domain is on its way, so the catalog reads them again. */
  polling: boolean;
  html: string;
}

export interface DomainsPanelHost {
  catalog: Catalog;
  /** A read failed: say so (names the IAM action); the view keeps what it showed. */
  readFailed(err: unknown, ref: ServiceRef): void;
  copied(text: string): void;
}

export class DomainsPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new AbortController();
  private copyValues = new Map<string, string>();
  private current: ShownDomains | undefined;
  private focus: string | undefined;

  constructor(
    readonly ref: ServiceRef,
    private readonly host: DomainsPanelHost,
    onDispose: () => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(
      DOMAINS_VIEW_TYPE,
      forPlainText(`Custom Domains: ${ref.name}`),
      { viewColumn: vscode.ViewColumn.Active },
      { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [] },
    );
    this.disposables.push(
      this.panel.onDidDispose(() => {
        this.closed.abort();
        this.disposables.forEach((d) => d.dispose());
        onDispose();
      }),
      this.panel.webview.onDidReceiveMessage((message: unknown) => this.received(message)),
      // Whoever read the domains (the catalog's follow-up reads, Refresh, a removal), the view shows the latest.
      host.catalog.onDidChange((change) => {
        if (change.domains?.some((s) => s.arn === ref.arn)) void this.showCached();
      }),
    );
  }

  get shown(): ShownDomains | undefined {
    return this.current;
  }

  /** Reveals the view and reads the domains now (the catalog then follows any on its way). */
  async show(focus?: string): Promise<void> {
    this.focus = focus ?? this.focus;
    this.panel.reveal();
    try {
      this.render(await this.host.catalog.refreshCustomDomains(this.ref));
    } catch (err) {
      this.host.readFailed(err, this.ref);
    }
  }

  dispose(): void {
    this.panel.dispose();
  }

  private async showCached(): Promise<void> {
    if (this.closed.signal.aborted) return;
    const read = await this.host.catalog.customDomains(this.ref).catch(() => undefined);
    if (read) this.render(read);
  }

  private render(read: ServiceCustomDomains): void {
    if (this.closed.signal.aborted) return;
    const { view, copyValues } = domainsView(this.ref.name, this.ref.region, read, this.focus);
    const polling = anySettling(read.domains);
    const same = this.current && JSON.stringify([this.current.view, this.current.polling]) === JSON.stringify([view, polling]);
    this.copyValues = copyValues;
    if (same) return;
    const html = domainsHtml(view, randomBytes(18).toString('base64'), polling);
    this.current = { view, polling, html };
    this.panel.webview.html = html;
  }

  private received(message: unknown): void {
    const m = message as { type?: unknown; id?: unknown } | undefined;
    if (m?.type !== 'copy' || typeof m.id !== 'string') return;
    const value = this.copyValues.get(m.id);
    if (value !== undefined) {
      void vscode.env.clipboard.writeText(value).then(() => this.host.copied(value));
    }
  }
}
