// One change to a running service, as one UpdateService: from the service as DescribeService
// returns it and what the user wants changed, the exact input (only the members that change) and
// the preview of exactly what will change ("field: old → new"). App Runner replaces whole objects
// (SourceConfiguration with its ImageConfiguration maps, InstanceConfiguration, the health check,
// NetworkConfiguration), so each member sent is merged here and carries what the user did not
// change; otherwise AWS would reset it. Every setting feature (scaling, size and health, network,
// observability) goes through this. Pure: no vscode, no SDK.
import { parseArn } from '../aws/arn';
import type { AutoScalingConfiguration, Service, SourceConfiguration, UpdateServiceRequest } from '../aws/types';
import {
  canonicalCpu,
  canonicalMemory,
  DEFAULT_HEALTH_CHECK,
  HealthCheck,
  healthCheckNumberProblem,
  healthCheckPathProblem,
  instanceSizeProblem,
  portProblem,
  startCommandProblem,
} from '../shared/serviceRules';

type HealthCheckConfiguration = NonNullable<Service['HealthCheckConfiguration']>;
type NetworkConfiguration = NonNullable<Service['NetworkConfiguration']>;

/** What the user wants changed; anything left out stays as it is. */
export interface ServiceChangeIntent {
  /** A CPU/memory pair, in either unit App Runner accepts ('1 vCPU' or '1024'). */
  instance?: { cpu: string; memory: string };
  /** Merged with the service's health check (App Runner's defaults where it has none). */
  healthCheck?: Partial<HealthCheck>;
  /**
   * Image services: ImageConfiguration; source-code services configured through the API:
   * CodeConfigurationValues. An empty start command means the image's own command.
   */
  image?: { port?: string; startCommand?: string };
  /**
   * The auto scaling configuration to use; `configuration` (when known) adds its settings to the
   * preview. A revision still to be created has no AutoScalingConfigurationRevision yet, and `arn`
   * is then its partial ARN (…/name), replaced by the created revision's before sending.
   */
  autoScaling?: { arn: string; configuration?: AutoScalingConfiguration };
  ipAddressType?: 'IPV4' | 'DUAL_STACK';
  /** Tracing: on with an observability configuration, or off. */
  observability?: { enabled: boolean; configurationArn?: string };
}

/** What the service uses now, where DescribeService only names it: shown in the preview. */
export interface ServiceChangeContext {
  currentAutoScaling?: AutoScalingConfiguration;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
}

export interface ServiceChange {
  /** The one UpdateService: the service's ARN and only the members that change. */
  input: UpdateServiceRequest;
  /** Empty when nothing would change (then nothing is to be sent). */
  changes: FieldChange[];
}

/** The preview: one line a field, "field: old → new". */
export function previewLines(changes: readonly FieldChange[]): string[] {
  return changes.map((c) => `${c.field}: ${c.before} → ${c.after}`);
}

/** Why App Runner would refuse the change (or cannot take it this way), one sentence each; empty when it can be sent. */
export function serviceChangeProblems(service: Service, intent: ServiceChangeIntent): string[] {
  const problems: string[] = [];
  const add = (p: string | undefined) => p && problems.push(p);
  if (intent.instance) add(instanceSizeProblem(intent.instance.cpu, intent.instance.memory));
  if (intent.healthCheck) {
    const merged = mergedHealthCheck(service, intent.healthCheck);
    for (const which of ['interval', 'timeout', 'healthyThreshold', 'unhealthyThreshold'] as const) {
      add(healthCheckNumberProblem(which, String(merged[which])));
    }
    if (merged.protocol === 'HTTP')
      add(merged.path === '' ? 'An HTTP health check needs a path, e.g. /health.' : healthCheckPathProblem(merged.path));
  }
  if (intent.image) {
    if (intent.image.port !== undefined) add(portProblem(intent.image.port));
    if (intent.image.startCommand !== undefined) add(startCommandProblem(intent.image.startCommand));
    const code = service.SourceConfiguration?.CodeRepository;
    if (!service.SourceConfiguration?.ImageRepository) {
      if (!code) add(`${service.ServiceName} has no source configuration to change.`);
      else if (code.CodeConfiguration?.ConfigurationSource !== 'API') {
        add(
          `${service.ServiceName} takes its port and start command from apprunner.yaml in its repository (run.network.port and run.command): change them there and push.`,
        );
      } else if (intent.image.startCommand === '') {
        add('A service built from source code needs a start command.');
      }
    }
  }
  if (intent.ipAddressType === 'DUAL_STACK' && service.NetworkConfiguration?.IngressConfiguration?.IsPubliclyAccessible === false) {
    add(
      `${service.ServiceName} is private (incoming traffic only from a VPC): App Runner offers dual-stack only to public services. Keep IPv4, or make the service public first.`,
    );
  }
  if (intent.observability?.enabled && !intent.observability.configurationArn) {
    add('Tracing needs an observability configuration to turn on.');
  }
  return problems;
}

