// Auto scaling of a running service: the configuration revisions of a region as rows, the "Change
// Auto Scaling" wizard (a new revision of the name in use, a new name, or an existing revision),
// why a revision may not be deleted, and what to delete when the account's quota is reached.
// App Runner never changes a revision: a change is a new revision (CreateAutoScalingConfiguration
// with the same name) associated through UpdateService. Pure: no vscode, no SDK.
import type { AutoScalingConfiguration, AutoScalingConfigurationSummary } from '../aws/types';
import {
  AUTO_SCALING_LIMITS,
  AutoScalingSettings,
  autoScalingNameProblem,
  maxConcurrencyProblem,
  maxSizeProblem,
  minSizeProblem,
} from '../shared/serviceRules';
import { forQuickPick } from '../shared/untrusted';
import { inputAsk, pickAsk, Wizard } from '../ui/wizard';

/** One revision as the extension shows it. */
export interface RevisionRow {
  arn: string;
  name: string;
  revision: number;
  isDefault: boolean;
  /** Some service uses it (ListAutoScalingConfigurations' HasAssociatedService). */
  inUse: boolean;
  /** The service the command is for uses it. */
  usedByThisService: boolean;
  /** From DescribeAutoScalingConfiguration, when it could be read. */
  settings?: AutoScalingSettings;
}

