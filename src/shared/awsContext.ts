// The extension's view of "which AWS": profile, regions and endpoint from the settings, the
// lazily created AWS session for them, and the one way errors from AWS reach the user.
import vscode = require('vscode');
import type { ErrorContext, UserFacingError } from '../aws/errors';
import { loadAws, loadAwsErrors } from '../aws/lazy';
import type { ProfileInfo } from '../aws/types';
import type { AwsSession } from '../aws/sdk';
import { forNotification, LIMITS } from './untrusted';

export class AwsContext implements vscode.Disposable {
  private current?: AwsSession;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the profile, regions or endpoint change (the session has been replaced). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly errorShown = new vscode.EventEmitter<UserFacingError>();
  /** Fires for every AWS error shown to the user (the output channel has the raw error). */
  readonly onDidShowError = this.errorShown.event;

  /** The settings as last read: each getConfiguration() builds a copy of the section. */
  private settings?: vscode.WorkspaceConfiguration;

  constructor(readonly output: vscode.OutputChannel) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('apprunner')) this.settings = undefined;
        if (['apprunner.profile', 'apprunner.regions', 'apprunner.endpointUrl'].some((s) => e.affectsConfiguration(s))) {
          this.resetSession();
        }
      }),
    );
  }

  private get config(): vscode.WorkspaceConfiguration {
    return (this.settings ??= vscode.workspace.getConfiguration('apprunner'));
  }

  /** The profile in use: the setting, else AWS_PROFILE, else undefined (the SDK's default). */
  get profile(): string | undefined {
    return this.config.get<string>('profile') || process.env.AWS_PROFILE || undefined;
  }

  get profileLabel(): string {
    return this.profile ?? 'default';
  }

  get regions(): string[] {
    return [...new Set(this.config.get<string[]>('regions') ?? [])].filter(Boolean);
  }

  get endpointUrl(): string | undefined {
    return this.config.get<string>('endpointUrl') || undefined;
  }

  session(): AwsSession {
    return (this.current ??= loadAws().createSession({
      profile: this.config.get<string>('profile') || undefined,
      endpointUrl: this.endpointUrl,
    }));
  }

  /** The profiles of the shared config and credentials files, read with the SDK's own loader. */
  listProfiles(): Promise<ProfileInfo[]> {
    return loadAws().listProfiles();
  }

  /** Drops cached clients and credentials, e.g. after `aws sso login` or a settings change. */
  resetSession(): void {
    this.current?.dispose();
    this.current = undefined;
    this.changed.fire();
  }

  describe(err: unknown, ctx: Omit<ErrorContext, 'profile'>): UserFacingError {
    return loadAwsErrors().describeAwsError(err, { ...ctx, profile: this.profile });
  }

  /**
   * Shows an AWS error as one message with its fixes as buttons, and "Show Output" for the raw
   * error, which goes to the output channel as it came.
   */
  async showError(err: unknown, ctx: Omit<ErrorContext, 'profile'>): Promise<UserFacingError> {
    const described = this.describe(err, ctx);
    const info = { ...described, message: forNotification(described.message, LIMITS.notificationMessage) };
    this.errorShown.fire(info);
    this.output.appendLine(`[error] ${ctx.action}${ctx.region ? ` (${ctx.region})` : ''}: ${(err as Error)?.stack ?? String(err)}`);
    if (info.policy) {
      this.output.appendLine(`[error] The IAM policy to ask your administrator for:\n${info.policy}`);
    }
    const showOutput = 'Show Output';
    void vscode.window.showErrorMessage(info.message, ...info.fixes.map((f) => f.label), showOutput).then((picked) => {
      const fix = info.fixes.find((f) => f.label === picked);
      if (picked === showOutput) {
        this.output.show(true);
      } else if (fix?.command) {
        void vscode.commands.executeCommand(fix.command);
      } else if (fix?.document) {
        void vscode.workspace.openTextDocument(fix.document).then((doc) => vscode.window.showTextDocument(doc));
      } else if (fix?.terminalCommand) {
        const terminal = vscode.window.createTerminal('AWS sign-in');
        terminal.show();
        terminal.sendText(fix.terminalCommand);
      }
    });
    return info;
  }

  dispose(): void {
    this.current?.dispose();
    this.changed.dispose();
    this.errorShown.dispose();
    this.subscriptions.forEach((s) => s.dispose());
  }
}
