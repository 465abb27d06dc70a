import { SecretValue, Token, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { nagViolations, stackWithVpc } from './helpers';
import { Engine } from '../../src/catalog';
import { AccessControl, IamUser, NoPasswordUser, PasswordUser, UserBase, UserGroup } from '../../src/constructs';

const ALL = AccessControl.fromAccessString('on ~* +@all');

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('PasswordUser', () => {
  test('generates a Secrets Manager password and references it, never a plain string', () => {
    const { stack } = stackWithVpc();
    const user = new PasswordUser(stack, 'User', { userId: 'app-user', accessControl: ALL });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: {
        SecretStringTemplate: '{"username":"app-user"}',
        GenerateStringKey: 'password',
        PasswordLength: 32,
        ExcludeCharacters: Match.stringLikeRegexp('^,"/@'),
      },
    });
    t.hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'valkey',
      UserId: 'app-user',
      UserName: 'app-user',
      AccessString: 'on ~* +@all',
      AuthenticationMode: {
        Type: 'password',
        Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: Match.stringLikeRegexp('UserSecret') }, ':SecretString:password::}}']] }],
      },
    });
    expect(user.generatedSecret).toBeDefined();
    expect(JSON.stringify(t.toJSON())).not.toMatch(/"Passwords":\["[^{]/);
  });

  test('given passwords are used and no secret is generated', () => {
    const { stack } = stackWithVpc();
    const user = new PasswordUser(stack, 'User', {
      userId: 'app',
      userName: 'app-name',
      engine: Engine.REDIS,
      accessControl: ALL,
      passwords: [SecretValue.secretsManager('app-secret', { jsonField: 'p1' }), SecretValue.secretsManager('other-secret')],
    });
    expect(user.generatedSecret).toBeUndefined();
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SecretsManager::Secret', 0);
    t.hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'redis',
      UserName: 'app-name',
      AuthenticationMode: { Type: 'password', Passwords: ['{{resolve:secretsmanager:app-secret:SecretString:p1::}}', '{{resolve:secretsmanager:other-secret:SecretString:::}}'] },
    });
  });

  test('an SSM SecureString reference is refused: CloudFormation cannot resolve it in a user', () => {
    const { stack } = stackWithVpc();
    expect(() => new PasswordUser(stack, 'User', { userId: 'app', accessControl: ALL, passwords: [SecretValue.ssmSecure('/app/p')] }))
      .toThrow('Stack/User: passwords[0] "an SSM SecureString reference" is not allowed: a Secrets Manager reference or plain text');
  });

  test('a valid plain-text password is accepted with a warning', () => {
    const { stack } = stackWithVpc();
    new PasswordUser(stack, 'User', { userId: 'app', accessControl: ALL, passwords: [SecretValue.unsafePlainText('a-str0ng-pa))word!')] });
    Annotations.fromStack(stack).hasWarning('/Stack/User', Match.stringLikeRegexp('passwords\\[0\\] is plain text'));
  });

  test.each([
    ['no password', [], 'passwords "0 passwords" is not allowed: 1 or 2 passwords'],
    ['three passwords', ['a'.repeat(16), 'b'.repeat(16), 'c'.repeat(16)], 'passwords "3 passwords" is not allowed: 1 or 2 passwords'],
    ['15 characters', ['x'.repeat(15)], 'passwords[0] "(a 15-character plain-text value)" is not allowed: 16 to 128 printable ASCII characters'],
    ['129 characters', ['x'.repeat(129)], 'passwords[0] "(a 129-character plain-text value)" is not allowed'],
    ['an @', ['abcdefgh@ijklmnopq'], 'passwords[0] "(a 18-character plain-text value containing @)" is not allowed: 16 to 128 printable ASCII characters, without , " / @'],
    ['a comma in the second', ['abcdefghijklmnopq', 'abcdefgh,ijklmnopq'], 'passwords[1] "(a 18-character plain-text value containing ,)"'],
    ['a non-ASCII character', ['abcdefghijklmnopé'], 'passwords[0] "(a 17-character plain-text value)" is not allowed'],
  ])('%s is refused, without echoing the secret', (_n, plain, expected) => {
    const { stack } = stackWithVpc();
    const message = messageOf(() => new PasswordUser(stack, 'User', {
      userId: 'app', accessControl: ALL, passwords: plain.map((p) => SecretValue.unsafePlainText(p)),
    }));
    expect(message).toContain(`Stack/User: ${expected}`);
    for (const p of plain) if (p.length > 0) expect(message).not.toContain(p);
  });
});