/** The UpdateService and preview for the intended change; throws with the problems when App Runner would refuse it. */
export function planServiceChange(service: Service, intent: ServiceChangeIntent, context: ServiceChangeContext = {}): ServiceChange {
  const problems = serviceChangeProblems(service, intent);
  if (problems.length) throw new Error(problems.join(' '));
  if (!service.ServiceArn) throw new Error('The service has no ARN.');
  const input: UpdateServiceRequest = { ServiceArn: service.ServiceArn };
  const changes: FieldChange[] = [];
  const change = (field: string, before: string, after: string) => {
    if (before !== after) changes.push({ field, before, after });
    return before !== after;
  };

  if (intent.image) {
    const before = imageSettings(service);
    const after = { port: intent.image.port?.trim() ?? before.port, startCommand: intent.image.startCommand ?? before.startCommand };
    const portChanged = change('port', before.port, after.port);
    const commandChanged = change('start command', shownCommand(before.startCommand), shownCommand(after.startCommand));
    if (portChanged || commandChanged) input.SourceConfiguration = sourceConfigurationWith(service, after);
  }

  if (intent.instance) {
    const current = service.InstanceConfiguration ?? {};
    const beforeCpu = canonicalCpu(current.Cpu) ?? current.Cpu ?? '1 vCPU';
    const beforeMemory = canonicalMemory(current.Memory) ?? current.Memory ?? '2 GB';
    const cpu = canonicalCpu(intent.instance.cpu)!;
    const memory = canonicalMemory(intent.instance.memory)!;
    const cpuChanged = change('CPU', beforeCpu, cpu);
    const memoryChanged = change('memory', beforeMemory, memory);
    if (cpuChanged || memoryChanged) {
      // The instance role is part of the same object: sent again, or the service would lose it.
      input.InstanceConfiguration = {
        Cpu: cpu,
        Memory: memory,
        ...(current.InstanceRoleArn ? { InstanceRoleArn: current.InstanceRoleArn } : {}),
      };
    }
  }

  if (intent.healthCheck) {
    const before = currentHealthCheck(service);
    const after = mergedHealthCheck(service, intent.healthCheck);
    let changed = change('health check protocol', before.protocol, after.protocol);
    const path = (h: HealthCheck) => (h.protocol === 'HTTP' ? h.path : '(TCP: none)');
    changed = change('health check path', path(before), path(after)) || changed;
    changed = change('health check interval', `${before.interval} s`, `${after.interval} s`) || changed;
    changed = change('health check timeout', `${before.timeout} s`, `${after.timeout} s`) || changed;
    changed = change('healthy threshold', String(before.healthyThreshold), String(after.healthyThreshold)) || changed;
    changed = change('unhealthy threshold', String(before.unhealthyThreshold), String(after.unhealthyThreshold)) || changed;
    if (changed) input.HealthCheckConfiguration = healthCheckConfiguration(after);
  }

  if (intent.autoScaling) {
    const summary = service.AutoScalingConfigurationSummary;
    const beforeArn = summary?.AutoScalingConfigurationArn ?? '';
    const next = intent.autoScaling.configuration;
    const label = (arn: string) => revisionLabel(arn) ?? arn;
    const beforeLabel =
      summary?.AutoScalingConfigurationName !== undefined
        ? `${summary.AutoScalingConfigurationName} (revision ${summary.AutoScalingConfigurationRevision ?? '?'})`
        : label(beforeArn) || '(none)';
    const afterLabel =
      next?.AutoScalingConfigurationName !== undefined
        ? `${next.AutoScalingConfigurationName} (${next.AutoScalingConfigurationRevision === undefined ? 'a new revision' : `revision ${next.AutoScalingConfigurationRevision}`})`
        : label(intent.autoScaling.arn);
    if (beforeArn !== intent.autoScaling.arn) {
      change('auto scaling configuration', beforeLabel, afterLabel === beforeLabel ? intent.autoScaling.arn : afterLabel);
      const current = context.currentAutoScaling;
      if (next) {
        const shown = (n: number | undefined) => (n === undefined ? '?' : String(n));
        change('minimum instances', shown(current?.MinSize), shown(next.MinSize));
        change('maximum instances', shown(current?.MaxSize), shown(next.MaxSize));
        change('concurrency per instance', shown(current?.MaxConcurrency), shown(next.MaxConcurrency));
      }
      input.AutoScalingConfigurationArn = intent.autoScaling.arn;
    }
  }

  if (intent.ipAddressType) {
    const network = service.NetworkConfiguration ?? {};
    if (change('IP address type', network.IpAddressType ?? 'IPV4', intent.ipAddressType)) {
      input.NetworkConfiguration = networkWith(network, intent.ipAddressType);
    }
  }

  if (intent.observability) {
    const current = service.ObservabilityConfiguration;
    const shown = (enabled: boolean | undefined, arn: string | undefined) =>
      enabled ? `on (${(arn && revisionLabel(arn)) ?? arn ?? 'observability configuration'})` : 'off';
    const wanted = intent.observability;
    const beforeArn = current?.ObservabilityEnabled ? (current.ObservabilityConfigurationArn ?? '') : '';
    const afterArn = wanted.enabled ? (wanted.configurationArn ?? '') : '';
    if (Boolean(current?.ObservabilityEnabled) !== wanted.enabled || beforeArn !== afterArn) {
      let after = shown(wanted.enabled, wanted.configurationArn);
      const before = shown(current?.ObservabilityEnabled, current?.ObservabilityConfigurationArn);
      if (after === before) after = `on (${afterArn})`;
      change('tracing', before, after);
      input.ObservabilityConfiguration = wanted.enabled
        ? { ObservabilityEnabled: true, ObservabilityConfigurationArn: wanted.configurationArn }
        : { ObservabilityEnabled: false };
    }
  }
  return { input, changes };
}

