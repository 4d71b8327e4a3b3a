// The status bar item with the profile and regions in use; clicking it offers both pickers.
import vscode = require('vscode');
import type { AwsContext } from '../shared/awsContext';
import type { Ui } from '../ui/ui';

export function registerStatusBar(context: vscode.ExtensionContext, aws: AwsContext, ui: Ui): void {
  const item = vscode.window.createStatusBarItem('apprunner.profile', vscode.StatusBarAlignment.Left, 50);
  item.name = 'App Runner profile and region';
  item.command = 'apprunner.pickProfileOrRegion';
  const update = () => {
    const regions = aws.regions;
    item.text = `$(cloud) ${aws.profileLabel} · ${regions.length === 1 ? regions[0] : `${regions.length} regions`}`;
    item.tooltip = `App Runner: profile ${aws.profileLabel}, regions ${regions.join(', ') || 'none'}${aws.endpointUrl ? `\nEndpoint: ${aws.endpointUrl}` : ''}`;
    item.show();
  };
  update();
  context.subscriptions.push(
    item,
    aws.onDidChange(update),
    vscode.commands.registerCommand('apprunner.pickProfileOrRegion', async () => {
      const command = await ui.pick(
        [
          { label: '$(account) Select AWS Profile…', value: 'apprunner.selectProfile' },
          { label: '$(globe) Select Regions…', value: 'apprunner.selectRegions' },
        ],
        { title: 'App Runner: profile and regions', placeHolder: `Profile ${aws.profileLabel} · ${aws.regions.join(', ')}` },
      );
      if (command) {
        await vscode.commands.executeCommand(command);
      }
    }),
  );
}
