/**
 * Consumer groups of a stream: each group has its last delivered ID, its logical read counter
 * (`entries_read`, -1 when unknown), its pending entries list (PEL: delivered, not yet acknowledged
 * entries, each a NACK owned by one consumer) and its consumers, each with its own PEL holding the
 * same NACK objects.
 *
 * A PEL is kept as an ID-ordered array of slots plus a map by ID: deliveries almost always append
 * (IDs grow), acknowledgements mark a slot dead in O(1), and dead slots are dropped in bulk once
 * they outnumber the live ones. Range scans (XPENDING, XAUTOCLAIM, history reads) walk the array.
 */
import { compareIds, StreamId } from './stream-id';

/** Counters the stream's memory estimate is computed from, kept up to date by every change. */
export class GroupAccounting {
  public groups = 0;
  public consumers = 0;
  public consumerNameBytes = 0;
  /** NACKs in group PELs (each is also in one consumer PEL, or in none right after FORCE). */
  public nacks = 0;
  public consumerNacks = 0;
}

/** A pending entry: delivered `deliveryCount` times, last at `deliveryTime` (ms), to `consumer`. */
export class Nack {
  public consumer: Consumer | undefined;
  constructor(public readonly id: StreamId, public readonly key: string, public deliveryTime: number, public deliveryCount: number) {}
}

class Slot {
  public alive = true;
  constructor(public readonly nack: Nack) {}
}

/** An ID-ordered set of NACKs. */
export class Pel {
  private readonly byKey = new Map<string, Slot>();
  private order: Slot[] = [];
  private head = 0;
  private dead = 0;
  /** Bumped whenever slots move, so cursors know to seek again. */
  public version = 0;

  constructor(private readonly acct: GroupAccounting, private readonly isGroupPel: boolean) {}

  public get size(): number {
    return this.byKey.size;
  }

  public get(key: string): Nack | undefined {
    return this.byKey.get(key)?.nack;
  }

  /** Adds a NACK; false when its ID is already present. */
  public insert(nack: Nack): boolean {
    if (this.byKey.has(nack.key)) return false;
    const slot = new Slot(nack);
    this.byKey.set(nack.key, slot);
    const order = this.order;
    const n = order.length;
    if (n === 0 || nack.id.compare(order[n - 1].nack.id) > 0) {
      order.push(slot);
    } else {
      const at = this.lowerBound(nack.id);
      order.splice(at, 0, slot);
      this.version++;
    }
    this.count(1);
    return true;
  }

  /** Removes the NACK with this ID; returns it, or undefined when absent. */
  public remove(key: string): Nack | undefined {
    const slot = this.byKey.get(key);
    if (!slot) return undefined;
    this.byKey.delete(key);
    slot.alive = false;
    this.dead++;
    this.count(-1);
    const order = this.order;
    while (order.length > this.head && !order[order.length - 1].alive) {
      order.pop();
      this.dead--;
    }
    if (this.dead > 32 && this.dead > this.byKey.size) this.compact();
    return slot.nack;
  }

  private count(delta: number): void {
    if (this.isGroupPel) this.acct.nacks += delta;
    else this.acct.consumerNacks += delta;
  }

  private compact(): void {
    const live: Slot[] = [];
    for (let i = this.head; i < this.order.length; i++) if (this.order[i].alive) live.push(this.order[i]);
    this.order = live;
    this.head = 0;
    this.dead = 0;
    this.version++;
  }

