/**
 * RDB persistence commands: SAVE, BGSAVE [SCHEDULE], SHUTDOWN and DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE],
 * writing `dir`/`dbfilename` as redis-server does (a temporary file renamed into place), and the
 * INFO persistence section that reports them. BGSAVE takes its snapshot at once (there is no fork:
 * the dataset is serialized in one go) and writes the file in the background.
 */
import * as fs from 'fs';
import * as path from 'path';
import { is } from './args';
import { DEBUG_SUBCOMMANDS } from './introspection';
import { loadRdb, RdbLoadError, writeRdb } from '../persistence/rdb/rdb-file';
import { CLIENT, Client } from '../server/client';
import { NEVER_SAVED, persistenceSection, RdbFigures } from '../server/info';
import { LOG_LEVEL } from '../server/log-level';
import type { ValkeyServer } from '../server/server';
import type { CommandDef } from '../table/command';
import { ERR } from '../util/errors';

/** Per-server persistence state (redis' rdb_* fields), updated by SAVE, BGSAVE and loads. */
export type PersistenceState = { -readonly [K in keyof RdbFigures]: RdbFigures[K] };

const STATES = new WeakMap<ValkeyServer, PersistenceState>();

export function persistenceOf(server: ValkeyServer): PersistenceState {
  let s = STATES.get(server);
  if (!s) {
    s = { ...NEVER_SAVED };
    STATES.set(server, s);
  }
  return s;
}

function rdbPath(server: ValkeyServer): string {
  return path.join(server.config.str('dir'), server.config.str('dbfilename'));
}

function tempPath(server: ValkeyServer, tag: string): string {
  return path.join(server.config.str('dir'), `temp-${tag}-${process.pid}.rdb`);
}

/** rdbSave: the dataset written to dir/dbfilename; false (after logging why) on failure. */
function saveNow(server: ValkeyServer): boolean {
  const state = persistenceOf(server);
  state.saves++;
  const tmp = tempPath(server, 'save');
  try {
    fs.writeFileSync(tmp, writeRdb(server));
    fs.renameSync(tmp, rdbPath(server));
  } catch (e) {
    server.log(`Write error saving DB on disk: ${(e as Error).message}`, LOG_LEVEL.WARNING);
    fs.rmSync(tmp, { force: true });
    return false;
  }
  server.dirty = 0;
  server.lastSave = server.mstime;
  state.lastBgsaveOk = true;
  return true;
}

function save(c: Client): void {
  if (persistenceOf(c.server).bgsaveInProgress) return c.out.error('Background save already in progress');
  if (saveNow(c.server)) c.out.ok();
  else c.out.error('-ERR');
}

/** rdbSaveBackground: snapshot now, write in the background, account when the write completes. */
function saveInBackground(server: ValkeyServer): void {
  const state = persistenceOf(server);
  state.saves++;
  state.bgsaveInProgress = true;
  state.bgsaveStart = server.mstime;
  const dirtyBefore = server.dirty;
  const tmp = tempPath(server, 'bgsave');
  const target = rdbPath(server);
  const done = (ok: boolean, error?: Error): void => {
    state.bgsaveInProgress = false;
    state.lastBgsaveOk = ok;
    server.updateTime();
    state.lastBgsaveSeconds = Math.floor((server.mstime - state.bgsaveStart) / 1000);
    if (ok) {
      server.dirty -= dirtyBefore;
      server.lastSave = server.mstime;
      server.log('Background saving terminated with success');
    } else {
      server.log(`Background saving error: ${error?.message ?? 'unknown'}`, LOG_LEVEL.WARNING);
    }
  };
  let snapshot: Buffer;
  try {
    snapshot = writeRdb(server);
  } catch (e) {
    done(false, e as Error);
    return;
  }
  fs.promises.writeFile(tmp, snapshot)
    .then(() => fs.promises.rename(tmp, target))
    .then(() => done(true), (e: Error) => {
      void fs.promises.rm(tmp, { force: true });
      done(false, e);
    });
}

function bgsave(c: Client, argv: string[]): void {
  // SCHEDULE only matters while another child process runs, which never happens here.
  if (argv.length > 2 || (argv.length === 2 && !is(argv[1], 'schedule'))) return c.out.error(ERR.SYNTAX);
  const server = c.server;
  if (persistenceOf(server).bgsaveInProgress) return c.out.error('Background save already in progress');
  if (c.flags & CLIENT.EXECUTING) {
    // Inside EXEC the save starts right after the transaction, as redis schedules it.
    setImmediate(() => {
      if (!persistenceOf(server).bgsaveInProgress) saveInBackground(server);
    });
    c.out.status('Background saving scheduled');
    return;
  }
  saveInBackground(server);
  c.out.status('Background saving started');
}

