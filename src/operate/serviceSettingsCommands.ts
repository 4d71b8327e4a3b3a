// "Edit Instance and Health Check…" on a service (serviceSettings.ts is the pure wizard): the
// answers become one change through ServiceUpdater (preview, one confirmation, one UpdateService,
// followed in the tree); when AWS refuses, the wizard opens again with the user's answers.
import vscode = require('vscode');
import type { Service } from '../aws/types';
import type { Catalog, ServiceRef } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import { serviceOfCommand } from '../shared/servicePicker';
import { forNotification } from '../shared/untrusted';
import type { FeatureCommands } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import type { OperateCommand } from './index';
import { initialSettingsAnswers, serviceSettingsWizard, SettingsAnswers, settingsIntent } from './serviceSettings';
import type { ServiceUpdater, UpdateOutcome } from './serviceUpdate';

export function registerServiceSettingsCommands(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  updater: ServiceUpdater,
  commands: FeatureCommands<OperateCommand>,
): void {
  async function editSettings(ref: ServiceRef): Promise<UpdateOutcome | undefined> {
    let service: Service;
    try {
      service = await aws.session().appRunner.describeService(ref.region, ref.arn);
    } catch (e) {
      await aws.showError(e, { action: 'apprunner:DescribeService', region: ref.region, doing: `read ${ref.name}` });
      return undefined;
    }
    const current = initialSettingsAnswers(service);
    const outcome = await updater.editAndUpdate<SettingsAnswers>(
      ref,
      (previous) => ui.wizard(serviceSettingsWizard(service, current), previous ?? current),
      async (answers) => ({ what: `Update ${ref.name}`, intent: () => settingsIntent(answers) }),
    );
    if (outcome?.kind === 'unchanged') {
      void vscode.window.showInformationMessage(forNotification(`${ref.name} already has these settings: nothing to change.`));
    }
    return outcome;
  }

  context.subscriptions.push(
    commands.register('apprunner.editServiceSettings', async (arg?: unknown) => {
      const ref = await serviceOfCommand(catalog, ui, arg, {
        title: 'Edit Instance and Health Check',
        placeHolder: 'Choose the App Runner service',
        noneMessage: 'There is no App Runner service in the selected regions.',
      });
      return ref ? editSettings(ref) : undefined;
    }),
  );
}
