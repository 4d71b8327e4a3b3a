// Planning a move to ECS Express Mode inside a real VS Code against the emulator: the plan and
// both templates are written under migration/<service>/ in the workspace, they say what the
// mapping and the templates must, the image is pinned to the digest the emulated ECR holds for
// the running tag (and keeps its tag once the tag has moved), and the App Runner service is left
// exactly as it was.
import * as assert from 'assert';
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { api, emulator, emulatorSuite, emulatorUrl, waitFor, withScript } from './helpers';

const NAME = 'migrate-orders';
const REGION = 'us-east-1';
const REPOSITORY_URI = `123456789012.dkr.ecr.${REGION}.amazonaws.com/${NAME}`;

/**
 * Pushes a small image (a config and no layers) to the emulated ECR's registry as NAME:tag, through
 * the registry's HTTP API with the login ECR gives, and returns the digest the registry answers.
 */
async function pushImage(tag: string, marker: string): Promise<string> {
  const login = await (await api()).aws.session().ecr.login(REGION);
  assert.ok(login.proxyEndpoint, 'ECR answered no proxy endpoint');
  const auth = `Basic ${Buffer.from(`${login.username}:${login.password}`).toString('base64')}`;
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Labels: { marker } } }),
  );
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  const started = await fetch(`${login.proxyEndpoint}/v2/${NAME}/blobs/uploads/`, { method: 'POST', headers: { authorization: auth } });
  assert.strictEqual(started.status, 202, await started.text());
  const upload = new URL(started.headers.get('location')!, login.proxyEndpoint);
  upload.searchParams.set('digest', configDigest);
  const put = await fetch(upload, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': 'application/octet-stream' },
    body: config,
  });
  assert.strictEqual(put.status, 201, await put.text());
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: configDigest },
    layers: [],
  });
  const pushed = await fetch(`${login.proxyEndpoint}/v2/${NAME}/manifests/${tag}`, {
    method: 'PUT',
    headers: { authorization: auth, 'content-type': 'application/vnd.docker.distribution.manifest.v2+json' },
    body: manifest,
  });
  assert.strictEqual(pushed.status, 201, await pushed.text());
  return `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
}

async function describeService(arn: string): Promise<any> {
  const res = await fetch(emulatorUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AppRunner.DescribeService' },
    body: JSON.stringify({ ServiceArn: arn }),
  });
  assert.strictEqual(res.status, 200, await res.clone().text());
  return (await res.json()).Service;
}

async function read(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

suite('Migrate', () => {
  emulatorSuite(['us-east-1']);

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('plans an emulated service and exports both templates; the App Runner service is unchanged', async () => {
    await emulator('reset', {});
    await emulator('seed', { ecr: { repositories: [{ repositoryName: NAME, region: REGION }] } });
    const ext = await api();
    ext.aws.resetSession();
    const pushedDigest = await pushImage('1', 'first');
    // ECR's imagePushedAt is when the emulated ECR first lists an image; the service's last
    // deployment is seeded after that (the clock moved on), so the tag has not moved since.
    assert.strictEqual(await ext.aws.session().ecr.imageDigest(REGION, NAME, '1'), pushedDigest, 'the emulated ECR lists the pushed image');
    await emulator('clock', { advanceMs: 60 * 60_000 });
    await emulator('seed', {
      apprunner: {
        services: [
          {
            region: REGION,
            name: NAME,
            image: `${REPOSITORY_URI}:1`,
            cpu: '1 vCPU',
            memory: '2 GB',
            port: 3000,
            env: { LOG_LEVEL: 'info' },
            createdAt: '-3d',
            operations: [{ type: 'START_DEPLOYMENT', status: 'SUCCEEDED', startedAt: '-30m' }],
            activity: { fromHourUtc: 0, hours: 24, instances: 1 },
          },
        ],
      },
    });
    await ext.catalog.load();
    const node = ext.catalog.services().find((s) => s.name === NAME);
    assert.ok(node, `${NAME} is not in the catalog`);
    const before = await describeService(node.arn);

    const planUri = await vscode.commands.executeCommand<vscode.Uri | undefined>('apprunner.planMigration', node);
    assert.ok(planUri, 'the plan command returned no file');
    assert.ok(planUri.path.endsWith(`/migration/${NAME}/PLAN.md`), planUri.path);
    const plan = await read(planUri);
    // Values from AWS are escaped for Markdown (migrate\-orders, LOG\_LEVEL).
    assert.match(plan, /Moving migrate\\?-orders from App Runner to ECS Express Mode/);
    assert.match(plan, /## Field by field\n\n\| App Runner \| ECS Express Mode/, 'the plan has no mapping table');
    assert.match(plan, /LOG\\?_LEVEL/, 'the environment is not in the mapping');
    assert.match(plan, /3000/, 'the port is not in the mapping');
    assert.match(
      plan,
      /## What does not carry over\n\n\| Setting \| Why \| Instead \|\n\|---\|---\|---\|\n\|/,
      'the plan has no not-carried-over rows',
    );
    assert.match(plan, /## Monthly cost/);
    assert.ok(plan.includes(pushedDigest.replace(':', '\\:')), `the plan does not name the running digest ${pushedDigest}`);
    assert.doesNotMatch(plan, /Pin the image/);
    // The preview is open beside or in place of the editor (the Markdown extension's webview).
    await waitFor(
      'the plan preview',
      async () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /Preview/.test(t.label) && /PLAN\.md/.test(t.label))),
      15000,
    );

    const files = await vscode.commands.executeCommand<vscode.Uri[] | undefined>('apprunner.exportMigrationTemplates', node);
    assert.ok(files, 'the export command returned no files');
    const names = files.map((f) => f.path.split('/').pop());
    assert.deepStrictEqual(names, ['ecs-express.cfn.yaml', 'ecs-express.tf']);
    const template = parse(await read(files[0])) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const express = Object.values(template.Resources).filter((r) => r.Type === 'AWS::ECS::ExpressGatewayService');
    assert.strictEqual(express.length, 1, 'the template has no AWS::ECS::ExpressGatewayService');
    assert.match(JSON.stringify(express[0].Properties), /3000/);
    const ecrDigest = await ext.aws.session().ecr.imageDigest(REGION, NAME, '1');
    assert.strictEqual((express[0].Properties.PrimaryContainer as { Image: string }).Image, `${REPOSITORY_URI}@${ecrDigest}`);
    const terraform = await read(files[1]);
    assert.match(terraform, /resource "aws_ecs_express_gateway_service"/);
    assert.ok(terraform.includes(`image          = "${REPOSITORY_URI}@${ecrDigest}"`), terraform);

    // The tag moves after the last deployment: the digest the service runs is no longer known, so
    // the templates keep the tag and say why, and the plan asks to pin it.
    const movedDigest = await pushImage('1', 'second');
    assert.notStrictEqual(movedDigest, pushedDigest);
    const [movedTemplate, movedTerraform] = (await vscode.commands.executeCommand<vscode.Uri[]>(
      'apprunner.exportMigrationTemplates',
      node,
    ))!;
    const movedText = await read(movedTemplate);
    assert.match(movedText, /# Not pinned to a digest: .*may have moved.*\n\s+# Check: .*\n\s+Image: \S+:1\n/, movedText);
    assert.match(await read(movedTerraform), /# Not pinned to a digest: .*\n\s+# Check: .*\n\s+image\s+= "\S+:1"/);
    const movedPlan = await read((await vscode.commands.executeCommand<vscode.Uri>('apprunner.planMigration', node))!);
    assert.match(movedPlan, /\n- Pin the image to the digest the service runs.*may have moved/);

    assert.deepStrictEqual(await describeService(node.arn), before, 'the App Runner service changed');
  });

  test('a source-code service: the plan says a Dockerfile is needed; one is written from apprunner.yaml beside it, never over an existing one unasked', async () => {
    const source = 'migrate-source';
    await emulator('reset', {});
    await emulator('seed', {
      apprunner: { services: [{ region: REGION, name: source, codeRepository: 'https://github.com/example/node-source', branch: 'main' }] },
    });
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
    const node = ext.catalog.services().find((s) => s.name === source);
    assert.ok(node, `${source} is not in the catalog`);
    const plan = await read((await vscode.commands.executeCommand<vscode.Uri>('apprunner.planMigration', node))!);
    assert.match(plan, /\*\*A Dockerfile is needed first\.\*\*/);
    assert.match(plan, /\| Source\\-code builds \\\(CodeRepository\\\) \|/);

    const folder = vscode.workspace.workspaceFolders![0].uri;
    const appDir = path.join(folder.fsPath, 'apps', 'node-source');
    await fs.cp(path.join(process.env.APPRUNNER_FIXTURES!, 'sample-apps', 'node-source'), appDir, { recursive: true });
    try {
      const config = vscode.Uri.file(path.join(appDir, 'apprunner.yaml'));
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('apprunner.writeDockerfileFromConfig', config);
      assert.ok(written && written.path.endsWith('/apps/node-source/Dockerfile'), written?.path);
      const dockerfile = await read(written);
      assert.match(dockerfile, /^FROM node:22\.17\.0$/m);
      assert.match(dockerfile, /^CMD \["node","dist\/server\.js"\]$/m);
      assert.match(dockerfile, /^# {3}DB_PASSWORD from arn:aws:secretsmanager:/m);
      await waitFor('the Dockerfile open for review', () => vscode.window.activeTextEditor?.document.uri.path === written.path);

      // Again: the Dockerfile exists, so the user is asked; the existing one stays as it was.
      await fs.writeFile(written.fsPath, 'FROM scratch\n');
      const beside = await withScript(
        [
          [
            /Write a Dockerfile from apprunner\.yaml: .*Dockerfile exists$/,
            ({ items }) => items!.find((i) => /beside it/.test(i.label))!.value,
          ],
        ],
        () => Promise.resolve(vscode.commands.executeCommand<vscode.Uri | undefined>('apprunner.writeDockerfileFromConfig', config)),
      );
      assert.ok(beside && beside.path.endsWith('/apps/node-source/Dockerfile.apprunner'), beside?.path);
      assert.strictEqual(await fs.readFile(written.fsPath, 'utf8'), 'FROM scratch\n');
      assert.match(await read(beside), /^FROM node:22\.17\.0$/m);
    } finally {
      await fs.rm(appDir, { recursive: true, force: true });
    }
  });
});
