// The limits App Runner puts on a service's settings (App Runner model 2020-05-15 and reference
// section 6), checked while the user types so that CreateService and UpdateService are never sent
// with a value AWS would reject. One home for these rules: the deploy wizard and operate use them.
// Pure.

export interface InstanceSize {
  /** As App Runner accepts it, e.g. '1 vCPU'. */
  cpu: string;
  memory: string;
}

/** The CPU/memory pairs App Runner accepts (reference section 6: the API patterns alone do not say which pairs). */
export const INSTANCE_SIZES: readonly InstanceSize[] = [
  { cpu: '0.25 vCPU', memory: '0.5 GB' },
  { cpu: '0.25 vCPU', memory: '1 GB' },
  { cpu: '0.5 vCPU', memory: '1 GB' },
  { cpu: '1 vCPU', memory: '2 GB' },
  { cpu: '1 vCPU', memory: '3 GB' },
  { cpu: '1 vCPU', memory: '4 GB' },
  { cpu: '2 vCPU', memory: '4 GB' },
  { cpu: '2 vCPU', memory: '6 GB' },
  { cpu: '4 vCPU', memory: '8 GB' },
  { cpu: '4 vCPU', memory: '10 GB' },
  { cpu: '4 vCPU', memory: '12 GB' },
];

export const DEFAULT_INSTANCE_SIZE: InstanceSize = { cpu: '1 vCPU', memory: '2 GB' };

/** '1024' or '1 vCPU' → '1 vCPU' (DescribeService may answer in either unit); undefined when App Runner's pattern refuses it. */
export function canonicalCpu(cpu: string | undefined): string | undefined {
  if (cpu === undefined) return undefined;
  if (/^(256|512|1024|2048|4096)$/.test(cpu)) return `${Number(cpu) / 1024} vCPU`;
  return /^(0\.25|0\.5|1|2|4) vCPU$/.test(cpu) ? cpu : undefined;
}

/** '2048' or '2 GB' → '2 GB'; undefined when App Runner's pattern refuses it. */
export function canonicalMemory(memory: string | undefined): string | undefined {
  if (memory === undefined) return undefined;
  if (/^(512|1024|2048|3072|4096|6144|8192|10240|12288)$/.test(memory)) return `${Number(memory) / 1024} GB`;
  return /^(0\.5|1|2|3|4|6|8|10|12) GB$/.test(memory) ? memory : undefined;
}

/** Why App Runner would refuse this CPU/memory pair, or undefined. */
export function instanceSizeProblem(cpu: string, memory: string): string | undefined {
  const c = canonicalCpu(cpu);
  const m = canonicalMemory(memory);
  if (!c) return `${cpu} is not a CPU size App Runner offers (0.25, 0.5, 1, 2 or 4 vCPU).`;
  if (!m) return `${memory} is not a memory size App Runner offers (0.5 to 12 GB).`;
  if (INSTANCE_SIZES.some((s) => s.cpu === c && s.memory === m)) return undefined;
  const allowed = INSTANCE_SIZES.filter((s) => s.cpu === c).map((s) => s.memory);
  return `${c} goes with ${allowed.join(' or ')} of memory, not ${m}.`;
}

export function portProblem(text: string): string | undefined {
  if (!/^\d{1,5}$/.test(text.trim()) || Number(text) < 1 || Number(text) > 65535) {
    return 'The port is a number from 1 to 65535.';
  }
  return undefined;
}

/** Empty means a TCP health check; otherwise an HTTP path starting with `/`. */
export function healthCheckPathProblem(path: string): string | undefined {
  if (path === '') {
    return undefined;
  }
  if (!path.startsWith('/')) {
    return 'The health check path starts with / (leave it empty for a TCP check).';
  }
  if (/\s/.test(path)) {
    return 'The health check path has no spaces.';
  }
  if (path.length > 51200) {
    return 'The health check path is at most 51200 characters.';
  }
  return undefined;
}

export interface HealthCheck {
  protocol: 'TCP' | 'HTTP';
  /** Only for HTTP. */
  path: string;
  interval: number;
  timeout: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
}

