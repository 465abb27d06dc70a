import { TestEngine } from './support/engine';

/**
 * Listpack-encoded sorted sets keep scores as text in DUMP payloads and RDB files. 7.2 writes the
 * text with d2string (Grisu2, fpconv_dtoa), which differs from JavaScript's shortest form for
 * some doubles; 7.0 writes %.17g.
 */
describe('sorted-set scores in DUMP payloads', () => {
  // 0.039706614443335037: Grisu2 gives one digit more than the shortest form 0.03970661444333504.
  // 54411.231055665034: Grisu2 switches to scientific notation (5.4411231055665034e+4).
  const scores = ['0.039706614443335037', '54411.231055665034'];

  test('7.2 writes the Grisu2 text of each score', () => {
    const e = new TestEngine({ version: '7.2.4' });
    e.run('ZADD', 'z', scores[0], 'a', scores[1], 'b', '2.5', 'c', '7', 'd');
    expect(e.run('OBJECT', 'ENCODING', 'z')).toBe('listpack');
    const payload = e.run('DUMP', 'z') as string;
    expect(payload).toContain('0.039706614443335037');
    expect(payload).toContain('5.4411231055665034e+4');
    expect(payload).toContain('2.5');
    e.run('RESTORE', 'copy', '0', payload);
    expect(e.run('ZRANGE', 'copy', '0', '-1', 'WITHSCORES')).toEqual(e.run('ZRANGE', 'z', '0', '-1', 'WITHSCORES'));
  });

  test('7.0 writes %.17g text', () => {
    const e = new TestEngine({ version: '7.0.15' });
    e.run('ZADD', 'z', scores[0], 'a', scores[1], 'b');
    const payload = e.run('DUMP', 'z') as string;
    expect(payload).toContain('0.039706614443335037');
    expect(payload).toContain('54411.231055665034');
  });
});
