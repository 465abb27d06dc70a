import { RotatingList } from '../../../src/engines/valkey/util/rotating-list';

/** The same operations on a plain array, done as redis' adlist does them. */
class Reference<T> {
  public items: T[] = [];
  public push(item: T): void { this.items.push(item); }
  public remove(item: T): void { const at = this.items.indexOf(item); if (at >= 0) this.items.splice(at, 1); }
  public rotate(): T | undefined {
    if (this.items.length === 0) return undefined;
    this.items.unshift(this.items.pop()!);
    return this.items[0];
  }
}

describe('RotatingList (redis listRotateTailToHead order)', () => {
  test('visits from the tail backwards; new items come next', () => {
    const list = new RotatingList<number>();
    [1, 2, 3].forEach((n) => list.push(n));
    expect([list.rotate(), list.rotate()]).toEqual([3, 2]);
    list.push(4);
    expect(list.toArray()).toEqual([2, 3, 1, 4]);
    expect([list.rotate(), list.rotate(), list.rotate()]).toEqual([4, 1, 3]);
  });

  test('agrees with the array model over random joins, leaves and steps', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const list = new RotatingList<number>();
    const reference = new Reference<number>();
    let next = 0;
    for (let step = 0; step < 20_000; step++) {
      const op = random(10);
      if (op < 3) {
        list.push(next);
        reference.push(next);
        next++;
      } else if (op < 5 && reference.items.length > 0) {
        const victim = reference.items[random(reference.items.length)];
        list.remove(victim);
        reference.remove(victim);
      } else {
        expect(list.rotate()).toBe(reference.rotate());
      }
      if (step % 500 === 0) expect(list.toArray()).toEqual(reference.items);
    }
  });
});
