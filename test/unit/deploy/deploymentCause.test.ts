import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDeploymentFailure, keyLogLines } from '../../../src/deploy/deploymentCause';

const ctx = { servicePort: 8080, exposedPorts: [8080], healthCheck: { protocol: 'TCP' } };

test('a failed health check on the right port', () => {
  const a = analyzeDeploymentFailure(
    ['[AppRunner] Pulling image x', "[AppRunner] Health check failed on protocol `TCP`[Port: '8080']. Check your configured port number."],
    ctx,
  );
  assert.equal(a.cause, 'health-check');
  assert.match(a.nextStep, /listen on port 8080/);
  assert.match(a.evidence ?? '', /Health check failed/);
});

test('HTTP health checks name their path', () => {
  const a = analyzeDeploymentFailure(["Health check failed on protocol `HTTP`[Path: '/health'], [Port: '8080']"], {
    ...ctx,
    healthCheck: { protocol: 'HTTP', path: '/health' },
  });
  assert.equal(a.cause, 'health-check');
  assert.match(a.nextStep, /answer \/health with a 2xx/);
});

test('a port mismatch: EXPOSE elsewhere, or the app says where it listens', () => {
  const exposed = analyzeDeploymentFailure(['[AppRunner] Deployment failed. Failure reason : Health check failed.'], {
    ...ctx,
    exposedPorts: [3000],
  });
  assert.equal(exposed.cause, 'port-mismatch');
  assert.match(exposed.summary, /port 8080 failed.*declared \(EXPOSE\) to listen on port 3000/);
  assert.match(exposed.nextStep, /change the service port to 3000/);
  const logged = analyzeDeploymentFailure(['app: listening on port 5000', "Health check failed on protocol `TCP`[Port: '8080']"], ctx);
  assert.equal(logged.cause, 'port-mismatch');
  assert.match(logged.summary, /listens on port 5000/);
});

test('"not listening" and the port the platform gave the app are no mismatch', () => {
  const lines = [
    '[AppRunner] Provisioning instances and deploying image (emulator: service port 8080 runs as PORT=41234 on the host network).',
    'no-listen: started; not listening on port 41234',
    '[AppRunner] Health check failed on TCP port 8080. Check your configured port number.',
  ];
  assert.equal(analyzeDeploymentFailure(lines, ctx).cause, 'health-check');
  const slow = ['(emulator: service port 8080 runs as PORT=41234)', 'app listening on port 41234', 'Health check failed on TCP port 8080'];
  assert.equal(analyzeDeploymentFailure(slow, ctx).cause, 'health-check');
});

test('image pull failures point at the access role', () => {
  const a = analyzeDeploymentFailure(
    [
      '[AppRunner] Failed to pull your application image. Be sure you configure your service with a valid access role to your ECR repository.',
    ],
    ctx,
  );
  assert.equal(a.cause, 'image-pull');
  assert.match(a.nextStep, /build\.apprunner\.amazonaws\.com/);
});

test('an app that exits', () => {
  const a = analyzeDeploymentFailure(
    ['[AppRunner] Your application stopped or failed to start. See logs for more information. Container exit code: 1'],
    ctx,
  );
  assert.equal(a.cause, 'app-exited');
  assert.match(a.nextStep, /docker run -e PORT=8080/);
});

test('nothing recognizable', () => {
  const a = analyzeDeploymentFailure(['something odd'], ctx);
  assert.equal(a.cause, 'unknown');
  assert.equal(a.evidence, undefined);
});

test('the lines shown in a message: no repeats, the last ones, the evidence kept', () => {
  const lines = [
    '[AppRunner] Pulling image x',
    'app: waiting',
    'app: waiting',
    'app: waiting',
    '[AppRunner] Health check failed',
    '[AppRunner] Deployment failed',
    '[AppRunner] Rollback completed',
  ];
  assert.deepEqual(keyLogLines(lines, 3), [
    '[AppRunner] Health check failed',
    '[AppRunner] Deployment failed',
    '[AppRunner] Rollback completed',
  ]);
  assert.deepEqual(keyLogLines(lines, 3, '[AppRunner] Pulling image x'), [
    '[AppRunner] Pulling image x',
    '[AppRunner] Deployment failed',
    '[AppRunner] Rollback completed',
  ]);
  assert.deepEqual(keyLogLines(['a', 'b', 'a'], 5), ['b', 'a']);
  assert.deepEqual(keyLogLines([], 3), []);
});
