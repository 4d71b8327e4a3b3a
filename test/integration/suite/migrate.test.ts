// Planning a move to ECS Express Mode inside a real VS Code against the emulator: the plan and
// both templates are written under migration/<service>/ in the workspace, they say what the
// mapping and the templates must, and the App Runner service is left exactly as it was.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { api, emulator, emulatorUrl, setSetting, waitFor } from './helpers';

const NAME = 'migrate-orders';

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
  suiteSetup(async () => {
    await setSetting('regions', ['us-east-1']);
    await setSetting('profile', 'emulator');
    await setSetting('endpointUrl', emulatorUrl());
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  suiteTeardown(async () => {
    await setSetting('regions', ['us-east-1', 'eu-west-1']);
  });

  test('plans an emulated service and exports both templates; the App Runner service is unchanged', async () => {
    await emulator('reset', {});
    await emulator('seed', {
      apprunner: {
        services: [
          {
            region: 'us-east-1',
            name: NAME,
            image: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${NAME}:1`,
            cpu: '1 vCPU',
            memory: '2 GB',
            port: 3000,
            env: { LOG_LEVEL: 'info' },
            createdAt: '-3d',
            activity: { fromHourUtc: 0, hours: 24, instances: 1 },
          },
        ],
      },
    });
    const ext = await api();
    ext.aws.resetSession();
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
    const terraform = await read(files[1]);
    assert.match(terraform, /resource "aws_ecs_express_gateway_service"/);

    assert.deepStrictEqual(await describeService(node.arn), before, 'the App Runner service changed');
  });
});
