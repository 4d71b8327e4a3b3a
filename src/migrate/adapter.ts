// The migration commands in VS Code, loaded on first use with the pure core as dist/migrate.js (see
// index.ts): gather what the plan reads (DescribeService, the VPC connector, custom domains, tags,
// the last day's metrics, the cost rates), run the core and write the plan or the templates under
// migration/<service>/ in the workspace. Nothing here changes the App Runner service.
import vscode = require('vscode');
import { classifyAwsError } from '../aws/errors';
import type { Service } from '../aws/types';
import type { Catalog, ServiceRef } from '../catalog/catalog';
import { parseCpu, parseMemory } from '../cost/estimate';
import { isResolved, resolveRates } from '../cost/rates';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import type { CostComparison } from './planDocument';
import type { MigrationPlan, MigrationSource } from './plan';
import type { RunningImage, TagLookupResult } from './runningImage';
import { serviceOfCommand } from '../shared/servicePicker';
import { WRITE_DOCKERFILE_COMMAND, writeDockerfileFromConfig } from './dockerfileCommand';
import { forNotification } from '../shared/untrusted';
import {
  appRunnerMonthly,
  digestLookup,
  dockerfileFromApprunnerYaml,
  lastDeploymentStart,
  measuredRequest,
  measuredTraffic,
  planDocument,
  planMigration,
  runningImage,
  templateFiles,
} from './core';
import type { MigrateCommand } from './index';
import { createExpressTwin, TwinResult } from './twinCommand';

/** App Runner service names are [A-Za-z0-9][A-Za-z0-9-_]{3,39}; anything else does not name a folder. */
const SAFE_FOLDER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** A read that fails with an error AWS could answer is the caller's to show. */
class ReadFailed extends Error {
  constructor(
    readonly error: unknown,
    readonly action: string,
    readonly doing: string,
  ) {
    super(doing);
  }
}

interface Gathered {
  ref: ServiceRef;
  service: Service;
  plan: MigrationPlan;
  cost?: CostComparison;
}

/** Errors a plan can do without: the operation is not offered, not allowed, or the resource is gone. */
function isOptional(err: unknown): boolean {
  return ['access-denied', 'unsupported-operation', 'not-found'].includes(classifyAwsError(err));
}

async function gather(aws: AwsContext, ref: ServiceRef): Promise<Gathered> {
  const session = aws.session();
  const { region, arn } = ref;
  const notes: string[] = [];
  async function required<T>(action: string, doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw new ReadFailed(err, action, doing);
    }
  }
  async function optional<T>(action: string, what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (err) {
      if (!isOptional(err)) throw new ReadFailed(err, action, `read ${what}`);
      notes.push(`Could not read ${what} (${action}: ${(err as Error)?.name ?? 'error'}); check it by hand before the switch.`);
      return undefined;
    }
  }
  const service = await required('apprunner:DescribeService', `describe ${ref.name}`, () => session.appRunner.describeService(region, arn));
  const ascArn = service.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn;
  const asc = ascArn
    ? await optional('apprunner:DescribeAutoScalingConfiguration', 'the auto scaling configuration', () =>
        session.appRunner.describeAutoScaling(region, ascArn),
      )
    : undefined;
  const egress = service.NetworkConfiguration?.EgressConfiguration;
  const vpcConnector =
    egress?.EgressType === 'VPC' && egress.VpcConnectorArn
      ? await optional('apprunner:DescribeVpcConnector', 'the VPC connector', () =>
          session.migrationReads.vpcConnector(region, egress.VpcConnectorArn!),
        )
      : undefined;
  const customDomains = await optional('apprunner:DescribeCustomDomains', 'the custom domains', () =>
    session.migrationReads.customDomains(region, arn),
  );
  const tags = await optional('apprunner:ListTagsForResource', 'the tags', () => session.migrationReads.tags(region, arn));

  const running = await runningImageOf(aws, ref, service);

  const request = measuredRequest(arn, Date.now());
  const results = request
    ? await optional('cloudwatch:GetMetricData', "the last day's metrics", () => session.metrics.getMetricData(region, request))
    : undefined;
  const traffic = results ? measuredTraffic(results) : undefined;

  let cost: CostComparison | undefined;
  const cpuMilli = parseCpu(service.InstanceConfiguration?.Cpu ?? '');
  const memoryMilliGb = parseMemory(service.InstanceConfiguration?.Memory ?? '');
  const overrides = vscode.workspace.getConfiguration('apprunner.cost').get<Parameters<typeof resolveRates>[1]>('rates') ?? {};
  const rates = resolveRates(region, overrides);
  if (!isResolved(rates)) {
    notes.push(`No App Runner cost figure: ${rates.message}`);
  } else if (request && results && cpuMilli !== undefined && memoryMilliGb !== undefined) {
    const monthly = appRunnerMonthly({
      config: {
        cpuMilli,
        memoryMilliGb,
        minSize: asc?.MinSize ?? 1,
        automaticDeployments: service.SourceConfiguration?.AutoDeploymentsEnabled === true,
        source: service.SourceConfiguration?.CodeRepository ? 'code' : 'image',
        ...(service.CreatedAt ? { createdAt: new Date(service.CreatedAt).getTime() } : {}),
      },
      rates,
      results,
      request,
      pausedNow: service.Status === 'PAUSED',
    });
    cost = { appRunnerMonthly: monthly.text, appRunnerBasis: monthly.basis, averageTasks: Math.ceil(monthly.averageInstances) };
  }

  const source: MigrationSource = {
    service,
    ...(running ? { runningImage: running } : {}),
    ...(asc ? { autoScaling: { minSize: asc.MinSize ?? 1, maxSize: asc.MaxSize ?? 25, maxConcurrency: asc.MaxConcurrency ?? 100 } } : {}),
    ...(vpcConnector ? { vpcConnector } : {}),
    ...(customDomains ? { customDomains } : {}),
    ...(tags ? { tags } : {}),
    ...(traffic ? { traffic } : {}),
  };
  const plan = planMigration(source);
  plan.actions.push(...notes);
  return { ref, service, plan, cost };
}

