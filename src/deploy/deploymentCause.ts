// Names the likely cause of a failed deployment, with a next step, from what App Runner logs:
// the `[AppRunner]` platform lines of the deployment's stream (`deployment/<operation-id>` in the
// service log group), which name the configured port, and the app's own output during the
// deployment (the application log group; the app's output never goes to the deployment stream).
// App Runner's wording is matched loosely, because it has changed over time and differs between
// failure paths.

export type FailureCause = 'port-mismatch' | 'health-check' | 'image-pull' | 'image-platform' | 'out-of-memory' | 'app-exited' | 'unknown';

export interface FailureAnalysis {
  cause: FailureCause;
  /** One sentence: what most likely went wrong. */
  summary: string;
  /** What to do about it. */
  nextStep: string;
  /** The log line the cause was read from, if any. */
  evidence?: string;
}

export interface DeploymentLogs {
  /** The deployment stream's lines, oldest first. */
  platform: string[];
  /** The app's output during the deployment (application log group), oldest first. */
  app: string[];
}

export interface FailureContext {
  /** The port App Runner sends traffic and health checks to. */
  servicePort: number;
  /** TCP ports the Dockerfile EXPOSEs (empty when unknown or none). */
  exposedPorts: number[];
  healthCheck?: { protocol: string; path?: string };
}

const PLATFORM = /exec format error|linux\/amd64 (?:images )?only|(?:architecture|platform)\b.*\b(?:not supported|arm64|aarch64)/i;
const PULL =
  /failed to pull|pull access denied|unauthorized|access denied|\bdenied\b|manifest unknown|not found: manifest|image.*not found|access role|no basic auth credentials/i;
const ACCESS_ROLE = /access role|unauthorized|access denied|\bdenied\b|no basic auth credentials/i;
const OUT_OF_MEMORY_PLATFORM = /out of memory|\bOOM|exit code:? 137\b/i;
const OUT_OF_MEMORY_APP = /out of memory|heap limit|OOMKilled|MemoryError|cannot allocate memory|std::bad_alloc/i;
const EXITED = /stopped or failed to start|exit(?:ed)? (?:with )?(?:code|status)[: ]*\d+|container exit code|exited unexpectedly|crash/i;
const EXIT_CODE = /exit code:? (\d+)/i;
const HEALTH = /health check (?:failed|timed out|was unsuccessful)|failed (?:the )?health check/i;
/** "listening on port 3000", "Listening on :3000", "server started at http://0.0.0.0:3000" (not "not listening…"). */
const LISTENING = /(?<!not )listen(?:ing)?\b[^\d]{0,40}?(?::|port\s*)(\d{2,5})\b|started (?:at|on) \S*:(\d{2,5})\b/i;
/** The platform naming the PORT it gave the app (App Runner sets PORT to the service port; the emulator says so). */
const PORT_GIVEN = /\bPORT=(\d{2,5})\b/;