describe('shared user validation', () => {
  test.each([
    ['userId with upper case', { userId: 'AppUser' }, 'userId "AppUser" is not allowed: lower-case letters, digits and hyphens, starting with a letter'],
    ['userId starting with a digit', { userId: '1user' }, 'userId "1user" is not allowed'],
    ['userId "default"', { userId: 'default' }, 'userId "default" is not allowed: an ID other than "default"'],
    ['userName with a space', { userId: 'u', userName: 'my user' }, 'userName "my user" is not allowed: a non-empty name without whitespace'],
    ['engine memcached', { userId: 'u', engine: Engine.MEMCACHED }, 'engine "memcached" is not allowed: one of "valkey", "redis"'],
    ['empty access string', { userId: 'u', accessControl: AccessControl.fromAccessString('  ') }, 'accessControl "  " is not allowed: rule "  ": an access string needs at least one rule'],
    ['password in access string', { userId: 'u', accessControl: AccessControl.fromAccessString('on >secret ~* +@all') },
      'accessControl "on >secret ~* +@all" is not allowed: rule ">secret": ElastiCache does not accept passwords'],
    ['reset in access string', { userId: 'u', accessControl: AccessControl.fromAccessString('reset on ~* +@all') }, 'accessControl "reset on ~* +@all" is not allowed: rule "reset": ElastiCache does not accept "reset"'],
    ['unknown category', { userId: 'u', accessControl: AccessControl.fromAccessString('on ~* +@reads') }, 'accessControl "on ~* +@reads" is not allowed: rule "+@reads": unknown command category "@reads"'],
    ['unknown rule', { userId: 'u', accessControl: AccessControl.fromAccessString('on keys* +get') }, 'accessControl "on keys* +get" is not allowed: rule "keys*": not an ACL rule'],
  ])('%s', (_n, props, expected) => {
    const { stack } = stackWithVpc();
    const message = messageOf(() => new PasswordUser(stack, 'User', { accessControl: ALL, ...props } as any));
    expect(message).toContain(`Stack/User: ${expected}`);
  });

  test('an access string without "on" warns that the user is created disabled, except for a default user', () => {
    const { stack } = stackWithVpc();
    new PasswordUser(stack, 'Off', { userId: 'off-user', accessControl: AccessControl.fromAccessString('~* +@read') });
    new PasswordUser(stack, 'Default', { userId: 'new-default', userName: 'default', accessControl: AccessControl.fromAccessString('off ~* -@all') });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Stack/Off', Match.stringLikeRegexp('creates the user disabled'));
    annotations.hasNoWarning('/Stack/Default', Match.anyValue());
  });

  test('token access strings are not parsed', () => {
    const { stack } = stackWithVpc();
    expect(() => new PasswordUser(stack, 'U', { userId: 'u', accessControl: AccessControl.fromAccessString(Token.asString({ Ref: 'Acl' })) })).not.toThrow();
  });
});

describe('NoPasswordUser', () => {
  test('defaults to Redis OSS with no-password-required', () => {
    const { stack } = stackWithVpc();
    new NoPasswordUser(stack, 'User', { userId: 'reader', accessControl: AccessControl.fromAccessString('on ~public:* -@all +@read') });
    Template.fromStack(stack).hasResourceProperties('AWS::ElastiCache::User', {
      Engine: 'redis',
      UserId: 'reader',
      UserName: 'reader',
      NoPasswordRequired: true,
      AuthenticationMode: { Type: 'no-password-required' },
      Passwords: Match.absent(),
    });
  });

  test('refuses Valkey', () => {
    const { stack } = stackWithVpc();
    expect(() => new NoPasswordUser(stack, 'User', { userId: 'reader', engine: Engine.VALKEY, accessControl: ALL }))
      .toThrow('Stack/User: engine "valkey" is not allowed: Engine.REDIS: Valkey users cannot be created without a password');
  });
});

