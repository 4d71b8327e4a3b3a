// Contracts shared by the emulator's server and its service modules (App Runner, ECR,
// CloudWatch Logs, CloudWatch). Each service module is plain TypeScript; the server routes
// requests to it by X-Amz-Target prefix and turns ServiceError into the wire error shape
// of the module's protocol.
import type { IncomingHttpHeaders, ServerResponse } from 'http';

/** awsQuery (IAM): form-encoded parameters in, XML out; the operation is the Action parameter. */
export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'awsQuery';

export interface RequestContext {
  /** 12-digit account, derived from the access key id (see server.ts accountFor). */
  account: string;
  /** Region from the SigV4 credential scope. */
  region: string;
  operation: string;
  headers: IncomingHttpHeaders;
  /** Epoch milliseconds on the emulator's clock (tests may shift it). */
  now: number;
}

/** A normal JSON answer, an XML one (awsQuery), or a streaming one (StartLiveTail writes an event stream). */
export type HandlerResult =
  { body: unknown } | { xml: string } | { stream: (res: ServerResponse, onClose: (fn: () => void) => void) => void };

export interface ServiceModule {
  /** Short name used by the control API and fault injection: 'apprunner', 'ecr', 'logs', 'monitoring'. */
  name: string;
  /** X-Amz-Target prefix including the dot, e.g. 'AppRunner.' */
  targetPrefix: string;
  /** SigV4 signing name, for requests without X-Amz-Target. */
  signingName: string;
  protocol: Protocol;
  handle(input: any, ctx: RequestContext): Promise<HandlerResult> | HandlerResult;
  /** Drops all state (control API: POST /_emulator/reset). */
  reset(): void;
  /** Loads the module's part of a seed file (the seed's key equal to `name`). */
  seed?(data: unknown, now: number): void;
  /**
   * Module-specific control routes under /_emulator/<name>/<path> (e.g. the log load generator).
   * Returns undefined when the path is not one of the module's.
   */
  control?(path: string, body: any, now: number): Promise<unknown> | unknown;
  /** The emulator's clock was moved (POST /_emulator/clock): whatever waits on it may be due now. */
  clockChanged?(now: number): void;
}

/** A modeled AWS error. The server writes it with the given HTTP status. */
export class ServiceError extends Error {
  constructor(
    public readonly code: string,
    message: string,
    public readonly status = 400,
    /** awsQuery-compatible error code for CloudWatch (x-amzn-query-error), e.g. 'InvalidParameterValue'. */
    public readonly queryCode?: string,
  ) {
    super(message);
  }
}

/** Fault injected on matching requests (control API: POST /_emulator/faults). */
export interface Fault {
  /** Service name ('apprunner', ...) or '*' */
  service: string;
  /** Operation name or '*' */
  operation: string;
  kind: 'throttle' | 'error500' | 'latency' | 'reset' | 'error' | 'rewrite';
  /**
   * For 'latency': milliseconds on the emulator's clock to wait before answering normally (moving the
   * clock forward with POST /_emulator/clock answers sooner).
   */
  latencyMs?: number;
  /** For 'error': the error code and status to answer with. */
  code?: string;
  status?: number;
  message?: string;
  /**
   * For 'rewrite' (an endpoint that shapes its answers, e.g. hostile text in names): every `from` in
   * a string value of a matching JSON answer becomes `to`; lasts until the faults are cleared.
   */
  from?: string;
  to?: string;
  /** How many matching requests to affect; omitted = until cleared. */
  times?: number;
}

/** What a deployment of an image-based service needs to know (see Deployer). */
export interface DeploymentRequest {
  account: string;
  region: string;
  serviceName: string;
  serviceId: string;
  operationId: string;
  imageIdentifier: string;
  port: string;
  env: Record<string, string>;
  healthCheck: { protocol: 'TCP' | 'HTTP'; path: string };
}

export interface DeploymentResult {
  ok: boolean;
  /** Where the running app answers, e.g. '127.0.0.1:41234' (becomes the ServiceUrl). */
  url?: string;
  reason?: string;
}

/**
 * Runs deployments for the App Runner module. The default one (no Docker) just waits the
 * configured operation delay; the Docker one pulls the image from the local registry and runs it.
 */
export interface Deployer {
  deploy(req: DeploymentRequest, log: (line: string) => void): Promise<DeploymentResult>;
  /** Stops what deploy() started for a service (pause, delete, replaced deployment). */
  stop(account: string, region: string, serviceId: string): Promise<void>;
}
