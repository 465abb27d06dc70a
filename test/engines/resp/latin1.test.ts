import { argumentString } from '../../../src/engines/resp/latin1';

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
