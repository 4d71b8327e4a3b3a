// "Deployment History…" on a service: its deployments with the image each ran and the tags of its
// ECR repository; picking an earlier image redeploys it (one confirmation, one UpdateService,
// followed in the tree like a deployment). The images of past deployments are remembered in
// global state, keyed by service ARN and operation id (see deploymentHistory.ts for why).
import vscode = require('vscode');
import { asServiceRef, type Catalog, type ServiceRef } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import type { PickItem } from '../ui/questions';
import type { Ui } from '../ui/ui';
import { forNotification, forQuickPick } from '../shared/untrusted';
import {
  deploymentHistory,
  formatSize,
  imageChange,
  parseImageIdentifier,
  pinnedIdentifier,
  rememberRunningImage,
  sourceConfigurationWithImage,
  type RememberedImages,
} from './deploymentHistory';
import type { OperateCommand } from './index';

const STATE_KEY = 'apprunner.deployedImages';

/** What the history pick returns: an image to go back to. */
interface RedeployChoice {
  digest: string;
  label: string;
}

export interface HistoryApi {
  /** Shows the history of the service and redeploys the picked image; resolves with the UpdateService operation id, if any. */
  showHistory(ref: ServiceRef): Promise<string | undefined>;
  /** Remembers the image an operation the extension started runs (e.g. an environment update, which keeps the image). */
  rememberDeployment(ref: ServiceRef, operationId: string, imageIdentifier: string): Promise<void>;
}

export function registerHistoryCommands(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  commands: FeatureCommands<OperateCommand>,
): HistoryApi {
  const rememberedOf = (arn: string): RememberedImages => context.globalState.get<Record<string, RememberedImages>>(STATE_KEY)?.[arn] ?? {};
  const remember = async (arn: string, images: RememberedImages) => {
    const all = context.globalState.get<Record<string, RememberedImages>>(STATE_KEY) ?? {};
    await context.globalState.update(STATE_KEY, { ...all, [arn]: images });
  };

  async function rememberDeployment(ref: ServiceRef, operationId: string, imageIdentifier: string): Promise<void> {
    const remembered = rememberedOf(ref.arn);
    // The same identifier ran before: its digest is known (a tag is immutable for the extension's own builds).
    const digest =
      parseImageIdentifier(imageIdentifier)?.digest ??
      Object.values(remembered).find((r) => r.imageIdentifier === imageIdentifier && r.digest)?.digest;
    await remember(ref.arn, { ...remembered, [operationId]: { imageIdentifier, ...(digest ? { digest } : {}) } });
  }

  async function showHistory(ref: ServiceRef): Promise<string | undefined> {
    const session = aws.session();
    let step = { action: 'apprunner:DescribeService', doing: `read ${ref.name}` };
    try {
      const service = await session.appRunner.describeService(ref.region, ref.arn);
      const identifier = service.SourceConfiguration?.ImageRepository?.ImageIdentifier;
      const image = identifier ? parseImageIdentifier(identifier) : undefined;
      if (!identifier || !image) {
        void vscode.window.showInformationMessage(
          forNotification(`${ref.name} is built from source code: its history has no images to go back to.`),
        );
        return undefined;
      }
      step = { action: 'apprunner:ListOperations', doing: `list the operations of ${ref.name}` };
      const operations = await session.appRunner.listOperations(ref.region, ref.arn, 20);
      step = { action: 'ecr:DescribeImages', doing: `read the images of ${image.repositoryName}` };
      // Only private ECR repositories (and the emulator's loopback registry) can be described.
      const images = await session.ecr.listImages(ref.region, image.repositoryName).catch((e: Error) => {
        if (e.name === 'RepositoryNotFoundException') return [];
        throw e;
      });
      const runningDigest = image.digest ?? images.find((i) => image.tag && i.tags.includes(image.tag))?.digest;
      const remembered = rememberRunningImage(operations, { imageIdentifier: identifier, digest: runningDigest }, rememberedOf(ref.arn));
      if (remembered !== rememberedOf(ref.arn)) await remember(ref.arn, remembered);
      const rows = deploymentHistory(operations, remembered, images, runningDigest);

      const items: PickItem<RedeployChoice | undefined>[] = rows.map((r) => ({
        label: `${r.current ? '$(check) ' : ''}${forQuickPick(r.image ? (r.image.tag ?? r.image.digest?.slice(0, 19) ?? r.image.imageIdentifier) : '(image not known)')}`,
        description: forQuickPick(`${r.type} · ${r.status} · ${r.startedAt ? new Date(r.startedAt).toLocaleString() : ''}`),
        detail: forQuickPick(
          r.image
            ? [r.image.digest, r.image.tagsNow.length ? `tags now: ${r.image.tagsNow.join(', ')}` : '', formatSize(r.image.sizeBytes)]
                .filter(Boolean)
                .join(' · ')
            : 'Deployed before the extension saw this service',
        ),
        value: r.image?.digest && !r.current ? { digest: r.image.digest, label: r.image.tag ?? r.image.digest } : undefined,
      }));
      for (const i of images) {
        items.push({
          label: `$(package) ${forQuickPick(i.tags.length ? i.tags.join(', ') : '(untagged)')}`,
          description: forQuickPick(`ECR ${image.repositoryName}${i.digest === runningDigest ? ' · running' : ''}`),
          detail: forQuickPick(
            [i.digest, i.pushedAt ? `pushed ${i.pushedAt.toLocaleString()}` : '', formatSize(i.sizeBytes)].filter(Boolean).join(' · '),
          ),
          value: i.digest === runningDigest ? undefined : { digest: i.digest, label: i.tags[0] ?? i.digest },
        });
      }
      const picked = await ui.pick(items, {
        title: `Deployment history of ${forQuickPick(ref.name)}`,
        placeHolder: 'Pick an earlier image to redeploy it',
      });
      if (!picked) return undefined;

      const target = pinnedIdentifier(image.repositoryUri, picked.digest);
      const changes = imageChange(service, target);
      const ok = await ui.confirm({
        title: forNotification(`Redeploy ${picked.label} to ${ref.name}?`),
        detail: forNotification(changes.map((c) => `${c.setting}: ${c.before} → ${c.after}`).join('\n')),
        action: 'Redeploy this image',
      });
      if (!ok) return undefined;
      step = { action: 'apprunner:UpdateService', doing: `redeploy ${picked.label} to ${ref.name}` };
      const out = await session.appRunner.updateService(ref.region, {
        ServiceArn: ref.arn,
        SourceConfiguration: sourceConfigurationWithImage(service, target),
      });
      if (out.operationId)
        await remember(ref.arn, { ...remembered, [out.operationId]: { imageIdentifier: target, digest: picked.digest } });
      catalog.markBusy(ref, 'UPDATE_SERVICE');
      return out.operationId;
    } catch (err) {
      await aws.showError(err, { action: step.action, region: ref.region, doing: step.doing });
      return undefined;
    }
  }

  context.subscriptions.push(
    commands.register('apprunner.deploymentHistory', async (arg?: unknown) => {
      const ref = asServiceRef(arg);
      if (ref) return showHistory(ref);
      void vscode.window.showInformationMessage('Run "Deployment History…" from a service in the App Runner view.');
      return undefined;
    }),
  );
  return { showHistory, rememberDeployment };
}
