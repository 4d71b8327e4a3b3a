// Everything checked before anything is built: the workspace is trusted (a build runs its
// code), the Dockerfile exists, Docker runs and its engine answers, the AWS credentials work,
// the target service exists and is not busy (or the new name is free), and the Dockerfile's
// EXPOSE matches the service port. The first blocking problem stops the deploy with a message
// that says what to do; port doubts become warnings in the confirmation.
import { accountOfArn, serviceNameOfArn } from '../aws/arn';
import { awsCall, AwsCallError } from '../aws/awsCall';
import { classifyAwsError } from '../aws/errors';
import { isAllowed } from '../catalog/status';
import { checkPort, ExposeInfo, exposedPorts, PortCheck } from './dockerfile';
import type { DockerEngine } from './docker';
import type { AppRunnerPort, DeployService, DockerPort } from './ports';
import type { NewServiceSettings } from './serviceSettings';

export type PreflightProblem =
  'untrusted' | 'no-dockerfile' | 'docker' | 'service-missing' | 'service-busy' | 'service-state' | 'code-service' | 'name-taken';

/** A reason not to start; `message` says what happened and what to do. */
export class PreflightError extends Error {
  constructor(
    readonly problem: PreflightProblem,
    message: string,
  ) {
    super(message);
    this.name = 'PreflightError';
  }
}

export type PreflightTarget = { kind: 'existing'; arn: string } | { kind: 'new'; settings: NewServiceSettings };

export interface PreflightInput {
  region: string;
  target: PreflightTarget;
  /** Text of the Dockerfile; undefined when it does not exist. */
  dockerfileText: string | undefined;
  /** The Dockerfile's path as shown to the user. */
  dockerfileLabel: string;
  trusted: boolean;
  /** For a new service: the account as the wizard saw it (ARNs of roles or services of this profile). */
  accountHint?: string;
  signal?: AbortSignal;
}

export interface PreflightResult {
  engine: DockerEngine;
  /** The existing service (undefined for a new one). */
  service?: DeployService;
  port: number;
  exposed: ExposeInfo;
  portCheck: PortCheck;
  /** The AWS account deployed to, when it can be told without extra calls. */
  account?: string;
  warnings: string[];
}

export async function preflight(input: PreflightInput, ports: { docker: DockerPort; appRunner: AppRunnerPort }): Promise<PreflightResult> {
  if (!input.trusted) {
    throw new PreflightError(
      'untrusted',
      'Deploying builds the workspace with Docker, which runs code from it. Trust this workspace first (Manage Workspace Trust), then deploy again.',
    );
  }
  if (input.dockerfileText === undefined) {
    throw new PreflightError(
      'no-dockerfile',
      `There is no Dockerfile at ${input.dockerfileLabel}. Add one (App Runner runs the image it builds), or pick another folder.`,
    );
  }
  let engine: DockerEngine;
  try {
    engine = await ports.docker.probe(input.signal);
  } catch (e) {
    if ((e as Error).name === 'DockerUnavailableError') {
      throw new PreflightError('docker', (e as Error).message);
    }
    throw e;
  }
  const exposed = exposedPorts(input.dockerfileText);
  let service: DeployService | undefined;
  let port: number;
  let account: string | undefined;
  if (input.target.kind === 'existing') {
    const arn = input.target.arn;
    service = await awsCall('apprunner:DescribeService', 'read the target service', input.region, () =>
      ports.appRunner.describe(input.region, arn),
    ).catch((e: AwsCallError) => {
      if (classifyAwsError(e.error) === 'not-found') {
        throw new PreflightError(
          'service-missing',
          `The service ${serviceNameOfArn(arn)} no longer exists in ${input.region}. Choose another target (Deploy Workspace… → New target).`,
        );
      }
      throw e;
    });
    checkServiceState(service);
    port = service.port;
    account = accountOfArn(service.arn);
  } else {
    const settings = input.target.settings;
    const taken = await awsCall('apprunner:ListServices', 'check the new service name', input.region, () =>
      ports.appRunner.findByName(input.region, settings.name),
    );
    if (taken) {
      throw new PreflightError(
        'name-taken',
        `A service named ${settings.name} already exists in ${input.region}. Choose another name, or deploy to that service.`,
      );
    }
    port = settings.port;
    account = (settings.accessRole.kind === 'existing' ? accountOfArn(settings.accessRole.arn) : undefined) ?? input.accountHint;
  }
  const portCheck = checkPort(exposed, port);
  return { engine, service, port, exposed, portCheck, account, warnings: portCheck.kind === 'match' ? [] : [portCheck.message] };
}

function checkServiceState(service: DeployService): void {
  if (service.source === 'code') {
    throw new PreflightError(
      'code-service',
      `${service.name} is built by App Runner from source code; it cannot run an image pushed from here. Deploy to an image-based service, or create one (Deploy Workspace… → Create new service…).`,
    );
  }
  if (!service.accessRoleArn) {
    throw new PreflightError(
      'service-state',
      `${service.name} has no ECR access role (it pulls from ${service.imageRepositoryType === 'ECR_PUBLIC' ? 'ECR Public' : 'a registry that needs none'}), so App Runner could not pull an image pushed to your private ECR repository. Create a new service for this workspace instead (Deploy Workspace… → Create new service…).`,
    );
  }
  if (service.status === 'OPERATION_IN_PROGRESS') {
    throw new PreflightError(
      'service-busy',
      `${service.name} is busy with another operation. Wait until it ends (the explorer shows it), then deploy again.`,
    );
  }
  if (!isAllowed(service.status, 'deploy')) {
    const hint = service.status === 'PAUSED' ? ' Resume it first.' : '';
    throw new PreflightError(
      'service-state',
      `${service.name} is ${service.status}; App Runner deploys only to running services (or fixes failed creations).${hint}`,
    );
  }
}
