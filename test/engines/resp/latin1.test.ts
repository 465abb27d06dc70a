import { argumentString, nameString } from '../../../src/engines/resp/latin1';

describe('argumentString', () => {
  test('gives the same string as a latin1 decode for every length and any byte', () => {
    const bytes = Buffer.alloc(300);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 97 + 13) & 0xff;
    for (let length = 0; length <= 40; length++) {
      for (const offset of [0, 1, 7, 255]) {
        expect(argumentString(bytes, offset, length)).toBe(bytes.toString('latin1', offset, offset + length));
      }
    }
  });

  test('keeps NUL and high bytes as one character each', () => {
    const bytes = Buffer.from([0, 255, 128, 13, 10, 0, 200]);
    const s = argumentString(bytes, 0, bytes.length);
    expect(s.length).toBe(7);
    expect([...s].map((ch) => ch.charCodeAt(0))).toEqual([0, 255, 128, 13, 10, 0, 200]);
  });
});

describe('nameString', () => {
  test('decodes like argumentString for every length, whether the name is new or found among recent ones', () => {
    const bytes = Buffer.alloc(64);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
    for (let length = 0; length <= 20; length++) {
      const first = nameString(bytes, 3, length);
      expect(first).toBe(bytes.toString('latin1', 3, 3 + length));
      // The same bytes elsewhere (another connection's read) are found among the recent names.
      const copy = Buffer.concat([Buffer.from('xx'), bytes.subarray(3, 3 + length)]);
      expect(nameString(copy, 2, length)).toBe(first);
    }
  });

  test('names that share a cache slot (same length, first and last bytes) are told apart by every byte', () => {
    const names = ['HSET', 'HGET', 'HSXT', 'SET', 'GET', 'hset'];
    for (let round = 0; round < 3; round++) {
      for (const name of names) {
        const buf = Buffer.from(`$${name.length}\r\n${name}\r\n`, 'latin1');
        expect(nameString(buf, buf.indexOf(name), name.length)).toBe(name);
      }
    }
  });

  test('keeps NUL and high bytes as they are', () => {
    const bytes = Buffer.from([0, 255, 128, 0]);
    for (let round = 0; round < 2; round++) {
      expect([...nameString(bytes, 0, 4)].map((ch) => ch.charCodeAt(0))).toEqual([0, 255, 128, 0]);
    }
    const other = Buffer.from([0, 254, 128, 0]);
    expect([...nameString(other, 0, 4)].map((ch) => ch.charCodeAt(0))).toEqual([0, 254, 128, 0]);
  });
});
