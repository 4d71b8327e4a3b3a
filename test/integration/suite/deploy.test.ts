// "Deploy from the workspace" inside a real VS Code, with the real Docker engine, the local
// registry behind the emulated ECR, and the emulated App Runner running deployed images with
// Docker (scripts/docker-up.sh; the runner passes --registry-env to the emulator).
//
// The tests run in order on one service: the first creates it with the wizard, the next ones
// deploy to it. Each question the extension asks is answered by a scripted prompter that fails
// the test on any question it does not expect.
import * as assert from 'assert';
import { execFile } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DeployEvent, DeployRunResult } from '../../../src/deploy/deployRun';
import type { SavedTarget } from '../../../src/deploy/targets';
import type { CatalogService } from '../../../src/catalog/catalog';
import { BACK } from '../../../src/ui/questions';
import { byLabel as pickByLabel, ScriptedPrompts } from '../../../src/ui/scripted';
import type { Asked, ScriptLine } from '../../../src/ui/scripted';
import { api, emulator, setSetting, waitFor } from './helpers';

const REGION = 'us-east-1';
const SERVICE = `hello-${randomBytes(3).toString('hex')}`;

type Answer = (question: Asked) => unknown;

interface Script {
  /** Every question's title, in order. */
  asked: string[];
  confirmations: Array<{ message: string; detail: string }>;
}

/** Picks the item whose label contains `text`. */
const byLabel = (text: string): Answer => pickByLabel(text);

interface Run {
  result: DeployRunResult;
  events: DeployEvent[];
  script: Script;
}

/**
 * Runs a deploy command with scripted answers. `during` sees every event while it runs (to
 * cancel, or to look at processes); the run's result comes from the API's onDidFinish.
 */
async function runDeploy(
  command: () => Thenable<unknown>,
  answers: Array<[RegExp, Answer]>,
  during?: (e: DeployEvent, events: DeployEvent[]) => void | Promise<void>,
): Promise<Run> {
  const ext = await api();
  const prompts = new ScriptedPrompts(answers.map(([re, answer]): ScriptLine => [re, (q) => answer(q)]));
  const restore = ext.useUi(prompts);
  const events: DeployEvent[] = [];
  const pending: Array<Promise<void>> = [];
  let result: DeployRunResult | undefined;
  const subs = [
    ext.deploy.onDidReport((e) => {
      events.push(e);
      const work = during?.(e, events);
      if (work) {
        pending.push(work);
      }
    }),
    ext.deploy.onDidFinish((r) => (result = r)),
  ];
  try {
    await command();
    await Promise.all(pending);
  } finally {
    subs.forEach((x) => x.dispose());
    restore();
  }
  const s: Script = {
    asked: prompts.asked.map((q) => q.title),
    confirmations: prompts.asked.filter((q) => q.kind === 'confirm').map((q) => ({ message: q.title, detail: q.detail ?? '' })),
  };
  assert.deepEqual(
    prompts.unexpected.map((q) => q.title),
    [],
    `unexpected questions: ${prompts.unexpected.map((q) => q.title).join(', ')}`,
  );
  assert.ok(result, `the deploy did not finish (questions: ${s.asked.join(', ')})`);
  return { result, events, script: s };
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration runner opens a workspace folder');
  return folder.uri.fsPath;
}

async function copySample(name: string, as = name): Promise<string> {
  const fixtures = process.env.APPRUNNER_FIXTURES;
  assert.ok(fixtures, 'APPRUNNER_FIXTURES is not set');
  const target = path.join(workspaceRoot(), 'apps', as);
  await fs.cp(path.join(fixtures, 'sample-apps', name), target, { recursive: true });
  return target;
}

async function registryPassword(): Promise<string> {
  const file = process.env.APPRUNNER_REGISTRY_ENV;
  assert.ok(file, 'APPRUNNER_REGISTRY_ENV is not set');
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const password = /^REGISTRY_PASSWORD=(.+)$/m.exec(text)?.[1];
  assert.ok(password, `no registry in ${file}: run scripts/docker-up.sh`);
  return password;
}

