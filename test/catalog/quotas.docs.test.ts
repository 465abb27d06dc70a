import { describeWithDocs, seedLine, seedRefs } from './doc-sources';
import { FORMATS, LIMITS, NumericLimit } from '../../src/catalog/data/quotas';

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** The ways a number is written in the documentation: 65000, 65,000, five (5), 24 hours for 1440 minutes. */
function spellings(n: number, unit?: string): RegExp[] {
  const out = [new RegExp(`(^|[^\\d.])${n}(?![\\d])`), new RegExp(`(^|[^\\d.])${n.toLocaleString('en-US')}(?![\\d])`)];
  if (n <= 10) out.push(new RegExp(`\\b${WORDS[n]}\\b`, 'i'));
  if (unit === 'minutes' && n % 60 === 0) out.push(new RegExp(`\\b${n / 60}[ -]hours?\\b`), new RegExp(`\\b${n}-minute\\b`));
  return out;
}

describeWithDocs('quotas against the documentation', () => {
  test.each(Object.entries(LIMITS).filter(([, l]) => seedRefs(l.source).length > 0))('%s: a cited seed line states the limit', (_name, limit: NumericLimit) => {
    const lines = seedRefs(limit.source).map((r) => seedLine(r.file, r.line));
    const states = (n: number) => lines.some((text) => spellings(n, limit.unit).some((re) => re.test(text)));
    const statesLimit = states(limit.max) || (limit.min >= 1 && states(limit.min));
    expect({ source: limit.source, statesLimit }).toEqual({ source: limit.source, statesLimit: true });
  });

  test('parameter group and backup names follow the cited naming constraints (000:L6705-6709, 000:L5639-5642)', () => {
    expect(seedLine('000', 6707)).toContain('1–255 characters');
    expect(seedLine('000', 5639)).toContain('1–40 alphanumeric characters or hyphens');
    expect(FORMATS.parameterGroupName.maxLength).toBe(255);
    expect(FORMATS.backupName.maxLength).toBe(40);
  });
});

describe('formats', () => {
  const re = (name: keyof typeof FORMATS) => new RegExp(FORMATS[name].pattern);

  test.each([
    ['my-cache-1', true],
    ['1cache', false],
    ['my--cache', false],
    ['my-cache-', false],
    ['MyCache', true],
    ['my_cache', false],
  ])('identifier %s: %s', (value, ok) => {
    expect(re('replicationGroupId').test(value)).toBe(ok);
  });

  test('windows and times', () => {
    expect(re('maintenanceWindow').test('sun:05:00-sun:06:00')).toBe(true);
    expect(re('maintenanceWindow').test('sunday:05:00-sun:06:00')).toBe(false);
    expect(re('maintenanceWindow').test('sun:24:00-sun:06:00')).toBe(false);
    expect(re('snapshotWindow').test('05:00-09:00')).toBe(true);
    expect(re('snapshotWindow').test('5:00-09:00')).toBe(false);
    expect(re('dailySnapshotTime').test('23:59')).toBe(true);
    expect(re('dailySnapshotTime').test('24:00')).toBe(false);
  });

  test('AUTH token characters: printable ASCII with only ! & # $ ^ < > - as specials', () => {
    expect(re('authToken').test('abcdefgh12345678!&#$^<>-')).toBe(true);
    expect(re('authToken').test('abcdefgh12345678@')).toBe(false);
    expect(re('authToken').test('abcdefgh 12345678')).toBe(false);
  });

  test('limits are well formed', () => {
    for (const [name, l] of Object.entries(LIMITS)) expect({ name, ordered: l.min <= l.max }).toEqual({ name, ordered: true });
    expect(LIMITS.serverlessEcpuPerSecond).toMatchObject({ min: 1000, max: 15_000_000 });
    expect(LIMITS.serverlessDataStorageGb).toMatchObject({ min: 1, max: 5000 });
    expect(LIMITS.authTokenLength).toMatchObject({ min: 16, max: 128 });
  });
});
