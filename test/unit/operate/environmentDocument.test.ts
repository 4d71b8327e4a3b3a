import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentChanges, toEnvFile } from '../../../src/operate/environment';
import {
  changeSummary,
  documentEditsApplied,
  environmentFromDocument,
  lineOfVariable,
  previewLines,
} from '../../../src/operate/environmentDocument';

const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
const current = { variables: { A: '1', B: 'two' }, secrets: { DB: secretArn, KEY: '/app/key' } };

test('the exported document reads back as the same environment (secrets stay secrets)', () => {
  assert.deepEqual(environmentFromDocument(toEnvFile(current, 'web'), current), { environment: current });
});

test('a deleted line is a removal, a secret ARN on a new name is a secret, an edit is a change', () => {
  const text = `A=1\nB=three\nNEW=${'arn:aws:ssm:us-east-1:123456789012:parameter/x'}\nDB=${secretArn}\n`;
  const result = environmentFromDocument(text, current);
  assert.ok('environment' in result);
  assert.deepEqual(result.environment, {
    variables: { A: '1', B: 'three' },
    secrets: { DB: secretArn, NEW: 'arn:aws:ssm:us-east-1:123456789012:parameter/x' },
  });
  const changes = environmentChanges(current, result.environment);
  assert.equal(changeSummary(changes), '1 added, 1 changed, 1 removed');
  assert.deepEqual(previewLines(changes), [
    '~ B (variable) changed, now (5 characters)',
    '- KEY (secret)',
    '+ NEW (secret) arn:aws:ssm:us-east-1:123456789012:parameter/x',
  ]);
});

test('reserved, invalid and unparsable lines are refused with the reason and nothing is used', () => {
  const result = environmentFromDocument('PORT=80\n1X=a\nAWSAPPRUNNER_X=1\nnot a line\nOK=1\n', current);
  assert.ok('problems' in result);
  assert.equal(result.problems.length, 4);
  assert.match(result.problems.join('\n'), /Line 4/);
  assert.match(result.problems.join('\n'), /PORT is set by App Runner/);
  assert.match(result.problems.join('\n'), /reserved by App Runner/);
});

test('a plain value in a preview shows only its length', () => {
  const lines = previewLines(environmentChanges(current, { ...current, variables: { ...current.variables, TOKEN: 'sup3r-s3cret' } }));
  assert.deepEqual(lines, ['+ TOKEN (variable) (12 characters)']);
  assert.ok(!lines.join('').includes('sup3r'));
});

test('the line of a variable in the document (to open the editor at it)', () => {
  const text = toEnvFile(current, 'web');
  const lines = text.split('\n');
  assert.match(lines[lineOfVariable(text, 'B')!], /^B=two$/);
  assert.match(lines[lineOfVariable(text, 'DB')!], /^DB=/);
  assert.equal(lineOfVariable(text, 'A'), 1, 'after the heading comment');
  assert.equal(lineOfVariable('export AB=1\nA=2\n', 'A'), 1);
  assert.equal(lineOfVariable(text, 'MISSING'), undefined);
  assert.equal(lineOfVariable(text, undefined), undefined);
});

test('a save applies the document’s own edits to the service as it is now, keeping changes made elsewhere', () => {
  const base = { variables: { A: '1', B: 'two', C: 'c' }, secrets: { DB: secretArn } };
  // The document: A changed, B deleted, D added, C turned into a secret by its ARN.
  const desired = { variables: { A: '10', D: 'd' }, secrets: { DB: secretArn, C: 'arn:aws:ssm:us-east-1:123456789012:parameter/c' } };
  // Meanwhile an import changed B and added E, and a command turned KEY into a secret.
  const current = { variables: { A: '1', B: 'three', C: 'c', E: 'e' }, secrets: { DB: secretArn, KEY: '/app/key' } };
  assert.deepEqual(documentEditsApplied(base, desired, current), {
    variables: { A: '10', D: 'd', E: 'e' },
    secrets: { DB: secretArn, KEY: '/app/key', C: 'arn:aws:ssm:us-east-1:123456789012:parameter/c' },
  });
  // Read just now, the document is the whole environment.
  assert.deepEqual(documentEditsApplied(current, desired, current), desired);
});
