import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  REVISED_BUILD_RUNTIMES,
  RUNTIMES,
  isPastEndOfSupport,
  isWithinReleasedVersions,
  runtimeInfo,
  runtimesByPreference,
} from '../../../src/config/runtimes';

describe('runtimes', () => {
  it('knows which runtimes use the revised build', () => {
    assert.deepEqual(REVISED_BUILD_RUNTIMES, ['python311', 'nodejs18', 'nodejs22']);
  });

  it('names a revised alternative only for original-build runtimes, and it is revised', () => {
    for (const runtime of RUNTIMES) {
      if (runtime.revisedAlternative === undefined) continue;
      assert.equal(runtime.build, 'original', runtime.id);
      assert.equal(runtimeInfo(runtime.revisedAlternative)?.build, 'revised', runtime.id);
    }
  });

  it('offers example versions that its own rules accept', () => {
    for (const runtime of RUNTIMES) {
      for (const version of runtime.exampleVersions) {
        assert.ok(runtime.versionFamily.test(version), `${runtime.id} ${version}`);
        if (runtime.releasedVersions) assert.ok(isWithinReleasedVersions(version, runtime.releasedVersions), `${runtime.id} ${version}`);
      }
    }
  });

  it('compares versions part by part; shorter versions cover their extensions', () => {
    const nodejs22 = runtimeInfo('nodejs22')!.releasedVersions!;
    assert.ok(isWithinReleasedVersions('22', nodejs22));
    assert.ok(isWithinReleasedVersions('22.16', nodejs22));
    assert.ok(isWithinReleasedVersions('22.17.0', nodejs22));
    assert.ok(!isWithinReleasedVersions('22.15', nodejs22));
    assert.ok(!isWithinReleasedVersions('22.17.1', nodejs22));
    const dotnet6 = runtimeInfo('dotnet6')!.releasedVersions!;
    assert.ok(isWithinReleasedVersions('6.0.10', dotnet6), '10 is more than 9 as a number');
    assert.ok(!isWithinReleasedVersions('6.0.37', dotnet6));
    assert.ok(isWithinReleasedVersions('3.7.99', runtimeInfo('python3')!.releasedVersions!), 'an open 3.7 range');
  });

  it('judges end of support by calendar day', () => {
    const nodejs16 = runtimeInfo('nodejs16')!;
    assert.equal(isPastEndOfSupport(nodejs16, new Date('2025-11-30T23:59:59Z')), false);
    assert.equal(isPastEndOfSupport(nodejs16, new Date('2025-12-01T00:00:00Z')), true);
    assert.equal(isPastEndOfSupport(runtimeInfo('nodejs22')!, new Date('2099-01-01')), false);
  });

  it('orders runtimes for the picker: revised first, supported before ended', () => {
    const order = runtimesByPreference(new Date('2026-06-01')).map((r) => r.id);
    assert.deepEqual(order, [
      'python311',
      'nodejs22',
      'nodejs18',
      'corretto8',
      'corretto11',
      'python3',
      'nodejs12',
      'nodejs14',
      'nodejs16',
      'dotnet6',
      'php81',
      'ruby31',
      'go1',
    ]);
    const before = runtimesByPreference(new Date('2025-01-01')).map((r) => r.id);
    assert.deepEqual(before.slice(0, 3), ['python311', 'nodejs18', 'nodejs22']);
  });
});