/** App Runner's defaults when a service has no HealthCheckConfiguration (model documentation). */
export const DEFAULT_HEALTH_CHECK: HealthCheck = {
  protocol: 'TCP',
  path: '/',
  interval: 5,
  timeout: 2,
  healthyThreshold: 1,
  unhealthyThreshold: 5,
};

export type HealthCheckNumber = 'interval' | 'timeout' | 'healthyThreshold' | 'unhealthyThreshold';

/** Each is 1-20 (HealthCheckInterval, HealthCheckTimeout, HealthCheckHealthyThreshold, HealthCheckUnhealthyThreshold). */
export const HEALTH_CHECK_RANGE = { min: 1, max: 20 } as const;

const HEALTH_CHECK_WORDS: Record<HealthCheckNumber, string> = {
  interval: 'The interval (seconds between checks)',
  timeout: 'The timeout (seconds to wait for an answer)',
  healthyThreshold: 'The healthy threshold (checks that must pass in a row)',
  unhealthyThreshold: 'The unhealthy threshold (checks that must fail in a row)',
};

export function healthCheckNumberProblem(which: HealthCheckNumber, text: string): string | undefined {
  return wholeNumberProblem(text, HEALTH_CHECK_RANGE.min, HEALTH_CHECK_RANGE.max, HEALTH_CHECK_WORDS[which]);
}

/** StartCommand's pattern `[^\x0a\x0d]+`: one line. Empty is allowed here and means "the image's own command". */
export function startCommandProblem(text: string): string | undefined {
  return /[\r\n]/.test(text)
    ? 'The start command is one line: App Runner refuses line breaks in it (join commands with && or ;).'
    : undefined;
}

/**
 * Auto scaling limits (CreateAutoScalingConfiguration: MinSize 1-25, MaxConcurrency 1-200; the model
 * bounds MaxSize only below, the console and the documentation offer 1-25).
 */
export const AUTO_SCALING_LIMITS = {
  minSize: { min: 1, max: 25 },
  maxSize: { min: 1, max: 25 },
  maxConcurrency: { min: 1, max: 200 },
} as const;

export interface AutoScalingSettings {
  minSize: number;
  maxSize: number;
  maxConcurrency: number;
}

/** AutoScalingConfigurationName: 4-32 characters, [A-Za-z0-9][A-Za-z0-9-_]{3,31}. */
export function autoScalingNameProblem(name: string): string | undefined {
  if (name.length < 4 || name.length > 32)
    return `An auto scaling configuration name has 4 to 32 characters (this one has ${name.length}).`;
  if (!/^[A-Za-z0-9]/.test(name)) return 'An auto scaling configuration name starts with a letter or a digit.';
  const bad = /[^A-Za-z0-9_-]/.exec(name);
  return bad ? `An auto scaling configuration name may contain letters, digits, - and _ only (not "${bad[0]}").` : undefined;
}

export function minSizeProblem(text: string): string | undefined {
  const { min, max } = AUTO_SCALING_LIMITS.minSize;
  return wholeNumberProblem(text, min, max, 'The minimum number of instances');
}

export function maxSizeProblem(text: string, minSize?: number): string | undefined {
  const { min, max } = AUTO_SCALING_LIMITS.maxSize;
  const problem = wholeNumberProblem(text, min, max, 'The maximum number of instances');
  if (problem) return problem;
  return minSize !== undefined && Number(text) < minSize ? `The maximum must be at least the minimum (${minSize}).` : undefined;
}

export function maxConcurrencyProblem(text: string): string | undefined {
  const { min, max } = AUTO_SCALING_LIMITS.maxConcurrency;
  return wholeNumberProblem(text, min, max, 'The concurrency (requests an instance takes at once)');
}

function wholeNumberProblem(text: string, min: number, max: number, what: string): string | undefined {
  const t = text.trim();
  return /^\d{1,3}$/.test(t) && Number(t) >= min && Number(t) <= max ? undefined : `${what} is a whole number from ${min} to ${max}.`;
}
