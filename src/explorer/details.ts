// The detail rows shown under a service node: a plain projection of DescribeService (and the
// service's auto scaling configuration) into label/value pairs.
import type { AutoScalingConfiguration, OperationSummary, Service } from '../aws/types';
import type { ServiceNetwork } from '../catalog/catalog';
import { resourceNameOfArn } from '../aws/arn';
import { serviceBrowserUrl } from '../shared/serviceUrl';

export interface DetailRow {
  /** Stable id, used for the tree item id and by tests. */
  key: 'url' | 'status' | 'source' | 'instance' | 'scaling' | 'health' | 'created' | 'updated' | NetworkRowKey;
  label: string;
  value: string;
  tooltip?: string;
  icon: string;
}

/** App Runner echoes CPU and memory either as units ("1024") or as text ("1 vCPU"). */
export function formatCpu(cpu: string | undefined): string {
  if (!cpu) {
    return '?';
  }
  return /^\d+$/.test(cpu) ? `${Number(cpu) / 1024} vCPU` : cpu;
}

export function formatMemory(memory: string | undefined): string {
  if (!memory) {
    return '?';
  }
  return /^\d+$/.test(memory) ? `${Number(memory) / 1024} GB` : memory;
}

export function formatTime(d: Date | undefined, now = new Date()): string {
  if (!d) {
    return '—';
  }
  const secs = Math.round((now.getTime() - d.getTime()) / 1000);
  const ago =
    secs < 60
      ? `${secs}s ago`
      : secs < 3600
        ? `${Math.round(secs / 60)} min ago`
        : secs < 86400
          ? `${Math.round(secs / 3600)} h ago`
          : `${Math.round(secs / 86400)} d ago`;
  return `${d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')} (${ago})`;
}

export function serviceDetailRows(service: Service, scaling?: AutoScalingConfiguration, now = new Date()): DetailRow[] {
  const src = service.SourceConfiguration;
  const image = src?.ImageRepository;
  const code = src?.CodeRepository;
  const source = image
    ? `${image.ImageRepositoryType === 'ECR_PUBLIC' ? 'ECR Public' : 'ECR'} image ${image.ImageIdentifier}`
    : code
      ? `${code.RepositoryUrl}${code.SourceCodeVersion?.Value ? ` (${code.SourceCodeVersion.Value})` : ''}${code.SourceDirectory ? ` /${code.SourceDirectory}` : ''}`
      : 'unknown';
  const autoDeploy = src?.AutoDeploymentsEnabled ? ', automatic deployments' : '';
  const summary = service.AutoScalingConfigurationSummary;
  const configuration = summary?.AutoScalingConfigurationName
    ? `${summary.AutoScalingConfigurationName}${summary.AutoScalingConfigurationRevision !== undefined ? ` (revision ${summary.AutoScalingConfigurationRevision})` : ''}`
    : 'default';
  const scalingValue = scaling
    ? `${configuration} · min ${scaling.MinSize} · max ${scaling.MaxSize} · concurrency ${scaling.MaxConcurrency}`
    : configuration;
  const hc = service.HealthCheckConfiguration;
  const health = hc
    ? `${hc.Protocol ?? 'TCP'}${hc.Protocol === 'HTTP' ? ` ${hc.Path ?? '/'}` : ''} every ${hc.Interval ?? 5}s, timeout ${hc.Timeout ?? 2}s, healthy ${hc.HealthyThreshold ?? 1} / unhealthy ${hc.UnhealthyThreshold ?? 5}`
    : 'TCP (default)';
  const url = serviceBrowserUrl(service.ServiceUrl);
  return [
    { key: 'url', label: 'URL', value: url ?? '—', icon: 'link' },
    { key: 'status', label: 'Status', value: service.Status ?? '?', icon: 'info' },
    { key: 'source', label: 'Source', value: source + autoDeploy, tooltip: source, icon: image ? 'package' : 'repo' },
    {
      key: 'instance',
      label: 'Instance',
      value: `${formatCpu(service.InstanceConfiguration?.Cpu)} · ${formatMemory(service.InstanceConfiguration?.Memory)}`,
      icon: 'server',
    },
    { key: 'scaling', label: 'Auto scaling', value: scalingValue, tooltip: summary?.AutoScalingConfigurationArn, icon: 'arrow-both' },
    { key: 'health', label: 'Health check', value: health, icon: 'heart' },
    { key: 'created', label: 'Created', value: formatTime(service.CreatedAt, now), icon: 'calendar' },
    { key: 'updated', label: 'Updated', value: formatTime(service.UpdatedAt, now), icon: 'history' },
  ];
}

