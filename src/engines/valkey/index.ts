/**
 * The Valkey / Redis OSS engine: a standalone RESP server (see README.md in this folder).
 * The simulator and the CLI use `ValkeyServer`; command families use the rest.
 */
export { ValkeyServer, ValkeyServerOptions, ServerHooks, IoObserver } from './server/server';
export { Client, CLIENT } from './server/client';
export { Config, ConfigError } from './server/config';
export { NOTIFY } from './server/notify-flags';
export { CommandDef, CommandHandler, Command } from './table/command';
export { CMD } from './table/flags';
export { Db, LOOKUP } from './keyspace/db';
export { StoredValue, StringValue, RawStringValue, CollectionValue } from './keyspace/values';
export { PropagatedOp, PropagationListener, ReplicationStreamEncoder } from './exec/propagation';
export { ALL_COMMANDS } from './commands';
export { Acl, aclOf, RbacUserDefinition } from './acl/acl';
export { PubSubBridge, PublishListener, pubsubBridgeOf } from './pubsub/bridge';