/** Command lines of all processes on this machine that mention `text`. */
async function processesMentioning(text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const pid of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(pid)) {
      continue;
    }
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) {
      hits.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`);
    }
  }
  return hits;
}

/** Still running (a zombie waiting to be reaped has ended). */
async function alive(pid: number): Promise<boolean> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat);
}

async function get(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return (await response.text()).trim();
}

function savedTargets(): SavedTarget[] {
  return (
    vscode.workspace.getConfiguration('apprunner', vscode.workspace.workspaceFolders![0].uri).get<SavedTarget[]>('deploy.targets') ?? []
  );
}

async function serviceNode(): Promise<CatalogService> {
  const catalog = (await api()).catalog;
  return waitFor(`${SERVICE} in the explorer`, async () => {
    await catalog.reload();
    return catalog.services().find((s) => s.name === SERVICE);
  });
}

async function describe() {
  const node = await serviceNode();
  return (await api()).aws.session().appRunner.describeService(REGION, node.arn);
}

async function operations() {
  const node = await serviceNode();
  return (await api()).aws.session().appRunner.listOperations(REGION, node.arn, 20);
}

const deployToService = async () => vscode.commands.executeCommand('apprunner.deployToService', await serviceNode());
const deployWorkspace = () => vscode.commands.executeCommand('apprunner.deployWorkspace');
const confirmDeploy: [RegExp, Answer] = [/^Deploy .* to /, () => true];

/** With an editor open on `folder`'s Dockerfile: Deploy Workspace offers the saved targets and "New deploy target…". */
async function newTargetAnswers(folder: string): Promise<Array<[RegExp, Answer]>> {
  await vscode.window.showTextDocument(vscode.Uri.file(path.join(workspaceRoot(), folder, 'Dockerfile')));
  return [
    [/^Deploy Workspace$/, byLabel('New deploy target')],
    [/^Deploy: folder to build$/, byLabel(folder)],
    [/^Deploy: target service$/, byLabel(SERVICE)],
    confirmDeploy,
  ];
}

/** The saved target of apps/hello, chosen among the saved ones (no editor open). */
async function helloAnswers(): Promise<Array<[RegExp, Answer]>> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return [[/^Deploy Workspace$/, byLabel('apps/hello →')], confirmDeploy];
}

suite('Deploy from the workspace (real Docker, local registry, emulated ECR and App Runner)', function () {
  this.timeout(240_000);
  let password: string;
  let firstImage: string;
  const userDockerConfig = path.join(process.env.DOCKER_CONFIG || path.join(os.homedir(), '.docker'), 'config.json');
  let userDockerConfigBefore: string | undefined;

  let regionsBefore: unknown;

  suiteSetup(async () => {
    regionsBefore = vscode.workspace.getConfiguration('apprunner').inspect('regions')?.globalValue;
    password = await registryPassword();
    userDockerConfigBefore = await fs.readFile(userDockerConfig, 'utf8').catch(() => undefined);
    await emulator('reset', {});
    // IAM propagation as on AWS, shortened: a new access role is usable after 4 s.
    await emulator('apprunner/config', { operationDelayMs: 1500, rolePropagationDelayMs: 4000 });
    await setSetting('regions', [REGION]);
    await vscode.workspace
      .getConfiguration('apprunner', vscode.workspace.workspaceFolders![0].uri)
      .update('deploy.targets', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await copySample('hello');
    await copySample('no-listen');
    await copySample('crash-on-start');
    await copySample('arm64');
    await copySample('build-error');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
  });

  suiteTeardown(async () => {
    await setSetting('regions', regionsBefore);
    await vscode.workspace
      .getConfiguration('apprunner', vscode.workspace.workspaceFolders![0].uri)
      .update('deploy.targets', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.rm(path.join(workspaceRoot(), 'apps'), { recursive: true, force: true });
    // Stops the containers the emulator runs for this suite's service.
  });

  test('the create-service wizard goes back a step and keeps the earlier answers (declined at the confirmation)', async () => {
    const offered: Array<string | undefined> = [];
    let portAsked = 0;
    let cpuAsked = 0;
    const { result, script: s } = await runDeploy(deployWorkspace, [
      [/^Deploy: folder to build$/, byLabel('apps/hello')],
      [/^Deploy: target service$/, byLabel('Create new service')],
      [/^New service: name$/, (q) => (offered.push(q.value), q.value === 'hello' ? 'first-name' : `${q.value}-2`)],
      [/^New service: port$/, (q) => (offered.push(q.value), portAsked++ === 0 ? '9000' : portAsked === 2 ? BACK : q.value)],
      [/^New service: CPU and memory$/, (q) => (cpuAsked++ === 0 ? BACK : byLabel('0.5 vCPU · 1 GB')(q))],
      [/^New service: environment variables$/, byLabel('None')],
      [/^New service: automatic deployments$/, byLabel('Off')],
      [/^New service: health check$/, () => ''],
      [/^New service: ECR access role$/, byLabel('Create AppRunnerECRAccessRole')],
      [/^Create first-name-2 from apps\/hello\?$/, () => false],
    ]);
    assert.equal(result.status, 'declined', result.message);
    assert.deepEqual(s.asked.slice(0, 7), [
      'Deploy: folder to build',
      'Deploy: target service',
      'New service: name',
      'New service: port',
      'New service: CPU and memory',
      'New service: port',
      'New service: name',
    ]);
    // The defaults first; then, going back, each step shows the answer given before.
    assert.deepEqual(offered, ['hello', '8080', '9000', 'first-name', '9000']);
    assert.match(s.confirmations[0].detail, /Service: first-name-2 — new \(0.5 vCPU · 1 GB, port 9000, TCP health check/);
    assert.deepEqual(savedTargets(), [], 'a declined deploy saves no target');
    await emulator('reset', {});
  });

  test('first deploy: pick folder and "Create new service…"; the wizard creates it, waiting for the new IAM role to propagate; the URL answers the app; the target is saved', async () => {
    await emulator('calls', undefined, 'DELETE');
    const {
      result,
      script: s,
      events,
    } = await runDeploy(deployWorkspace, [
      [/^Deploy: folder to build$/, byLabel('apps/hello')],
      [/^Deploy: target service$/, byLabel('Create new service')],
      [/^New service: name$/, () => SERVICE],
      [/^New service: port$/, () => '8080'],
      [/^New service: CPU and memory$/, byLabel('0.5 vCPU · 1 GB')],
      [/^New service: environment variables$/, byLabel('Type them')],
      [/^New service: environment variable 1$/, () => 'GREETING=hi there'],
      [/^New service: environment variable 2$/, () => ''],
      [/^New service: automatic deployments$/, byLabel('Off')],
      [/^New service: health check$/, () => '/'],
      [/^New service: ECR access role$/, byLabel('Create AppRunnerECRAccessRole')],
      [new RegExp(`^Create ${SERVICE} from apps/hello\\?$`), () => true],
    ]);
    assert.equal(result.status, 'succeeded', result.message);
    const confirmation = s.confirmations[0];
    assert.match(confirmation.detail, /Account: .*Region: us-east-1/);
    assert.match(
      confirmation.detail,
      new RegExp(
        `Service: ${SERVICE} — new \\(0.5 vCPU · 1 GB, port 8080, HTTP / health check, automatic deployments off, 1 environment variable`,
      ),
    );
    assert.match(confirmation.detail, /Port: 8080 \(matches the Dockerfile EXPOSE\)/);
    assert.deepEqual(
      [...new Set(events.filter((e) => e.type === 'step').map((e) => (e as { step: string }).step))],
      ['build', 'login', 'push', 'update', 'wait', 'verify'],
    );
    // The role was not usable at once: CreateService was tried again, nothing was built or pushed twice.
    const dockerCommands = events.filter((e) => e.type === 'process').map((e) => (e as { args: string[] }).args[0]);
    assert.deepEqual(
      [dockerCommands.filter((c) => c === 'build').length, dockerCommands.filter((c) => c === 'push').length],
      [1, 1],
      dockerCommands.join(' '),
    );
    assert.ok(
      events.some((e) => e.type === 'progress' && e.step === 'update' && /waiting for the new IAM role to become usable/.test(e.message)),
      'the wait is shown in the progress',
    );
    const creates = (await emulator('calls')).calls.filter((c: { operation: string }) => c.operation === 'CreateService');
    assert.ok(creates.length >= 2, `CreateService was retried (${creates.length} calls)`);
    const service = await describe();
    assert.equal(service.Status, 'RUNNING');
    assert.equal(service.InstanceConfiguration?.Cpu, '512');
    assert.deepEqual(service.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables, {
      GREETING: 'hi there',
    });
    assert.match(service.SourceConfiguration?.AuthenticationConfiguration?.AccessRoleArn ?? '', /:role\/AppRunnerECRAccessRole$/);
    firstImage = service.SourceConfiguration?.ImageRepository?.ImageIdentifier ?? '';
    assert.match(firstImage, new RegExp(`^127\\.0\\.0\\.1:\\d+/${SERVICE}:(?:[0-9a-f]{7}(?:-dirty)?|build)-\\d{8}-\\d{6}$`));
    assert.equal(await get(`http://${service.ServiceUrl}/`), 'hello v1');
    const roles = await emulator('iam/roles');
    assert.deepEqual(
      roles.roles.map((r: { name: string; policies: string[] }) => [r.name, r.policies]),
      [['AppRunnerECRAccessRole', ['arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess']]],
    );
    assert.deepEqual(
      savedTargets().map((t) => [t.folder, t.dockerfile, t.serviceArn, t.region, t.repositoryName]),
      [['apps/hello', 'apps/hello/Dockerfile', service.ServiceArn, REGION, SERVICE]],
    );
  });

  test('second deploy after a source change is one step: a new tag, UpdateService, the new response; the password never shows in a process argument', async () => {
    await fs.writeFile(path.join(workspaceRoot(), 'apps', 'hello', 'version.txt'), 'hello v2\n');
    await emulator('calls', undefined, 'DELETE');
    const argumentLeaks: string[] = [];
    let scanned = 0;
    const { result, script: s } = await runDeploy(deployWorkspace, [confirmDeploy], async (e) => {
      if (e.step === 'push' || e.step === 'login') {
        scanned++;
        argumentLeaks.push(...(await processesMentioning(password)));
      }
    });
    assert.equal(result.status, 'succeeded', result.message);
    assert.deepEqual(s.asked, [`Deploy apps/hello to ${SERVICE}?`], 'only the confirmation is asked');
    assert.ok(scanned > 0, 'process arguments were checked during login and push');
    assert.deepEqual(argumentLeaks, []);
    const service = await describe();
    const image = service.SourceConfiguration?.ImageRepository?.ImageIdentifier ?? '';
    assert.notEqual(image, firstImage);
    assert.deepEqual(
      service.SourceConfiguration?.ImageRepository?.ImageConfiguration?.RuntimeEnvironmentVariables,
      { GREETING: 'hi there' },
      'only the image changed',
    );
    assert.equal(image.split(':')[0] + image.split(':')[1], firstImage.split(':')[0] + firstImage.split(':')[1], 'same repository');
    assert.equal(await get(`http://${service.ServiceUrl}/`), 'hello v2');
    const calls = (await emulator('calls')).calls.map((c: { service: string; operation: string }) => `${c.service}.${c.operation}`);
    assert.ok(calls.includes('apprunner.UpdateService'), calls.join(' '));
    assert.ok(!calls.includes('apprunner.StartDeployment'));
    // No login is left behind: not in the user's Docker config, not in a temporary one.
    assert.equal(await fs.readFile(userDockerConfig, 'utf8').catch(() => undefined), userDockerConfigBefore);
    assert.deepEqual(
      (await fs.readdir(os.tmpdir())).filter((f) => f.startsWith('apprunner-docker-')),
      [],
    );
  });

  test('"Deploy from Workspace…" on the service, same image again: it says so and offers a forced redeploy (StartDeployment, no push)', async () => {
    await emulator('calls', undefined, 'DELETE');
    const pushed: string[] = [];
    const { result, script: s } = await runDeploy(deployToService, [confirmDeploy, [/already runs this image$/, () => true]], (e) => {
      if (e.type === 'process' && e.args[0] === 'push') {
        pushed.push(e.args.join(' '));
      }
    });
    assert.equal(result.status, 'succeeded', result.message);
    assert.match(result.message, /was redeployed/);
    assert.match(s.confirmations[1].detail, /is the one .* runs now/);
    assert.deepEqual(pushed, []);
    const calls = (await emulator('calls')).calls.map((c: { service: string; operation: string }) => `${c.service}.${c.operation}`);
    assert.ok(calls.includes('apprunner.StartDeployment'), calls.join(' '));
    assert.ok(!calls.includes('apprunner.UpdateService'));
  });

  test('cancel during the build: the docker process is gone and the service is untouched', async () => {
    const slow = path.join(workspaceRoot(), 'apps', 'slow-build');
    await fs.mkdir(slow, { recursive: true });
    await fs.writeFile(
      path.join(slow, 'Dockerfile'),
      'FROM local/node:20\nEXPOSE 8080\nRUN node -e "setTimeout(() => {}, 60000)"\nCMD ["node", "-e", "1"]\n',
    );
    const before = await operations();
    const imageBefore = (await describe()).SourceConfiguration?.ImageRepository?.ImageIdentifier;
    const pids: number[] = [];
    let cancelled = false;
    const { result } = await runDeploy(deployWorkspace, await newTargetAnswers('apps/slow-build'), async (e) => {
      if (e.type === 'process') {
        pids.push(e.pid);
      }
      // Docker prints the step as it starts it: the build is under way.
      if (!cancelled && e.type === 'progress' && e.step === 'build' && /RUN node/.test(e.message)) {
        cancelled = true;
        assert.ok((await api()).deploy.cancel(), 'a deploy was running');
      }
    });
    assert.equal(result.status, 'cancelled', result.message);
    assert.match(result.message, /during the build\. Nothing was changed in App Runner/);
    for (const pid of pids) {
      assert.equal(await alive(pid), false, `process ${pid} still runs`);
    }
    assert.deepEqual(await processesMentioning(slow), []);
    assert.equal((await operations()).length, before.length);
    assert.equal((await describe()).SourceConfiguration?.ImageRepository?.ImageIdentifier, imageBefore);
  });

  test('cancel during the push: the push process is gone, nothing changed in App Runner, no login left behind', async () => {
    const big = path.join(workspaceRoot(), 'apps', 'big-push');
    await fs.mkdir(big, { recursive: true });
    await fs.copyFile(path.join(workspaceRoot(), 'apps', 'hello', 'server.js'), path.join(big, 'server.js'));
    await fs.writeFile(path.join(big, 'version.txt'), 'big\n');
    // Random (incompressible) data, new every run, so that the push has a large layer to upload.
    const handle = await fs.open(path.join(big, 'blob.bin'), 'w');
    for (let i = 0; i < 12; i++) {
      await handle.write(randomBytes(8 * 1024 * 1024));
    }
    await handle.close();
    await fs.writeFile(
      path.join(big, 'Dockerfile'),
      'FROM local/node:20\nWORKDIR /app\nCOPY server.js version.txt ./\nCOPY blob.bin /data/\nEXPOSE 8080\nCMD ["node", "server.js"]\n',
    );
    const before = await operations();
    const imageBefore = (await describe()).SourceConfiguration?.ImageRepository?.ImageIdentifier;
    const pids: number[] = [];
    const leaks: string[] = [];
    let cancelled = false;
    const { result } = await runDeploy(deployWorkspace, await newTargetAnswers('apps/big-push'), async (e) => {
      if (e.type === 'process') {
        pids.push(e.pid);
      }
      if (e.type === 'progress' && e.step === 'push' && !cancelled) {
        cancelled = true;
        leaks.push(...(await processesMentioning(password)));
        assert.ok(pids.length > 0 && (await alive(pids[pids.length - 1])), 'docker push runs when it is cancelled');
        assert.ok((await api()).deploy.cancel(), 'a deploy was running');
      }
    });
    assert.equal(result.status, 'cancelled', result.message);
    assert.match(result.message, /during the push\. Nothing was changed in App Runner/);
    assert.deepEqual(leaks, []);
    for (const pid of pids) {
      assert.equal(await alive(pid), false, `process ${pid} still runs`);
    }
    assert.equal((await operations()).length, before.length);
    assert.equal((await describe()).SourceConfiguration?.ImageRepository?.ImageIdentifier, imageBefore);
    assert.equal(await fs.readFile(userDockerConfig, 'utf8').catch(() => undefined), userDockerConfigBefore);
    assert.deepEqual(
      (await fs.readdir(os.tmpdir())).filter((f) => f.startsWith('apprunner-docker-')),
      [],
    );
    await fs.rm(big, { recursive: true, force: true });
  });

  test('cancel while App Runner deploys: the message says the deployment goes on, and it does', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fs.writeFile(path.join(workspaceRoot(), 'apps', 'hello', 'version.txt'), 'hello v3\n');
    const { result } = await runDeploy(deployWorkspace, await helloAnswers(), async (e) => {
      if (e.type === 'step' && e.step === 'wait') {
        assert.ok((await api()).deploy.cancel(), 'a deploy was running');
      }
    });
    assert.equal(result.status, 'following-stopped', result.message);
    assert.match(result.message, /The deployment goes on in App Runner \(operation [0-9a-f-]{36}\)/);
    const service = await waitFor(
      'the deployment to end',
      async () => {
        const s = await describe();
        return s.Status === 'RUNNING' ? s : undefined;
      },
      60_000,
      500,
    );
    assert.equal(await get(`http://${service.ServiceUrl}/`), 'hello v3');
  });

  test("an app that never listens: the deployment rolls back, explained from App Runner's lines and the app's own (application log group)", async () => {
    const { result } = await runDeploy(deployWorkspace, await newTargetAnswers('apps/no-listen'));
    assert.equal(result.status, 'failed', result.message);
    assert.match(result.message, /failed and was rolled back; the previous version keeps serving/);
    assert.match(result.message, /The health check \(HTTP \/ on port 8080\) failed\./);
    // App Runner's line names the configured port; the app's last lines come from its own log group.
    // (Notifications show square brackets as ‹ ›.)
    assert.match(result.message, /Last log lines: .*“‹AppRunner› Health check failed on protocol `HTTP` ‹Path: '\/'› ‹Port: '8080'›/);
    assert.match(result.message, /The app's last lines: .*“no-listen: still not listening”/);
    assert.ok(result.outcome?.kind === 'failed');
    assert.deepEqual(
      result.outcome.logLines.filter((l) => !l.startsWith('[AppRunner]')),
      [],
      'the deployment stream holds only platform lines',
    );
    assert.ok(
      result.outcome.appLines.some((l) => l.startsWith('no-listen: started')),
      result.outcome.appLines.join('\n'),
    );
    assert.ok(
      result.outcome.logLines.some((l) => /Deployment failed/.test(l)),
      'the closing line, written when the operation ended and ingested later, was waited for',
    );
    const service = await describe();
    assert.equal(service.Status, 'RUNNING');
    assert.equal(await get(`http://${service.ServiceUrl}/`), 'hello v3', 'the previous version still serves');
  });

  test('an app that crashes on start: the message says it exited and quotes its last lines from the application log group', async () => {
    const { result } = await runDeploy(deployWorkspace, await newTargetAnswers('apps/crash-on-start'));
    assert.equal(result.status, 'failed', result.message);
    assert.match(result.message, /failed and was rolled back/);
    assert.match(result.message, /The app exited on start \(exit code 1\)\./);
    assert.match(result.message, /The app's last lines: .*“crash-on-start: DATABASE_URL is not set; exiting”/);
    assert.ok(result.outcome?.kind === 'failed' && result.outcome.analysis.cause === 'app-exited');
    assert.deepEqual(
      result.outcome.logLines.filter((l) => /DATABASE_URL/.test(l)),
      [],
      "the app's output is not in the deployment stream",
    );
    assert.equal(await get(`http://${(await describe()).ServiceUrl}/`), 'hello v3', 'the previous version still serves');
  });

  test('an arm64 image is refused before the push, with how to build for amd64; App Runner is not asked', async () => {
    // The sample's base image, built for linux/arm64 from files (nothing can be pulled here).
    await new Promise<void>((resolve, reject) =>
      execFile(
        'docker',
        [
          'build',
          '--quiet',
          '--platform',
          'linux/arm64',
          '-t',
          'apprunner-test/arm64-base:1',
          path.join(process.env.APPRUNNER_FIXTURES ?? '', 'sample-apps', 'arm64-base'),
        ],
        (error, _stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve()),
      ),
    );
    const before = await operations();
    const pushed: string[] = [];
    const { result } = await runDeploy(deployWorkspace, await newTargetAnswers('apps/arm64'), (e) => {
      if (e.type === 'process' && e.args[0] === 'push') {
        pushed.push(e.args.join(' '));
      }
    });
    assert.equal(result.status, 'error', result.message);
    assert.equal(result.problem, 'platform');
    assert.match(
      result.message,
      /The image was built for linux\/arm64, but App Runner runs linux\/amd64 images only\. Dockerfile line 3 asks for --platform=linux\/arm64: remove that flag \(or make it --platform=linux\/amd64\)/,
    );
    assert.match(result.message, /Nothing was pushed\. App Runner was not changed\./);
    assert.deepEqual(pushed, []);
    assert.equal((await operations()).length, before.length);
  });

  test('a build error names the failing Dockerfile line; nothing is pushed', async () => {
    const pushed: string[] = [];
    const { result } = await runDeploy(deployWorkspace, await newTargetAnswers('apps/build-error'), (e) => {
      if (e.type === 'process' && e.args[0] === 'push') {
        pushed.push(e.args.join(' '));
      }
    });
    assert.equal(result.status, 'error');
    assert.equal(result.problem, 'build');
    assert.match(
      result.message,
      /Docker build failed at Dockerfile line 4 \(RUN node build\.js\): The command .* returned a non-zero code: 2/,
    );
    assert.deepEqual(pushed, []);
  });

  test('bad input stops before anything is built: no Dockerfile, Docker not installed, daemon stopped', async () => {
    // The saved target of apps/build-error (from the test before), its Dockerfile gone.
    const buildError = path.join(workspaceRoot(), 'apps', 'build-error');
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(buildError, 'build.js')));
    await fs.rename(path.join(buildError, 'Dockerfile'), path.join(buildError, 'Dockerfile.moved'));
    try {
      const noDockerfile = await runDeploy(deployWorkspace, []);
      assert.equal(noDockerfile.result.problem, 'no-dockerfile');
      assert.match(noDockerfile.result.message, /There is no Dockerfile at apps\/build-error\/Dockerfile\./);
    } finally {
      await fs.rename(path.join(buildError, 'Dockerfile.moved'), path.join(buildError, 'Dockerfile'));
    }

    await setSetting('docker.path', '/nonexistent/bin/docker');
    try {
      const missing = await runDeploy(deployWorkspace, (await helloAnswers()).slice(0, 1));
      assert.equal(missing.result.problem, 'docker');
      assert.match(
        missing.result.message,
        /Docker was not found: "\/nonexistent\/bin\/docker" is not on the PATH.*apprunner\.docker\.path/,
      );
    } finally {
      await setSetting('docker.path', undefined);
    }

    // The CLI honours DOCKER_HOST; this extension host is the test's process.
    const previous = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${path.join(os.tmpdir(), 'no-docker-daemon.sock')}`;
    try {
      const down = await runDeploy(deployWorkspace, (await helloAnswers()).slice(0, 1));
      assert.equal(down.result.problem, 'docker');
      assert.match(down.result.message, /The Docker engine is not running.*Start Docker/);
    } finally {
      if (previous === undefined) {
        delete process.env.DOCKER_HOST;
      } else {
        process.env.DOCKER_HOST = previous;
      }
    }
  });

  test('bad input stops before anything is built: the service is busy; the credentials have expired', async () => {
    const ext = await api();
    const node = await serviceNode();
    await ext.aws.session().appRunner.startDeployment(REGION, node.arn);
    const busy = await runDeploy(deployWorkspace, (await helloAnswers()).slice(0, 1));
    assert.equal(busy.result.problem, 'service-busy');
    assert.match(busy.result.message, new RegExp(`${SERVICE} is busy with another operation`));
    await waitFor('the deployment to end', async () => (await describe()).Status === 'RUNNING', 60_000, 500);

    const shown: string[] = [];
    const sub = ext.aws.onDidShowError((e) => shown.push(e.kind));
    await emulator('faults', {
      service: 'apprunner',
      operation: 'DescribeService',
      kind: 'error',
      code: 'ExpiredTokenException',
      status: 400,
      message: 'The security token included in the request is expired',
      times: 1,
    });
    try {
      const expired = await runDeploy(deployWorkspace, (await helloAnswers()).slice(0, 1));
      assert.equal(expired.result.problem, 'aws');
      assert.match(
        expired.result.message,
        /Could not read the target service in us-east-1: the credentials of profile 'emulator' have expired/,
      );
      assert.deepEqual(shown, ['credentials-expired']);
    } finally {
      sub.dispose();
      await emulator('faults', undefined, 'DELETE');
    }
  });

  test('narrow permissions: with iam:ListRoles denied, a service is still created from a pasted role ARN', async () => {
    const roleArn = (await describe()).SourceConfiguration?.AuthenticationConfiguration?.AccessRoleArn;
    assert.ok(roleArn, 'the first test created the access role');
    const name = `${SERVICE}-arn`;
    await emulator('deny', { actions: ['iam:ListRoles'] });
    try {
      // No editor open: Deploy Workspace offers the saved targets and "New deploy target…".
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const { result, script: s } = await runDeploy(deployWorkspace, [
        [/^Deploy Workspace$/, byLabel('New deploy target')],
        [/^Deploy: folder to build$/, byLabel('apps/hello')],
        [/^Deploy: target service$/, byLabel('Create new service')],
        [/^New service: name$/, () => name],
        [/^New service: port$/, () => '8080'],
        [/^New service: CPU and memory$/, byLabel('0.25 vCPU · 0.5 GB')],
        [/^New service: environment variables$/, byLabel('None')],
        [/^New service: automatic deployments$/, byLabel('Off')],
        [/^New service: health check$/, () => '/'],
        [/^New service: ECR access role ARN$/, () => roleArn],
        [new RegExp(`^Create ${name} from apps/hello\\?$`), () => true],
      ]);
      assert.equal(result.status, 'succeeded', result.message);
      assert.ok(s.asked.includes('New service: ECR access role ARN'), s.asked.join(', '));
      const created = (await api()).aws.session().appRunner;
      const service = await created.describeService(REGION, result.serviceArn!);
      assert.equal(service.SourceConfiguration?.AuthenticationConfiguration?.AccessRoleArn, roleArn);
      const { calls } = await emulator('calls');
      assert.ok(!calls.some((c: any) => c.operation === 'CreateRole'), 'no role was created');
    } finally {
      await emulator('deny', undefined, 'DELETE');
    }
  });
});
