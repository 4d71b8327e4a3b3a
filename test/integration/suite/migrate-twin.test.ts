// "Create the ECS Express Service…" inside a real VS Code against the emulator, with the real Docker
// engine and local registry: an image service is deployed to the emulated App Runner first ("Deploy
// from Workspace" builds and pushes), then its plan is made into an ECS Express service. The new
// service's URL answers with the same app, the roles exist at the emulated IAM (created while IAM
// propagation is on: the command waits for it), and the App Runner service is exactly as it was.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TwinResult } from '../../../src/migrate/twinCommand';
import type { Asked } from '../../../src/ui/scripted';
import { api, createServiceScript, deployingSuite, deployWorkspace, emulator, waitFor, withScript, workspaceRoot } from './helpers';

const REGION = 'us-east-1';
const SERVICE = `twin-${randomBytes(3).toString('hex')}`;

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.text() };
}

suite('Migrate: create the ECS Express service (real Docker, emulated App Runner, ECR, IAM and ECS)', function () {
  this.timeout(300_000);
  deployingSuite({
    region: REGION,
    sample: 'hello',
    app: 'twin-app',
    operationDelayMs: 500,
    prepare: (dir) => fs.writeFile(path.join(dir, 'version.txt'), 'twin v1\n'),
    cleanUp: () => fs.rm(path.join(workspaceRoot(), 'migration', SERVICE), { recursive: true, force: true }),
  });

  test('the twin serves the same app at its own URL, its roles exist, and the App Runner service is unchanged', async () => {
    const ext = await api();
    await deployWorkspace(createServiceScript('apps/twin-app', SERVICE));
    const ref = await waitFor(`${SERVICE} in the catalog`, async () => {
      await ext.catalog.reload();
      return ext.catalog.services().find((s) => s.name === SERVICE);
    });
    const appRunner = ext.aws.session().appRunner;
    const before = await appRunner.describeService(REGION, ref.arn);
    const operationsBefore = await appRunner.listOperations(REGION, ref.arn, 20);
    const appRunnerAnswer = await get(`http://${before.ServiceUrl}/`);
    assert.deepStrictEqual(appRunnerAnswer, { status: 200, body: 'twin v1\n' });

    // IAM propagation stays on (the emulator's default 10 s): the command waits for ECS to be able to assume the new roles.
    const asked: Asked[] = [];
    const result = await withScript(
      [
        [
          /^Create the ECS Express service .*\?$/,
          (q) => {
            asked.push(q);
            return true;
          },
        ],
      ],
      () => Promise.resolve(vscode.commands.executeCommand<TwinResult>('apprunner.createExpressService', ref)),
    );
    assert.ok(result, 'the command returned nothing');
    assert.strictEqual(result.kind, 'serving', JSON.stringify(result));
    if (result.kind !== 'serving') return;

    // One confirmation, listing the roles, the service and the cost line, before anything was created.
    assert.strictEqual(asked.length, 1);
    assert.match(asked[0].detail ?? '', new RegExp(`create role ${SERVICE}-ecs-execution \\(trusts ecs-tasks\\.amazonaws\\.com`));
    assert.match(asked[0].detail ?? '', new RegExp(`create role ${SERVICE}-ecs-infrastructure \\(trusts ecs\\.amazonaws\\.com`));
    assert.match(asked[0].detail ?? '', /ECS Express service .* port 8080, 512 CPU units \/ 1024 MiB/);
    assert.match(asked[0].detail ?? '', /Cost: about \$\d+\.\d\d a month on ECS Express/);
    assert.match(asked[0].detail ?? '', /is not changed\./);

    // The same app answers at the new service's own URL.
    assert.ok(result.url, 'no endpoint URL');
    assert.notStrictEqual(result.url, `http://${before.ServiceUrl}`);
    assert.deepStrictEqual(await get(`${result.url}/`), appRunnerAnswer);
    assert.strictEqual(result.urlCheck?.status, 200);
    const { calls } = await emulator('calls');
    const creates = calls.filter(
      (c: { service: string; operation: string }) => c.service === 'ecs' && c.operation === 'CreateExpressGatewayService',
    );
    assert.ok(creates.length >= 2, `CreateExpressGatewayService was repeated while IAM propagated the roles (${creates.length} calls)`);
    const deployment = await ext.aws.session().ecs.newestDeployment(REGION, result.serviceArn);
    assert.strictEqual(deployment?.status, 'SUCCESSFUL');

    // The roles exist at IAM with the plan's trust and managed policies.
    const { roles } = await emulator('iam/roles');
    const role = (name: string) => roles.find((r: { name: string }) => r.name === name);
    const execution = role(`${SERVICE}-ecs-execution`);
    const infrastructure = role(`${SERVICE}-ecs-infrastructure`);
    assert.ok(execution && infrastructure, `roles at IAM: ${roles.map((r: { name: string }) => r.name).join(', ')}`);
    assert.deepStrictEqual(execution.trustPolicy.Statement[0].Principal, { Service: 'ecs-tasks.amazonaws.com' });
    assert.deepStrictEqual(execution.policies, ['arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy']);
    assert.deepStrictEqual(infrastructure.trustPolicy.Statement[0].Principal, { Service: 'ecs.amazonaws.com' });
    assert.deepStrictEqual(infrastructure.policies, [
      'arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
    ]);
    assert.deepStrictEqual(result.roles, { ExecutionRole: execution.arn, InfrastructureRole: infrastructure.arn });

    // The App Runner service is untouched: the same description (timestamps included: nothing updated it),
    // no new operation, and it still answers.
    const after = await appRunner.describeService(REGION, ref.arn);
    assert.deepStrictEqual(after, before);
    assert.deepStrictEqual(await appRunner.listOperations(REGION, ref.arn, 20), operationsBefore);
    assert.deepStrictEqual(await get(`http://${after.ServiceUrl}/`), appRunnerAnswer);
  });
});
