// The deploy pipeline as explicit steps:
//   1. docker build (linux/amd64, no provenance index) and a check that the image is linux/amd64
//   2. ECR: find or create the repository, get a token, log in (temporary Docker config)
//   3. tag with an immutable tag and push (the digest comes back); the registry must hold one image manifest
//   4. UpdateService / CreateService (StartDeployment for a forced redeploy of the same image),
//      retried while IAM has not yet propagated a new access role (never building or pushing again),
//      then follow the operation until it ends and check that the service URL answers
//   5. on failure or rollback, read the deployment's log stream and the app's output during the
//      deployment (application log group), waiting a bounded time for late lines, and name the cause
// Cancelling before step 4 leaves the service untouched (the child process is killed); after
// the update call App Runner carries on, and the outcome says so.
import { serviceBrowserUrl } from '../shared/serviceUrl';
import { analyzeDeploymentFailure, deploymentLogComplete, DeploymentLogs, FailureAnalysis } from './deploymentCause';
import type { ExposeInfo } from './dockerfile';
import { parseImageReference, registryHost } from './imageNames';
import { awsCall, AwsCallError } from '../aws/awsCall';
import { checkBuiltPlatform, checkPushedManifest } from './imagePlatform';
import { CancelledError } from './processes';
import type { DeployPorts, DeployReporter, DeployService, DeployStepId, OperationState, RepositoryInfo } from './ports';
import type { NewServiceSettings } from './serviceSettings';

export type DeployTarget = { kind: 'existing'; service: DeployService } | { kind: 'new'; settings: NewServiceSettings };

export interface DeployRequest {
  region: string;
  /** Absolute build context. */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
  dockerfileText: string;
  repositoryName: string;
  /** The immutable tag of this build. */
  tag: string;
  target: DeployTarget;
  exposed: ExposeInfo;
  platform?: string;
  /** How often the operation is read while it runs. */
  pollMs?: number;
  /** Give up following the operation after this long (App Runner goes on). */
  followTimeoutMs?: number;
  /** How long to wait for a failed deployment's last log lines to arrive (default 30 s). */
  logSettleTimeoutMs?: number;
  /** How long to wait for an access role this deploy created to become usable (default 2 minutes). */
  rolePropagationTimeoutMs?: number;
}

export interface UrlCheck {
  url: string;
  ok: boolean;
  status?: number;
  /** The start of the answer's body, or the network error. */
  detail: string;
}

export type DeployOutcome =
  | {
      kind: 'succeeded';
      service: DeployService;
      operationId: string;
      imageIdentifier: string;
      digest?: string;
      forced: boolean;
      urlCheck?: UrlCheck;
    }
  | {
      kind: 'failed';
      service: DeployService;
      operationId: string;
      operationStatus: string;
      imageIdentifier: string;
      /** The deployment stream's lines (App Runner's own). */
      logLines: string[];
      /** The app's own output during the deployment (application log group). */
      appLines: string[];
      /** Why the log could not be read, if it could not. */
      logError?: string;
      analysis: FailureAnalysis;
    }
  | { kind: 'unchanged'; service: DeployService; imageIdentifier: string }
  | { kind: 'following-stopped'; service: DeployService; operationId: string; reason: 'cancelled' | 'timeout' };

/** The image is not one App Runner can run (another platform, or an index); App Runner was not asked to change anything. */
export class ImagePlatformError extends Error {
  constructor(
    message: string,
    /** The Dockerfile line that pins another platform, if one does. */
    readonly line: number | undefined,
    /** What exists in ECR because of this run. */
    readonly leftInEcr: string[],
  ) {
    super(message);
    this.name = 'ImagePlatformError';
  }
}

