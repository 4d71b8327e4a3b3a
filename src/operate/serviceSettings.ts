// "Edit Instance and Health Check…": the wizard that changes a running service's instance size
// (only the CPU/memory pairs App Runner offers), port and start command, and health check (each
// number 1-20, a path only for HTTP), and the change it asks for. Pure: no vscode, no SDK; the
// change itself goes through serviceChange.ts.
import type { Service } from '../aws/types';
import {
  canonicalCpu,
  canonicalMemory,
  DEFAULT_INSTANCE_SIZE,
  HEALTH_CHECK_RANGE,
  HealthCheckNumber,
  healthCheckNumberProblem,
  healthCheckPathProblem,
  INSTANCE_SIZES,
  InstanceSize,
  portProblem,
  startCommandProblem,
} from '../shared/serviceRules';
import { forQuickPick } from '../shared/untrusted';
import { inputAsk, pickAsk, Wizard, WizardStep } from '../ui/wizard';
import { currentHealthCheck, imageSettings, ServiceChangeIntent } from './serviceChange';

export type SettingsSection = 'size' | 'command' | 'health';

/** The wizard's answers; numbers as typed, so that a retry shows exactly what the user entered. */
export interface SettingsAnswers {
  sections: SettingsSection[];
  size: InstanceSize;
  port: string;
  startCommand: string;
  protocol: 'TCP' | 'HTTP';
  path: string;
  interval: string;
  timeout: string;
  healthyThreshold: string;
  unhealthyThreshold: string;
}

/** Whether the port and start command live in the service's configuration (not in apprunner.yaml). */
export function commandEditable(service: Service): boolean {
  const source = service.SourceConfiguration;
  return Boolean(source?.ImageRepository) || source?.CodeRepository?.CodeConfiguration?.ConfigurationSource === 'API';
}

/** The service's settings as the first answers. */
export function initialSettingsAnswers(service: Service): SettingsAnswers {
  const { port, startCommand } = imageSettings(service);
  const health = currentHealthCheck(service);
  const cpu = canonicalCpu(service.InstanceConfiguration?.Cpu);
  const memory = canonicalMemory(service.InstanceConfiguration?.Memory);
  return {
    // Everything until the first step says otherwise, so that its "step 1 of n" counts every question.
    sections: commandEditable(service) ? ['size', 'command', 'health'] : ['size', 'health'],
    size: cpu && memory ? { cpu, memory } : DEFAULT_INSTANCE_SIZE,
    port,
    startCommand,
    protocol: health.protocol,
    path: health.path,
    interval: String(health.interval),
    timeout: String(health.timeout),
    healthyThreshold: String(health.healthyThreshold),
    unhealthyThreshold: String(health.unhealthyThreshold),
  };
}

/** The change the answers ask for: only the sections the user chose to edit. */
export function settingsIntent(answers: SettingsAnswers): ServiceChangeIntent {
  const has = (s: SettingsSection) => answers.sections.includes(s);
  return {
    ...(has('size') ? { instance: { cpu: answers.size.cpu, memory: answers.size.memory } } : {}),
    ...(has('command') ? { image: { port: answers.port.trim(), startCommand: answers.startCommand.trim() } } : {}),
    ...(has('health')
      ? {
          healthCheck: {
            protocol: answers.protocol,
            ...(answers.protocol === 'HTTP' ? { path: answers.path.trim() } : {}),
            interval: Number(answers.interval),
            timeout: Number(answers.timeout),
            healthyThreshold: Number(answers.healthyThreshold),
            unhealthyThreshold: Number(answers.unhealthyThreshold),
          },
        }
      : {}),
  };
}

const sizeLabel = (s: InstanceSize) => `${s.cpu} · ${s.memory}`;

const SECTION_ITEMS: Array<{ label: string; description: string; sections: SettingsSection[] }> = [
  { label: 'Instance size', description: 'CPU and memory', sections: ['size'] },
  { label: 'Port and start command', description: 'what the container runs and listens on', sections: ['command'] },
  { label: 'Health check', description: 'protocol, path, interval, timeout, thresholds', sections: ['health'] },
  { label: 'All of these', description: 'size, port, start command and health check', sections: ['size', 'command', 'health'] },
];

const NUMBER_STEPS: Array<{ key: HealthCheckNumber; title: string; prompt: string }> = [
  { key: 'interval', title: 'health check interval', prompt: 'Seconds between health checks' },
  { key: 'timeout', title: 'health check timeout', prompt: 'Seconds to wait for an answer before a check fails' },
  { key: 'healthyThreshold', title: 'healthy threshold', prompt: 'Checks that must pass in a row before an instance counts as healthy' },
  {
    key: 'unhealthyThreshold',
    title: 'unhealthy threshold',
    prompt: 'Checks that must fail in a row before an instance counts as unhealthy',
  },
];

