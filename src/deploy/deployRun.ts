// One deploy in VS Code (adapter): preflight under a progress notification, the confirmation
// that names account, region and service, then the pipeline in a cancellable notification
// with its full output in the "App Runner Deploy" channel, and one message for the outcome.
import * as path from 'path';
import vscode = require('vscode');
import { AwsCallError } from '../aws/awsCall';
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import { serviceBrowserUrl } from '../shared/serviceUrl';
import { forNotification, LIMITS } from '../shared/untrusted';
import type { Ui } from '../ui/ui';
import { keyLogLines } from './deploymentCause';
import { BuildFailedError, DockerCli, DockerCommandError } from './docker';
import { gitState } from './git';
import { imageTag, isValidRepositoryName, parseImageReference, repositoryNameFor } from './imageNames';
import { DeployCancelledError, DeployOutcome, ImagePlatformError, runDeploy } from './pipeline';
import type { DeployReporter, DeployService, DeployStepId } from './ports';
import { preflight, PreflightError, PreflightProblem, PreflightResult } from './preflight';
import type { ProcessInfo } from './processes';
import { appRunnerPort, createDeployPorts } from './realPorts';
import type { ChosenTarget, DeploySource } from './wizard';
import { readText, relativeLabel } from './wizard';

/** What tests (and the output) learn while a deploy runs. */
export type DeployEvent =
  | { type: 'step'; step: DeployStepId; title: string }
  | { type: 'progress'; step: DeployStepId; message: string }
  | { type: 'process'; step: DeployStepId; pid: number; command: string; args: string[] };

export type DeployStatus = 'succeeded' | 'failed' | 'unchanged' | 'cancelled' | 'following-stopped' | 'declined' | 'error';

/** How a deploy ended, and the message the user was shown. */
export interface DeployRunResult {
  status: DeployStatus;
  message: string;
  outcome?: DeployOutcome;
  problem?: PreflightProblem | 'build' | 'platform' | 'docker' | 'aws';
  /** The target that ended up deployed to (a new service's ARN once created). */
  serviceArn?: string;
  repositoryName?: string;
}

/** Share of the notification's bar per step (they add up to 100). */
const STEP_WEIGHT: Record<DeployStepId, number> = { build: 40, login: 5, push: 25, update: 5, wait: 20, verify: 5 };
const STEP_ORDER: DeployStepId[] = ['build', 'login', 'push', 'update', 'wait', 'verify'];

export interface RunContext {
  aws: AwsContext;
  ui: Ui;
  catalog: Catalog;
  output: vscode.OutputChannel;
  emit(event: DeployEvent): void;
  /** Set while the pipeline runs: cancels it (the notification's Cancel does the same). */
  setCancel(cancel: (() => void) | undefined): void;
}