/** Cancelled before App Runner was asked to change anything. */
export class DeployCancelledError extends CancelledError {
  constructor(
    readonly during: DeployStepId,
    /** What exists in ECR because of this run (a repository created, an image pushed). */
    readonly leftInEcr: string[],
  ) {
    super(`Deploy cancelled during ${during}`);
    this.name = 'DeployCancelledError';
  }
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED']);

export async function runDeploy(
  req: DeployRequest,
  ports: DeployPorts,
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<DeployOutcome> {
  const region = req.region;
  const leftInEcr: string[] = [];
  let current: DeployStepId = 'build';
  const step = (id: DeployStepId, title: string): void => {
    current = id;
    reporter.step(id, title);
  };
  const checkCancelled = (): void => {
    if (signal.aborted) {
      throw new DeployCancelledError(current, leftInEcr);
    }
  };
  try {
    // 1. Build
    step('build', 'Building the image');
    const localTag = `apprunner-deploy/${req.repositoryName}:${req.tag}`;
    const imageId = await ports.docker.build(
      {
        context: req.context,
        dockerfile: req.dockerfile,
        tag: localTag,
        platform: req.platform ?? 'linux/amd64',
        signal,
        onStep: (s) =>
          reporter.progress(`Step ${s.index}/${s.total}: ${s.instruction}`, s.total ? Math.min(1, (s.index - 1) / s.total) : undefined),
      },
      req.dockerfileText,
    );
    reporter.log(`Built ${imageId} (${localTag})`);
    checkCancelled();
    const platform = await ports.docker.imagePlatform(imageId, signal);
    const wrongPlatform = checkBuiltPlatform(platform, req.dockerfileText);
    if (wrongPlatform) {
      throw new ImagePlatformError(`${wrongPlatform.message} Nothing was pushed.`, wrongPlatform.line, leftInEcr);
    }

    // 2. ECR repository; a forced redeploy is offered when this exact image already runs.
    step('login', 'Logging in to Amazon ECR');
    let repository = await awsCall('ecr:DescribeRepositories', `find the ECR repository ${req.repositoryName}`, region, () =>
      ports.ecr.findRepository(region, req.repositoryName),
    );
    checkCancelled();
    if (repository && req.target.kind === 'existing') {
      const service = req.target.service;
      const deployed = await deployedImageMatches(req, ports, repository, service, imageId, reporter);
      if (deployed) {
        reporter.log(`The built image is the one ${service.name} already runs (${deployed}).`);
        if (!(await ports.confirmForcedRedeploy(service, deployed))) {
          return { kind: 'unchanged', service, imageIdentifier: deployed };
        }
        checkCancelled();
        step('update', `Redeploying ${service.name}`);
        const operationId = await awsCall('apprunner:StartDeployment', `start a deployment of ${service.name}`, region, () =>
          ports.appRunner.startDeployment(service),
        );
        reporter.operationStarted?.(service, operationId, 'START_DEPLOYMENT');
        return await follow(req, ports, reporter, signal, service, operationId, deployed, undefined, true);
      }
    }
    if (!repository) {
      repository = await awsCall('ecr:CreateRepository', `create the ECR repository ${req.repositoryName}`, region, () =>
        ports.ecr.createRepository(region, req.repositoryName),
      );
      leftInEcr.push(`repository ${repository.name}`);
      reporter.log(`Created ECR repository ${repository.uri}`);
    }
    const repo = repository;
    const credentials = await awsCall('ecr:GetAuthorizationToken', 'get an ECR login token', region, () => ports.ecr.credentials(region));
    checkCancelled();
    const host = registryHost(repo.uri);
    reporter.progress(`Logging in to ${host}`);
    const session = await ports.docker.login(host, credentials.username, credentials.password, signal);
    let digest: string | undefined;
    const imageIdentifier = `${repo.uri}:${req.tag}`;
    try {
      // 3. Tag and push
      step('push', `Pushing ${req.tag}`);
      await ports.docker.tag(imageId, imageIdentifier, signal);
      digest = await ports.docker.push(
        imageIdentifier,
        session,
        (p) =>
          reporter.progress(`${p.layersDone}/${p.layersTotal} layers pushed`, p.layersTotal ? p.layersDone / p.layersTotal : undefined),
        signal,
      );
    } finally {
      await session.dispose();
    }
    leftInEcr.push(`image ${imageIdentifier}`);
    reporter.log(`Pushed ${imageIdentifier}${digest ? ` (${digest})` : ''}`);
    const mediaType = await awsCall('ecr:DescribeImages', `check the pushed image ${imageIdentifier}`, region, () =>
      ports.ecr.imageManifestType(region, repo.name, req.tag),
    );
    const notOneImage = checkPushedManifest(mediaType, imageIdentifier);
    if (notOneImage) {
      throw new ImagePlatformError(notOneImage.message, undefined, leftInEcr);
    }
    reporter.log(`The registry holds one ${platform} image manifest (${mediaType ?? 'media type not given'}).`);
    checkCancelled();

    // 4. Update (or create) the service. From here on App Runner owns the change.
    if (req.target.kind === 'existing') {
      const service = req.target.service;
      step('update', `Updating ${service.name}`);
      const operationId = await untilRoleUsable(ports, reporter, signal, EXISTING_ROLE_WAIT_MS, () =>
        awsCall('apprunner:UpdateService', `update ${service.name} with the new image`, region, () =>
          ports.appRunner.updateImage(service, imageIdentifier),
        ),
      );
      reporter.operationStarted?.(service, operationId, 'UPDATE_SERVICE');
      return await follow(req, ports, reporter, signal, service, operationId, imageIdentifier, digest, false);
    }
    const settings = req.target.settings;
    step('update', `Creating ${settings.name}`);
    let accessRoleArn: string;
    let roleWaitMs = EXISTING_ROLE_WAIT_MS;
    if (settings.accessRole.kind === 'existing') {
      accessRoleArn = settings.accessRole.arn;
    } else {
      roleWaitMs = req.rolePropagationTimeoutMs ?? NEW_ROLE_WAIT_MS;
      const roleName = settings.accessRole.name;
      accessRoleArn = await awsCall('iam:CreateRole', `create the ECR access role ${roleName}`, region, () =>
        ports.iam.createEcrAccessRole(roleName),
      );
      reporter.log(`Created IAM role ${accessRoleArn}`);
    }
    const created = await untilRoleUsable(ports, reporter, signal, roleWaitMs, () =>
      awsCall('apprunner:CreateService', `create the service ${settings.name}`, region, () =>
        ports.appRunner.create(region, { settings, imageIdentifier, accessRoleArn }),
      ),
    );
    reporter.operationStarted?.(created.service, created.operationId, 'CREATE_SERVICE');
    return await follow(req, ports, reporter, signal, created.service, created.operationId, imageIdentifier, digest, false);
  } catch (e) {
    if (e instanceof CancelledError && !(e instanceof DeployCancelledError)) {
      throw new DeployCancelledError(current, leftInEcr);
    }
    throw e;
  }
}

/** App Runner's answer while IAM has not propagated an access role yet (InvalidRequestException). */
const ROLE_NOT_ASSUMABLE = /Error in assuming access role/i;
/** IAM usually propagates within seconds; reports show up to a minute or so. */
const NEW_ROLE_WAIT_MS = 120_000;
/** A role made elsewhere moments ago can still be propagating; an old one that fails has a real problem. */
const EXISTING_ROLE_WAIT_MS = 30_000;
const ROLE_RETRY_FIRST_MS = 2000;
const ROLE_RETRY_MAX_MS = 10_000;

export function isRoleNotAssumable(e: unknown): boolean {
  const error = e instanceof AwsCallError ? e.error : e;
  return ROLE_NOT_ASSUMABLE.test((error as Error)?.message ?? '');
}

/**
 * Runs `call` again, with backoff, while App Runner cannot assume the access role yet, for at most
 * `boundMs`; then the last error stands. Only the API call repeats: nothing is built or pushed again.
 */
async function untilRoleUsable<T>(
  ports: DeployPorts,
  reporter: DeployReporter,
  signal: AbortSignal,
  boundMs: number,
  call: () => Promise<T>,
): Promise<T> {
  const started = ports.now();
  let waitMs = ROLE_RETRY_FIRST_MS;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      const waited = ports.now() - started;
      if (!isRoleNotAssumable(e)) {
        throw e;
      }
      if (waited + waitMs > boundMs) {
        const why = `App Runner still could not use the access role after ${Math.round(waited / 1000)} s. Check that its trust policy allows build.apprunner.amazonaws.com and that it has the AWSAppRunnerServicePolicyForECRAccess policy`;
        throw e instanceof AwsCallError ? new AwsCallError(e.error, e.action, `${e.doing} (${why})`, e.region) : e;
      }
      if (waited === 0) {
        reporter.log(
          `${(e as Error).message}: IAM has not propagated the role yet; trying again for up to ${Math.round(boundMs / 1000)} s.`,
        );
      }
      reporter.progress(`waiting for the new IAM role to become usable (${Math.round(waited / 1000)} s)`);
      await ports.sleep(waitMs, signal);
      waitMs = Math.min(waitMs * 2, ROLE_RETRY_MAX_MS);
    }
  }
}

