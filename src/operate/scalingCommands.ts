// "Change Auto Scaling…" and "Auto Scaling Configurations…" on a service (scaling.ts is the pure
// core). A change creates a new revision only after the user confirmed the preview, then sends the
// one UpdateService that associates it (through ServiceUpdater, so the tree follows it like a
// deployment); when AWS refuses, the wizard opens again with the user's answers, and a revision
// already created for the same answers is used again rather than created twice.
import vscode = require('vscode');
import { parseArn, serviceNameOfArn } from '../aws/arn';
import { classifyAwsError } from '../aws/errors';
import type { AutoScalingConfiguration, Service } from '../aws/types';
import type { Catalog, ServiceRef } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import { serviceOfCommand } from '../shared/servicePicker';
import { forNotification, forQuickPick } from '../shared/untrusted';
import type { FeatureCommands } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import type { OperateCommand } from './index';
import {
  deletionRefusal,
  initialScalingAnswers,
  quotaAdvice,
  revisionRows,
  RevisionRow,
  revisionText,
  ScalingAnswers,
  scalingSettingsOf,
  scalingWizard,
  settingsText,
  unusedRevisions,
} from './scaling';
import { RefusedError, ServiceUpdater, UpdateOutcome, UpdateRequest } from './serviceUpdate';

/** What "Auto Scaling Configurations…" did (the command's result; integration tests read it). */
export type ConfigurationsResult =
  | { action: 'use'; outcome: UpdateOutcome }
  | { action: 'services'; services: string[] }
  | { action: 'delete'; deleted: string[] }
  | { action: 'refused'; message: string };

interface RegionScaling {
  service: Service;
  rows: RevisionRow[];
  described: Map<string, AutoScalingConfiguration>;
}