export async function deploy(
  ctx: RunContext,
  source: DeploySource,
  target: ChosenTarget,
  savedRepository?: string,
): Promise<DeployRunResult> {
  const { aws, output } = ctx;
  const region = target.region;
  const dockerfileLabel = relativeLabel(source, source.dockerfile);
  const contextLabel = relativeLabel(source, source.context);
  const dockerfileText = await readText(source.dockerfile);
  let currentStep: DeployStepId = 'build';
  const docker = new DockerCli({
    command: vscode.workspace.getConfiguration('apprunner').get<string>('docker.path') || 'docker',
    env: process.env,
    onOutput: (line) => output.appendLine(line),
    onProcess: (info: ProcessInfo) => {
      output.appendLine(`$ ${[info.command, ...info.args].join(' ')}   (pid ${info.pid})`);
      ctx.emit({ type: 'process', step: currentStep, pid: info.pid, command: info.command, args: info.args });
    },
  });

  output.appendLine('');
  output.appendLine(
    `=== Deploy ${contextLabel} → ${target.kind === 'existing' ? target.name : `new service ${target.settings.name}`} (${region}) at ${new Date().toISOString()}`,
  );

  // Preflight: nothing is built or changed before the user has confirmed.
  let checked: PreflightResult;
  try {
    checked = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'App Runner: checking before deploy…' },
      () =>
        preflight(
          {
            region,
            target: target.kind === 'existing' ? { kind: 'existing', arn: target.arn } : { kind: 'new', settings: target.settings },
            dockerfileText,
            dockerfileLabel,
            trusted: vscode.workspace.isTrusted,
            accountHint: target.kind === 'new' ? target.account : undefined,
          },
          { docker, appRunner: appRunnerPort(aws.session()) },
        ),
    );
  } catch (e) {
    return failure(ctx, e, source);
  }
  output.appendLine(checked.engine.versionText);

  const git = await gitState(source.context);
  const tag = imageTag(git.commit, new Date(), git.dirty);
  const service = checked.service;
  const repositoryName =
    savedRepository ?? (service ? repositoryOf(service) : repositoryNameFor(target.kind === 'new' ? target.settings.name : target.name));
  if (!isValidRepositoryName(repositoryName)) {
    // Saved targets are settings, and settings get edited by hand.
    const message = `"${repositoryName}" is not a valid ECR repository name (lower-case letters, digits, . _ - and /). Fix repositoryName in the apprunner.deploy.targets setting.`;
    void vscode.window
      .showErrorMessage(message, 'Open Settings')
      .then((b) => b && vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile'));
    return { status: 'error', message };
  }
  const serviceLine =
    target.kind === 'existing' && service
      ? `Service: ${service.name} (${service.status.toLowerCase().replace(/_/g, ' ')})${service.url ? ` — ${serviceBrowserUrl(service.url)}` : ''}`
      : target.kind === 'new'
        ? `Service: ${target.settings.name} — new (${target.settings.size.cpu} · ${target.settings.size.memory}, port ${target.settings.port}, ${target.settings.healthCheckPath ? `HTTP ${target.settings.healthCheckPath}` : 'TCP'} health check, automatic deployments ${target.settings.autoDeployments ? 'on' : 'off'}, ${Object.keys(target.settings.env).length} environment variable(s))`
        : '';
  const detail = [
    `Account: ${checked.account ?? 'the account of profile ' + aws.profileLabel} · Region: ${region} · Profile: ${aws.profileLabel}`,
    serviceLine,
    `Build: ${dockerfileLabel} (context ${contextLabel}) for linux/amd64 with ${checked.engine.flavor}`,
    `Image: ECR repository ${repositoryName}, tag ${tag}`,
    `Port: ${checked.port}${checked.portCheck.kind === 'match' ? ' (matches the Dockerfile EXPOSE)' : ''}`,
    ...checked.warnings.map((w) => `⚠ ${w}`),
  ].join('\n');
  const title =
    target.kind === 'existing' ? `Deploy ${contextLabel} to ${target.name}?` : `Create ${target.settings.name} from ${contextLabel}?`;
  if (!(await ctx.ui.confirm({ title, detail, action: target.kind === 'existing' ? 'Deploy' : 'Create and Deploy' }))) {
    return { status: 'declined', message: 'Deploy not started.' };
  }

  const controller = new AbortController();
  ctx.setCancel(() => controller.abort());
  try {
    const outcome = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: forNotification(`Deploying ${contextLabel} → ${target.kind === 'existing' ? target.name : target.settings.name}`),
        cancellable: true,
      },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let done = 0;
        let stepStart = 0;
        let stepTitle = '';
        const reporter: DeployReporter = {
          step(id, stepName) {
            currentStep = id;
            const start = STEP_ORDER.slice(0, STEP_ORDER.indexOf(id)).reduce((a, s) => a + STEP_WEIGHT[s], 0);
            stepStart = start;
            stepTitle = `${STEP_ORDER.indexOf(id) + 1}/${STEP_ORDER.length} ${stepName}`;
            progress.report({ increment: Math.max(0, start - done), message: forNotification(stepTitle) });
            done = Math.max(done, start);
            output.appendLine(`--- ${stepTitle}`);
            ctx.emit({ type: 'step', step: id, title: stepName });
          },
          progress(message, fraction) {
            const at = fraction === undefined ? done : stepStart + STEP_WEIGHT[currentStep] * fraction;
            progress.report({ increment: Math.max(0, at - done), message: forNotification(`${stepTitle}: ${message}`) });
            done = Math.max(done, at);
            ctx.emit({ type: 'progress', step: currentStep, message });
          },
          log: (line) => output.appendLine(line),
          operationStarted: (s, operationId, type) => {
            // A new service joins the catalog here, busy.
            ctx.catalog.markBusy({ region, arn: s.arn, name: s.name }, type);
            output.appendLine(`App Runner ${type} ${operationId} on ${s.arn}`);
          },
        };
        const ports = createDeployPorts({
          session: aws.session(),
          region,
          docker,
          confirmForcedRedeploy: (s, image) =>
            ctx.ui.confirm({
              title: `${s.name} already runs this image`,
              detail: `The image built from ${contextLabel} is the one ${s.name} runs now (${image}); nothing would change. Redeploy it anyway (App Runner StartDeployment)?`,
              action: 'Redeploy',
            }),
        });
        return runDeploy(
          {
            region,
            context: source.context,
            dockerfile: source.dockerfile,
            dockerfileText: dockerfileText!,
            repositoryName,
            tag,
            target: target.kind === 'existing' ? { kind: 'existing', service: service! } : { kind: 'new', settings: target.settings },
            exposed: checked.exposed,
            pollMs: 2000,
          },
          ports,
          reporter,
          controller.signal,
        );
      },
    );
    return present(ctx, outcome, repositoryName);
  } catch (e) {
    const result = await failure(ctx, e, source);
    // Confirmed: the target is worth saving even when this run did not get through.
    return target.kind === 'existing' ? { ...result, serviceArn: target.arn, repositoryName } : result;
  } finally {
    ctx.setCancel(undefined);
  }
}

