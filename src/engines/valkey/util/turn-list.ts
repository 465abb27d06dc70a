/**
 * A list filled and emptied again and again on a hot path (the clients with replies to write this
 * turn, the commands of a propagation unit, the work queued for the turn's end). It keeps its
 * arrays, so adding allocates nothing once they have grown: `Set.clear()` and `array.length = 0`
 * both drop the backing store, and the next add would allocate it again.
 */
export class TurnList<T> {
  private items: (T | undefined)[] = [];
  /** An emptied array for the next drain to swap in (none while a drain holds it). */
  private spare: (T | undefined)[] | undefined = [];
  private count = 0;

  public get length(): number {
    return this.count;
  }

  public push(item: T): void {
    if (this.count < this.items.length) this.items[this.count] = item;
    else this.items.push(item);
    this.count++;
  }

  /** The item at `index` (< length). */
  public at(index: number): T {
    return this.items[index]!;
  }

  /** Empties the list (clearing the slots it used). */
  public clear(): void {
    for (let i = 0; i < this.count; i++) this.items[i] = undefined;
    this.count = 0;
  }

  /**
   * Empties the list, then calls `fn` with each item in order. Items added while it runs wait for
   * the next drain; the slots are cleared, so the list keeps nothing alive.
   */
  public drain(fn: (item: T) => void): void {
    const items = this.items;
    const count = this.count;
    // A drain started from inside `fn` finds no spare and takes a new array: never the one being read.
    this.items = this.spare ?? [];
    this.spare = undefined;
    this.count = 0;
    for (let i = 0; i < count; i++) {
      const item = items[i]!;
      items[i] = undefined;
      fn(item);
    }
    this.spare = items;
  }
}
