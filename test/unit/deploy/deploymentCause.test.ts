import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDeploymentFailure, deploymentLogComplete, keyLogLines } from '../../../src/deploy/deploymentCause';

const ctx = { servicePort: 8080, exposedPorts: [8080], healthCheck: { protocol: 'TCP' } };
/** App Runner's lines as it writes them to the deployment stream (the app's output is not among them). */
const PULLED = [
  '[AppRunner] Pulling image 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v2',
  '[AppRunner] Successfully pulled your application image from ECR.',
];
const TCP_FAILED =
  "[AppRunner] Health check failed on protocol `TCP` [Port: '8080']. Check your configured port number. For more information, see the application logs.";
const FAILED = ['[AppRunner] Deployment with ID : 0f6b1f9e-6a43-4c43-9d8e-3b1f8f7c2b10 failed. Failure reason : Health check failed.'];

test('a failed health check on the right port', () => {
  const a = analyzeDeploymentFailure({ platform: [...PULLED, TCP_FAILED, ...FAILED], app: ['booting'] }, ctx);
  assert.equal(a.cause, 'health-check');
  assert.match(a.nextStep, /listen on port 8080/);
  assert.match(a.evidence ?? '', /Health check failed/);
});

test('HTTP health checks name their path', () => {
  const a = analyzeDeploymentFailure(
    { platform: ["[AppRunner] Health check failed on protocol `HTTP`[Path: '/health'], [Port: '8080']"], app: [] },
    { ...ctx, healthCheck: { protocol: 'HTTP', path: '/health' } },
  );
  assert.equal(a.cause, 'health-check');
  assert.match(a.nextStep, /answer \/health with a 2xx/);
});

test('a port mismatch: EXPOSE elsewhere, or the app says in its own log where it listens', () => {
  const exposed = analyzeDeploymentFailure({ platform: [TCP_FAILED, ...FAILED], app: [] }, { ...ctx, exposedPorts: [3000] });
  assert.equal(exposed.cause, 'port-mismatch');
  assert.match(exposed.summary, /port 8080 failed.*declared \(EXPOSE\) to listen on port 3000/);
  assert.match(exposed.nextStep, /change the service port to 3000/);
  const logged = analyzeDeploymentFailure({ platform: [TCP_FAILED], app: ['app: listening on port 5000'] }, ctx);
  assert.equal(logged.cause, 'port-mismatch');
  assert.match(logged.summary, /listens on port 5000/);
  // A "listening" line in the platform's stream is not the app's.
  assert.equal(analyzeDeploymentFailure({ platform: ['listening on port 5000', TCP_FAILED], app: [] }, ctx).cause, 'health-check');
});

test('"not listening" and the port the platform gave the app are no mismatch', () => {
  const platform = ['[AppRunner] (emulator) The service port 8080 runs as PORT=41234 on the host network.', TCP_FAILED];
  assert.equal(analyzeDeploymentFailure({ platform, app: ['no-listen: started; not listening on port 41234'] }, ctx).cause, 'health-check');
  assert.equal(analyzeDeploymentFailure({ platform, app: ['app listening on port 41234'] }, ctx).cause, 'health-check');
});

test('image pull failures: the access role, or the image itself', () => {
  const role = analyzeDeploymentFailure(
    {
      platform: [
        '[AppRunner] Failed to pull your application image. Be sure you configure your service with a valid access role to your ECR repository.',
      ],
      app: [],
    },
    ctx,
  );
  assert.equal(role.cause, 'image-pull');
  assert.match(role.nextStep, /build\.apprunner\.amazonaws\.com/);
  const missing = analyzeDeploymentFailure(
    { platform: ['[AppRunner] Failed to pull your application image: manifest unknown'], app: [] },
    ctx,
  );
  assert.equal(missing.cause, 'image-pull');
  assert.match(missing.nextStep, /still exists in the repository/);
});

test('an image for another platform: how to build for amd64', () => {
  const a = analyzeDeploymentFailure(
    {
      platform: [
        ...PULLED,
        "[AppRunner] Failed to start your application: exec format error. The image's platform is linux/arm64; App Runner runs linux/amd64 images only.",
      ],
      app: [],
    },
    ctx,
  );
  assert.equal(a.cause, 'image-platform');
  assert.match(a.nextStep, /docker build --platform linux\/amd64/);
});

test('an app that crashes on start: the exit code; its own lines are read from the application log', () => {
  const a = analyzeDeploymentFailure(
    {
      platform: [
        ...PULLED,
        '[AppRunner] Your application stopped or failed to start. See logs for more information. Container exit code: 1',
      ],
      app: ['crash-on-start: reading config', 'Error: DATABASE_URL is not set', '    at Object.<anonymous> (/app/main.js:3:9)'],
    },
    ctx,
  );
  assert.equal(a.cause, 'app-exited');
  assert.match(a.summary, /exited on start \(exit code 1\)/);
  assert.match(a.nextStep, /docker run -e PORT=8080/);
});

test('out of memory: from the platform (exit code 137) or from the app (a heap limit)', () => {
  const killed = analyzeDeploymentFailure(
    {
      platform: ['[AppRunner] Your application stopped or failed to start. See logs for more information. Container exit code: 137'],
      app: [],
    },
    ctx,
  );
  assert.equal(killed.cause, 'out-of-memory');
  const heap = analyzeDeploymentFailure(
    {
      platform: ['[AppRunner] Your application stopped or failed to start. Container exit code: 134'],
      app: ['FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'],
    },
    ctx,
  );
  assert.equal(heap.cause, 'out-of-memory');
  assert.match(heap.evidence ?? '', /heap out of memory/);
  assert.match(heap.nextStep, /larger memory size/);
});

test('nothing recognizable', () => {
  const a = analyzeDeploymentFailure({ platform: ['something odd'], app: [] }, ctx);
  assert.equal(a.cause, 'unknown');
  assert.equal(a.evidence, undefined);
});

test("the deployment stream is complete once App Runner's closing line is there", () => {
  assert.equal(deploymentLogComplete([...PULLED, TCP_FAILED]), false);
  assert.equal(deploymentLogComplete([...PULLED, TCP_FAILED, ...FAILED]), true);
  assert.equal(deploymentLogComplete(['[AppRunner] Deployment failed. Failure reason : Health check failed.']), true);
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