/** The port and start command the service runs with now (App Runner's default port is 8080). */
export function imageSettings(service: Service): { port: string; startCommand: string } {
  const source = service.SourceConfiguration;
  const values = source?.ImageRepository?.ImageConfiguration ?? source?.CodeRepository?.CodeConfiguration?.CodeConfigurationValues;
  return { port: values?.Port || '8080', startCommand: values?.StartCommand ?? '' };
}

/** The health check the service has, App Runner's defaults filling what it does not say. */
export function currentHealthCheck(service: Service): HealthCheck {
  const h: HealthCheckConfiguration = service.HealthCheckConfiguration ?? {};
  const d = DEFAULT_HEALTH_CHECK;
  return {
    protocol: h.Protocol === 'HTTP' ? 'HTTP' : 'TCP',
    path: h.Path ?? d.path,
    interval: h.Interval ?? d.interval,
    timeout: h.Timeout ?? d.timeout,
    healthyThreshold: h.HealthyThreshold ?? d.healthyThreshold,
    unhealthyThreshold: h.UnhealthyThreshold ?? d.unhealthyThreshold,
  };
}

/** "burst (revision 2)" from `…:autoscalingconfiguration/burst/2/<id>` (or an observability configuration). */
export function revisionLabel(arn: string): string | undefined {
  const [, name, revision] = parseArn(arn)?.resource.split('/') ?? [];
  if (!name) return undefined;
  return revision ? `${name} (revision ${revision})` : name;
}

function mergedHealthCheck(service: Service, wanted: Partial<HealthCheck>): HealthCheck {
  const merged = { ...currentHealthCheck(service) };
  for (const [key, value] of Object.entries(wanted) as Array<[keyof HealthCheck, HealthCheck[keyof HealthCheck] | undefined]>) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

function healthCheckConfiguration(h: HealthCheck): HealthCheckConfiguration {
  return {
    Protocol: h.protocol,
    // Path applies only to HTTP checks.
    ...(h.protocol === 'HTTP' ? { Path: h.path } : {}),
    Interval: h.interval,
    Timeout: h.timeout,
    HealthyThreshold: h.healthyThreshold,
    UnhealthyThreshold: h.unhealthyThreshold,
  };
}

function shownCommand(command: string): string {
  return command === '' ? '(the image’s own)' : command;
}

/** The whole SourceConfiguration again with another port and start command: App Runner replaces it as a whole. */
function sourceConfigurationWith(service: Service, settings: { port: string; startCommand: string }): SourceConfiguration {
  const source = service.SourceConfiguration!;
  const keep = {
    ...(source.AutoDeploymentsEnabled !== undefined ? { AutoDeploymentsEnabled: source.AutoDeploymentsEnabled } : {}),
    ...(source.AuthenticationConfiguration ? { AuthenticationConfiguration: source.AuthenticationConfiguration } : {}),
  };
  const image = source.ImageRepository;
  if (image) {
    const { StartCommand: _previous, ...rest } = image.ImageConfiguration ?? {};
    return {
      ImageRepository: {
        ImageIdentifier: image.ImageIdentifier,
        ImageRepositoryType: image.ImageRepositoryType,
        ImageConfiguration: { ...rest, Port: settings.port, ...(settings.startCommand ? { StartCommand: settings.startCommand } : {}) },
      },
      ...keep,
    };
  }
  const code = source.CodeRepository!;
  const values = code.CodeConfiguration!.CodeConfigurationValues!;
  return {
    CodeRepository: {
      ...code,
      CodeConfiguration: {
        ...code.CodeConfiguration!,
        CodeConfigurationValues: { ...values, Port: settings.port, StartCommand: settings.startCommand },
      },
    },
    ...keep,
  };
}

function networkWith(network: NetworkConfiguration, ipAddressType: 'IPV4' | 'DUAL_STACK'): NetworkConfiguration {
  return {
    ...(network.EgressConfiguration ? { EgressConfiguration: { ...network.EgressConfiguration } } : {}),
    ...(network.IngressConfiguration ? { IngressConfiguration: { ...network.IngressConfiguration } } : {}),
    IpAddressType: ipAddressType,
  };
}