export function analyzeDeploymentFailure(logs: DeploymentLogs, ctx: FailureContext): FailureAnalysis {
  const platform = (re: RegExp): string | undefined => logs.platform.find((l) => re.test(l));
  const wrongPlatform = platform(PLATFORM);
  if (wrongPlatform) {
    return {
      cause: 'image-platform',
      summary: 'App Runner could not start the image for its architecture: it runs linux/amd64 images only.',
      nextStep:
        'Build the image for amd64 (docker build --platform linux/amd64 …; remove any --platform=linux/arm64 from the FROM lines) and deploy again.',
      evidence: wrongPlatform,
    };
  }
  const pull = platform(PULL);
  if (pull) {
    return {
      cause: 'image-pull',
      summary: 'App Runner could not pull the image from ECR.',
      nextStep: ACCESS_ROLE.test(pull)
        ? "Check the service's ECR access role: it must trust build.apprunner.amazonaws.com and have the AWSAppRunnerServicePolicyForECRAccess policy."
        : 'Check that the image still exists in the repository under the deployed tag.',
      evidence: pull,
    };
  }
  const outOfMemory = platform(OUT_OF_MEMORY_PLATFORM) ?? findLast(logs.app, OUT_OF_MEMORY_APP);
  if (outOfMemory) {
    return {
      cause: 'out-of-memory',
      summary: 'The app ran out of memory and was stopped.',
      nextStep: "Choose a larger memory size for the service, or lower the app's memory use (for Node.js, --max-old-space-size).",
      evidence: outOfMemory,
    };
  }
  const exited = platform(EXITED);
  if (exited) {
    const code = EXIT_CODE.exec(exited)?.[1];
    return {
      cause: 'app-exited',
      summary: `The app exited on start${code !== undefined ? ` (exit code ${code})` : ''}.`,
      nextStep: `Fix what its last lines say; to reproduce, run the image locally: docker run -e PORT=${ctx.servicePort} -p ${ctx.servicePort}:${ctx.servicePort} IMAGE.`,
      evidence: exited,
    };
  }
  const health = platform(HEALTH);
  const given = new Set([
    ctx.servicePort,
    ...logs.platform
      .map((l) => PORT_GIVEN.exec(l))
      .filter((m) => m)
      .map((m) => Number(m![1])),
  ]);
  const listening = logs.app.map((l) => LISTENING.exec(l)).find((m) => m);
  const listenPort = listening ? Number(listening[1] ?? listening[2]) : undefined;
  const exposedElsewhere = ctx.exposedPorts.length > 0 && !ctx.exposedPorts.includes(ctx.servicePort);
  if (health && ((listenPort !== undefined && !given.has(listenPort)) || exposedElsewhere)) {
    const actual = listenPort ?? ctx.exposedPorts[0];
    return {
      cause: 'port-mismatch',
      summary: `The health check on port ${ctx.servicePort} failed; the app ${listenPort !== undefined ? 'listens' : 'is declared (EXPOSE) to listen'} on port ${actual}.`,
      nextStep: `Make the app listen on the PORT environment variable (App Runner sets it to ${ctx.servicePort}), or change the service port to ${actual}.`,
      evidence: health,
    };
  }
  if (health) {
    const http = ctx.healthCheck?.protocol === 'HTTP';
    return {
      cause: 'health-check',
      summary: `The health check (${http ? `HTTP ${ctx.healthCheck?.path ?? '/'}` : 'TCP'} on port ${ctx.servicePort}) failed.`,
      nextStep: http
        ? `Make the app answer ${ctx.healthCheck?.path ?? '/'} with a 2xx status on port ${ctx.servicePort} soon after it starts, or change the health check path.`
        : `Make the app listen on port ${ctx.servicePort} (App Runner sets PORT=${ctx.servicePort}) soon after it starts.`,
      evidence: health,
    };
  }
  return {
    cause: 'unknown',
    summary: 'The deployment failed without a reason App Runner named in its log.',
    nextStep: "Read the deployment log lines below and the service's application logs.",
  };
}

function findLast(lines: string[], re: RegExp): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (re.test(lines[i])) {
      return lines[i];
    }
  }
  return undefined;
}

/**
 * Whether the deployment stream has its closing line: App Runner writes the failure (and the
 * rollback) last, so until then later lines may still be on their way.
 */
export function deploymentLogComplete(platform: string[]): boolean {
  return platform.some((l) => /deployment (?:with id : \S+ )?failed|failure reason|rollback (?:completed|failed)/i.test(l));
}

/**
 * The lines worth showing in a message: repeats dropped (an app printing the same line every
 * second would hide the lines before it), the last `max` kept, the evidence always among them.
 */
export function keyLogLines(lines: string[], max: number, evidence?: string): string[] {
  const unique: string[] = [];
  for (const line of lines) {
    const i = unique.indexOf(line);
    if (i >= 0) {
      unique.splice(i, 1);
    }
    unique.push(line);
  }
  const last = unique.slice(-max);
  if (evidence && !last.includes(evidence) && unique.includes(evidence)) {
    last.splice(0, 1);
    last.unshift(evidence);
  }
  return last;
}