describe('IamUser', () => {
  test('userName equals userId and authentication is iam; grantConnect targets the user ARN', () => {
    const { stack } = stackWithVpc();
    const user = new IamUser(stack, 'User', { userId: 'lambda-user', accessControl: ALL });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    user.grantConnect(role);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::User', { UserId: 'lambda-user', UserName: 'lambda-user', AuthenticationMode: { Type: 'iam' } });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'elasticache:Connect', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('User'), 'Arn'] } }] },
    });
  });

  test('refuses a userName different from the userId', () => {
    const { stack } = stackWithVpc();
    expect(() => new IamUser(stack, 'User', { userId: 'a', userName: 'b', accessControl: ALL }))
      .toThrow('Stack/User: userName "b" is not allowed: the same value as userId ("a"): IAM authentication requires it');
  });
});

describe('user imports', () => {
  test('fromUserId builds the ARN; fromUserArn derives the ID', () => {
    const { stack } = stackWithVpc();
    const a = UserBase.fromUserId(stack, 'A', 'alice');
    const b = UserBase.fromUserArn(stack, 'B', 'arn:aws:elasticache:us-east-1:123456789012:user:bob');
    expect(stack.resolve(a.userArn)).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':elasticache:us-east-1:123456789012:user:alice']] });
    expect(b.userId).toBe('bob');
    expect(a.engine).toBeUndefined();
  });

  test('fromUserAttributes needs an ID or an ARN', () => {
    const { stack } = stackWithVpc();
    expect(() => UserBase.fromUserAttributes(stack, 'A', {})).toThrow('Stack: userId (unset) is not allowed: give userId or userArn to import it');
  });
});

