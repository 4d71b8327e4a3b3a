// The real implementations of the pipeline's ports: the AWS session's APIs (reached only
// through the lazily loaded session, never by importing the SDK here), fetch and timers.
// Shared by the VS Code adapter and the benchmark.
import type { AwsSession } from '../aws/sdk';
import type { Service } from '../aws/types';
import { CancelledError } from './processes';
import { systemClock } from '../shared/clock';
import type { AppRunnerPort, DeployPorts, DeployService, DockerPort, EcrPort, HttpPort, IamPort, LogsPort } from './ports';
import { ECR_ACCESS_POLICY_ARN, ecrAccessTrustPolicy } from './serviceSettings';

function toDeployService(s: Service, region: string): DeployService {
  const image = s.SourceConfiguration?.ImageRepository;
  const code = s.SourceConfiguration?.CodeRepository;
  const port = image?.ImageConfiguration?.Port ?? code?.CodeConfiguration?.CodeConfigurationValues?.Port ?? '8080';
  return {
    arn: s.ServiceArn ?? '',
    name: s.ServiceName ?? '',
    id: s.ServiceId ?? '',
    region,
    status: s.Status ?? 'UNKNOWN',
    url: s.ServiceUrl,
    source: image ? 'image' : 'code',
    imageIdentifier: image?.ImageIdentifier,
    imageRepositoryType: image?.ImageRepositoryType,
    port: Number(port) || 8080,
    healthCheck: { protocol: s.HealthCheckConfiguration?.Protocol ?? 'TCP', path: s.HealthCheckConfiguration?.Path },
    accessRoleArn: s.SourceConfiguration?.AuthenticationConfiguration?.AccessRoleArn,
  };
}

/** Upper bound on ListServices pages when looking a name up (20 services a page). */
const MAX_SERVICE_PAGES = 50;

export function appRunnerPort(session: AwsSession): AppRunnerPort {
  const api = session.appRunner;
  return {
    describe: async (region, arn) => toDeployService(await api.describeService(region, arn), region),
    async findByName(region, name) {
      let token: string | undefined;
      for (let page = 0; page < MAX_SERVICE_PAGES; page++) {
        const out = await api.listServicesPage(region, token);
        const hit = out.services.find((s) => s.ServiceName === name && s.Status !== 'DELETED');
        if (hit?.ServiceArn) {
          return toDeployService(await api.describeService(region, hit.ServiceArn), region);
        }
        token = out.nextToken;
        if (!token) {
          break;
        }
      }
      return undefined;
    },
    async updateImage(service, imageIdentifier) {
      // UpdateService replaces the source configuration: keep everything but the image.
      const current = await api.describeService(service.region, service.arn);
      const source = current.SourceConfiguration;
      const out = await api.updateService(service.region, {
        ServiceArn: service.arn,
        SourceConfiguration: {
          ImageRepository: { ...source?.ImageRepository, ImageIdentifier: imageIdentifier, ImageRepositoryType: 'ECR' },
          AutoDeploymentsEnabled: source?.AutoDeploymentsEnabled,
          AuthenticationConfiguration: source?.AuthenticationConfiguration,
        },
      });
      return requireOperation(out.operationId, 'UpdateService');
    },
    async startDeployment(service) {
      return requireOperation(await api.startDeployment(service.region, service.arn), 'StartDeployment');
    },
    async create(region, { settings, imageIdentifier, accessRoleArn }) {
      const env = Object.keys(settings.env).length ? settings.env : undefined;
      const out = await api.createService(region, {
        ServiceName: settings.name,
        SourceConfiguration: {
          ImageRepository: {
            ImageIdentifier: imageIdentifier,
            ImageRepositoryType: 'ECR',
            ImageConfiguration: { Port: String(settings.port), RuntimeEnvironmentVariables: env },
          },
          AutoDeploymentsEnabled: settings.autoDeployments,
          AuthenticationConfiguration: { AccessRoleArn: accessRoleArn },
        },
        InstanceConfiguration: { Cpu: settings.size.cpu, Memory: settings.size.memory },
        HealthCheckConfiguration: settings.healthCheckPath ? { Protocol: 'HTTP', Path: settings.healthCheckPath } : { Protocol: 'TCP' },
      });
      if (!out.service) {
        throw new Error(`CreateService returned no service for ${settings.name}`);
      }
      return { service: toDeployService(out.service, region), operationId: requireOperation(out.operationId, 'CreateService') };
    },
    async operation(service, operationId) {
      const ops = await api.listOperations(service.region, service.arn, 20);
      const op = ops.find((o) => o.Id === operationId);
      return op
        ? {
            id: operationId,
            type: op.Type,
            status: op.Status ?? 'PENDING',
            startedAt: op.StartedAt?.getTime(),
            endedAt: op.EndedAt?.getTime(),
          }
        : undefined;
    },
  };
}

function requireOperation(id: string | undefined, call: string): string {
  if (!id) {
    throw new Error(`${call} returned no OperationId`);
  }
  return id;
}

function ecrPort(session: AwsSession): EcrPort {
  return {
    findRepository: (region, name) => session.ecr.findRepository(region, name),
    createRepository: (region, name) => session.ecr.createRepository(region, name),
    credentials: (region) => session.ecr.login(region),
    imageDigest: (region, repositoryName, tag) => session.ecr.imageDigest(region, repositoryName, tag),
    imageManifestType: (region, repositoryName, tag) => session.ecr.imageManifestMediaType(region, repositoryName, tag),
  };
}

function iamPort(session: AwsSession, region: string): IamPort {
  return {
    createEcrAccessRole: (name) =>
      session.iam.createRoleWithPolicy(
        region,
        name,
        ecrAccessTrustPolicy(),
        ECR_ACCESS_POLICY_ARN,
        'Lets AWS App Runner pull images from Amazon ECR',
      ),
  };
}

function logsPort(session: AwsSession): LogsPort {
  return {
    lastLines: (region, group, stream, limit) => session.deployLogs.lastLines(region, group, stream, limit),
    linesSince: (region, group, startMs, endMs, limit) => session.deployLogs.linesSince(region, group, startMs, endMs, limit),
  };
}

const httpPort: HttpPort = {
  async get(url, timeoutMs, signal) {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'manual' });
    const body = await response.text();
    return { status: response.status, body };
  },
};

/** Waits `ms`; rejects with CancelledError as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return systemClock.sleep(ms, signal).catch((err: unknown) => {
    throw signal?.aborted ? new CancelledError() : err;
  });
}

export function createDeployPorts(opts: {
  session: AwsSession;
  region: string;
  docker: DockerPort;
  confirmForcedRedeploy: DeployPorts['confirmForcedRedeploy'];
}): DeployPorts {
  return {
    docker: opts.docker,
    ecr: ecrPort(opts.session),
    appRunner: appRunnerPort(opts.session),
    iam: iamPort(opts.session, opts.region),
    logs: logsPort(opts.session),
    http: httpPort,
    sleep,
    now: () => Date.now(),
    confirmForcedRedeploy: opts.confirmForcedRedeploy,
  };
}
