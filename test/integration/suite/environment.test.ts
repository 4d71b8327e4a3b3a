// The environment of a running image service inside a real VS Code: the Environment node in the
// tree, the environment editor (apprunner-env: documents), Import .env File and Turn into a
// Secret, against the emulated App Runner, Secrets Manager, SSM and IAM, with the real Docker
// engine running the service's container (the echo-env sample app answers GET /env/<NAME> with
// what the container received). The tests run in order on one service, each starting from the
// environment the one before left.
import * as assert from 'assert';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Service } from '../../../src/aws/types';
import type { ExplorerNode } from '../../../src/explorer/tree';
import type { Asked } from '../../../src/ui/scripted';
import { byLabel } from '../../../src/ui/scripted';
import { api, createServiceScript, deployingSuite, deployWorkspace, emulator, waitFor, withScript, workspaceRoot } from './helpers';

const REGION = 'us-east-1';
const SERVICE = `env-${randomBytes(3).toString('hex')}`;
const INSTANCE_ROLE = 'arn:aws:iam::123456789012:role/EnvTestInstanceRole';

type Answer = (q: Asked) => unknown;

/** Accepts the input's proposed value. */
const proposed: Answer = (q) => q.value;

interface UpdateCall {
  operation: string;
  input: {
    ServiceArn: string;
    SourceConfiguration?: {
      ImageRepository?: {
        ImageIdentifier: string;
        ImageConfiguration?: { RuntimeEnvironmentVariables?: Record<string, string>; RuntimeEnvironmentSecrets?: Record<string, string> };
      };
    };
    [key: string]: unknown;
  };
}

/** The UpdateService requests the emulator received since the calls were last cleared, as sent. */
async function updateCalls(): Promise<UpdateCall[]> {
  return (await emulator('calls')).calls.filter((c: UpdateCall) => c.operation === 'UpdateService');
}

/** The service's ref, as a menu command receives it. */
async function service(): Promise<{ arn: string; name: string; region: string }> {
  const catalog = (await api()).catalog;
  const found = await waitFor(`${SERVICE} in the explorer`, async () => {
    if (!catalog.services().some((s) => s.name === SERVICE)) await catalog.reload();
    return catalog.services().find((s) => s.name === SERVICE);
  });
  return { arn: found.arn, name: found.name, region: found.region };
}

async function describe(): Promise<Service> {
  return (await api()).aws.session().appRunner.describeService(REGION, (await service()).arn);
}

/** Waits until the service runs again after an operation (the container is then the new one). */
async function running(): Promise<Service> {
  return waitFor('the service to be RUNNING', async () => ((await describe()).Status === 'RUNNING' ? describe() : undefined), 90_000, 250);
}

/** What the running container received for `name` (undefined when it is not set). */
async function containerValue(name: string): Promise<string | undefined> {
  const response = await fetch(`http://${(await describe()).ServiceUrl}/env/${name}`, { signal: AbortSignal.timeout(5000) });
  return response.status === 404 ? undefined : response.text();
}

function imageConfiguration(s: Service) {
  return s.SourceConfiguration?.ImageRepository?.ImageConfiguration ?? {};
}

/** Everything of the service an environment change must leave alone (not the URL: the emulator's is the new container's port). */
function otherSettings(s: Service) {
  const image = s.SourceConfiguration?.ImageRepository;
  return {
    image: image?.ImageIdentifier,
    repositoryType: image?.ImageRepositoryType,
    port: image?.ImageConfiguration?.Port,
    startCommand: image?.ImageConfiguration?.StartCommand,
    autoDeployments: s.SourceConfiguration?.AutoDeploymentsEnabled,
    authentication: s.SourceConfiguration?.AuthenticationConfiguration,
    instance: s.InstanceConfiguration,
    health: s.HealthCheckConfiguration,
    network: s.NetworkConfiguration,
    scaling: s.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn,
  };
}

/** Opens the service's environment in the editor (as the tree's "Edit Environment" does). */
async function openEditor(): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('apprunner.editEnvironment', await service());
  return waitFor('the environment editor', () => {
    const editor = vscode.window.activeTextEditor;
    return editor?.document.uri.scheme === 'apprunner-env' ? editor : undefined;
  });
}

