import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envNameProblem, parseEnvFile } from '../../../src/shared/envFile';

test('dotenv basics: export, comments, quotes, escapes, inline comments', () => {
  const text = [
    '# settings',
    'export API_URL=https://api.example.com/v1 # the API',
    "GREETING='hello # not a comment'",
    'MULTI="line1\\nline2 \\"quoted\\""',
    'EMPTY=',
    '  SPACED = value with spaces  ',
    'HASH=abc#def',
  ].join('\n');
  const { vars, problems } = parseEnvFile(text);
  assert.deepEqual(problems, []);
  assert.deepEqual(vars, {
    API_URL: 'https://api.example.com/v1',
    GREETING: 'hello # not a comment',
    MULTI: 'line1\nline2 "quoted"',
    EMPTY: '',
    SPACED: 'value with spaces',
    HASH: 'abc#def',
  });
});

test('a double-quoted value may span lines', () => {
  const { vars, problems } = parseEnvFile('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\r\n');
  assert.deepEqual(problems, []);
  assert.deepEqual(vars, { KEY: '-----BEGIN-----\nabc\n-----END-----', NEXT: '1' });
});

test('problems name the line and what is wrong; good lines still count', () => {
  const { vars, problems } = parseEnvFile('GOOD=1\nnot a pair\n1BAD=x\nPORT=8080\nQ="x" trailing\nLAST=ok\nOPEN="never closed\nB=2\n');
  assert.deepEqual(vars, { GOOD: '1', LAST: 'ok' });
  assert.deepEqual(
    problems.map((p) => p.line),
    [2, 3, 4, 5, 7],
  );
  assert.match(problems[0].message, /expected KEY=VALUE/);
  assert.match(problems[1].message, /not a valid variable name/);
  assert.match(problems[2].message, /PORT is set by App Runner/);
  assert.match(problems[3].message, /unexpected text after the closing quote/);
  assert.match(problems[4].message, /never closed/);
});

test('duplicate names: the last value wins, with a note', () => {
  const { vars, problems } = parseEnvFile('A=1\nA=2\n');
  assert.deepEqual(vars, { A: '2' });
  assert.deepEqual(problems, [{ line: 2, message: 'A is set again; the last value wins' }]);
});

test('variable names', () => {
  assert.equal(envNameProblem('DATABASE_URL'), undefined);
  assert.match(envNameProblem('AWSAPPRUNNER_X') ?? '', /reserved/);
  assert.match(envNameProblem('has-dash') ?? '', /not a valid variable name/);
});
