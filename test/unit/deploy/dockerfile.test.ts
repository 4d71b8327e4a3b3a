import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPort, exposedPorts, parseInstructions } from '../../../src/deploy/dockerfile';

test('instructions keep their first line; continuations, comments and blank lines are joined or skipped', () => {
  const text = [
    '# a comment',
    'FROM local/node:20',
    '',
    'RUN echo a \\',
    '  # inside',
    '    && echo b',
    'expose 8080',
    'CMD ["node", "server.js"]',
  ].join('\n');
  const ins = parseInstructions(text);
  assert.deepEqual(
    ins.map((i) => [i.keyword, i.line]),
    [
      ['FROM', 2],
      ['RUN', 4],
      ['EXPOSE', 7],
      ['CMD', 8],
    ],
  );
  assert.match(ins[1].args, /^echo a\s+&& echo b$/);
});

test('the escape directive switches the continuation character', () => {
  const ins = parseInstructions('# escape=`\nFROM x\nRUN dir `\n  c:\\\\\nEXPOSE 80');
  assert.deepEqual(
    ins.map((i) => i.keyword),
    ['FROM', 'RUN', 'EXPOSE'],
  );
  assert.match(ins[1].args, /^dir\s+c:\\\\$/);
});

test('EXPOSE ports: protocols, ranges, several per line, variables from ARG and ENV', () => {
  const info = exposedPorts(
    'ARG BASE=8000\nFROM scratch\nARG BASE\nENV HTTP_PORT=3000\nEXPOSE 8080/tcp 53/udp\nEXPOSE ${HTTP_PORT} $BASE 9000-9005\n',
  );
  assert.deepEqual(
    info.ports.map((p) => [p.from, p.to, p.protocol, p.line]),
    [
      [8080, 8080, 'tcp', 5],
      [53, 53, 'udp', 5],
      [3000, 3000, 'tcp', 6],
      [8000, 8000, 'tcp', 6],
      [9000, 9005, 'tcp', 6],
    ],
  );
  assert.deepEqual(info.unresolved, []);
  assert.equal(info.inheritsFromImage, false);
});

test('only the final stage counts, with what it inherits from earlier stages', () => {
  const multi = 'FROM node AS build\nEXPOSE 9999\nRUN make\nFROM local/node:20\nEXPOSE 8080\n';
  assert.deepEqual(
    exposedPorts(multi).ports.map((p) => p.from),
    [8080],
  );
  const chained = 'FROM local/node:20 AS base\nEXPOSE 3000\nFROM base\nCMD ["node"]\n';
  const info = exposedPorts(chained);
  assert.deepEqual(
    info.ports.map((p) => p.from),
    [3000],
  );
  assert.equal(info.inheritsFromImage, true);
});

test('an EXPOSE of an ARG without a value is unresolved, not a port', () => {
  const info = exposedPorts('FROM scratch\nARG PORT\nEXPOSE $PORT\n');
  assert.deepEqual(info.ports, []);
  assert.deepEqual(info.unresolved, ['$PORT']);
  assert.equal(checkPort(info, 8080).kind, 'unknown');
});

test('the port check compares EXPOSE with the service port', () => {
  assert.equal(checkPort(exposedPorts('FROM scratch\nEXPOSE 8080\n'), 8080).kind, 'match');
  assert.equal(checkPort(exposedPorts('FROM scratch\nEXPOSE 8000-8100\n'), 8080).kind, 'match');
  const mismatch = checkPort(exposedPorts('FROM scratch\n\nEXPOSE 3000\n'), 8080);
  assert.equal(mismatch.kind, 'mismatch');
  assert.match(mismatch.kind === 'mismatch' ? mismatch.message : '', /exposes port 3000 \(line 3\).*port 8080/);
  const none = checkPort(exposedPorts('FROM local/node:20\nCMD ["node"]\n'), 8080);
  assert.equal(none.kind, 'no-expose');
  assert.match(none.kind === 'no-expose' ? none.message : '', /base image may have one/);
  assert.equal(checkPort(exposedPorts('FROM scratch\nEXPOSE 8080/udp\n'), 8080).kind, 'no-expose');
});

test('heredoc bodies are not instructions: an EXPOSE inside RUN <<EOF or COPY <<-EOT does not count', () => {
  const text = [
    'FROM scratch',
    'RUN <<EOF',
    'EXPOSE 9999',
    'echo hi',
    'EOF',
    'COPY <<-EOT /etc/motd',
    '\tEXPOSE 1234',
    '\tEOT',
    'EXPOSE 8080',
    'CMD ["node", "server.js"]',
  ].join('\n');
  assert.deepEqual(
    parseInstructions(text).map((i) => [i.keyword, i.line]),
    [
      ['FROM', 1],
      ['RUN', 2],
      ['COPY', 6],
      ['EXPOSE', 9],
      ['CMD', 10],
    ],
  );
  assert.deepEqual(
    exposedPorts(text).ports.map((p) => [p.from, p.line]),
    [[8080, 9]],
  );
});

test('ENV values keep their quoted spaces and a global ARG can name the base image', () => {
  const info = exposedPorts('ARG BASE=local/node:20\nFROM ${BASE} AS app\nENV PORTS="3000 3001" LEGACY=x\nEXPOSE $PORTS\n');
  assert.equal(info.inheritsFromImage, true);
  assert.deepEqual(info.unresolved, ['$PORTS']);
});