async function replaceText(editor: vscode.TextEditor, text: string): Promise<void> {
  const document = editor.document;
  const all = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  assert.ok(await editor.edit((edit) => edit.replace(all, text)), 'the editor took the edit');
}

/** The service's Environment node and its children, as the tree shows them. */
async function environmentNode(): Promise<{ node: ExplorerNode; item: vscode.TreeItem; children: ExplorerNode[] }> {
  const ext = await api();
  const ref = await service();
  const serviceNode = ext.catalog.service(ref.arn);
  assert.ok(serviceNode, 'the catalog knows the service');
  const node = (await ext.servicesTree.getChildren(serviceNode)).find((n) => n.kind === 'environment');
  assert.ok(node, 'the service has an Environment node');
  return { node, item: ext.servicesTree.getTreeItem(node), children: await ext.servicesTree.getChildren(node) };
}

function variableNode(children: ExplorerNode[], name: string): ExplorerNode {
  const node = children.find((c) => c.kind === 'variable' && c.variable === name);
  assert.ok(node, `the Environment node lists ${name}`);
  return node;
}

suite('Environment and secrets of a running service (real Docker, emulated App Runner, Secrets Manager, SSM, IAM)', function () {
  this.timeout(300_000);
  const importFile = path.join(workspaceRoot(), 'env-import.env');
  deployingSuite({
    region: REGION,
    sample: 'echo-env',
    app: 'echo-env',
    operationDelayMs: 500,
    // The instance role may read the account's secrets and parameters, as App Runner's would after the check offers the statement.
    seed: {
      iam: {
        roles: [
          {
            name: 'EnvTestInstanceRole',
            trustedService: 'tasks.apprunner.amazonaws.com',
            inlinePolicies: {
              'read-secrets': {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'ssm:GetParameters'], Resource: '*' }],
              },
            },
          },
        ],
      },
    },
    prepare: async (dir) => {
      await fs.writeFile(path.join(dir, '.env'), 'GREETING=hello\nLOG_LEVEL=debug\nDB_PASSWORD=s3cret\nAPI_TOKEN=tok-123\n');
      await deployWorkspace(createServiceScript('apps/echo-env', SERVICE, '$(file) Import'));
      // The wizard does not ask for an instance role; the service gets one the way a user would in the console.
      await (await api()).aws.session().appRunner.updateService(REGION, {
        ServiceArn: (await service()).arn,
        InstanceConfiguration: { InstanceRoleArn: INSTANCE_ROLE },
      });
      await running();
      assert.equal(await containerValue('GREETING'), 'hello');
    },
    cleanUp: async () => {
      await emulator('deny', undefined, 'DELETE');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await fs.rm(importFile, { force: true });
    },
  });

  test('the Environment node lists the variables with plain values masked until revealed', async () => {
    const ext = await api();
    const { item, children } = await environmentNode();
    assert.equal(item.description, '4 variables');
    assert.deepEqual(
      children.map((c) => ext.servicesTree.getTreeItem(c).label),
      ['API_TOKEN', 'DB_PASSWORD', 'GREETING', 'LOG_LEVEL'],
    );
    const greeting = variableNode(children, 'GREETING');
    assert.equal(ext.servicesTree.getTreeItem(greeting).description, '••••••••');
    assert.equal(ext.servicesTree.getTreeItem(greeting).contextValue, 'environment.variable.masked');
    await vscode.commands.executeCommand('apprunner.revealValue', greeting);
    assert.equal(ext.servicesTree.getTreeItem(greeting).description, 'hello');
    await vscode.commands.executeCommand('apprunner.hideValue', greeting);
    assert.equal(ext.servicesTree.getTreeItem(greeting).description, '••••••••');
    await vscode.commands.executeCommand('apprunner.copyVariableName', greeting);
    assert.equal(await vscode.env.clipboard.readText(), 'GREETING');
  });

  test('add, rename and delete in the editor: one UpdateService carrying exactly the merged map; nothing else changes', async () => {
    const before = await describe();
    const editor = await openEditor();
    const text = editor.document.getText();
    assert.match(text, /^GREETING=hello$/m);
    assert.match(text, /^LOG_LEVEL=debug$/m);
    // Delete GREETING, rename LOG_LEVEL to LOGGING_LEVEL, add FEATURE_FLAG.
    const edited = `${text
      .split('\n')
      .filter((l) => !l.startsWith('GREETING='))
      .map((l) => l.replace(/^LOG_LEVEL=/, 'LOGGING_LEVEL='))
      .join('\n')
      .trimEnd()}\nFEATURE_FLAG=on\n`;
    await replaceText(editor, edited);
    await emulator('calls', undefined, 'DELETE');

    const { asked, saved } = await withScript([[/^Update the environment of /, () => true]], async (prompts) => ({
      saved: await editor.document.save(),
      asked: prompts.asked,
    }));
    // When the save is refused, the service's recent operations say what kept it busy.
    const operations = saved ? [] : await (await api()).aws.session().appRunner.listOperations(REGION, (await service()).arn, 5);
    assert.equal(saved, true, `the document was saved (recent operations: ${JSON.stringify(operations)})`);
    assert.equal(editor.document.isDirty, false);
    assert.equal(asked.length, 1, 'one confirmation');
    assert.match(asked[0].title, /2 added, 2 removed/);
    const preview = asked[0].detail ?? '';
    for (const line of ['+ FEATURE_FLAG (variable)', '+ LOGGING_LEVEL (variable)', '- GREETING (variable)', '- LOG_LEVEL (variable)']) {
      assert.ok(preview.includes(line), `the preview shows "${line}": ${preview}`);
    }
    assert.doesNotMatch(preview, /debug|hello/, 'plain values are masked in the preview');

    const updates = await updateCalls();
    assert.equal(updates.length, 1, 'exactly one UpdateService');
    assert.deepEqual(updates[0].input.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables, {
      API_TOKEN: 'tok-123',
      DB_PASSWORD: 's3cret',
      LOGGING_LEVEL: 'debug',
      FEATURE_FLAG: 'on',
    });
    assert.deepEqual(updates[0].input.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentSecrets, {});
    assert.deepEqual(
      Object.keys(updates[0].input).sort(),
      ['ServiceArn', 'SourceConfiguration'],
      'only the source configuration is sent: instance, health check, network and scaling are left alone',
    );

    const after = await running();
    assert.deepEqual(otherSettings(after), otherSettings(before));
    assert.deepEqual(imageConfiguration(after).RuntimeEnvironmentVariables, {
      API_TOKEN: 'tok-123',
      DB_PASSWORD: 's3cret',
      LOGGING_LEVEL: 'debug',
      FEATURE_FLAG: 'on',
    });
    assert.equal(await containerValue('FEATURE_FLAG'), 'on');
    assert.equal(await containerValue('LOGGING_LEVEL'), 'debug');
    assert.equal(await containerValue('GREETING'), undefined);

    // The tree follows the update.
    await waitFor('the tree to show the new variables', async () => {
      const { item, children } = await environmentNode();
      return item.description === '4 variables' && children.some((c) => c.kind === 'variable' && c.variable === 'FEATURE_FLAG');
    });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('"Turn into a Secret": Secrets Manager and SSM; the service references them and the container receives the values', async () => {
    const ref = await service();
    await emulator('calls', undefined, 'DELETE');
    const { asked } = await withScript(
      [
        [/^Store DB_PASSWORD in$/, byLabel('AWS Secrets Manager')],
        [/^Secret name$/, proposed],
        [/^Update the environment of /, () => true],
      ],
      async (prompts) => {
        await vscode.commands.executeCommand('apprunner.turnIntoSecret', { ...ref, variable: 'DB_PASSWORD' });
        return { asked: prompts.asked };
      },
    );
    assert.equal(asked.find((q) => q.title === 'Secret name')?.value, `${SERVICE}/DB_PASSWORD`);
    const stored = (await emulator('secretsmanager/secrets')).secrets.find((s: { name: string }) => s.name === `${SERVICE}/DB_PASSWORD`);
    assert.ok(stored, 'the secret was created in Secrets Manager');
    let updates = await updateCalls();
    assert.equal(updates.length, 1);
    let config = updates[0].input.SourceConfiguration?.ImageRepository?.ImageConfiguration;
    assert.deepEqual(config?.RuntimeEnvironmentSecrets, { DB_PASSWORD: stored.arn });
    assert.deepEqual(config?.RuntimeEnvironmentVariables, { API_TOKEN: 'tok-123', LOGGING_LEVEL: 'debug', FEATURE_FLAG: 'on' });
    assert.match(
      asked.find((q) => /^Update the environment/.test(q.title))?.detail ?? '',
      /\+ DB_PASSWORD \(secret\) arn:aws:secretsmanager:/,
    );
    await running();
    assert.equal(await containerValue('DB_PASSWORD'), 's3cret', 'App Runner resolved the secret into the container');

    await emulator('calls', undefined, 'DELETE');
    await withScript(
      [
        [/^Store API_TOKEN in$/, byLabel('SSM Parameter Store')],
        [/^Parameter name$/, proposed],
        [/^Update the environment of /, () => true],
      ],
      () => Promise.resolve(vscode.commands.executeCommand('apprunner.turnIntoSecret', { ...ref, variable: 'API_TOKEN' })),
    );
    const parameter = (await emulator('ssm/parameters')).parameters.find((p: { name: string }) => p.name === `/${SERVICE}/API_TOKEN`);
    assert.ok(parameter, 'the parameter was created in Parameter Store');
    assert.equal(parameter.type, 'SecureString');
    updates = await updateCalls();
    assert.equal(updates.length, 1);
    config = updates[0].input.SourceConfiguration?.ImageRepository?.ImageConfiguration;
    assert.deepEqual(config?.RuntimeEnvironmentSecrets, { DB_PASSWORD: stored.arn, API_TOKEN: parameter.arn });
    assert.deepEqual(config?.RuntimeEnvironmentVariables, { LOGGING_LEVEL: 'debug', FEATURE_FLAG: 'on' });
    await running();
    assert.equal(await containerValue('API_TOKEN'), 'tok-123');
    assert.equal(await containerValue('DB_PASSWORD'), 's3cret');

    // The tree shows secrets as their references, never their values.
    const ext = await api();
    await waitFor('the tree to show the secrets', async () => {
      const { item } = await environmentNode();
      return item.description === '2 variables · 2 secrets';
    });
    const { children } = await environmentNode();
    const secret = ext.servicesTree.getTreeItem(variableNode(children, 'DB_PASSWORD'));
    assert.equal(secret.description, `secret → ${stored.arn}`);
    assert.equal(secret.contextValue, 'environment.secret');
  });

  test('a .env import that would remove variables lists them and removes nothing unless asked; asked, it removes them', async () => {
    await fs.writeFile(importFile, 'FEATURE_FLAG=off\nNEW_FROM_FILE=yes\n');
    const missing = ['API_TOKEN', 'DB_PASSWORD', 'LOGGING_LEVEL'];
    const importWith = (choice: string, confirm: boolean) =>
      withScript(
        [
          [/^Import a \.env file into /, () => importFile],
          [
            /^Not in the file: /,
            (q) => {
              assert.equal(q.title, `Not in the file: ${missing.join(', ')}`);
              return byLabel(choice)(q);
            },
          ],
          [/^Update the environment of /, () => confirm],
        ],
        async (prompts) => {
          await vscode.commands.executeCommand('apprunner.importEnvFile', await service());
          return prompts.asked.find((q) => /^Update the environment of /.test(q.title));
        },
      );

    await emulator('calls', undefined, 'DELETE');
    const kept = await importWith('Keep them', true);
    assert.match(kept?.title ?? '', /1 added, 1 changed\.$/);
    assert.match(kept?.detail ?? '', /\+ NEW_FROM_FILE \(variable\)/);
    assert.match(kept?.detail ?? '', /~ FEATURE_FLAG \(variable\)/);
    assert.doesNotMatch(kept?.detail ?? '', /^- /m, 'nothing is removed');
    let updates = await updateCalls();
    assert.equal(updates.length, 1);
    let config = updates[0].input.SourceConfiguration?.ImageRepository?.ImageConfiguration;
    assert.deepEqual(config?.RuntimeEnvironmentVariables, { LOGGING_LEVEL: 'debug', FEATURE_FLAG: 'off', NEW_FROM_FILE: 'yes' });
    assert.deepEqual(Object.keys(config?.RuntimeEnvironmentSecrets ?? {}).sort(), ['API_TOKEN', 'DB_PASSWORD']);
    await running();

    // Asked to remove them, the preview names each removal; declined, nothing is sent.
    await emulator('calls', undefined, 'DELETE');
    const declined = await importWith('Remove 3', false);
    for (const name of missing) assert.match(declined?.detail ?? '', new RegExp(`^- ${name} \\((variable|secret)\\)$`, 'm'));
    assert.equal((await updateCalls()).length, 0, 'a declined import sends nothing');

    const removed = await importWith('Remove 3', true);
    assert.match(removed?.title ?? '', /3 removed\.$/);
    updates = await updateCalls();
    assert.equal(updates.length, 1);
    config = updates[0].input.SourceConfiguration?.ImageRepository?.ImageConfiguration;
    assert.deepEqual(config?.RuntimeEnvironmentVariables, { FEATURE_FLAG: 'off', NEW_FROM_FILE: 'yes' });
    assert.deepEqual(config?.RuntimeEnvironmentSecrets, {});
    await running();
    assert.equal(await containerValue('NEW_FROM_FILE'), 'yes');
    assert.equal(await containerValue('DB_PASSWORD'), undefined);
  });

  test('a change on a busy service is refused with a clear message and the edit stays; saving again after it settles succeeds', async () => {
    const ext = await api();
    const ref = await service();
    // Hold the next operation: it ends only when the emulator's clock has moved past it.
    const hold = 600_000;
    await emulator('apprunner/config', { operationDelayMs: hold });
    await ext.aws
      .session()
      .appRunner.updateService(REGION, { ServiceArn: ref.arn, InstanceConfiguration: { InstanceRoleArn: INSTANCE_ROLE } });
    assert.equal((await describe()).Status, 'OPERATION_IN_PROGRESS');

    // The document shows the environment as the commands before left it.
    const editor = await openEditor();
    assert.match(editor.document.getText(), /^FEATURE_FLAG=off\nNEW_FROM_FILE=yes\n$/m);
    assert.doesNotMatch(editor.document.getText(), /LOGGING_LEVEL|DB_PASSWORD/);
    const edited = `${editor.document.getText().trimEnd()}\nBUSY_EDIT=kept\n`;
    await replaceText(editor, edited);
    await emulator('calls', undefined, 'DELETE');
    // Saving: VS Code reports the failure and keeps the document dirty; nothing is asked while the service is busy.
    const saved = await withScript([], () => Promise.resolve(editor.document.save()));
    assert.equal(saved, false, 'the save was refused');
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), edited, 'the user’s text is still there');
    // The message VS Code shows is the provider's error: read it by writing through the same provider.
    await assert.rejects(
      withScript([], () => Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, new TextEncoder().encode(edited)))),
      (e: Error) => {
        assert.match(e.message, new RegExp(`${SERVICE} is busy with another operation`));
        assert.match(e.message, /Your edit is kept: save again to retry when the service is running again/);
        return true;
      },
    );
    assert.equal((await updateCalls()).length, 0, 'nothing was sent to a busy service');

    // The operation settles; App Runner itself refuses the next save once (another change raced ours): the edit stays again.
    await emulator('clock', { advanceMs: hold });
    await emulator('apprunner/config', { operationDelayMs: 500 });
    await running();
    await emulator('faults', {
      service: 'apprunner',
      operation: 'UpdateService',
      kind: 'error',
      code: 'InvalidStateException',
      message: `Can't perform UPDATE_SERVICE on service ${SERVICE}: another operation is in progress.`,
      times: 1,
    });
    const refused = await withScript([[/^Update the environment of /, () => true]], () => Promise.resolve(editor.document.save()));
    assert.equal(refused, false);
    assert.equal(editor.document.isDirty, true);
    assert.equal(editor.document.getText(), edited);

    // Saving again now succeeds: one UpdateService with the edit.
    await emulator('calls', undefined, 'DELETE');
    const again = await withScript([[/^Update the environment of /, () => true]], () => Promise.resolve(editor.document.save()));
    assert.equal(again, true);
    assert.equal(editor.document.isDirty, false);
    const updates = await updateCalls();
    assert.equal(updates.length, 1);
    assert.deepEqual(updates[0].input.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables, {
      FEATURE_FLAG: 'off',
      NEW_FROM_FILE: 'yes',
      BUSY_EDIT: 'kept',
    });
    await running();
    assert.equal(await containerValue('BUSY_EDIT'), 'kept');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a denied secretsmanager:CreateSecret names the action and changes nothing', async () => {
    const ext = await api();
    const ref = await service();
    const before = await describe();
    await emulator('deny', { actions: ['secretsmanager:CreateSecret'] });
    await emulator('calls', undefined, 'DELETE');
    const shown: string[] = [];
    const sub = ext.aws.onDidShowError((e) => shown.push(e.message));
    try {
      await withScript(
        [
          [/^Store FEATURE_FLAG in$/, byLabel('AWS Secrets Manager')],
          [/^Secret name$/, proposed],
        ],
        () => Promise.resolve(vscode.commands.executeCommand('apprunner.turnIntoSecret', { ...ref, variable: 'FEATURE_FLAG' })),
      );
    } finally {
      sub.dispose();
      await emulator('deny', undefined, 'DELETE');
    }
    assert.equal(shown.length, 1, `one error shown: ${shown.join(' | ')}`);
    assert.match(shown[0], /secretsmanager:CreateSecret/);
    assert.equal((await updateCalls()).length, 0, 'no UpdateService');
    const secrets = (await emulator('secretsmanager/secrets')).secrets.map((s: { name: string }) => s.name);
    assert.ok(!secrets.includes(`${SERVICE}/FEATURE_FLAG`), 'no secret was created');
    assert.deepEqual(
      imageConfiguration(await describe()).RuntimeEnvironmentVariables,
      imageConfiguration(before).RuntimeEnvironmentVariables,
    );
    assert.equal(imageConfiguration(await describe()).RuntimeEnvironmentVariables?.FEATURE_FLAG, 'off', 'the variable keeps its value');
  });

  test('an instance role that may not read the new secret: the statement is shown before any update, and Cancel keeps the plain value', async () => {
    const ext = await api();
    const ref = await service();
    await emulator('seed', { iam: { roles: [{ name: 'EnvTestNoSecretsRole', trustedService: 'tasks.apprunner.amazonaws.com' }] } });
    const noSecretsRole = 'arn:aws:iam::123456789012:role/EnvTestNoSecretsRole';
    await ext.aws
      .session()
      .appRunner.updateService(REGION, { ServiceArn: ref.arn, InstanceConfiguration: { InstanceRoleArn: noSecretsRole } });
    await running();
    await emulator('calls', undefined, 'DELETE');
    const { asked } = await withScript(
      [
        [/^Store FEATURE_FLAG in$/, byLabel('AWS Secrets Manager')],
        [/^Secret name$/, proposed],
        [/ may not be able to read arn:aws:secretsmanager:/, () => false],
      ],
      async (prompts) => {
        await vscode.commands.executeCommand('apprunner.turnIntoSecret', { ...ref, variable: 'FEATURE_FLAG' });
        return { asked: prompts.asked };
      },
    );
    const stored = (await emulator('secretsmanager/secrets')).secrets.find((s: { name: string }) => s.name === `${SERVICE}/FEATURE_FLAG`);
    assert.ok(stored, 'the secret was stored');
    const question = asked.find((q) => / may not be able to read /.test(q.title));
    assert.ok(question, `asked before updating: ${asked.map((q) => q.title).join(' | ')}`);
    assert.match(question.detail ?? '', /EnvTestNoSecretsRole may not read it \(secretsmanager:GetSecretValue\)/);
    assert.ok(
      (question.detail ?? '').includes(
        JSON.stringify({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: stored.arn }, null, 2),
      ),
      `the exact statement, as JSON: ${question.detail}`,
    );
    assert.equal((await updateCalls()).length, 0, 'no UpdateService');
    assert.equal(
      imageConfiguration(await describe()).RuntimeEnvironmentVariables?.FEATURE_FLAG,
      'off',
      'the variable keeps its plain value',
    );
  });
});