/** The repository a service's current ECR image lives in; otherwise one named after the service. */
function repositoryOf(service: DeployService): string {
  const ref = service.imageIdentifier ? parseImageReference(service.imageIdentifier).repository : '';
  const slash = ref.indexOf('/');
  return service.imageRepositoryType === 'ECR' && slash > 0 ? ref.slice(slash + 1) : repositoryNameFor(service.name);
}

function present(ctx: RunContext, outcome: DeployOutcome, repositoryName: string): DeployRunResult {
  const showOutput = 'Show Output';
  if (outcome.kind === 'succeeded' || outcome.kind === 'failed') {
    // The operation has ended: show the service as it is now, not at the next poll.
    void ctx.catalog.refreshService({ region: outcome.service.region, arn: outcome.service.arn, name: outcome.service.name });
  }
  const base = { outcome, serviceArn: outcome.service.arn, repositoryName };
  switch (outcome.kind) {
    case 'succeeded': {
      const url = serviceBrowserUrl(outcome.service.url);
      const answer = outcome.urlCheck
        ? outcome.urlCheck.ok
          ? ` ${outcome.urlCheck.url} answers (HTTP ${outcome.urlCheck.status}).`
          : ` But ${outcome.urlCheck.url} does not answer yet (${outcome.urlCheck.status ? `HTTP ${outcome.urlCheck.status}` : 'no answer'}; the output has the details).`
        : '';
      const digest = outcome.digest ? ` (${outcome.digest.slice(0, 19)}…)` : '';
      const message = notification(
        `${outcome.service.name} ${outcome.forced ? 'was redeployed' : 'now runs'} ${outcome.imageIdentifier}${digest}.${answer}`,
      );
      void vscode.window.showInformationMessage(message, ...(url ? ['Open'] : []), showOutput).then((b) => {
        if (b === 'Open' && url) {
          void vscode.env.openExternal(vscode.Uri.parse(url));
        } else if (b === showOutput) {
          ctx.output.show(true);
        }
      });
      return { ...base, status: 'succeeded', message };
    }
    case 'failed': {
      const a = outcome.analysis;
      // The app's own lines first: the whole message is bounded, and they say most about a crash.
      const lines = keyLogLines(outcome.logLines, 2, a.evidence);
      const appLines = keyLogLines(outcome.appLines, 3);
      ctx.output.appendLine(`--- Deployment log (deployment/${outcome.operationId}), last ${outcome.logLines.length} lines:`);
      outcome.logLines.forEach((l) => ctx.output.appendLine(`  ${l}`));
      if (outcome.appLines.length) {
        ctx.output.appendLine(`--- The app's output during the deployment (application log group), last ${outcome.appLines.length} lines:`);
        outcome.appLines.forEach((l) => ctx.output.appendLine(`  ${l}`));
      }
      const quote = (l: string): string => `“${forNotification(l, 140)}”`;
      const logText =
        (appLines.length ? ` The app's last lines: ${appLines.map(quote).join(' ')}` : '') +
        (lines.length ? ` Last log lines: ${lines.map(quote).join(' ')}` : outcome.logError ? ` ${outcome.logError}.` : '');
      const verb =
        outcome.operationStatus === 'ROLLBACK_SUCCEEDED'
          ? 'failed and was rolled back; the previous version keeps serving'
          : `ended ${outcome.operationStatus}`;
      const message = notification(`The deployment of ${outcome.service.name} ${verb}. ${a.summary} ${a.nextStep}${logText}`);
      void vscode.window.showErrorMessage(message, 'Show Deployment Log').then((b) => b && ctx.output.show(true));
      return { ...base, status: 'failed', message };
    }
    case 'unchanged': {
      const message = notification(
        `${outcome.service.name} already runs this image (${outcome.imageIdentifier}); nothing was pushed or changed.`,
      );
      void vscode.window.showInformationMessage(message);
      return { ...base, status: 'unchanged', message };
    }
    case 'following-stopped': {
      const message = notification(
        outcome.reason === 'cancelled'
          ? `Stopped following the deployment of ${outcome.service.name}. The deployment goes on in App Runner (operation ${outcome.operationId}); the explorer shows when it ends.`
          : `The deployment of ${outcome.service.name} is still running after 30 minutes. It goes on in App Runner (operation ${outcome.operationId}); the explorer shows when it ends.`,
      );
      void vscode.window.showInformationMessage(message);
      return { ...base, status: 'following-stopped', message };
    }
  }
}

