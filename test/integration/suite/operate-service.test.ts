// Operating a running service inside a real VS Code: deployment history and "Redeploy this
// image", against the emulated App Runner and ECR with the real Docker engine and local registry
// (the service is created and updated with "Deploy from Workspace", which builds and pushes).
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Asked } from '../../../src/ui/scripted';
import { byLabel } from '../../../src/ui/scripted';
import { api, createServiceScript, deployingSuite, deployWorkspace, waitFor, withScript } from './helpers';

const REGION = 'us-east-1';
const SERVICE = `history-${randomBytes(3).toString('hex')}`;

type Answer = (q: Asked) => unknown;

async function withAnswers<T>(answers: Array<[RegExp, Answer]>, run: () => Thenable<T> | Promise<T>) {
  return withScript(answers, async (prompts) => ({ result: await run(), asked: prompts.asked }));
}

async function get(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return (await response.text()).trim();
}

async function deployed(): Promise<{ arn: string; name: string; region: string }> {
  const catalog = (await api()).catalog;
  return waitFor(`${SERVICE} in the explorer`, async () => {
    await catalog.reload();
    return catalog.services().find((s) => s.name === SERVICE);
  });
}

async function describe() {
  return (await api()).aws.session().appRunner.describeService(REGION, (await deployed()).arn);
}

suite('Operate a service: deployment history and "Redeploy this image" (real Docker, emulated ECR and App Runner)', function () {
  this.timeout(240_000);
  const { appDir } = deployingSuite({ region: REGION, sample: 'hello', app: 'history-app', operationDelayMs: 500 });

  test('the history shows each deployment with its image; "Redeploy this image" brings back the earlier digest and the earlier version answers', async () => {
    const ext = await api();
    await fs.writeFile(path.join(appDir, 'version.txt'), 'history v1\n');
    await deployWorkspace(createServiceScript('apps/history-app', SERVICE));
    const first = await describe();
    assert.equal(await get(`http://${first.ServiceUrl}/`), 'history v1');
    const firstImage = first.SourceConfiguration!.ImageRepository!.ImageIdentifier!;
    const firstTag = firstImage.slice(firstImage.lastIndexOf(':') + 1);
    const repository = firstImage.slice(firstImage.indexOf('/') + 1, firstImage.lastIndexOf(':'));
    const firstDigest = (await ext.aws.session().ecr.listImages(REGION, repository)).find((i) => i.tags.includes(firstTag))?.digest;
    assert.ok(firstDigest, `ECR knows ${firstTag}`);

    // Looking at the history once remembers the image of the first deployment.
    const ref = await deployed();
    const firstLook = await withAnswers([[/^Deployment history of /, () => undefined]], () => ext.history.showHistory(ref));
    assert.equal(firstLook.result, undefined);

    await fs.writeFile(path.join(appDir, 'version.txt'), 'history v2\n');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await deployWorkspace([
      [/^Deploy Workspace$/, byLabel('apps/history-app →')],
      [/^Deploy .* to /, () => true],
    ]);
    const second = await describe();
    assert.equal(await get(`http://${second.ServiceUrl}/`), 'history v2');
    assert.notEqual(second.SourceConfiguration!.ImageRepository!.ImageIdentifier, firstImage);

    const { result: operationId, asked } = await withAnswers(
      [
        [
          /^Deployment history of /,
          ({ items }) => {
            // The first deployment's row: its tag, its digest, its type; not the running one.
            const row = items?.find((i) => i.label === firstTag && /CREATE_SERVICE · SUCCEEDED/.test(i.description ?? ''));
            assert.ok(row, `no history row for ${firstTag} among ${items?.map((i) => `${i.label} ${i.description}`).join(' | ')}`);
            assert.match(row.detail ?? '', new RegExp(`${firstDigest}.*tags now: ${firstTag}.* (KB|MB)`));
            assert.ok(
              items?.some((i) => i.label.startsWith('$(check) ') && /UPDATE_SERVICE · SUCCEEDED/.test(i.description ?? '')),
              'the running deployment is marked',
            );
            assert.ok(
              items?.some((i) => i.label.includes(firstTag) && i.description?.startsWith(`ECR ${repository}`)),
              'the repository images are listed with their tags',
            );
            return row.value;
          },
        ],
        [/^Redeploy .* to /, () => true],
      ],
      () => ext.history.showHistory(ref),
    );
    assert.ok(operationId, 'UpdateService started an operation');
    const confirmation = asked.find((q) => /^Redeploy /.test(q.title));
    assert.equal(
      confirmation?.detail,
      `Image: ${second.SourceConfiguration!.ImageRepository!.ImageIdentifier} → ${firstImage.slice(0, firstImage.lastIndexOf(':'))}@${firstDigest}`,
    );

    // Followed in the tree like a deployment, until it runs again.
    await waitFor('the tree to show the redeploy in progress or done', () => ext.catalog.service(ref.arn)?.status);
    const back = await waitFor(
      'the redeploy to finish',
      async () => {
        const s = await describe();
        return s.Status === 'RUNNING' && s.SourceConfiguration?.ImageRepository?.ImageIdentifier?.endsWith(firstDigest) ? s : undefined;
      },
      60_000,
      250,
    );
    assert.equal(await get(`http://${back.ServiceUrl}/`), 'history v1');
    const ops = await ext.aws.session().appRunner.listOperations(REGION, ref.arn, 20);
    assert.equal(ops.find((o) => o.Id === operationId)?.Status, 'SUCCEEDED');
  });
});
