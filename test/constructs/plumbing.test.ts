import { App, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { enablesUser, findAccessStringProblem, splitRules } from '../../src/constructs/access-string';
import { Endpoint } from '../../src/constructs/endpoint';
import { generateIdentifier } from '../../src/constructs/naming';
import {
  checkIdentifier, checkLength, checkMinNotAboveMax, checkOneOf, checkRange, checkText, ValidationError,
} from '../../src/constructs/validation';
import {
  checkMaintenanceWindow, checkSnapshotWindow, checkWindowsDoNotOverlap, parseDailyWindow, parseWeeklyWindow, windowMinutes,
} from '../../src/constructs/windows';

function scope(): Construct {
  return new Construct(new Stack(new App(), 'Stack'), 'Thing');
}

describe('ValidationError', () => {
  test('names the path, the prop, the value and what is allowed', () => {
    expect(new ValidationError(scope(), 'port', 70000, 'an integer from 1 to 65,535').message)
      .toBe('Stack/Thing: port 70000 is not allowed: an integer from 1 to 65,535');
    expect(new ValidationError(undefined, 'name', 'x', 'y').message).toBe('name "x" is not allowed: y');
  });
});

describe('checks', () => {
  test('ranges: bounds inclusive, integers, tokens skipped', () => {
    const s = scope();
    const rule = { min: 1, max: 35, integer: true, unit: 'days' };
    expect(() => checkRange(s, 'r', 1, rule)).not.toThrow();
    expect(() => checkRange(s, 'r', 35, rule)).not.toThrow();
    expect(() => checkRange(s, 'r', 36, rule)).toThrow('Stack/Thing: r 36 is not allowed: an integer from 1 to 35 days');
    expect(() => checkRange(s, 'r', 2.5, rule)).toThrow('r 2.5 is not allowed');
    expect(() => checkRange(s, 'r', NaN, rule)).toThrow('r NaN is not allowed');
    expect(() => checkRange(s, 'r', Token.asNumber({ Ref: 'P' }), rule)).not.toThrow();
    expect(() => checkRange(s, 'r', undefined, rule)).not.toThrow();
  });

  test('min not above max', () => {
    const s = scope();
    expect(() => checkMinNotAboveMax(s, 'min', 5, 'max', 5)).not.toThrow();
    expect(() => checkMinNotAboveMax(s, 'min', 6, 'max', 5)).toThrow('min 6 is not allowed: at most max (5)');
    expect(() => checkMinNotAboveMax(s, 'min', 6, 'max', Token.asNumber({ Ref: 'M' }))).not.toThrow();
  });

  test.each([
    ['a', true], ['a-b-c', true], ['A1', true], ['a'.repeat(40), true],
    ['', false], ['1a', false], ['-a', false], ['a-', false], ['a--b', false], ['a_b', false], ['a'.repeat(41), false], ['a b', false],
  ])('identifier %j valid=%s', (value, valid) => {
    const fn = () => checkIdentifier(scope(), 'id', value, { maxLength: 40 });
    if (valid) expect(fn).not.toThrow(); else expect(fn).toThrow(`id ${JSON.stringify(value)} is not allowed: 1 to 40 characters`);
  });

  test('identifier variants: lower case only, relaxed hyphens', () => {
    expect(() => checkIdentifier(scope(), 'id', 'Abc', { maxLength: 5, lowerCaseOnly: true })).toThrow('lower-case letters');
    expect(() => checkIdentifier(scope(), 'id', 'ab-', { maxLength: 5, strictHyphens: false })).not.toThrow();
  });

  test('length, one-of and text', () => {
    const s = scope();
    expect(() => checkLength(s, 'p', 'abc', 4, 8)).toThrow('p "abc" is not allowed: 4 to 8 characters (got 3)');
    expect(() => checkOneOf(s, 'e', 'x', ['a', 'b'])).toThrow('e "x" is not allowed: one of "a", "b"');
    expect(() => checkText(s, 'd', 'a>b', 10, '<>')).toThrow('d "a>b" is not allowed: at most 10 characters, without \'<\' or \'>\'');
    expect(() => checkText(s, 'd', 'plain', 10, '<>')).not.toThrow();
  });
});

describe('windows', () => {
  test('parse weekly and daily windows, including ones that wrap', () => {
    expect(windowMinutes(parseWeeklyWindow('sun:23:00-mon:01:30')!)).toBe(150);
    expect(windowMinutes(parseWeeklyWindow('sat:23:30-sun:00:30')!)).toBe(60);
    expect(windowMinutes(parseDailyWindow('23:30-00:30')!)).toBe(60);
    expect(parseWeeklyWindow('Mon:01:00-Mon:02:00')).toBeDefined();
    expect(parseWeeklyWindow('mon:24:00-mon:25:00')).toBeUndefined();
    expect(parseWeeklyWindow('monday:01:00-monday:02:00')).toBeUndefined();
    expect(parseDailyWindow('5:00-6:00')).toBeUndefined();
  });

  test.each([
    ['mon:01:00-mon:02:00', undefined],
    ['mon:01:00-mon:01:59', 'a window at least 60 minutes long (this one is 59)'],
    ['mon:1:00-mon:2:00', 'a window written ddd:hh24:mi-ddd:hh24:mi in UTC'],
    ['xyz:01:00-mon:02:00', 'a window written ddd:hh24:mi-ddd:hh24:mi in UTC (ddd is sun, mon, tue, wed, thu, fri or sat'],
  ])('maintenance window %s', (value, error) => {
    const fn = () => checkMaintenanceWindow(scope(), 'maintenanceWindow', value);
    if (error) expect(fn).toThrow(`Stack/Thing: maintenanceWindow "${value}" is not allowed: ${error}`); else expect(fn).not.toThrow();
  });

  test.each([
    ['05:00-06:00', undefined],
    ['05:00-05:30', 'a window at least 60 minutes long (this one is 30)'],
    ['5-6', 'a window written hh24:mi-hh24:mi in UTC'],
  ])('snapshot window %s', (value, error) => {
    const fn = () => checkSnapshotWindow(scope(), 'snapshotWindow', value);
    if (error) expect(fn).toThrow(`snapshotWindow "${value}" is not allowed: ${error}`); else expect(fn).not.toThrow();
  });

  test.each([
    ['tue:03:00-tue:04:00', '03:30-04:30', true],
    ['tue:03:00-tue:04:00', '04:00-05:00', false],
    ['tue:03:00-tue:04:00', '01:00-02:00', false],
    ['sat:23:00-sun:01:00', '00:00-01:00', true],
    ['sun:00:30-sun:01:30', '23:00-00:45', true],
    ['wed:10:00-wed:11:00', '22:00-02:00', false],
  ])('maintenance %s and snapshot %s overlap=%s', (maintenance, snapshot, overlap) => {
    const fn = () => checkWindowsDoNotOverlap(scope(), 'maintenanceWindow', maintenance, 'snapshotWindow', snapshot);
    if (overlap) expect(fn).toThrow(`snapshotWindow "${snapshot}" is not allowed: a window that does not overlap maintenanceWindow (${maintenance})`);
    else expect(fn).not.toThrow();
  });
});

describe('access strings', () => {
  test.each([
    'on ~* +@all',
    'on ~app::* -@all +@read',
    'off +get ~keys*',
    'on %R~cache:* %W~queue:* &events:* -@dangerous +client|setname',
    'on allkeys allchannels allcommands -flushall resetkeys ~a* resetchannels &b nocommands +@json +@bloom',
    'on nopass ~* +@read',
    'on ~* (~other:* +get) clearselectors',
  ])('valid: %s', (acl) => {
    expect(findAccessStringProblem(acl)).toBeUndefined();
  });

  test.each([
    ['on ~* +@all reset', 'reset', 'does not accept "reset"'],
    ['on resetpass ~*', 'resetpass', 'manages passwords'],
    ['on <old ~*', '<old', 'passwords or password hashes'],
    ['on #e3b0c44298fc1c149afbf4c8996fb924 ~*', '#e3b0c44298fc1c149afbf4c8996fb924', 'passwords or password hashes'],
    ['on ~ +@all', '~', 'needs a pattern'],
    ['on %X~a', '%X~a', '%R~pattern, %W~pattern or %RW~pattern'],
    ['on & +get', '&', 'channel pattern'],
    ['on ~* +@allcommands', '+@allcommands', 'unknown command category'],
    ['on ~* +GET!', '+GET!', 'a command rule is written'],
    ['on ~* (on +get)', '(on +get)', '"on" is not allowed inside a selector'],
    ['on ~* (~a +get', '(~a +get', 'must end with ")"'],
    ['on ~* ((~a))', '((~a))', 'selectors cannot be nested'],
    ['enable ~*', 'enable', 'not an ACL rule'],
  ])('invalid: %s', (acl, rule, reason) => {
    const problem = findAccessStringProblem(acl);
    expect(problem?.rule).toBe(rule);
    expect(problem?.reason).toContain(reason);
  });

  test('rules split on whitespace except inside selectors; the last on/off wins', () => {
    expect(splitRules(' on  ~a  (~b +get)\t+set ')).toEqual(['on', '~a', '(~b +get)', '+set']);
    expect(enablesUser('on off')).toBe(false);
    expect(enablesUser('off ~* on')).toBe(true);
    expect(enablesUser('~* +@all')).toBe(false);
  });
});

describe('naming and endpoints', () => {
  test('generated identifiers start with a letter and respect the length', () => {
    const app = new App();
    const stack = new Stack(app, '9lives', { stackName: 'nine-lives' });
    const c = new Construct(stack, '--Weird__Id--');
    const name = generateIdentifier(c, 20);
    expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(name.length).toBeLessThanOrEqual(20);
  });

  test('Endpoint keeps a numeric port and formats the socket address', () => {
    expect(new Endpoint('cache.example', 6379).socketAddress).toBe('cache.example:6379');
    const stack = new Stack(new App(), 'S');
    const e = Endpoint.fromAttributes('host', Token.asString({ 'Fn::GetAtt': ['C', 'Endpoint.Port'] }));
    expect(typeof e.port).toBe('number');
    expect(stack.resolve(e.port)).toEqual({ 'Fn::GetAtt': ['C', 'Endpoint.Port'] });
    expect(stack.resolve(e.socketAddress)).toEqual({ 'Fn::Join': ['', ['host:', { 'Fn::GetAtt': ['C', 'Endpoint.Port'] }]] });
  });
});