/**
 * The wizard: what to edit, then the size (the valid pairs only), the port and start command, the
 * health check protocol, its path (HTTP only) and its four numbers (1-20 each).
 */
export function serviceSettingsWizard(service: Service, current: SettingsAnswers): Wizard<SettingsAnswers> {
  const name = service.ServiceName ?? 'the service';
  const editable = commandEditable(service);
  const has = (s: SettingsAnswers, section: SettingsSection) => s.sections.includes(section);
  const sectionItems = SECTION_ITEMS.filter((i) => editable || !i.sections.includes('command') || i.sections.length > 1).map((i) => ({
    label: i.label,
    description: i.description,
    value: editable ? i.sections : i.sections.filter((s) => s !== 'command'),
  }));
  const numberSteps: Array<WizardStep<SettingsAnswers>> = NUMBER_STEPS.map(({ key, title, prompt }) => ({
    title,
    when: (s) => has(s, 'health'),
    ask: (s) =>
      inputAsk<SettingsAnswers>({
        prompt: `${prompt} (${HEALTH_CHECK_RANGE.min}-${HEALTH_CHECK_RANGE.max}; now ${current[key]}).`,
        value: s[key],
        validate: (text) => healthCheckNumberProblem(key, text),
        apply: (state, text) => ({ ...state, [key]: text.trim() }),
      }),
  }));
  return {
    title: `Edit ${forQuickPick(name, 60)}`,
    steps: [
      {
        title: 'what to change',
        ask: (s) =>
          pickAsk<SettingsAnswers, SettingsSection[]>({
            placeHolder: editable
              ? 'Each step shows the current value; App Runner deploys the service again with the change'
              : `${forQuickPick(name, 60)} takes its port and start command from apprunner.yaml: change them there and push`,
            items: sectionItems,
            activeLabel: sectionItems.find((i) => i.value.join() === s.sections.join())?.label,
            apply: (state, sections) => ({ ...state, sections }),
          }),
      },
      {
        title: 'instance size',
        when: (s) => has(s, 'size'),
        ask: (s) =>
          pickAsk<SettingsAnswers, InstanceSize>({
            placeHolder: `Now ${sizeLabel(current.size)}. Only the pairs App Runner offers are listed.`,
            items: INSTANCE_SIZES.map((size) => ({
              label: sizeLabel(size),
              description: sizeLabel(size) === sizeLabel(current.size) ? 'current' : undefined,
              value: size,
            })),
            activeLabel: sizeLabel(s.size),
            apply: (state, size) => ({ ...state, size }),
          }),
      },
      {
        title: 'port',
        when: (s) => has(s, 'command'),
        ask: (s) =>
          inputAsk<SettingsAnswers>({
            prompt: `The port the application listens on (1-65535; now ${current.port}).`,
            value: s.port,
            validate: portProblem,
            apply: (state, port) => ({ ...state, port: port.trim() }),
          }),
      },
      {
        title: 'start command',
        when: (s) => has(s, 'command'),
        ask: (s) =>
          inputAsk<SettingsAnswers>({
            prompt: service.SourceConfiguration?.ImageRepository
              ? 'One line; empty runs the image’s own command (its ENTRYPOINT/CMD).'
              : 'One line: the command that starts the built application.',
            value: s.startCommand,
            validate: (text) =>
              startCommandProblem(text) ??
              (!service.SourceConfiguration?.ImageRepository && text.trim() === ''
                ? 'A service built from source code needs a start command.'
                : undefined),
            apply: (state, startCommand) => ({ ...state, startCommand }),
          }),
      },
      {
        title: 'health check protocol',
        when: (s) => has(s, 'health'),
        ask: (s) =>
          pickAsk<SettingsAnswers, 'TCP' | 'HTTP'>({
            placeHolder: `Now ${current.protocol}${current.protocol === 'HTTP' ? ` ${current.path}` : ''}`,
            items: [
              { label: 'TCP', description: 'the port accepts connections', value: 'TCP' },
              { label: 'HTTP', description: 'a path answers with a 2xx status', value: 'HTTP' },
            ],
            activeLabel: s.protocol,
            apply: (state, protocol) => ({ ...state, protocol }),
          }),
      },
      {
        title: 'health check path',
        when: (s) => has(s, 'health') && s.protocol === 'HTTP',
        ask: (s) =>
          inputAsk<SettingsAnswers>({
            prompt: 'The path App Runner requests, e.g. /health.',
            value: s.path,
            validate: (text) =>
              text.trim() === '' ? 'An HTTP health check needs a path, e.g. /health.' : healthCheckPathProblem(text.trim()),
            apply: (state, path) => ({ ...state, path: path.trim() }),
          }),
      },
      ...numberSteps,
    ],
  };
}
