// The records view of one service's custom domains: a webview (strict CSP, no resources, the page
// rendered by domainsHtml.ts with every value escaped) that reads the domains again while one is
// still settling, waiting longer each time nothing changed, and stops when none is or the view closes.
// It reads through the catalog, so the tree follows every change it sees.
import { randomBytes } from 'crypto';
import vscode = require('vscode');
import type { ServiceCustomDomains } from '../aws/types';
import type { Catalog, ServiceRef } from '../catalog/catalog';
import type { Clock } from '../shared/clock';
import { forPlainText } from '../shared/untrusted';
import { anySettling, domainsView, type DomainsView, nextPollDelay, type PollSchedule } from './domains';
import { domainsHtml } from './domainsHtml';

export const DOMAINS_VIEW_TYPE = 'apprunner.customDomains';

/** What the view shows now (the test seam reads it; the page itself is in a webview). */
export interface ShownDomains {
  view: DomainsView;
  polling: boolean;
  html: string;
}

export interface DomainsPanelHost {
  catalog: Catalog;
  clock: Clock;
  schedule(): PollSchedule;
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
  private pollLoop: Promise<void> | undefined;
  /** Set by a read that saw a change, so the next wait starts short again. */
  private changedSinceWait = false;

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
      // Whoever read the domains (Refresh, a removal, this view), the view shows the latest.
      host.catalog.onDidChange((change) => {
        if (change.services.some((s) => s.arn === ref.arn)) void this.showCached();
      }),
    );
  }

  get shown(): ShownDomains | undefined {
    return this.current;
  }

  /** Reveals the view, reads the domains now and follows them while one is settling. */
  async show(focus?: string): Promise<void> {
    this.focus = focus ?? this.focus;
    this.panel.reveal();
    this.changedSinceWait = true;
    await this.readAndFollow();
  }

  dispose(): void {
    this.panel.dispose();
  }

  private async readAndFollow(): Promise<void> {
    let read: ServiceCustomDomains;
    try {
      read = await this.host.catalog.refreshCustomDomains(this.ref);
    } catch (err) {
      this.host.readFailed(err, this.ref);
      return;
    }
    this.render(read);
    this.follow();
  }

  private async showCached(): Promise<void> {
    if (this.closed.signal.aborted) return;
    const read = await this.host.catalog.customDomains(this.ref).catch(() => undefined);
    if (read) {
      this.render(read);
      this.follow();
    }
  }

  /** Starts the polling loop unless it runs or nothing is settling. */
  private follow(): void {
    if (this.pollLoop || this.closed.signal.aborted || !this.current?.polling) return;
    this.pollLoop = this.poll().finally(() => (this.pollLoop = undefined));
  }

  private async poll(): Promise<void> {
    let lastDelay: number | undefined;
    while (!this.closed.signal.aborted && this.current?.polling) {
      const delay = nextPollDelay(this.host.schedule(), lastDelay, this.changedSinceWait);
      this.changedSinceWait = false;
      lastDelay = delay;
      try {
        await this.host.clock.sleep(delay, this.closed.signal);
      } catch {
        return; // closed
      }
      try {
        this.render(await this.host.catalog.refreshCustomDomains(this.ref));
      } catch (err) {
        this.host.readFailed(err, this.ref);
        return;
      }
    }
  }

  private render(read: ServiceCustomDomains): void {
    if (this.closed.signal.aborted) return;
    const { view, copyValues } = domainsView(this.ref.name, this.ref.region, read, this.focus);
    const polling = anySettling(read.domains);
    const same = this.current && JSON.stringify([this.current.view, this.current.polling]) === JSON.stringify([view, polling]);
    this.copyValues = copyValues;
    if (same) return;
    this.changedSinceWait = true;
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
