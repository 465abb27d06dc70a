import { TurnList } from '../../../src/engines/valkey/util/turn-list';

describe('TurnList', () => {
  test('drains in order and is empty afterwards, turn after turn', () => {
    const list = new TurnList<string>();
    for (let turn = 0; turn < 3; turn++) {
      const items = Array.from({ length: 5 + turn * 20 }, (_, i) => `${turn}:${i}`);
      for (const item of items) list.push(item);
      expect(list.length).toBe(items.length);
      expect(list.at(0)).toBe(items[0]);
      const seen: string[] = [];
      list.drain((item) => seen.push(item));
      expect(seen).toEqual(items);
      expect(list.length).toBe(0);
    }
  });

  test('items added while draining wait for the next drain', () => {
    const list = new TurnList<number>();
    list.push(1);
    list.push(2);
    const first: number[] = [];
    list.drain((n) => {
      first.push(n);
      if (n < 3) list.push(n + 10);
    });
    expect(first).toEqual([1, 2]);
    const second: number[] = [];
    list.drain((n) => second.push(n));
    expect(second).toEqual([11, 12]);
  });

  test('a drain started from inside a drain never disturbs the items still to come', () => {
    const list = new TurnList<string>();
    for (const s of ['a', 'b', 'c', 'd']) list.push(s);
    const order: string[] = [];
    list.drain((outer) => {
      order.push(outer);
      if (outer === 'a') {
        // More than the outer drain has left behind it: they must not land on 'b', 'c', 'd'.
        for (const s of ['x', 'y', 'z']) list.push(s);
        list.drain((inner) => order.push(`inner ${inner}`));
        for (const s of ['p', 'q', 'r']) list.push(s);
      }
    });
    expect(order).toEqual(['a', 'inner x', 'inner y', 'inner z', 'b', 'c', 'd']);
    const rest: string[] = [];
    list.drain((s) => rest.push(s));
    expect(rest).toEqual(['p', 'q', 'r']);
  });

  test('clear empties the list', () => {
    const list = new TurnList<number>();
    list.push(1);
    list.push(2);
    list.clear();
    expect(list.length).toBe(0);
    list.push(3);
    const seen: number[] = [];
    list.drain((n) => seen.push(n));
    expect(seen).toEqual([3]);
  });
});