async function failure(ctx: RunContext, e: unknown, source: DeploySource): Promise<DeployRunResult> {
  const { output } = ctx;
  if (e instanceof DeployCancelledError) {
    const left = e.leftInEcr.length ? ` In ECR: ${e.leftInEcr.join(', ')}.` : '';
    const message = notification(
      `Deploy cancelled during ${STEP_TEXT[e.during]}. Nothing was changed in App Runner; no process is left running.${left}`,
    );
    output.appendLine(message);
    void vscode.window.showInformationMessage(message);
    return { status: 'cancelled', message };
  }
  if (e instanceof PreflightError) {
    output.appendLine(`[preflight] ${e.message}`);
    const message = notification(e.message);
    const actions: Partial<Record<PreflightProblem, string>> = {
      untrusted: 'Manage Workspace Trust',
      docker: 'Open Settings',
      'service-missing': 'Choose Another Target',
    };
    const action = actions[e.problem];
    void vscode.window.showErrorMessage(message, ...(action ? [action] : []), 'Show Output').then((b) => {
      if (b === 'Manage Workspace Trust') {
        void vscode.commands.executeCommand('workbench.trust.manage');
      } else if (b === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'apprunner.docker.path');
      } else if (b === 'Choose Another Target') {
        void vscode.commands.executeCommand('apprunner.deployWorkspace');
      } else if (b === 'Show Output') {
        ctx.output.show(true);
      }
    });
    return { status: 'error', message, problem: e.problem };
  }
  if (e instanceof AwsCallError) {
    const info = await ctx.aws.showError(e.error, { action: e.action, region: e.region, doing: e.doing });
    return { status: 'error', message: info.message, problem: 'aws' };
  }
  if (e instanceof BuildFailedError) {
    const where =
      e.failure.line !== undefined
        ? ` at ${path.basename(source.dockerfile)} line ${e.failure.line}${e.failure.instruction ? ` (${forNotification(e.failure.instruction, 120)})` : ''}`
        : '';
    output.appendLine(`Docker build failed${where}: ${e.failure.message}`);
    const message = notification(
      `Docker build failed${where}: ${forNotification(e.failure.message)}. Nothing was pushed or changed in AWS.`,
    );
    void vscode.window.showErrorMessage(message, 'Open Dockerfile', 'Show Output').then(async (b) => {
      if (b === 'Open Dockerfile') {
        const line = Math.max(0, (e.failure.line ?? 1) - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(source.dockerfile), { selection: new vscode.Range(line, 0, line, 0) });
      } else if (b === 'Show Output') {
        ctx.output.show(true);
      }
    });
    return { status: 'error', message, problem: 'build' };
  }
  if (e instanceof ImagePlatformError) {
    const left = e.leftInEcr.length ? ` In ECR: ${e.leftInEcr.join(', ')}.` : '';
    output.appendLine(`${e.message}${left}`);
    // The Dockerfile's own text (the platform it pins) is in the message: neutralised like any file content.
    const message = notification(`${forNotification(e.message, 600)} App Runner was not changed.${forNotification(left)}`);
    void vscode.window.showErrorMessage(message, 'Open Dockerfile').then(async (b) => {
      if (b === 'Open Dockerfile') {
        const line = Math.max(0, (e.line ?? 1) - 1);
        await vscode.window.showTextDocument(vscode.Uri.file(source.dockerfile), { selection: new vscode.Range(line, 0, line, 0) });
      }
    });
    return { status: 'error', message, problem: 'platform' };
  }
  if (e instanceof DockerCommandError) {
    output.appendLine(e.message);
    const message = notification(`${forNotification(e.message)}. The service was not changed.`);
    void vscode.window.showErrorMessage(message, 'Show Output').then((b) => b && ctx.output.show(true));
    return { status: 'error', message, problem: 'docker' };
  }
  output.appendLine(`[error] ${(e as Error)?.stack ?? String(e)}`);
  const message = notification(`Deploy failed: ${forNotification((e as Error)?.message ?? String(e))}`);
  void vscode.window.showErrorMessage(message, 'Show Output').then((b) => b && ctx.output.show(true));
  return { status: 'error', message };
}

/** A whole notification message: names from AWS and paths in it are untrusted too (the raw text is in the output). */
function notification(message: string): string {
  return forNotification(message, LIMITS.notificationMessage);
}

const STEP_TEXT: Record<DeployStepId, string> = {
  build: 'the build',
  login: 'the ECR login',
  push: 'the push',
  update: 'the update',
  wait: 'the deployment',
  verify: 'the URL check',
};