/**
 * The identifier of what the service runs, when it is this very image: same repository, and the
 * digest the registry holds for the deployed tag is one this local image was pushed as.
 */
async function deployedImageMatches(
  req: DeployRequest,
  ports: DeployPorts,
  repository: RepositoryInfo,
  service: DeployService,
  imageId: string,
  reporter: DeployReporter,
): Promise<string | undefined> {
  const current = service.imageIdentifier;
  if (!current || service.status !== 'RUNNING') {
    return undefined;
  }
  const ref = parseImageReference(current);
  if (ref.repository !== repository.uri) {
    return undefined;
  }
  const digest =
    ref.digest ??
    (ref.tag
      ? await awsCall('ecr:DescribeImages', `read the deployed image ${current}`, req.region, () =>
          ports.ecr.imageDigest(req.region, repository.name, ref.tag!),
        )
      : undefined);
  if (!digest) {
    return undefined;
  }
  const local = await ports.docker.repoDigests(imageId);
  reporter.log(`Deployed digest ${digest}; this image is known as ${local.length ? local.join(', ') : 'nothing in any registry yet'}`);
  return local.includes(`${repository.uri}@${digest}`) ? current : undefined;
}

async function follow(
  req: DeployRequest,
  ports: DeployPorts,
  reporter: DeployReporter,
  signal: AbortSignal,
  service: DeployService,
  operationId: string,
  imageIdentifier: string,
  digest: string | undefined,
  forced: boolean,
): Promise<DeployOutcome> {
  reporter.step('wait', `Deploying ${service.name} in App Runner`);
  reporter.log(`App Runner operation ${operationId} started`);
  const started = ports.now();
  const timeout = req.followTimeoutMs ?? 30 * 60_000;
  const pollMs = req.pollMs ?? 2000;
  let status = 'PENDING';
  let operation: OperationState | undefined;
  while (!TERMINAL.has(status)) {
    if (signal.aborted) {
      return { kind: 'following-stopped', service, operationId, reason: 'cancelled' };
    }
    if (ports.now() - started > timeout) {
      return { kind: 'following-stopped', service, operationId, reason: 'timeout' };
    }
    try {
      await ports.sleep(pollMs, signal);
    } catch (e) {
      if (e instanceof CancelledError) {
        return { kind: 'following-stopped', service, operationId, reason: 'cancelled' };
      }
      throw e;
    }
    const op = await awsCall('apprunner:ListOperations', `follow the deployment of ${service.name}`, req.region, () =>
      ports.appRunner.operation(service, operationId),
    );
    operation = op ?? operation;
    if (op && op.status !== status) {
      status = op.status;
      reporter.log(`Operation ${operationId}: ${status}`);
    }
    reporter.progress(`${status.replace(/_/g, ' ').toLowerCase()} (${Math.round((ports.now() - started) / 1000)} s)`);
  }
  const after = await awsCall('apprunner:DescribeService', `read ${service.name}`, req.region, () =>
    ports.appRunner.describe(req.region, service.arn),
  );
  if (status === 'SUCCEEDED') {
    reporter.step('verify', 'Checking the service URL');
    const urlCheck = after.url ? await checkUrl(ports, after.url, signal) : undefined;
    if (urlCheck) {
      reporter.log(`${urlCheck.url} → ${urlCheck.ok ? `HTTP ${urlCheck.status}` : 'no answer'}: ${urlCheck.detail}`);
    }
    return { kind: 'succeeded', service: after, operationId, imageIdentifier, digest, forced, urlCheck };
  }
  // 5. Why it failed: App Runner's lines in the deployment's stream, the app's own in the application group.
  reporter.progress('reading the deployment logs');
  const { logs, logError } = await readFailedDeploymentLogs(req, ports, signal, after, operationId, operation, started);
  if (logError) {
    reporter.log(logError);
  }
  const analysis = analyzeDeploymentFailure(logs, {
    servicePort: after.port,
    exposedPorts: req.exposed.ports.filter((p) => p.protocol === 'tcp').map((p) => p.from),
    healthCheck: after.healthCheck,
  });
  return {
    kind: 'failed',
    service: after,
    operationId,
    operationStatus: status,
    imageIdentifier,
    logLines: logs.platform,
    appLines: logs.app,
    logError,
    analysis,
  };
}