/**
 * The image the service runs, pinned to its digest when ECR (DescribeImages of the tag) and the
 * service's deployments (ListOperations) say which one it is. A refused or failed read is not
 * fatal: the plan then keeps the tag and says what to check.
 */
async function runningImageOf(aws: AwsContext, ref: ServiceRef, service: Service): Promise<RunningImage | undefined> {
  const image = service.SourceConfiguration?.ImageRepository;
  if (!image?.ImageIdentifier) return undefined;
  const session = aws.session();
  const lookup = digestLookup(image.ImageIdentifier, image.ImageRepositoryType);
  let result: TagLookupResult | undefined;
  if (lookup.kind === 'ecr') {
    try {
      const found = await session.migrationReads.imageByTag(
        lookup.region ?? ref.region,
        lookup.registryId,
        lookup.repositoryName,
        lookup.tag,
      );
      result = 'missing' in found ? { kind: 'not-found', missing: found.missing } : { kind: 'found', ...found };
    } catch (err) {
      const denied = classifyAwsError(err) === 'access-denied';
      result = { kind: 'failed', action: 'ecr:DescribeImages', error: (err as Error)?.name ?? String(err), denied };
    }
  }
  let lastDeployment: Date | undefined;
  try {
    lastDeployment = lastDeploymentStart(await session.appRunner.listOperations(ref.region, ref.arn, 20));
  } catch (err) {
    if (!isOptional(err)) throw new ReadFailed(err, 'apprunner:ListOperations', `list the operations of ${ref.name}`);
  }
  return runningImage(image.ImageIdentifier, lookup, result, lastDeployment);
}

function migrationFolder(ref: ServiceRef): vscode.Uri | string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return 'Open a folder first: the migration files are written to migration/<service>/ in the workspace.';
  const name = SAFE_FOLDER.test(ref.name) ? ref.name : (ref.arn.split('/').pop() ?? 'service');
  return vscode.Uri.joinPath(folder.uri, 'migration', SAFE_FOLDER.test(name) ? name : 'service');
}

async function write(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

/** Runs a command's body with progress; AWS failures go through the one error path, naming the IAM action. */
async function withGathered<T>(aws: AwsContext, ref: ServiceRef, title: string, then: (g: Gathered) => Promise<T>): Promise<T | undefined> {
  try {
    const gathered = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => gather(aws, ref));
    return await then(gathered);
  } catch (err) {
    if (err instanceof ReadFailed) {
      await aws.showError(err.error, { action: err.action, region: ref.region, doing: err.doing });
      return undefined;
    }
    throw err;
  }
}