export function registerScalingCommands(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  updater: ServiceUpdater,
  commands: FeatureCommands<OperateCommand>,
): void {
  /** The service and every active revision of its region, each described (10 names × 5 revisions at most). */
  async function read(ref: ServiceRef): Promise<RegionScaling> {
    const api = aws.session().appRunner;
    const service = await api.describeService(ref.region, ref.arn);
    const summaries = await api.listAutoScalingConfigurations(ref.region);
    const described = new Map<string, AutoScalingConfiguration>();
    await Promise.all(
      summaries.map(async (s) => {
        const config = s.AutoScalingConfigurationArn ? await api.describeAutoScaling(ref.region, s.AutoScalingConfigurationArn) : undefined;
        if (config) described.set(s.AutoScalingConfigurationArn!, config);
      }),
    );
    const rows = revisionRows(summaries, described, service.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn);
    return { service, rows, described };
  }

  async function readOrShow(ref: ServiceRef): Promise<RegionScaling | undefined> {
    try {
      return await read(ref);
    } catch (e) {
      await aws.showError(e, {
        action: 'apprunner:ListAutoScalingConfigurations',
        region: ref.region,
        doing: `read the auto scaling of ${ref.name}`,
      });
      return undefined;
    }
  }

  async function changeAutoScaling(ref: ServiceRef): Promise<UpdateOutcome | undefined> {
    const scaling = await readOrShow(ref);
    if (!scaling) return undefined;
    const current = scaling.rows.find((r) => r.usedByThisService);
    const currentConfig = current && scaling.described.get(current.arn);
    /** Revisions created in this run, by the answers they were made for: a retry uses them again. */
    const created = new Map<string, AutoScalingConfiguration>();
    const what = `Change the auto scaling of ${ref.name}`;
    const context = async () => ({ currentAutoScaling: currentConfig });

    const request = async (answers: ScalingAnswers): Promise<UpdateRequest> => {
      if (answers.choice === 'existing' && answers.existingArn) {
        const arn = answers.existingArn;
        return { what, context, intent: () => ({ autoScaling: { arn, configuration: scaling.described.get(arn) } }) };
      }
      const settings = scalingSettingsOf(answers);
      const same = current?.settings && JSON.stringify(current.settings) === JSON.stringify(settings);
      if (answers.choice === 'revise' && current && same) {
        // The configuration in use already says this: nothing to create or send.
        return { what, intent: () => ({ autoScaling: { arn: current.arn } }) };
      }
      const key = JSON.stringify([answers.name, settings]);
      const made = created.get(key);
      if (made?.AutoScalingConfigurationArn) {
        return { what, context, intent: () => ({ autoScaling: { arn: made.AutoScalingConfigurationArn!, configuration: made } }) };
      }
      const next: AutoScalingConfiguration = {
        AutoScalingConfigurationName: answers.name,
        MinSize: settings.minSize,
        MaxSize: settings.maxSize,
        MaxConcurrency: settings.maxConcurrency,
      };
      return {
        what,
        context,
        intent: () => ({ autoScaling: { arn: partialArn(ref, answers.name), configuration: next } }),
        beforeSend: async (input) => {
          const revision = await createRevision(ref, answers.name, settings);
          created.set(key, revision);
          return { ...input, AutoScalingConfigurationArn: revision.AutoScalingConfigurationArn };
        },
      };
    };

    const outcome = await updater.editAndUpdate<ScalingAnswers>(
      ref,
      (previous) => ui.wizard(scalingWizard(ref.name, scaling.rows), previous ?? initialScalingAnswers(current)),
      request,
    );
    if (outcome?.kind === 'unchanged') {
      void vscode.window.showInformationMessage(
        forNotification(`${ref.name} already uses these auto scaling settings: nothing to change.`),
      );
    }
    return outcome;
  }

  async function createRevision(
    ref: ServiceRef,
    name: string,
    settings: ReturnType<typeof scalingSettingsOf>,
  ): Promise<AutoScalingConfiguration> {
    const api = aws.session().appRunner;
    try {
      return await api.createAutoScalingConfiguration(ref.region, { name, ...settings });
    } catch (e) {
      if (classifyAwsError(e) !== 'quota') {
        throw new RefusedError(
          updater.refusal(e, {
            action: 'apprunner:CreateAutoScalingConfiguration',
            doing: `create the auto scaling configuration ${name}`,
            region: ref.region,
          }),
        );
      }
      // AWS's own message goes to the output channel; the user is told exactly what can be deleted, from the rows as they are now.
      updater.refusal(e, { action: 'apprunner:CreateAutoScalingConfiguration', doing: `create ${name}`, region: ref.region });
      const rows = await read(ref).then(
        (r) => r.rows,
        () => [] as RevisionRow[],
      );
      throw new RefusedError(forNotification(quotaAdvice(name, rows, ref.region), 600));
    }
  }

  async function configurations(ref: ServiceRef): Promise<ConfigurationsResult | undefined> {
    const scaling = await readOrShow(ref);
    if (!scaling) return undefined;
    const { rows, described } = scaling;
    const row = await ui.pick(
      rows.map((r) => ({
        label: `${r.usedByThisService ? '$(check) ' : ''}${forQuickPick(revisionText(r))}`,
        description: settingsText(r.settings),
        detail: [
          r.usedByThisService ? `used by ${forQuickPick(ref.name)}` : r.inUse ? 'used by services' : 'used by no service',
          r.isDefault ? 'default for new services' : '',
        ]
          .filter(Boolean)
          .join(' · '),
        group: forQuickPick(r.name),
        value: r,
      })),
      {
        title: `Auto scaling configurations in ${ref.region}`,
        placeHolder: 'Pick a revision to use it, see which services use it, or delete it',
      },
    );
    if (!row) return undefined;
    const unusedOfName = unusedRevisions(rows, row.name);
    type Action = 'use' | 'services' | 'delete' | 'deleteUnused';
    const action = await ui.pick<Action>(
      [
        ...(row.usedByThisService ? [] : [{ label: `Use it for ${forQuickPick(ref.name)}`, value: 'use' as const }]),
        { label: 'Which services use it', value: 'services' },
        { label: 'Delete this revision', value: 'delete' },
        ...(unusedOfName.length > 1
          ? [
              {
                label: `Delete the unused revisions of ${forQuickPick(row.name)}`,
                description: `${unusedOfName.length} revisions`,
                value: 'deleteUnused' as const,
              },
            ]
          : []),
      ],
      { title: forQuickPick(revisionText(row)), placeHolder: settingsText(row.settings) },
    );
    const api = aws.session().appRunner;
    switch (action) {
      case undefined:
        return undefined;
      case 'use': {
        const current = rows.find((r) => r.usedByThisService);
        const outcome = await updater.update(ref, {
          what: `Use ${revisionText(row)} for ${ref.name}`,
          intent: () => ({ autoScaling: { arn: row.arn, configuration: described.get(row.arn) } }),
          context: async () => ({ currentAutoScaling: current && described.get(current.arn) }),
        });
        if (outcome.kind === 'refused') void vscode.window.showErrorMessage(forNotification(outcome.message, 1000));
        return { action: 'use', outcome };
      }
      case 'services': {
        let services: string[];
        try {
          services = (await api.listServicesForAutoScalingConfiguration(ref.region, row.arn)).map(serviceNameOfArn);
        } catch (e) {
          await aws.showError(e, {
            action: 'apprunner:ListServicesForAutoScalingConfiguration',
            region: ref.region,
            doing: `list the services using ${revisionText(row)}`,
          });
          return undefined;
        }
        void vscode.window.showInformationMessage(
          forNotification(`${revisionText(row)} is used by ${services.length ? services.join(', ') : 'no service'}.`, 1000),
        );
        return { action: 'services', services };
      }
      case 'delete':
      case 'deleteUnused': {
        const doomed = action === 'delete' ? [row] : unusedOfName;
        try {
          for (const r of doomed) {
            const usedBy = r.inUse ? (await api.listServicesForAutoScalingConfiguration(ref.region, r.arn)).map(serviceNameOfArn) : [];
            const refusal = deletionRefusal(r, usedBy);
            if (refusal) {
              void vscode.window.showWarningMessage(forNotification(refusal, 1000));
              return { action: 'refused', message: refusal };
            }
          }
        } catch (e) {
          await aws.showError(e, {
            action: 'apprunner:ListServicesForAutoScalingConfiguration',
            region: ref.region,
            doing: `check who uses ${row.name}`,
          });
          return undefined;
        }
        const confirmed = await ui.confirm({
          title: forNotification(
            `Delete ${doomed.length === 1 ? revisionText(doomed[0]) : `${doomed.length} revisions of ${row.name}`}?`,
            200,
          ),
          detail: doomed.map((r) => forNotification(`${revisionText(r)}: ${settingsText(r.settings)}`, 200)).join('\n'),
          action: 'Delete',
        });
        if (!confirmed) return undefined;
        const deleted: string[] = [];
        for (const r of doomed) {
          try {
            await api.deleteAutoScalingConfiguration(ref.region, r.arn);
            deleted.push(r.arn);
          } catch (e) {
            await aws.showError(e, {
              action: 'apprunner:DeleteAutoScalingConfiguration',
              region: ref.region,
              doing: `delete ${revisionText(r)}`,
            });
            break;
          }
        }
        return { action: 'delete', deleted };
      }
    }
  }

  const command = (id: OperateCommand, title: string, run: (ref: ServiceRef) => Promise<unknown>) =>
    commands.register(id, async (arg?: unknown) => {
      const ref = await serviceOfCommand(catalog, ui, arg, {
        title,
        placeHolder: 'Choose the App Runner service',
        noneMessage: 'There is no App Runner service in the selected regions.',
      });
      return ref ? run(ref) : undefined;
    });

  context.subscriptions.push(
    command('apprunner.changeAutoScaling', 'Change Auto Scaling', changeAutoScaling),
    command('apprunner.autoScalingConfigurations', 'Auto Scaling Configurations', configurations),
  );
}

/** `…:autoscalingconfiguration/<name>`: the name's latest revision, until the new one has its ARN. */
function partialArn(ref: ServiceRef, name: string): string {
  const arn = parseArn(ref.arn);
  return `arn:${arn?.partition ?? 'aws'}:apprunner:${ref.region}:${arn?.account ?? ''}:autoscalingconfiguration/${name}`;
}