/** The flags of SHUTDOWN (redis' SHUTDOWN_*). */
export interface ShutdownFlags {
  readonly nosave?: boolean;
  readonly save?: boolean;
  readonly force?: boolean;
}

/**
 * redis prepareForShutdown without replicas to wait for: the final RDB save when save points are
 * configured (unless NOSAVE) or SAVE is asked, then the server closes. A failed save stops the
 * shutdown unless FORCE; returns false then (the server keeps running).
 */
export function prepareForShutdown(server: ValkeyServer, flags: ShutdownFlags): boolean {
  const savePoints = server.config.str('save') !== '';
  if ((savePoints && !flags.nosave) || flags.save) {
    server.log('Saving the final RDB snapshot before exiting.');
    if (!saveNow(server)) {
      if (!flags.force) {
        server.log('Error trying to save the DB, can\'t exit.', LOG_LEVEL.WARNING);
        server.log('Errors trying to shut down the server. Check the logs for more information.', LOG_LEVEL.WARNING);
        return false;
      }
      server.log('Error trying to save the DB. Exit anyway.', LOG_LEVEL.WARNING);
    } else {
      server.log('DB saved on disk');
    }
  }
  server.finishShutdown();
  return true;
}

/**
 * SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. With no replica to wait for, NOW changes nothing
 * and there is never a shutdown in progress to abort. A script running too long lets only SHUTDOWN
 * NOSAVE through (it answers BUSY otherwise).
 */
function shutdown(c: Client, argv: string[]): void {
  let nosave = false;
  let saveAsked = false;
  let force = false;
  let abort = false;
  let now = false;
  for (let j = 1; j < argv.length; j++) {
    if (is(argv[j], 'nosave')) nosave = true;
    else if (is(argv[j], 'save')) saveAsked = true;
    else if (is(argv[j], 'now')) now = true;
    else if (is(argv[j], 'force')) force = true;
    else if (is(argv[j], 'abort')) abort = true;
    else return c.out.error(ERR.SYNTAX);
  }
  if ((abort && (nosave || saveAsked || now || force)) || (nosave && saveAsked)) return c.out.error(ERR.SYNTAX);
  if (abort) return c.out.error('No shutdown in progress.');
  const busy = c.server.hooks.busy?.();
  if (busy !== undefined && !nosave) return c.out.error(busy);
  if (!prepareForShutdown(c.server, { nosave, save: saveAsked, force })) c.out.error('Errors trying to SHUTDOWN. Check logs.');
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the dataset, empty memory, load it back. */
function debugReload(c: Client, argv: string[]): void {
  let merge = false;
  let flush = true;
  let doSave = true;
  for (let j = 2; j < argv.length; j++) {
    if (is(argv[j], 'merge')) merge = true;
    else if (is(argv[j], 'noflush')) flush = false;
    else if (is(argv[j], 'nosave')) doSave = false;
    else return c.out.error('DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.');
  }
  const server = c.server;
  if (doSave && !saveNow(server)) return c.out.error('-ERR');
  let file: Buffer;
  try {
    file = fs.readFileSync(rdbPath(server));
  } catch {
    return c.out.error('Error trying to load the RDB dump');
  }
  try {
    const result = loadRdb(server, file, { flush, allowDuplicates: merge });
    const state = persistenceOf(server);
    state.lastLoadKeysLoaded = result.keysLoaded;
    state.lastLoadKeysExpired = result.keysExpired;
  } catch (e) {
    if (!(e instanceof RdbLoadError)) throw e;
    server.log(e.message);
    return c.out.error('Error trying to load the RDB dump');
  }
  server.log('DB reloaded by DEBUG RELOAD');
  c.out.ok();
}

/** Installs the INFO section and DEBUG RELOAD (run once per server). */
export function setupPersistence(server: ValkeyServer): void {
  server.hooks.infoSections.set('persistence', () => persistenceSection(server, persistenceOf(server)));
  if (!DEBUG_SUBCOMMANDS.has('reload')) {
    DEBUG_SUBCOMMANDS.set('reload', {
      help: [
        'RELOAD [option ...]',
        '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
        '    * MERGE: conflicting keys will be loaded from RDB.',
        '    * NOFLUSH: the existing database will not be removed before load, but',
        '      conflicting keys will generate an exception and kill the server.',
        '    * NOSAVE: the database will be loaded from an existing RDB file.',
        '    Examples:',
        '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
        '      the database.',
        '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
        '      existing RDB file.',
        '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
        '      file to the database.',
      ],
      handler: debugReload,
    });
  }
}

export const PERSISTENCE_COMMANDS: CommandDef[] = [
  { name: 'save', handler: save },
  { name: 'bgsave', handler: bgsave },
  { name: 'shutdown', handler: shutdown },
];
