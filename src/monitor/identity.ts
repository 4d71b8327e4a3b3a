// Event identity across the two ways the monitor reads logs. FilterLogEvents gives each event
// its eventId; Live Tail gives no id at all. So an event is also known by its content key
// (group, stream, timestamp, message), and one event can reach us as a Live Tail result and
// again as a FilterLogEvents result when a gap is filled after a reconnect.
//
// Two different events can share a content key (the same line logged twice in the same
// millisecond), so keys are counted, not just remembered: per key, the number of events to
// show is the larger of the count Live Tail delivered and the count of distinct eventIds
// FilterLogEvents returned. That is exact as long as Live Tail sessions do not overlap in
// time (the tail ends one before it starts the next) and every fill covers whole timestamps
// (its start time includes the whole millisecond), both of which LogTail guarantees.
import type { LogGroupKind } from './protocol';

export interface IncomingEvent {
  group: LogGroupKind;
  stream: string;
  timestamp: number;
  message: string;
  /** Present for FilterLogEvents results, absent for Live Tail results. */
  eventId?: string;
}

interface KeyCount {
  timestamp: number;
  viaLiveTail: number;
  viaFilter: number;
  shown: number;
}

/** A 64-bit hash of a string (two 32-bit FNV-style lanes) plus its length, as text. */
export function textHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}${text.length.toString(36)}`;
}

export function contentKey(e: IncomingEvent): string {
  return `${e.timestamp}:${textHash(`${e.group}\u0000${e.stream}\u0000${e.message}`)}`;
}

export class EventDeduper {
  private readonly keys = new Map<string, KeyCount>();
  private readonly eventIds = new Map<string, number>();

  /** `maxKeys` bounds memory even if pruning falls behind (a burst far above any normal rate). */
  constructor(private readonly maxKeys = 200_000) {}

  /** The id to show the event under, or undefined when it was already shown. */
  accept(e: IncomingEvent): string | undefined {
    const key = contentKey(e);
    let count = this.keys.get(key);
    if (!count) {
      count = { timestamp: e.timestamp, viaLiveTail: 0, viaFilter: 0, shown: 0 };
      this.keys.set(key, count);
    }
    let id: string | undefined;
    if (e.eventId !== undefined) {
      if (this.eventIds.has(e.eventId)) return undefined;
      this.eventIds.set(e.eventId, e.timestamp);
      count.viaFilter++;
      if (count.viaFilter > count.shown) id = e.eventId;
    } else {
      count.viaLiveTail++;
      if (count.viaLiveTail > count.shown) id = `live:${key}:${count.viaLiveTail}`;
    }
    if (id === undefined) return undefined;
    count.shown++;
    this.enforceBound();
    return id;
  }

  /**
   * Forgets events older than `timestamp`: no later read can return them, because every fill
   * starts at or after it. Stops at the first younger entry (insertion order is nearly time
   * order), so a rare late event is kept a little longer, never dropped early.
   */
  forgetBefore(timestamp: number): void {
    for (const [key, count] of this.keys) {
      if (count.timestamp >= timestamp) break;
      this.keys.delete(key);
    }
    for (const [eventId, ts] of this.eventIds) {
      if (ts >= timestamp) break;
      this.eventIds.delete(eventId);
    }
  }

  get size(): number {
    return this.keys.size;
  }

  private enforceBound(): void {
    if (this.keys.size <= this.maxKeys && this.eventIds.size <= this.maxKeys) return;
    const keep = Math.floor(this.maxKeys * 0.9);
    for (const key of this.keys.keys()) {
      if (this.keys.size <= keep) break;
      this.keys.delete(key);
    }
    for (const eventId of this.eventIds.keys()) {
      if (this.eventIds.size <= keep) break;
      this.eventIds.delete(eventId);
    }
  }
}
