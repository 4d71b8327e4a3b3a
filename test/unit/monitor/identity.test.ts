import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentKey, EventDeduper, IncomingEvent, textHash } from '../../../src/monitor/identity';

const base: IncomingEvent = { group: 'application', stream: 'instance/a', timestamp: 1000, message: 'hello' };

test('FilterLogEvents results are known by eventId', () => {
  const d = new EventDeduper();
  assert.equal(d.accept({ ...base, eventId: 'e1' }), 'e1');
  assert.equal(d.accept({ ...base, eventId: 'e1' }), undefined);
  assert.equal(d.accept({ ...base, message: 'other', eventId: 'e2' }), 'e2');
});

test('a Live Tail event and the same event read later by FilterLogEvents are one event', () => {
  const d = new EventDeduper();
  const liveId = d.accept(base);
  assert.ok(liveId?.startsWith('live:'));
  assert.equal(d.accept({ ...base, eventId: 'e1' }), undefined);
  assert.equal(d.accept({ ...base, eventId: 'e1' }), undefined);
});

test('an event read by FilterLogEvents first and then delivered by Live Tail is one event', () => {
  const d = new EventDeduper();
  assert.equal(d.accept({ ...base, eventId: 'e1' }), 'e1');
  assert.equal(d.accept(base), undefined);
});

test('the same line twice in the same millisecond counts twice, whichever source saw how many', () => {
  const d = new EventDeduper();
  // Live Tail saw one of them, FilterLogEvents both: two shown in all.
  assert.ok(d.accept(base));
  assert.equal(d.accept({ ...base, eventId: 'e1' }), undefined);
  assert.equal(d.accept({ ...base, eventId: 'e2' }), 'e2');
  // Live Tail (a later session) delivers the second one too: nothing new.
  assert.equal(d.accept(base), undefined);
  // A third real occurrence.
  assert.ok(d.accept(base));
});

test('the group, stream, timestamp and message all belong to the identity', () => {
  const d = new EventDeduper();
  assert.ok(d.accept(base));
  assert.ok(d.accept({ ...base, group: 'service' }));
  assert.ok(d.accept({ ...base, stream: 'instance/b' }));
  assert.ok(d.accept({ ...base, timestamp: 1001 }));
  assert.ok(d.accept({ ...base, message: 'hello ' }));
  assert.notEqual(contentKey(base), contentKey({ ...base, message: 'hellp' }));
  assert.notEqual(textHash('ab'), textHash('ba'));
});

test('forgetting old identities frees memory but keeps the recent ones', () => {
  const d = new EventDeduper();
  for (let t = 0; t < 100; t++) d.accept({ ...base, timestamp: t, eventId: `e${t}` });
  d.forgetBefore(90);
  assert.equal(d.size, 10);
  assert.equal(d.accept({ ...base, timestamp: 95, eventId: 'e95' }), undefined);
});

test('memory stays bounded even when nothing is forgotten', () => {
  const d = new EventDeduper(1000);
  for (let i = 0; i < 5000; i++) d.accept({ ...base, message: `m${i}`, eventId: `e${i}` });
  assert.ok(d.size <= 1000, `size ${d.size}`);
});
