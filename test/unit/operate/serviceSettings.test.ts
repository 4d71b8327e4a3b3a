import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Service } from '../../../src/aws/types';
import { planServiceChange, previewLines } from '../../../src/operate/serviceChange';
import { commandEditable, initialSettingsAnswers, serviceSettingsWizard, settingsIntent } from '../../../src/operate/serviceSettings';
import { INSTANCE_SIZES } from '../../../src/shared/serviceRules';
import { BACK } from '../../../src/ui/questions';
import { byLabel, ScriptedPrompts } from '../../../src/ui/scripted';
import { Ui } from '../../../src/ui/ui';

const ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/8fe1e10304f84fd2b0df550fe98a71fa';
const service = {
  ServiceName: 'orders-api',
  ServiceArn: ARN,
  SourceConfiguration: {
    ImageRepository: {
      ImageIdentifier: '123456789012.dkr.ecr.us-east-1.amazonaws.com/orders:v1',
      ImageRepositoryType: 'ECR',
      ImageConfiguration: { Port: '3000', RuntimeEnvironmentVariables: { A: '1' } },
    },
  },
  InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
} as unknown as Service;

test('the first answers are the service’s settings, App Runner’s defaults where it has none', () => {
  assert.deepEqual(initialSettingsAnswers(service), {
    sections: ['size', 'command', 'health'],
    size: { cpu: '1 vCPU', memory: '2 GB' },
    port: '3000',
    startCommand: '',
    protocol: 'TCP',
    path: '/',
    interval: '5',
    timeout: '2',
    healthyThreshold: '1',
    unhealthyThreshold: '5',
  });
});

test('instance size: only the valid pairs are offered; the change sends exactly the new pair', async () => {
  const current = initialSettingsAnswers(service);
  const prompts = new ScriptedPrompts([
    [/: what to change$/, byLabel('Instance size')],
    [/: instance size$/, byLabel('2 vCPU · 4 GB')],
  ]);
  const answers = await new Ui(prompts).wizard(serviceSettingsWizard(service, current), current);
  assert.deepEqual(
    prompts.asked[1].items!.map((i) => i.label),
    INSTANCE_SIZES.map((s) => `${s.cpu} · ${s.memory}`),
  );
  assert.equal(prompts.asked[1].activeLabel, '1 vCPU · 2 GB');
  assert.equal(prompts.asked[1].step, '2 of 2');
  const { input, changes } = planServiceChange(service, settingsIntent(answers!));
  assert.deepEqual(input, { ServiceArn: ARN, InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' } });
  assert.deepEqual(previewLines(changes), ['CPU: 1 vCPU → 2 vCPU', 'memory: 2 GB → 4 GB']);
});

test('health check: HTTP asks for a path, each number is checked 1-20, Back keeps what was typed', async () => {
  const current = initialSettingsAnswers(service);
  const prompts = new ScriptedPrompts([
    [/: what to change$/, byLabel('Health check')],
    [/: health check protocol$/, byLabel('HTTP')],
    [/: health check path$/, '/health'],
    [/: health check interval$/, (_q, nth) => (nth === 0 ? '10' : (_q.value ?? ''))],
    [/: health check timeout$/, (_q, nth) => (nth === 0 ? BACK : '4')],
    [/: healthy threshold$/, '2'],
    [/: unhealthy threshold$/, '3'],
  ]);
  const answers = await new Ui(prompts).wizard(serviceSettingsWizard(service, current), current);
  const steps = prompts.asked.map((q) => q.step);
  // The count follows the answers: every question at first, then the health check's (a path once HTTP is chosen).
  assert.deepEqual(steps, ['1 of 9', '2 of 6', '3 of 7', '4 of 7', '5 of 7', '4 of 7', '5 of 7', '6 of 7', '7 of 7']);
  assert.equal(prompts.asked[5].value, '10', 'the interval typed before Back is offered again');
  const { input } = planServiceChange(service, settingsIntent(answers!));
  assert.deepEqual(input, {
    ServiceArn: ARN,
    HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/health', Interval: 10, Timeout: 4, HealthyThreshold: 2, UnhealthyThreshold: 3 },
  });
  const wizard = serviceSettingsWizard(service, current);
  for (const index of [6, 7, 8, 9]) {
    const ask = await wizard.steps[index].ask({ ...answers!, sections: ['health'] });
    assert.equal(ask.kind, 'input');
    if (ask.kind === 'input') {
      assert.match(ask.validate!('21') ?? '', /1 to 20/);
      assert.match(ask.validate!('0') ?? '', /1 to 20/);
      assert.equal(ask.validate!('20'), undefined);
    }
  }
  const path = await wizard.steps[5].ask(answers!);
  if (path.kind === 'input') {
    assert.match(path.validate!('') ?? '', /needs a path/);
    assert.match(path.validate!('health') ?? '', /starts with \//);
  }
});

test('TCP asks no path; port and start command are checked (1-65535, one line)', async () => {
  const current = initialSettingsAnswers(service);
  const prompts = new ScriptedPrompts([
    [/: what to change$/, byLabel('Port and start command')],
    [/: port$/, '8081'],
    [/: start command$/, 'node server.js'],
  ]);
  const answers = await new Ui(prompts).wizard(serviceSettingsWizard(service, current), current);
  const { input } = planServiceChange(service, settingsIntent(answers!));
  assert.deepEqual(input.SourceConfiguration?.ImageRepository?.ImageConfiguration, {
    Port: '8081',
    StartCommand: 'node server.js',
    RuntimeEnvironmentVariables: { A: '1' },
  });
  const wizard = serviceSettingsWizard(service, current);
  const port = await wizard.steps[2].ask(current);
  const command = await wizard.steps[3].ask(current);
  if (port.kind === 'input') {
    assert.match(port.validate!('0') ?? '', /1 to 65535/);
    assert.match(port.validate!('65536') ?? '', /1 to 65535/);
  }
  if (command.kind === 'input') {
    assert.match(command.validate!('a\nb') ?? '', /line breaks/);
    assert.equal(command.validate!(''), undefined, 'empty: the image’s own command');
  }
});

test('a service configured by apprunner.yaml is not offered the port and start command', async () => {
  const yaml = {
    ...service,
    SourceConfiguration: {
      CodeRepository: {
        RepositoryUrl: 'https://github.com/o/r',
        SourceCodeVersion: { Type: 'BRANCH', Value: 'main' },
        CodeConfiguration: { ConfigurationSource: 'REPOSITORY' },
      },
    },
  } as Service;
  assert.equal(commandEditable(yaml), false);
  assert.equal(commandEditable(service), true);
  const wizard = serviceSettingsWizard(yaml, initialSettingsAnswers(yaml));
  const first = await wizard.steps[0].ask(initialSettingsAnswers(yaml));
  assert.equal(first.kind, 'pick');
  if (first.kind === 'pick') {
    assert.deepEqual(
      first.items.map((i) => [i.label, i.value]),
      [
        ['Instance size', ['size']],
        ['Health check', ['health']],
        ['All of these', ['size', 'health']],
      ],
    );
    assert.match(first.placeHolder ?? '', /apprunner\.yaml/);
  }
});
