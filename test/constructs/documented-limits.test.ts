import { CfnParameter, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { errorMessage, stackWithVpc } from './helpers';
import { Engine } from '../../src/catalog';
import { FORMATS } from '../../src/catalog/internal';
import {
  AccessControl, ClusterModeReplicationGroup, IUser, MemcachedCluster, NoPasswordUser, ParameterGroup, PasswordUser, ReplicationGroup,
  ServerlessCache, SubnetGroup, UserGroup,
} from '../../src/constructs';

/** Documented limits (000:L7782–7789, 000:L7995–7997; user and group IDs; users per group) checked by the constructs. */

const ALL = AccessControl.fromAccessString('on ~* +@all');

/** Every construct that creates a taggable ElastiCache resource, built with the given tags prop. */
const taggedConstructs: Array<[string, (stack: Stack, vpc: ec2.IVpc, tags?: Record<string, string>) => void]> = [
  ['ServerlessCache', (stack, vpc, tags) => new ServerlessCache(stack, 'Cache', { vpc, tags })],
  ['MemcachedCluster', (stack, vpc, tags) => new MemcachedCluster(stack, 'Cache', { vpc, tags })],
  ['ReplicationGroup', (stack, vpc, tags) => new ReplicationGroup(stack, 'Cache', { vpc, tags })],
  ['ClusterModeReplicationGroup', (stack, vpc, tags) => new ClusterModeReplicationGroup(stack, 'Cache', { vpc, tags })],
  ['ParameterGroup', (stack, _vpc, tags) => new ParameterGroup(stack, 'Cache', { family: 'valkey8', tags })],
  ['PasswordUser', (stack, _vpc, tags) => new PasswordUser(stack, 'Cache', { userId: 'app', accessControl: ALL, tags })],
  ['UserGroup', (stack, _vpc, tags) => {
    const user = new NoPasswordUser(stack, 'Default', { userId: 'def', userName: 'default', accessControl: ALL });
    new UserGroup(stack, 'Cache', { engine: Engine.REDIS, users: [user], tags });
  }],
  ['SubnetGroup (no tags prop: tagged through Tags.of)', (stack, vpc, tags) => {
    const group = new SubnetGroup(stack, 'Cache', { vpc });
    for (const [key, value] of Object.entries(tags ?? {})) Tags.of(group).add(key, value);
  }],
];

function manyTags(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`key-${i}`, 'v']));
}

describe('tags', () => {
  test.each(taggedConstructs)('%s: 51 tags, counting those of a parent, are refused when the template is made', (_name, build) => {
    const { stack, vpc } = stackWithVpc();
    build(stack, vpc, { own: 'v' });
    for (const [key, value] of Object.entries(manyTags(50))) Tags.of(stack).add(key, value);
    const message = errorMessage(() => Template.fromStack(stack));
    expect(message).toContain('Stack/Cache: tags 51 is not allowed: at most 50 tags on one ElastiCache resource');
  });

  test.each(taggedConstructs)('%s: 50 tags are accepted', (_name, build) => {
    const { stack, vpc } = stackWithVpc();
    build(stack, vpc, { own: 'v' });
    for (const [key, value] of Object.entries(manyTags(49))) Tags.of(stack).add(key, value);
    expect(errorMessage(() => Template.fromStack(stack))).toBe('');
  });

  const bad: Array<[string, Record<string, string>, string]> = [
    ['a key of 129 characters', { ['k'.repeat(129)]: 'v' }, `tags key "${'k'.repeat(129)}" is not allowed: 1 to 128 characters (got 129)`],
    ['a value of 257 characters', { team: 'v'.repeat(257) }, `tags["team"] "${'v'.repeat(257)}" is not allowed: at most 256 characters (got 257)`],
    ['a key with the reserved aws: prefix', { 'aws:owner': 'me' }, 'tags key "aws:owner" is not allowed: a key that does not start with "aws:"'],
    ['a value with the reserved aws: prefix', { owner: 'aws:me' }, 'tags["owner"] "aws:me" is not allowed: a value that does not start with "aws:"'],
  ];
  test.each(bad)('%s is refused', (_name, tags, expected) => {
    const { stack, vpc } = stackWithVpc();
    new ServerlessCache(stack, 'Cache', { vpc, tags });
    expect(errorMessage(() => Template.fromStack(stack))).toContain(`Stack/Cache: ${expected}`);
  });

  test('limits count Unicode characters, not UTF-16 units: 128 letters outside the BMP make a valid key; an empty value is valid', () => {
    const key = '𝒜'.repeat(128); // 256 UTF-16 code units
    const fits = stackWithVpc();
    new MemcachedCluster(fits.stack, 'Cache', { vpc: fits.vpc, tags: { [key]: '', team: 'é'.repeat(256) } });
    expect(errorMessage(() => Template.fromStack(fits.stack))).toBe('');
    const longer = stackWithVpc();
    new MemcachedCluster(longer.stack, 'Cache', { vpc: longer.vpc, tags: { [key + '𝒜']: '' } });
    expect(errorMessage(() => Template.fromStack(longer.stack))).toContain('Stack/Cache: tags key');
    expect(errorMessage(() => Template.fromStack(longer.stack))).toContain('1 to 128 characters (got 129)');
  });

  test('token keys and values are not checked', () => {
    const { stack, vpc } = stackWithVpc();
    const token = new CfnParameter(stack, 'Owner').valueAsString;
    new MemcachedCluster(stack, 'Cache', { vpc, tags: { owner: token } });
    Tags.of(stack).add(token, 'x');
    expect(errorMessage(() => Template.fromStack(stack))).toBe('');
  });
});