/** A source-code service needs an image first: offer the Dockerfile written from its apprunner.yaml. */
function offerDockerfile(serviceName: string): void {
  const write = 'Write a Dockerfile from apprunner.yaml';
  void vscode.window
    .showInformationMessage(
      `${forNotification(serviceName)} builds from source code; ECS Express Mode runs images only, so it needs a Dockerfile first.`,
      write,
    )
    .then(async (choice) => {
      if (choice === write) await vscode.commands.executeCommand(WRITE_DOCKERFILE_COMMAND);
    });
}

/** Writes the plan to migration/<service>/PLAN.md and opens its preview. */
async function showPlan(folder: vscode.Uri, { ref, plan, cost }: Gathered): Promise<vscode.Uri> {
  const text = planDocument(plan, { serviceArn: ref.arn, region: ref.region, cost, generatedAt: new Date() });
  const uri = vscode.Uri.joinPath(folder, 'PLAN.md');
  await write(uri, text);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
}

export function activateMigrate(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  commands: FeatureCommands<MigrateCommand>,
): void {
  /** The service the command is for and the workspace folder its migration files go to. */
  async function migrationTarget(arg: unknown, title: string): Promise<{ ref: ServiceRef; folder: vscode.Uri } | undefined> {
    const ref = await serviceOfCommand(catalog, ui, arg, {
      title,
      placeHolder: 'Choose the App Runner service to move to ECS Express Mode',
      noneMessage: 'There is no App Runner service in the selected regions to plan a migration for.',
    });
    if (!ref) return undefined;
    const folder = migrationFolder(ref);
    if (typeof folder === 'string') {
      void vscode.window.showErrorMessage(folder);
      return undefined;
    }
    return { ref, folder };
  }

  context.subscriptions.push(
    commands.register(WRITE_DOCKERFILE_COMMAND, (arg?: unknown) => writeDockerfileFromConfig(arg, ui, dockerfileFromApprunnerYaml)),
    commands.register('apprunner.planMigration', async (arg?: unknown): Promise<vscode.Uri | undefined> => {
      const target = await migrationTarget(arg, 'Plan Migration to ECS Express Mode');
      if (!target) return undefined;
      const { ref, folder } = target;
      return withGathered(aws, ref, `Planning the migration of ${ref.name}…`, async (gathered) => {
        const uri = await showPlan(folder, gathered);
        if (gathered.plan.needsDockerfile) {
          offerDockerfile(ref.name);
        } else {
          const create = 'Create the ECS Express Service…';
          void vscode.window
            .showInformationMessage(
              `Review the plan for ${ref.name}. When it suits you, the service can be created beside App Runner.`,
              create,
            )
            .then((b) => b === create && vscode.commands.executeCommand('apprunner.createExpressService', ref));
        }
        return uri;
      });
    }),
    // Only with the plan in front of the user: it is written and shown again before the one confirmation.
    commands.register('apprunner.createExpressService', async (arg?: unknown): Promise<TwinResult | undefined> => {
      const target = await migrationTarget(arg, 'Create the ECS Express Service');
      if (!target) return undefined;
      return withGathered(aws, target.ref, `Planning the ECS Express service for ${target.ref.name}…`, async (gathered) => {
        await showPlan(target.folder, gathered);
        return createExpressTwin(aws, ui, gathered);
      });
    }),
    commands.register('apprunner.exportMigrationTemplates', async (arg?: unknown): Promise<vscode.Uri[] | undefined> => {
      const target = await migrationTarget(arg, 'Export Migration Templates');
      if (!target) return undefined;
      const { ref, folder } = target;
      return withGathered(aws, ref, `Exporting the ECS Express templates of ${ref.name}…`, async ({ plan }) => {
        const files = templateFiles(plan, `ECS Express Mode twin of App Runner service ${ref.arn}`);
        const uris: vscode.Uri[] = [];
        for (const file of files) {
          const uri = vscode.Uri.joinPath(folder, file.name);
          await write(uri, file.text);
          uris.push(uri);
        }
        void vscode.window.showInformationMessage(
          `Wrote ${files.map((f) => `migration/${folder.path.split('/').pop()}/${f.name}`).join(' and ')}. Review them, then deploy with CloudFormation or Terraform.`,
        );
        return uris;
      });
    }),
  );
}
