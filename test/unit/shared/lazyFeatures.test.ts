import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CommandHandler, Disposable, LazyFeatures } from '../../../src/shared/lazyFeatures';

/** VS Code's command registry as far as LazyFeatures uses it. */
function fakeCommands() {
  const registered = new Map<string, CommandHandler>();
  const subscriptions: Disposable[] = [];
  const features = new LazyFeatures((id, handler) => {
    registered.set(id, handler);
    return { dispose: () => registered.delete(id) };
  }, subscriptions);
  const run = (id: string, ...args: unknown[]) => {
    const handler = registered.get(id);
    assert.ok(handler, `${id} is not registered`);
    return handler(...args);
  };
  return { features, registered, subscriptions, run };
}

test('the commands are registered at once; the body loads on the first command, once, and runs it with its arguments', () => {
  const { features, registered, subscriptions, run } = fakeCommands();
  const loads: string[] = [];
  const calls: unknown[][] = [];
  const get = features.define('deploy', ['apprunner.a', 'apprunner.b'] as const, (commands) => {
    loads.push('deploy');
    commands.register('apprunner.a', (...args) => (calls.push(['a', ...args]), 'from a'));
    commands.register('apprunner.b', (...args) => calls.push(['b', ...args]));
    return { api: 'deploy api' };
  });

  assert.deepEqual([...registered.keys()], ['apprunner.a', 'apprunner.b']);
  assert.equal(subscriptions.length, 2);
  assert.deepEqual(loads, []);
  assert.deepEqual(features.loaded(), []);

  assert.equal(run('apprunner.a', 1, 'x'), 'from a');
  run('apprunner.b');
  run('apprunner.a');
  assert.deepEqual(loads, ['deploy']);
  assert.deepEqual(calls, [['a', 1, 'x'], ['b'], ['a']]);
  assert.deepEqual(features.loaded(), ['deploy']);
  assert.equal(get(), get(), 'the same body every time');
  assert.deepEqual(get(), { api: 'deploy api' });
});

test('the returned function and load(name) load the body without a command; loaded() lists features in load order', () => {
  const { features } = fakeCommands();
  const objects = { catalog: {} };
  let seen: unknown;
  const monitor = features.define('monitor', ['apprunner.m'] as const, (commands) => {
    commands.register('apprunner.m', () => undefined);
    return { catalog: objects.catalog };
  });
  features.define('operate', ['apprunner.o'] as const, (commands) => {
    commands.register('apprunner.o', () => undefined);
    seen = 'operate loaded';
  });
  assert.deepEqual(features.names(), ['monitor', 'operate']);
  features.load('operate');
  assert.equal(seen, 'operate loaded');
  assert.equal(monitor().catalog, objects.catalog, 'the body gets the object it was handed, not a copy');
  assert.deepEqual(features.loaded(), ['operate', 'monitor']);
  assert.throws(() => features.load('nothing'), /No feature is called nothing/);
});

test('a body that defines an undeclared command or leaves a declared one undefined fails its first use, naming the command', () => {
  const { features, run } = fakeCommands();
  features.define('explorer', ['apprunner.refresh'] as const, (commands) => {
    commands.register('apprunner.refresh', () => undefined);
    (commands as { register(id: string, h: CommandHandler): Disposable }).register('apprunner.undeclared', () => undefined);
  });
  assert.throws(() => run('apprunner.refresh'), /explorer feature defines apprunner\.undeclared, which its registrar does not declare/);

  features.define('migrate', ['apprunner.plan', 'apprunner.export'] as const, (commands) => {
    commands.register('apprunner.plan', () => undefined);
  });
  assert.throws(() => run('apprunner.plan'), /migrate feature declares apprunner\.export but its body does not define them/);
  assert.deepEqual(features.loaded(), []);
});
