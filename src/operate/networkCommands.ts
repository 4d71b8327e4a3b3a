// The network and observability switches of a service (on its Tracing and IP address type rows
// in the tree): each goes through ServiceUpdater, so one preview, one confirmation, one UpdateService,
// followed in the tree like a deployment. Turning tracing on uses the account's observability
// configuration with AWS X-Ray, or creates one once the change is confirmed.
import vscode = require('vscode');
import type { ObservabilityConfiguration } from '../aws/types';
import { asServiceRef, type Catalog, type ServiceRef } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import { serviceOfCommand } from '../shared/servicePicker';
import { forNotification, forQuickPick } from '../shared/untrusted';
import type { Ui } from '../ui/ui';
import type { OperateCommand } from './index';
import {
  configurationArnByName,
  IP_ADDRESS_TYPES,
  ipAddressType,
  type IpAddressType,
  tracingEnabled,
  tracingIntent,
  XRAY_CONFIGURATION_NAME,
  xrayConfigurations,
} from './network';
import { revisionLabel } from './serviceChange';
import { RefusedError, type ServiceUpdater, type UpdateOutcome, type UpdateRequest } from './serviceUpdate';

/** A service, or a row under it in the tree (its `parent` is the service). */
function serviceOf(arg: unknown): ServiceRef | undefined {
  return asServiceRef(arg) ?? asServiceRef((arg as { parent?: unknown } | undefined)?.parent);
}

export function registerNetworkCommands(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  updater: ServiceUpdater,
  commands: FeatureCommands<OperateCommand>,
): void {
  const pick = (title: string) => ({ title, placeHolder: 'Pick a service', noneMessage: 'No App Runner service in the selected regions.' });

  function report(outcome: UpdateOutcome | undefined): UpdateOutcome | undefined {
    if (outcome?.kind === 'refused') void vscode.window.showErrorMessage(forNotification(outcome.message, 1000));
    if (outcome?.kind === 'unchanged')
      void vscode.window.showInformationMessage('Nothing to change: the service already has that setting.');
    return outcome;
  }

  /** The request that turns tracing on: with the account's X-Ray configuration, or one created after the confirmation. */
  async function tracingOnRequest(ref: ServiceRef): Promise<UpdateRequest | undefined> {
    let configurations: ObservabilityConfiguration[];
    try {
      configurations = xrayConfigurations(await aws.session().appRunner.latestObservabilityConfigurations(ref.region));
    } catch (err) {
      await aws.showError(err, {
        action: 'apprunner:ListObservabilityConfigurations',
        region: ref.region,
        doing: `find an observability configuration with X-Ray tracing in ${ref.region}`,
      });
      return undefined;
    }
    const chosen =
      configurations.length <= 1
        ? configurations[0]
        : await ui.pick(
            configurations.map((c) => ({
              label: forQuickPick(revisionLabel(c.ObservabilityConfigurationArn!) ?? c.ObservabilityConfigurationArn!),
              description: 'AWS X-Ray',
              value: c,
            })),
            { title: `Trace ${forQuickPick(ref.name)} with which observability configuration?` },
          );
    if (configurations.length > 1 && !chosen) return undefined;
    if (chosen) {
      return {
        what: `Turn tracing on for ${ref.name} (AWS X-Ray)`,
        intent: () => tracingIntent(true, chosen.ObservabilityConfigurationArn),
      };
    }
    return {
      what: `Turn tracing on for ${ref.name} with AWS X-Ray (creating the observability configuration ${XRAY_CONFIGURATION_NAME})`,
      intent: () => tracingIntent(true, configurationArnByName(ref.arn, XRAY_CONFIGURATION_NAME)),
      beforeSend: async (input) => {
        try {
          await aws.session().appRunner.createXrayObservabilityConfiguration(ref.region, XRAY_CONFIGURATION_NAME);
        } catch (err) {
          throw new RefusedError(
            updater.refusal(err, {
              action: 'apprunner:CreateObservabilityConfiguration',
              doing: `create the observability configuration ${XRAY_CONFIGURATION_NAME}`,
              region: ref.region,
            }),
          );
        }
        return input;
      },
    };
  }

  async function switchTracing(arg: unknown): Promise<UpdateOutcome | undefined> {
    const ref = serviceOf(arg) ?? (await serviceOfCommand(catalog, ui, undefined, pick('Turn tracing on or off for which service?')));
    if (!ref) return undefined;
    let on: boolean;
    try {
      on = tracingEnabled(await aws.session().appRunner.describeService(ref.region, ref.arn));
    } catch (err) {
      await aws.showError(err, { action: 'apprunner:DescribeService', region: ref.region, doing: `read ${ref.name}` });
      return undefined;
    }
    const request = on ? { what: `Turn tracing off for ${ref.name}`, intent: () => tracingIntent(false) } : await tracingOnRequest(ref);
    return request && report(await updater.update(ref, request));
  }

  async function changeIpAddressType(arg: unknown): Promise<UpdateOutcome | undefined> {
    const ref = serviceOf(arg) ?? (await serviceOfCommand(catalog, ui, undefined, pick('Change the IP address type of which service?')));
    if (!ref) return undefined;
    const outcome = await updater.editAndUpdate<IpAddressType>(
      ref,
      async (previous) => {
        let current = previous;
        try {
          current ??= ipAddressType(await aws.session().appRunner.describeService(ref.region, ref.arn));
        } catch (err) {
          await aws.showError(err, { action: 'apprunner:DescribeService', region: ref.region, doing: `read ${ref.name}` });
          return undefined;
        }
        return ui.pick(
          IP_ADDRESS_TYPES.map((t) => ({
            label: t.label,
            detail: t.detail,
            value: t.value,
            description: t.value === current ? 'current' : undefined,
          })),
          { title: `IP address type of ${forQuickPick(ref.name)}` },
        );
      },
      async (type) => ({
        what: `Change the IP address type of ${ref.name}`,
        intent: () => ({ ipAddressType: type }),
      }),
    );
    return outcome?.kind === 'refused' ? outcome : report(outcome);
  }

  context.subscriptions.push(
    commands.register('apprunner.switchTracing', switchTracing),
    commands.register('apprunner.changeIpAddressType', changeIpAddressType),
  );
}