describe('UserGroup', () => {
  test('renders the user IDs and depends on the users', () => {
    const { stack } = stackWithVpc();
    const a = new PasswordUser(stack, 'A', { userId: 'a', accessControl: ALL });
    const b = new IamUser(stack, 'B', { userId: 'b', accessControl: ALL });
    const group = new UserGroup(stack, 'Group', { userGroupId: 'app-users', users: [a], tags: { team: 'x' } });
    group.addUser(b);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ElastiCache::UserGroup', { Engine: 'valkey', UserGroupId: 'app-users', UserIds: ['a', 'b'], Tags: [{ Key: 'team', Value: 'x' }] });
    t.hasResource('AWS::ElastiCache::UserGroup', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('^A'), Match.stringLikeRegexp('^B')]) });
  });

  test('a generated group ID is lower case and at most 40 characters', () => {
    const { stack } = stackWithVpc();
    const group = new UserGroup(stack, 'SomeGroup', { users: [new PasswordUser(stack, 'A', { userId: 'a', accessControl: ALL })] });
    expect(group.userGroupId).toMatch(/^[a-z][a-z0-9-]{0,39}$/);
  });

  test('a Redis OSS group with a user named default is valid', () => {
    const { stack } = stackWithVpc();
    const def = new NoPasswordUser(stack, 'Default', { userId: 'my-default', userName: 'default', accessControl: AccessControl.fromAccessString('off ~* -@all') });
    const app = new PasswordUser(stack, 'App', { userId: 'app', engine: Engine.REDIS, accessControl: ALL });
    new UserGroup(stack, 'Group', { engine: Engine.REDIS, users: [def, app] });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test.each([
    ['a Redis OSS group without a default user', Engine.REDIS, ['app'],
      'users ["app"] is not allowed: a Redis OSS user group must contain a user whose userName is "default"'],
    ['an empty group', Engine.VALKEY, [], 'users [] is not allowed: a user group needs at least one user'],
  ])('%s is refused at synth', (_n, engine, ids, expected) => {
    const { stack } = stackWithVpc();
    const users = ids.map((id) => new PasswordUser(stack, id, { userId: id, engine, accessControl: ALL }));
    new UserGroup(stack, 'Group', { engine, users });
    expect(() => Template.fromStack(stack)).toThrow(`Stack/Group: ${expected}`);
  });

  test('two users with the same user name are refused at synth', () => {
    const { stack } = stackWithVpc();
    const a = new PasswordUser(stack, 'A', { userId: 'a', userName: 'same', accessControl: ALL });
    const b = new PasswordUser(stack, 'B', { userId: 'b', userName: 'same', accessControl: ALL });
    new UserGroup(stack, 'Group', { users: [a, b] });
    expect(() => Template.fromStack(stack)).toThrow('Stack/Group: users "same" is not allowed: user names must be unique in a group');
  });

  test.each([
    ['a user of another engine', () => {
      const { stack } = stackWithVpc();
      const redisUser = new PasswordUser(stack, 'R', { userId: 'r', engine: Engine.REDIS, accessControl: ALL });
      new UserGroup(stack, 'Group', { users: [redisUser] });
    }, "Stack/Group: users \"Stack/R\" is not allowed: users whose engine is the group's (valkey); this user's engine is redis"],
    ['the same user twice', () => {
      const { stack } = stackWithVpc();
      const u = new PasswordUser(stack, 'U', { userId: 'u', accessControl: ALL });
      new UserGroup(stack, 'Group', { users: [u, u] });
    }, 'Stack/Group: users "u" is not allowed: each user once'],
    ['a group ID with upper case', () => {
      const { stack } = stackWithVpc();
      new UserGroup(stack, 'Group', { userGroupId: 'MyGroup' });
    }, 'Stack/Group: userGroupId "MyGroup" is not allowed: lower-case letters, digits and hyphens, starting with a letter'],
    ['a Memcached group', () => {
      const { stack } = stackWithVpc();
      new UserGroup(stack, 'Group', { engine: Engine.MEMCACHED });
    }, 'Stack/Group: engine "memcached" is not allowed: one of "valkey", "redis"'],
  ])('%s is refused', (_n, fn, expected) => {
    expect(fn).toThrow(expected);
  });

  test('imports by ID and ARN', () => {
    const { stack } = stackWithVpc();
    const g = UserGroup.fromUserGroupArn(stack, 'G', 'arn:aws:elasticache:us-east-1:123456789012:usergroup:ops');
    expect(g.userGroupId).toBe('ops');
    expect(UserGroup.fromUserGroupAttributes(stack, 'H', { userGroupId: 'x', engine: Engine.REDIS }).engine).toBe(Engine.REDIS);
    expect(() => UserGroup.fromUserGroupAttributes(stack, 'I', {})).toThrow('Stack: userGroupId (unset) is not allowed: give userGroupId or userGroupArn to import it');
  });
});

describe('users and user groups: cdk-nag', () => {
  test('a default PasswordUser has one AwsSolutions finding, SMG4 on its generated secret, none once acknowledged', () => {
    const { stack } = stackWithVpc();
    const user = new PasswordUser(stack, 'User', { userId: 'app', accessControl: ALL });
    expect(nagViolations(user)).toEqual([{ rule: 'AwsSolutions-SMG4', severity: 'error', resources: ['Stack/User/Secret/Resource'] }]);
    Validations.of(user.generatedSecret!).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'RBAC passwords are rotated with ModifyUser, not by a Secrets Manager rotation function.' });
    expect(nagViolations(user)).toEqual([]);
  });

  test('default NoPasswordUser, IamUser and UserGroup have no AwsSolutions findings', () => {
    const { stack } = stackWithVpc();
    const open = new NoPasswordUser(stack, 'Default', { userId: 'open-default', userName: 'default', accessControl: ALL });
    const iamUser = new IamUser(stack, 'Iam', { userId: 'iam-app', engine: Engine.REDIS, accessControl: ALL });
    const group = new UserGroup(stack, 'Group', { engine: Engine.REDIS, users: [open, iamUser] });
    for (const construct of [open, iamUser, group]) expect(nagViolations(construct)).toEqual([]);
  });
});
