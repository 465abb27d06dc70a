/**
 * DescribeUsers with Filters through the real SDK: by UserId (the API reference's example),
 * UserName, Engine and Status; several values of one filter, several filters together; an unknown
 * filter name or a filter without values is refused.
 */
import { CreateUserCommand, DescribeUsersCommand } from '@aws-sdk/client-elasticache';
import { failure, sdkClient, startSimulator } from './support';
import type { Simulator } from '../../../src';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator();
  const client = sdkClient(sim);
  await client.send(new CreateUserCommand({ UserId: 'alice', UserName: 'alice', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['alice-password-0001'] }));
  await client.send(new CreateUserCommand({ UserId: 'bob', UserName: 'shared-name', Engine: 'valkey', AccessString: 'on ~* +@all', Passwords: ['bob-password-00001'] }));
  await client.send(new CreateUserCommand({ UserId: 'carol', UserName: 'shared-name', Engine: 'redis', AccessString: 'on ~* +@all', Passwords: ['carol-password-001'] }));
});
afterAll(async () => {
  await sim?.stop();
});

async function ids(filters: { Name: string; Values: string[] }[]): Promise<string[]> {
  const { Users } = await sdkClient(sim).send(new DescribeUsersCommand({ Filters: filters }));
  return Users!.map((u) => u.UserId!).filter((id) => id !== 'default').sort();
}

test('users are filtered by UserId, UserName, Engine and Status; filters combine, values of one filter are alternatives', async () => {
  expect(await ids([{ Name: 'UserId', Values: ['alice', 'carol'] }])).toEqual(['alice', 'carol']);
  expect(await ids([{ Name: 'UserName', Values: ['shared-name'] }])).toEqual(['bob', 'carol']);
  expect(await ids([{ Name: 'UserName', Values: ['shared-name'] }, { Name: 'Engine', Values: ['redis'] }])).toEqual(['carol']);
  expect(await ids([{ Name: 'Status', Values: ['active'] }])).toEqual(['alice', 'bob', 'carol']);
  expect(await ids([{ Name: 'Status', Values: ['deleting'] }])).toEqual([]);
  expect(await ids([{ Name: 'UserId', Values: ['nobody'] }])).toEqual([]);
  const { Users } = await sdkClient(sim).send(new DescribeUsersCommand({ Engine: 'valkey', Filters: [{ Name: 'UserId', Values: ['carol', 'bob'] }] }));
  expect(Users!.map((u) => u.UserId)).toEqual(['bob']);
});

test('an unknown filter name or a filter without values is refused', async () => {
  const client = sdkClient(sim);
  const unknown = await failure(client.send(new DescribeUsersCommand({ Filters: [{ Name: 'Color', Values: ['blue'] }] })));
  expect(unknown).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
  expect(unknown.message).toMatch(/Invalid filter name Color/);
  const empty = await failure(client.send(new DescribeUsersCommand({ Filters: [{ Name: 'UserId', Values: [] }] })));
  expect(empty.name).toBe('InvalidParameterValueException');
});