describe('user and user group IDs', () => {
  test('the catalog format of user IDs is the one the constructs apply: lower case, 1 to 40 characters', () => {
    const re = new RegExp(FORMATS.userId.pattern);
    expect([re.test('app-user'), re.test('AppUser'), re.test('1user')]).toEqual([true, false, false]);
    expect([FORMATS.userId.maxLength, FORMATS.userGroupId.maxLength]).toEqual([40, 40]);
  });

  test.each([
    ['a user ID of 41 characters', () => ({ userId: 'u'.repeat(41) }), `userId "${'u'.repeat(41)}" is not allowed: lower-case letters, digits and hyphens, starting with a letter; 1 to 40 characters (got 41)`],
    ['a user ID with upper case', () => ({ userId: 'AppUser' }), 'userId "AppUser" is not allowed: lower-case letters, digits and hyphens, starting with a letter; 1 to 40 characters (got 7)'],
  ])('%s is refused', (_name, props, expected) => {
    const { stack } = stackWithVpc();
    expect(errorMessage(() => new PasswordUser(stack, 'User', { accessControl: ALL, ...props() }))).toContain(`Stack/User: ${expected}`);
  });

  test('a user ID of 40 characters is accepted', () => {
    const { stack } = stackWithVpc();
    expect(errorMessage(() => new PasswordUser(stack, 'User', { userId: 'u'.repeat(40), accessControl: ALL }))).toBe('');
  });

  test.each([
    ['41 characters', 'g'.repeat(41), `userGroupId "${'g'.repeat(41)}" is not allowed: lower-case letters, digits and hyphens, starting with a letter; 1 to 40 characters (got 41)`],
    ['upper case', 'Group', 'userGroupId "Group" is not allowed: lower-case letters, digits and hyphens, starting with a letter'],
  ])('a user group ID of %s is refused', (_name, userGroupId, expected) => {
    const { stack } = stackWithVpc();
    expect(errorMessage(() => new UserGroup(stack, 'Group', { userGroupId }))).toContain(`Stack/Group: ${expected}`);
  });

  test('a user group ID of 40 characters is accepted', () => {
    const { stack } = stackWithVpc();
    expect(errorMessage(() => new UserGroup(stack, 'Group', { userGroupId: 'g'.repeat(40) }))).toBe('');
  });
});

describe('users per user group', () => {
  const users = (stack: Stack, count: number): IUser[] => Array.from({ length: count }, (_, i) =>
    new PasswordUser(stack, `User${i}`, { userId: `user-${i}`, userName: i === 0 ? 'default' : `user-${i}`, accessControl: ALL }));

  test('101 users are refused when the template is made', () => {
    const { stack } = stackWithVpc();
    const group = new UserGroup(stack, 'Group', { users: users(stack, 100) });
    group.addUser(new PasswordUser(stack, 'Late', { userId: 'late', accessControl: ALL }));
    expect(errorMessage(() => Template.fromStack(stack))).toContain('Stack/Group: users (101 users) is not allowed: at most 100 users in one user group');
  });

  test('100 users are accepted', () => {
    const { stack } = stackWithVpc();
    new UserGroup(stack, 'Group', { users: users(stack, 100) });
    expect(errorMessage(() => Template.fromStack(stack))).toBe('');
  });
});

describe('security groups of a serverless cache', () => {
  test('an empty list is refused, as for node-based caches', () => {
    const { stack, vpc } = stackWithVpc();
    expect(errorMessage(() => new ServerlessCache(stack, 'Cache', { vpc, securityGroups: [] })))
      .toContain('Stack/Cache: securityGroups [] is not allowed: at least one security group (or leave it out to get a new one)');
  });
});
