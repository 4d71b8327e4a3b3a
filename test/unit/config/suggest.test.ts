import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestMatch, editDistance } from '../../../src/config/suggest';

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    assert.equal(editDistance('command', 'command'), 0);
    assert.equal(editDistance('comand', 'command'), 1);
    assert.equal(editDistance('commandd', 'command'), 1);
    assert.equal(editDistance('cummand', 'command'), 1);
    assert.equal(editDistance('biuld', 'build'), 1);
    assert.equal(editDistance('', 'run'), 3);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });
});

describe('closest match', () => {
  const keys = ['runtime-version', 'pre-run', 'command', 'network', 'env', 'secrets'];

  it('finds typos within a third of the length', () => {
    assert.equal(closestMatch('comand', keys), 'command');
    assert.equal(closestMatch('netwrok', keys), 'network');
    assert.equal(closestMatch('secret', keys), 'secrets');
  });

  it('ignores case, spaces, hyphens and underscores', () => {
    assert.equal(closestMatch('Nodejs 12', ['nodejs12', 'nodejs22']), 'nodejs12');
    assert.equal(closestMatch('RUNTIME_VERSION', keys), 'runtime-version');
    assert.equal(closestMatch('PreRun', keys), 'pre-run');
  });

  it('prefers the later candidate on a tie', () => {
    assert.equal(closestMatch('nodejs20', ['nodejs12', 'nodejs18', 'nodejs22']), 'nodejs22');
    assert.equal(closestMatch('python', ['python3', 'python311']), 'python3');
  });

  it('suggests nothing for unrelated words', () => {
    assert.equal(closestMatch('observations', keys), undefined);
    assert.equal(closestMatch('docker', ['nodejs22', 'dotnet6', 'go1']), undefined);
    assert.equal(closestMatch('', keys), undefined);
    assert.equal(closestMatch('x', keys), undefined);
  });
});
