// What the deploy pipeline needs from the outside world, as small interfaces: Docker, ECR,
// App Runner, IAM, CloudWatch Logs, HTTP and time. The VS Code adapter and the benchmark
// plug in the real ones (src/deploy/awsPorts.ts, docker.ts); unit tests plug in fakes.
import type { BuildStep, PushProgress } from './dockerOutput';
import type { DockerEngine, RegistrySession } from './docker';
import type { NewServiceSettings } from './serviceSettings';

/** What the deploy needs to know about an App Runner service. */
export interface DeployService {
  arn: string;
  name: string;
  id: string;
  region: string;
  status: string;
  url?: string;
  /** 'image' for image-based services, 'code' for source-code services. */
  source: 'image' | 'code';
  imageIdentifier?: string;
  imageRepositoryType?: string;
  /** The port App Runner sends traffic and health checks to. */
  port: number;
  healthCheck: { protocol: string; path?: string };
  accessRoleArn?: string;
}

export interface RepositoryInfo {
  name: string;
  uri: string;
  registryId?: string;
}

export interface RegistryCredentials {
  username: string;
  password: string;
  expiresAt?: Date;
}

export interface OperationState {
  id: string;
  type?: string;
  status: string;
  /** Epoch milliseconds. */
  startedAt?: number;
  endedAt?: number;
}

export interface DockerPort {
  probe(signal?: AbortSignal): Promise<DockerEngine>;
  build(
    req: { context: string; dockerfile: string; tag: string; platform: string; signal?: AbortSignal; onStep?: (s: BuildStep) => void },
    dockerfileText: string | undefined,
  ): Promise<string>;
  login(host: string, username: string, password: string, signal?: AbortSignal): Promise<RegistrySession>;
  tag(source: string, target: string, signal?: AbortSignal): Promise<void>;
  push(ref: string, session: RegistrySession, onProgress?: (p: PushProgress) => void, signal?: AbortSignal): Promise<string | undefined>;
  repoDigests(imageId: string, signal?: AbortSignal): Promise<string[]>;
  /** `os/architecture` of a local image. */
  imagePlatform(imageId: string, signal?: AbortSignal): Promise<string>;
}

export interface EcrPort {
  findRepository(region: string, name: string): Promise<RepositoryInfo | undefined>;
  createRepository(region: string, name: string): Promise<RepositoryInfo>;
  credentials(region: string): Promise<RegistryCredentials>;
  /** Digest of the image with this tag, undefined when the tag does not exist. */
  imageDigest(region: string, repositoryName: string, tag: string): Promise<string | undefined>;
  /** The media type of the manifest the registry holds for this tag (undefined when it does not say). */
  imageManifestType(region: string, repositoryName: string, tag: string): Promise<string | undefined>;
}

export interface CreateServiceInput {
  settings: NewServiceSettings;
  imageIdentifier: string;
  accessRoleArn: string;
}

export interface AppRunnerPort {
  describe(region: string, arn: string): Promise<DeployService>;
  /** The service with this name in the region, if any. */
  findByName(region: string, name: string): Promise<DeployService | undefined>;
  /** UpdateService with a new image, everything else as it is; returns the operation id. */
  updateImage(service: DeployService, imageIdentifier: string): Promise<string>;
  startDeployment(service: DeployService): Promise<string>;
  create(region: string, input: CreateServiceInput): Promise<{ service: DeployService; operationId: string }>;
  operation(service: DeployService, operationId: string): Promise<OperationState | undefined>;
}

export interface IamPort {
  /** Creates the ECR access role (trust build.apprunner.amazonaws.com, managed policy); returns its ARN. */
  createEcrAccessRole(name: string): Promise<string>;
}

export interface LogsPort {
  /** The last `limit` messages of a log stream; none while it does not exist (yet). */
  lastLines(region: string, logGroupName: string, logStreamName: string, limit: number): Promise<string[]>;
  /** The last `limit` messages that instances started at or after `startMs` wrote until `endMs`; none while the group does not exist. */
  linesSince(region: string, logGroupName: string, startMs: number, endMs: number, limit: number): Promise<string[]>;
}

export interface HttpPort {
  /** One GET; resolves with the status and the start of the body, rejects on network errors. */
  get(url: string, timeoutMs: number, signal?: AbortSignal): Promise<{ status: number; body: string }>;
}

export interface DeployPorts {
  docker: DockerPort;
  ecr: EcrPort;
  appRunner: AppRunnerPort;
  iam: IamPort;
  logs: LogsPort;
  http: HttpPort;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  now(): number;
  /** Asked when the built image is the one already deployed: redeploy it anyway? */
  confirmForcedRedeploy(service: DeployService, imageIdentifier: string): Promise<boolean>;
}

export type DeployStepId = 'build' | 'login' | 'push' | 'update' | 'wait' | 'verify';

/** Where the pipeline tells the UI (notification, output channel, tree, tests) what happens. */
export interface DeployReporter {
  step(id: DeployStepId, title: string): void;
  /** A short status for the current step; `fraction` (0-1) of that step when known. */
  progress(message: string, fraction?: number): void;
  /** A line for the output channel. */
  log(line: string): void;
  /** An App Runner operation started on the service (the explorer shows it busy). */
  operationStarted?(service: DeployService, operationId: string, type: string): void;
}
