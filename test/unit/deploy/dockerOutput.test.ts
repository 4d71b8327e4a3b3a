import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BuildOutputParser, classifyDockerVersionFailure, PushOutputParser } from '../../../src/deploy/dockerOutput';

const dockerfile = 'FROM local/node:20\n\nCOPY server.js /app/\n# comment\nRUN node -e "process.exit(3)"\nCMD ["node"]\n';

test('legacy builder: steps, and the failing line of the Dockerfile', () => {
  const p = new BuildOutputParser();
  const steps = [
    'Sending build context to Docker daemon  3.072kB',
    'Step 1/4 : FROM local/node:20',
    ' ---> e5ad40555f9b',
    'Step 2/4 : COPY server.js /app/',
    'Step 3/4 : RUN node -e "process.exit(3)"',
    ' ---> Running in 8488f0791f06',
    'The command \'/bin/sh -c node -e "process.exit(3)"\' returned a non-zero code: 3',
  ]
    .map((l) => p.feed(l))
    .filter(Boolean);
  assert.deepEqual(
    steps.map((s) => [s!.index, s!.total]),
    [
      [1, 4],
      [2, 4],
      [3, 4],
    ],
  );
  const f = p.failure(dockerfile, 'exit code 1');
  assert.equal(f.line, 5);
  assert.equal(f.instruction, 'RUN node -e "process.exit(3)"');
  assert.match(f.message, /returned a non-zero code: 3/);
});

test('BuildKit plain progress: steps across stages, the failing line from its excerpt', () => {
  const p = new BuildOutputParser();
  const out = [
    '#1 [internal] load build definition from Dockerfile',
    '#5 [build 1/2] FROM docker.io/library/node:20',
    '#6 [build 2/2] RUN npm ci',
    '#6 0.512 npm ERR! missing package.json',
    '#6 ERROR: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
    '------',
    'Dockerfile:5',
    '--------------------',
    '   5 | >>> RUN npm ci',
    'ERROR: failed to build: failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
  ];
  const steps = out.map((l) => p.feed(l)).filter(Boolean);
  assert.deepEqual(
    steps.map((s) => [s!.index, s!.total, s!.instruction]),
    [
      [1, 2, 'FROM docker.io/library/node:20'],
      [2, 2, 'RUN npm ci'],
    ],
  );
  const f = p.failure(undefined, 'exit code 1');
  assert.equal(f.line, 5);
  assert.match(f.message, /^process "\/bin\/sh -c npm ci" did not complete successfully: exit code: 1$/);
});

test('a failure before any step still says something', () => {
  const p = new BuildOutputParser();
  p.feed('unable to prepare context: path "/nope" not found');
  assert.deepEqual(p.failure('FROM x', 'exit code 1'), {
    message: 'unable to prepare context: path "/nope" not found',
    instruction: undefined,
  });
  const empty = new BuildOutputParser();
  assert.equal(empty.failure(undefined, 'exit code 125').message, 'exit code 125');
});

test('push: layer progress and the digest (docker and podman output)', () => {
  const p = new PushOutputParser();
  const seen = [
    'The push refers to repository [127.0.0.1:5055/app]',
    '833515f36b69: Preparing',
    'f02ee93e2c07: Preparing',
    '833515f36b69: Pushed',
    'f02ee93e2c07: Layer already exists',
    'ab-1: digest: sha256:ab57f2c7c4f0786579c06cda9052f3954822185201840997fbf8b76c3e5d26b3 size: 736',
  ]
    .map((l) => p.feed(l))
    .filter(Boolean);
  assert.deepEqual(seen, [
    { layersDone: 0, layersTotal: 1 },
    { layersDone: 0, layersTotal: 2 },
    { layersDone: 1, layersTotal: 2 },
    { layersDone: 2, layersTotal: 2 },
  ]);
  assert.equal(p.digest, 'sha256:ab57f2c7c4f0786579c06cda9052f3954822185201840997fbf8b76c3e5d26b3');
  const pod = new PushOutputParser();
  pod.feed('Copying blob 5f70bf18a086 done');
  pod.feed('Copying blob sha256:aaaaaaaaaaaaaaaa skipped: already exists');
  assert.deepEqual(pod.progress(), { layersDone: 2, layersTotal: 2 });
});

test("push failures keep the registry's words", () => {
  const p = new PushOutputParser();
  p.feed('833515f36b69: Preparing');
  p.feed('unauthorized: authentication required');
  assert.equal(p.failureMessage('exit code 1'), 'unauthorized: authentication required');
  assert.equal(new PushOutputParser().failureMessage('exit code 1'), 'exit code 1');
});

test('why docker version failed', () => {
  assert.equal(
    classifyDockerVersionFailure('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'),
    'daemon-down',
  );
  assert.equal(
    classifyDockerVersionFailure(
      'Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock',
    ),
    'permission',
  );
  assert.equal(classifyDockerVersionFailure('Cannot connect to Podman. Please verify your connection'), 'daemon-down');
  assert.equal(classifyDockerVersionFailure('something else'), 'other');
});