  /** First index (in `order`) whose ID is ≥ id. */
  private lowerBound(id: StreamId): number {
    let lo = this.head;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order[mid].nack.id.compare(id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  public first(): Nack | undefined {
    const order = this.order;
    while (this.head < order.length && !order[this.head].alive) {
      this.head++;
      this.dead--;
    }
    return this.head < order.length ? order[this.head].nack : undefined;
  }

  public last(): Nack | undefined {
    const order = this.order;
    return order.length > this.head ? order[order.length - 1].nack : undefined;
  }

  /** A cursor over the NACKs with ID ≥ start, in ID order; safe against changes while walking. */
  public from(start: StreamId): PelCursor {
    return new PelCursor(this, start);
  }

  /** @internal for PelCursor: the live slot at or after index i, with its index. */
  public slotAt(i: number): Nack | undefined {
    return i < this.order.length ? this.order[i].nack : undefined;
  }

  /** @internal */
  public aliveAt(i: number): boolean {
    return this.order[i].alive;
  }

  /** @internal */
  public seek(id: StreamId): number {
    return this.lowerBound(id);
  }

  /** Every NACK in ID order. */
  public values(): Nack[] {
    const out: Nack[] = [];
    for (let i = this.head; i < this.order.length; i++) if (this.order[i].alive) out.push(this.order[i].nack);
    return out;
  }
}

/** Walks a PEL in ID order from a start ID; re-seeks when the PEL was reorganized meanwhile. */
export class PelCursor {
  private index: number;
  private version: number;
  private lastId: StreamId | undefined;

  constructor(private readonly pel: Pel, start: StreamId) {
    this.index = pel.seek(start);
    this.version = pel.version;
  }

  /** The next live NACK, or undefined at the end. */
  public next(): Nack | undefined {
    const pel = this.pel;
    if (this.version !== pel.version) {
      this.version = pel.version;
      this.index = this.lastId ? pel.seek(this.lastId) : this.index;
      // Skip the entry already returned when it is still there.
      const at = pel.slotAt(this.index);
      if (this.lastId && at && at.id.compare(this.lastId) === 0) this.index++;
    }
    for (;;) {
      const nack = pel.slotAt(this.index);
      if (!nack) return undefined;
      const alive = pel.aliveAt(this.index);
      this.index++;
      if (alive) {
        this.lastId = nack.id;
        return nack;
      }
    }
  }
}

export class Consumer {
  public readonly pel: Pel;
  /** Last time the consumer was seen (any read or claim attempt) and active (a successful one); -1 never. */
  public seenTime: number;
  public activeTime = -1;

  constructor(public readonly name: string, acct: GroupAccounting, now: number) {
    this.pel = new Pel(acct, false);
    this.seenTime = now;
  }
}

export class ConsumerGroup {
  public readonly pel: Pel;
  public readonly consumers = new Map<string, Consumer>();

  /** `entriesRead` is -1 when the logical read counter is unknown. */
  constructor(public readonly name: string, public lastId: StreamId, public entriesRead: number | bigint, private readonly acct: GroupAccounting) {
    this.pel = new Pel(acct, true);
  }

  /** A new consumer, or undefined when one with that name exists. */
  public createConsumer(name: string, now: number): Consumer | undefined {
    if (this.consumers.has(name)) return undefined;
    const consumer = new Consumer(name, this.acct, now);
    this.consumers.set(name, consumer);
    this.acct.consumers++;
    this.acct.consumerNameBytes += name.length;
    return consumer;
  }

  /** Deletes a consumer with its pending entries (they leave the group PEL too). */
  public deleteConsumer(consumer: Consumer): number {
    const pending = consumer.pel.values();
    for (const nack of pending) {
      this.pel.remove(nack.key);
      consumer.pel.remove(nack.key);
    }
    this.consumers.delete(consumer.name);
    this.acct.consumers--;
    this.acct.consumerNameBytes -= consumer.name.length;
    return pending.length;
  }

  /** Consumers in radix-tree order (bytewise by name). */
  public sortedConsumers(): Consumer[] {
    return [...this.consumers.values()].sort((a, b) => byteOrder(a.name, b.name));
  }

  /** Forgets everything (the group is being destroyed). */
  public release(): void {
    for (const consumer of [...this.consumers.values()]) this.deleteConsumer(consumer);
    for (const nack of this.pel.values()) this.pel.remove(nack.key);
  }
}

/** Bytewise order of latin1 strings (memcmp, shorter first on a common prefix), as rax iterates. */
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two NACK IDs (for sorting copies). */
export function nackOrder(a: Nack, b: Nack): number {
  return compareIds(a.id.ms, a.id.seq, b.id.ms, b.id.seq);
}
