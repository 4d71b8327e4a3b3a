// Reads the lines of a failed deployment's log stream (`deployment/<operation-id>` in the
// service log group) and names the likely cause with a next step. App Runner's own wording is
// matched loosely, because it has changed over time and differs between failure paths.

export type FailureCause = 'port-mismatch' | 'health-check' | 'image-pull' | 'app-exited' | 'unknown';

export interface FailureAnalysis {
  cause: FailureCause;
  /** One sentence: what most likely went wrong. */
  summary: string;
  /** What to do about it. */
  nextStep: string;
  /** The log line the cause was read from, if any. */
  evidence?: string;
}

export interface FailureContext {
  /** The port App Runner sends traffic and health checks to. */
  servicePort: number;
  /** TCP ports the Dockerfile EXPOSEs (empty when unknown or none). */
  exposedPorts: number[];
  healthCheck?: { protocol: string; path?: string };
}

const PULL =
  /failed to pull|pull access denied|unauthorized|access denied|\bdenied\b|manifest unknown|not found: manifest|image.*not found|access role|no basic auth credentials/i;
const EXITED = /stopped or failed to start|exit(?:ed)? (?:with )?(?:code|status)[: ]*\d+|container exit code|exited unexpectedly|crash/i;
const HEALTH = /health check (?:failed|timed out|was unsuccessful)|failed (?:the )?health check/i;
/** "listening on port 3000", "Listening on :3000", "server started at http://0.0.0.0:3000" (not "not listening…"). */
const LISTENING = /(?<!not )listen(?:ing)?\b[^\d]{0,40}?(?::|port\s*)(\d{2,5})\b|started (?:at|on) \S*:(\d{2,5})\b/i;
/** The platform naming the PORT it gave the app (App Runner sets PORT to the service port; the emulator says so). */
const PORT_GIVEN = /\bPORT=(\d{2,5})\b/;

export function analyzeDeploymentFailure(lines: string[], ctx: FailureContext): FailureAnalysis {
  const find = (re: RegExp): string | undefined => lines.find((l) => re.test(l));
  const pull = find(PULL);
  if (pull) {
    return {
      cause: 'image-pull',
      summary: 'App Runner could not pull the image from ECR.',
      nextStep:
        "Check the service's ECR access role: it must trust build.apprunner.amazonaws.com and have the AWSAppRunnerServicePolicyForECRAccess policy, and the image must still exist in the repository.",
      evidence: pull,
    };
  }
  const health = find(HEALTH);
  const given = new Set([
    ctx.servicePort,
    ...lines
      .map((l) => PORT_GIVEN.exec(l))
      .filter((m) => m)
      .map((m) => Number(m![1])),
  ]);
  const listening = lines.map((l) => LISTENING.exec(l)).find((m) => m);
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
  const exited = find(EXITED);
  if (exited) {
    return {
      cause: 'app-exited',
      summary: 'The container stopped or failed to start.',
      nextStep: `Run the image locally (docker run -e PORT=${ctx.servicePort} -p ${ctx.servicePort}:${ctx.servicePort} IMAGE) and read its output, or open the service's application logs.`,
      evidence: exited,
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

/**
 * The lines worth showing in a message: repeats dropped (an app printing the same line every
 * second would hide the platform's own lines), the last `max` kept, the evidence always among them.
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
