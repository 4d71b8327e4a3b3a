import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMetricRange, isWebviewMessage } from '../../../src/monitor/protocol';

test('the host accepts only well-formed messages from the page', () => {
  assert.equal(isWebviewMessage({ type: 'ready' }), true);
  assert.equal(isWebviewMessage({ type: 'setRange', range: '1d' }), true);
  assert.equal(isWebviewMessage({ type: 'setRange', range: '2d' }), false);
  assert.equal(isWebviewMessage({ type: 'copy', text: 'x', lineCount: 1 }), true);
  assert.equal(isWebviewMessage({ type: 'save', text: 42, lineCount: 1 }), false);
  assert.equal(isWebviewMessage({ type: 'probeResult', requestId: 3, probe: {} }), true);
  assert.equal(isWebviewMessage({ type: 'probeResult', requestId: '3', probe: {} }), false);
  assert.equal(isWebviewMessage({ type: 'runCommand', command: 'x' }), false);
  assert.equal(isWebviewMessage(null), false);
  assert.equal(isWebviewMessage('ready'), false);
  assert.equal(isMetricRange('1w'), true);
  assert.equal(isMetricRange('1W'), false);
});