export type NetworkRowKey = 'ingress' | 'egress' | 'ipAddressType' | 'tracing';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Incoming and outgoing traffic, IP address type and tracing, from DescribeService and what it names
 * (the VPC connector, the ingress connections, the observability configuration; a part the catalog
 * could not read shows what DescribeService says).
 */
export function networkDetailRows(service: Service, network: ServiceNetwork = {}): Array<DetailRow & { key: NetworkRowKey }> {
  const net = service.NetworkConfiguration;
  const isPrivate = net?.IngressConfiguration?.IsPubliclyAccessible === false;
  const connections = network.ingressConnections ?? [];
  const ingress = isPrivate
    ? `private${connections.length ? ` · ${plural(connections.length, 'VPC ingress connection')}: ${connections.map((c) => `${c.VpcIngressConnectionName ?? '?'} (${c.IngressVpcConfiguration?.VpcId ?? '?'})`).join(', ')}` : ' · no VPC ingress connection'}`
    : 'public';
  const ingressTooltip = isPrivate
    ? [
        'Reachable only from a VPC, through a VPC interface endpoint.',
        ...connections.map(
          (c) =>
            `${c.VpcIngressConnectionName ?? '?'} ${c.Status ?? ''}: ${c.DomainName ?? ''} from ${c.IngressVpcConfiguration?.VpcId ?? '?'} via ${c.IngressVpcConfiguration?.VpcEndpointId ?? '?'}`,
        ),
      ].join('\n')
    : 'Reachable from the internet.';
  const connectorArn = net?.EgressConfiguration?.EgressType === 'VPC' ? net.EgressConfiguration.VpcConnectorArn : undefined;
  const connector = network.vpcConnector;
  const connectorName = connector?.VpcConnectorName ?? resourceNameOfArn(connectorArn) ?? 'connector';
  const egress = connectorArn
    ? connector
      ? `VPC connector ${connectorName} (revision ${connector.VpcConnectorRevision ?? '?'}) · ${plural(connector.Subnets?.length ?? 0, 'subnet')} · ${plural(connector.SecurityGroups?.length ?? 0, 'security group')}`
      : `VPC connector ${connectorName}`
    : 'default (public internet)';
  const egressTooltip = connector
    ? [
        `Subnets: ${(connector.Subnets ?? []).join(', ') || '—'}`,
        `Security groups: ${(connector.SecurityGroups ?? []).join(', ') || '—'}`,
        connectorArn ?? '',
      ].join('\n')
    : (connectorArn ?? 'Outgoing traffic goes to the internet from App Runner’s network.');
  const observed = service.ObservabilityConfiguration;
  const observability = network.observability;
  const configName =
    observability?.ObservabilityConfigurationName ?? resourceNameOfArn(observed?.ObservabilityConfigurationArn) ?? 'configuration';
  const tracing = !observed?.ObservabilityEnabled
    ? 'off'
    : !observability
      ? `on (${configName})`
      : observability.TraceConfiguration?.Vendor === 'AWSXRAY'
        ? `AWS X-Ray (${configName}, revision ${observability.ObservabilityConfigurationRevision ?? '?'})`
        : `off (${configName} has no tracing)`;
  return [
    { key: 'ingress', label: 'Incoming traffic', value: ingress, tooltip: ingressTooltip, icon: isPrivate ? 'lock' : 'globe' },
    { key: 'egress', label: 'Outgoing traffic', value: egress, tooltip: egressTooltip, icon: 'arrow-up' },
    {
      key: 'ipAddressType',
      label: 'IP address type',
      value: net?.IpAddressType === 'DUAL_STACK' ? 'dual-stack (IPv4 and IPv6)' : 'IPv4',
      icon: 'symbol-numeric',
    },
    { key: 'tracing', label: 'Tracing', value: tracing, tooltip: observed?.ObservabilityConfigurationArn, icon: 'pulse' },
  ];
}

export function operationLabel(op: OperationSummary): string {
  const type = (op.Type ?? 'OPERATION').toLowerCase().replace(/_/g, ' ');
  return type.charAt(0).toUpperCase() + type.slice(1);
}

export function operationDescription(op: OperationSummary, now = new Date()): string {
  const status = (op.Status ?? '').toLowerCase().replace(/_/g, ' ');
  return `${status} · ${formatTime(op.StartedAt, now).replace(/^.*\(/, '').replace(/\)$/, '')}`;
}

export function matchesFilter(serviceName: string | undefined, filter: string | undefined): boolean {
  if (!filter) {
    return true;
  }
  return (serviceName ?? '').toLowerCase().includes(filter.toLowerCase());
}
