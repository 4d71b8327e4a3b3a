import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAllowed, operationInProgressText, serviceContextValue } from '../../../src/catalog/status';
import { presentOperationStatus, presentStatus } from '../../../src/explorer/status';

test('actions follow the states App Runner allows', () => {
  assert.equal(isAllowed('RUNNING', 'pause'), true);
  assert.equal(isAllowed('PAUSED', 'pause'), false);
  assert.equal(isAllowed('PAUSED', 'resume'), true);
  assert.equal(isAllowed('RUNNING', 'resume'), false);
  assert.equal(isAllowed('OPERATION_IN_PROGRESS', 'delete'), false);
  assert.equal(isAllowed('CREATE_FAILED', 'delete'), true);
  assert.equal(isAllowed('CREATE_FAILED', 'deploy'), true);
  assert.equal(isAllowed('PAUSED', 'openUrl'), false);
  assert.equal(isAllowed(undefined, 'pause'), false);
});

test('an operation in progress says what is happening', () => {
  assert.equal(operationInProgressText('START_DEPLOYMENT'), 'Deploying…');
  assert.equal(operationInProgressText('UPDATE_SERVICE'), 'Deploying…');
  assert.equal(operationInProgressText('PAUSE_SERVICE'), 'Pausing…');
  assert.equal(operationInProgressText('DELETE_SERVICE'), 'Deleting…');
  assert.equal(operationInProgressText(undefined), 'Operation in progress…');
  const p = presentStatus('OPERATION_IN_PROGRESS', 'RESUME_SERVICE');
  assert.deepEqual([p.description, p.icon, p.busy], ['Resuming…', 'sync~spin', true]);
});

test('each status has its own presentation and context value', () => {
  assert.equal(presentStatus('RUNNING').description, 'Running');
  assert.equal(presentStatus('PAUSED').description, 'Paused');
  assert.equal(presentStatus('CREATE_FAILED').icon, 'error');
  assert.equal(presentStatus('SOMETHING_NEW').description, 'SOMETHING_NEW');
  assert.equal(serviceContextValue('RUNNING'), 'service.RUNNING');
  assert.equal(serviceContextValue(undefined), 'service.UNKNOWN');
});

test('operation statuses: a rollback in progress is still running; every failed ending shows an error', () => {
  for (const status of ['PENDING', 'IN_PROGRESS', 'ROLLBACK_IN_PROGRESS']) {
    assert.deepEqual(presentOperationStatus(status), { icon: 'sync~spin', running: true }, status);
  }
  for (const status of ['FAILED', 'ROLLBACK_SUCCEEDED', 'ROLLBACK_FAILED']) {
    assert.deepEqual(presentOperationStatus(status), { icon: 'error', color: 'errorForeground', running: false }, status);
  }
  assert.deepEqual(presentOperationStatus('SUCCEEDED'), { icon: 'check', running: false });
});
