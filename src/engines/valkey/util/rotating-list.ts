/**
 * redis' client list as its clients cron walks it: items join at the tail, and each step moves the
 * tail to the head and visits it (listRotateTailToHead), so the walk goes backwards round the list
 * and every item comes round. A step is O(1); joining and leaving cost a splice.
 */
export class RotatingList<T> {
  private readonly items: T[] = [];
  /** Index of the list's head in `items` (the list is `items` read circularly from there). */
  private head = 0;

  public get length(): number {
    return this.items.length;
  }

  /** Adds at the tail (just before the head, circularly). */
  public push(item: T): void {
    if (this.items.length === 0) {
      this.items.push(item);
      this.head = 0;
      return;
    }
    this.items.splice(this.head, 0, item);
    this.head++;
  }

  public remove(item: T): void {
    const at = this.items.indexOf(item);
    if (at < 0) return;
    this.items.splice(at, 1);
    if (at < this.head) this.head--;
    if (this.head >= this.items.length) this.head = 0;
  }

  /** Moves the tail to the head and returns it; undefined when empty. */
  public rotate(): T | undefined {
    const n = this.items.length;
    if (n === 0) return undefined;
    this.head = (this.head - 1 + n) % n;
    return this.items[this.head];
  }

  /** The items from head to tail. */
  public toArray(): T[] {
    return [...this.items.slice(this.head), ...this.items.slice(0, this.head)];
  }
}