/** The region's revisions, by name and revision, marking the one `serviceConfigurationArn` names. */
export function revisionRows(
  summaries: readonly AutoScalingConfigurationSummary[],
  described: ReadonlyMap<string, AutoScalingConfiguration>,
  serviceConfigurationArn: string | undefined,
): RevisionRow[] {
  return summaries
    .filter((s) => s.AutoScalingConfigurationArn && s.AutoScalingConfigurationName && s.Status !== 'INACTIVE')
    .map((s) => {
      const config = described.get(s.AutoScalingConfigurationArn!);
      return {
        arn: s.AutoScalingConfigurationArn!,
        name: s.AutoScalingConfigurationName!,
        revision: s.AutoScalingConfigurationRevision ?? 0,
        isDefault: s.IsDefault === true,
        inUse: s.HasAssociatedService === true,
        usedByThisService: s.AutoScalingConfigurationArn === serviceConfigurationArn,
        settings: config ? settingsOf(config) : undefined,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.revision - b.revision);
}

export function settingsOf(config: AutoScalingConfiguration): AutoScalingSettings | undefined {
  const { MinSize: minSize, MaxSize: maxSize, MaxConcurrency: maxConcurrency } = config;
  return minSize !== undefined && maxSize !== undefined && maxConcurrency !== undefined ? { minSize, maxSize, maxConcurrency } : undefined;
}

export function settingsText(s: AutoScalingSettings | undefined): string {
  return s ? `min ${s.minSize} · max ${s.maxSize} · concurrency ${s.maxConcurrency}` : 'settings not read';
}

export function revisionText(row: Pick<RevisionRow, 'name' | 'revision'>): string {
  return `${row.name} (revision ${row.revision})`;
}

/** Why App Runner would refuse to delete this revision (the default, or one in use), or undefined. */
export function deletionRefusal(row: RevisionRow, usedBy: readonly string[]): string | undefined {
  if (row.isDefault) {
    return `${revisionText(row)} is the default configuration of new services in this region: App Runner does not delete the default.`;
  }
  if (usedBy.length > 0 || row.inUse) {
    const names = usedBy.length ? `: ${usedBy.join(', ')}` : '';
    return `${revisionText(row)} is used by ${usedBy.length || 'a'} service${usedBy.length > 1 ? 's' : ''}${names}. Give ${usedBy.length > 1 ? 'them' : 'it'} another configuration first.`;
  }
  return undefined;
}

/** The revisions that can go: used by no service and not the default. */
export function unusedRevisions(rows: readonly RevisionRow[], name?: string): RevisionRow[] {
  return rows.filter((r) => !r.inUse && !r.isDefault && (name === undefined || r.name === name));
}

/**
 * The message for CreateAutoScalingConfiguration's ServiceQuotaExceededException: which quota
 * (revisions of a name, or names in the region) and exactly what can be deleted to make room.
 */
export function quotaAdvice(name: string, rows: readonly RevisionRow[], region: string): string {
  const ofName = rows.filter((r) => r.name === name);
  if (ofName.length > 0) {
    const unused = unusedRevisions(rows, name);
    const what = unused.length
      ? `Delete a revision no service uses (Auto Scaling Configurations…): ${unused.map((r) => `revision ${r.revision}`).join(', ')}`
      : 'Every revision of it is in use: move services to one of them first, then delete the others';
    return `${name} has ${ofName.length} revisions in ${region}, as many as the account’s quota allows. ${what}; or save the change under another name.`;
  }
  const names = [...new Set(rows.map((r) => r.name))];
  const deletable = names.filter((n) => rows.filter((r) => r.name === n).every((r) => !r.inUse && !r.isDefault));
  const what = deletable.length
    ? `Delete every revision of a name no service uses (Auto Scaling Configurations…): ${deletable.join(', ')}`
    : 'Every name has a revision in use: move services off one name first';
  return `The account has ${names.length} auto scaling configuration names in ${region}, as many as its quota allows. ${what}; or make a new revision of an existing name instead.`;
}

export type ScalingChoice = 'revise' | 'new' | 'existing';

/** The wizard's answers; numbers as typed, so that a retry shows exactly what the user entered. */
export interface ScalingAnswers {
  choice: ScalingChoice;
  /** The configuration name (revise: the name in use; new: typed; existing: the chosen revision's). */
  name: string;
  /** choice 'existing': the revision to use. */
  existingArn?: string;
  minSize: string;
  maxSize: string;
  maxConcurrency: string;
}

/** The first answers: the settings of the configuration in use (App Runner's defaults when unknown). */
export function initialScalingAnswers(current: RevisionRow | undefined): ScalingAnswers {
  const s = current?.settings ?? { minSize: 1, maxSize: 25, maxConcurrency: 100 };
  const revisable = current && !current.isDefault;
  return {
    choice: revisable ? 'revise' : 'new',
    name: revisable ? current.name : '',
    minSize: String(s.minSize),
    maxSize: String(s.maxSize),
    maxConcurrency: String(s.maxConcurrency),
  };
}

export function scalingSettingsOf(answers: ScalingAnswers): AutoScalingSettings {
  return { minSize: Number(answers.minSize), maxSize: Number(answers.maxSize), maxConcurrency: Number(answers.maxConcurrency) };
}

/**
 * The wizard: which configuration (a new revision of the name in use, a new name, or a revision that
 * exists), then the name, minimum, maximum and concurrency. Every step offers the earlier answer.
 */
export function scalingWizard(serviceName: string, rows: readonly RevisionRow[]): Wizard<ScalingAnswers> {
  const current = rows.find((r) => r.usedByThisService);
  const limits = AUTO_SCALING_LIMITS;
  const creating = (s: ScalingAnswers) => s.choice !== 'existing';
  return {
    title: `Change Auto Scaling of ${forQuickPick(serviceName, 60)}`,
    steps: [
      {
        title: 'configuration',
        ask: (s) =>
          pickAsk<ScalingAnswers, { choice: ScalingChoice; row?: RevisionRow }>({
            placeHolder: current ? `In use: ${forQuickPick(revisionText(current))}, ${settingsText(current.settings)}` : undefined,
            items: [
              ...(current && !current.isDefault
                ? [
                    {
                      label: `New revision of ${forQuickPick(current.name)}`,
                      description: `revision ${Math.max(...rows.filter((r) => r.name === current.name).map((r) => r.revision)) + 1}`,
                      value: { choice: 'revise' as const },
                    },
                  ]
                : []),
              { label: 'New configuration…', description: 'a name of its own', value: { choice: 'new' as const } },
              ...rows
                .filter((r) => !r.usedByThisService)
                .map((r) => ({
                  label: `Use ${forQuickPick(revisionText(r))}`,
                  description: settingsText(r.settings),
                  group: 'Existing revisions',
                  value: { choice: 'existing' as const, row: r },
                })),
            ],
            activeLabel:
              s.choice === 'existing'
                ? `Use ${forQuickPick(revisionText(rows.find((r) => r.arn === s.existingArn) ?? { name: s.name, revision: 0 }))}`
                : s.choice === 'revise' && current
                  ? `New revision of ${forQuickPick(current.name)}`
                  : 'New configuration…',
            apply: (state, picked) => {
              if (picked.choice === 'existing' && picked.row) {
                return { ...state, choice: 'existing', name: picked.row.name, existingArn: picked.row.arn };
              }
              const name = picked.choice === 'revise' && current ? current.name : state.choice === 'new' ? state.name : '';
              return { ...state, choice: picked.choice, name, existingArn: undefined };
            },
          }),
      },
      {
        title: 'name',
        when: (s) => s.choice === 'new',
        ask: (s) =>
          inputAsk<ScalingAnswers>({
            prompt: 'A name for the configuration (4-32 letters, digits, - and _). An existing name gets a new revision.',
            value: s.name,
            validate: autoScalingNameProblem,
            apply: (state, name) => ({ ...state, name: name.trim() }),
          }),
      },
      {
        title: 'minimum instances',
        when: creating,
        ask: (s) =>
          inputAsk<ScalingAnswers>({
            prompt: `Instances always provisioned (${limits.minSize.min}-${limits.minSize.max}); App Runner bills their memory even when idle.`,
            value: s.minSize,
            validate: minSizeProblem,
            apply: (state, text) => ({ ...state, minSize: text.trim() }),
          }),
      },
      {
        title: 'maximum instances',
        when: creating,
        ask: (s) =>
          inputAsk<ScalingAnswers>({
            prompt: `The most instances the service scales out to (${s.minSize}-${limits.maxSize.max}).`,
            value: s.maxSize,
            validate: (text) => maxSizeProblem(text, Number(s.minSize)),
            apply: (state, text) => ({ ...state, maxSize: text.trim() }),
          }),
      },
      {
        title: 'concurrency per instance',
        when: creating,
        ask: (s) =>
          inputAsk<ScalingAnswers>({
            prompt: `Requests an instance takes at once before App Runner adds one (${limits.maxConcurrency.min}-${limits.maxConcurrency.max}).`,
            value: s.maxConcurrency,
            validate: maxConcurrencyProblem,
            apply: (state, text) => ({ ...state, maxConcurrency: text.trim() }),
          }),
      },
    ],
  };
}