const LOG_SETTLE_POLL_MS = 2000;
/** Output written this long after the operation ended still counts (the failed instance is stopped then). */
const APP_OUTPUT_GRACE_MS = 10_000;

/**
 * CloudWatch Logs makes lines readable some seconds after they were written, so the last lines of a
 * failed deployment can arrive after the operation ended. Reads until App Runner's closing line is
 * there and nothing new came since the read before, for at most `logSettleTimeoutMs`.
 */
async function readFailedDeploymentLogs(
  req: DeployRequest,
  ports: DeployPorts,
  signal: AbortSignal,
  service: DeployService,
  operationId: string,
  operation: OperationState | undefined,
  followedSince: number,
): Promise<{ logs: DeploymentLogs; logError?: string }> {
  const prefix = `/aws/apprunner/${service.name}/${service.id}`;
  const stream = `deployment/${operationId}`;
  const startMs = operation?.startedAt ?? followedSince;
  const deadline = ports.now() + (req.logSettleTimeoutMs ?? 30_000);
  let logs: DeploymentLogs = { platform: [], app: [] };
  let previous = '';
  for (;;) {
    try {
      const endMs = (operation?.endedAt ?? ports.now()) + APP_OUTPUT_GRACE_MS;
      logs = {
        platform: await ports.logs.lastLines(req.region, `${prefix}/service`, stream, 50),
        app: await ports.logs.linesSince(req.region, `${prefix}/application`, startMs, endMs, 50),
      };
    } catch (e) {
      return { logs, logError: `Could not read the logs of ${prefix}/ (${stream}): ${(e as Error).message}` };
    }
    const seen = `${logs.platform.length}/${logs.app.length}`;
    if ((deploymentLogComplete(logs.platform) && seen === previous) || ports.now() + LOG_SETTLE_POLL_MS > deadline) {
      return { logs };
    }
    previous = seen;
    try {
      await ports.sleep(LOG_SETTLE_POLL_MS, signal);
    } catch {
      return { logs }; // cancelled: what was read is what there is
    }
  }
}

/** Any HTTP answer counts as "the service answers"; a few tries cover a slow first request. */
async function checkUrl(ports: DeployPorts, host: string, signal: AbortSignal): Promise<UrlCheck> {
  const url = serviceBrowserUrl(host)!;
  let detail = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const answer = await ports.http.get(url, 5000, signal);
      return { url, ok: answer.status < 500, status: answer.status, detail: answer.body.slice(0, 200) };
    } catch (e) {
      detail = (e as Error).message;
      const retry =
        !signal.aborted &&
        (await ports.sleep(1000, signal).then(
          () => true,
          () => false,
        ));
      if (!retry) {
        break; // cancelled: the deployment itself already succeeded
      }
    }
  }
  return { url, ok: false, detail };
}
