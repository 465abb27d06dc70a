/** Client tracking commands: CLIENT TRACKING, CLIENT CACHING, CLIENT GETREDIR, CLIENT TRACKINGINFO. */
import { is } from './args';
import { CLIENT, Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { TRACK, trackingOf } from '../tracking/tracking';
import { ERR } from '../util/errors';
import { parseInt64 } from '../util/numbers';

/** CLIENT TRACKING ON|OFF [REDIRECT id] [BCAST] [PREFIX p …] [OPTIN] [OPTOUT] [NOLOOP]. */
function tracking(c: Client, argv: string[]): void {
  const t = trackingOf(c.server);
  let redirect = 0;
  let bcast = false;
  let options = 0;
  const prefixes: string[] = [];
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j];
    if (is(opt, 'redirect') && more) {
      j++;
      if (redirect !== 0) {
        c.out.error('A client can only redirect to a single other client');
        return;
      }
      const id = parseInt64(argv[j]);
      if (id === undefined) {
        c.out.error(ERR.NOT_INTEGER);
        return;
      }
      // The target must exist now; it may still go away later (a broken redirect).
      if (!c.server.clients.has(id)) {
        c.out.error('The client ID you want redirect to does not exist');
        return;
      }
      redirect = id;
    } else if (is(opt, 'bcast')) {
      bcast = true;
    } else if (is(opt, 'optin')) {
      options |= TRACK.OPTIN;
    } else if (is(opt, 'optout')) {
      options |= TRACK.OPTOUT;
    } else if (is(opt, 'noloop')) {
      options |= TRACK.NOLOOP;
    } else if (is(opt, 'prefix') && more) {
      j++;
      prefixes.push(argv[j]);
    } else {
      c.out.error(ERR.SYNTAX);
      return;
    }
  }
  const mode = argv[2];
  if (is(mode, 'on')) {
    const error = enableError(c, bcast, options, prefixes);
    if (error) {
      c.out.error(error);
      return;
    }
    t.enable(c, redirect, bcast, options, prefixes);
  } else if (is(mode, 'off')) {
    t.disable(c);
  } else {
    c.out.error(ERR.SYNTAX);
    return;
  }
  c.out.ok();
}

/** The option combinations CLIENT TRACKING ON refuses, checked in redis' order. */
function enableError(c: Client, bcast: boolean, options: number, prefixes: readonly string[]): string | undefined {
  const t = trackingOf(c.server);
  if (!bcast && prefixes.length > 0) return 'PREFIX option requires BCAST mode to be enabled';
  if (c.flags & CLIENT.TRACKING && ((c.flags & CLIENT.TRACKING_BCAST) !== 0) !== bcast) {
    return "You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.";
  }
  if (bcast && options & (TRACK.OPTIN | TRACK.OPTOUT)) return 'OPTIN and OPTOUT are not compatible with BCAST';
  if (options & TRACK.OPTIN && options & TRACK.OPTOUT) return "You can't specify both OPTIN mode and OPTOUT mode";
  const current = t.optionsOf(c);
  if ((options & TRACK.OPTIN && current & TRACK.OPTOUT) || (options & TRACK.OPTOUT && current & TRACK.OPTIN)) {
    return "You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.";
  }
  if (bcast) return t.prefixCollision(c, prefixes);
  return undefined;
}

function caching(c: Client, argv: string[]): void {
  if (!(c.flags & CLIENT.TRACKING)) {
    c.out.error('CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    return;
  }
  const t = trackingOf(c.server);
  const opts = t.optionsOf(c);
  if (is(argv[2], 'yes')) {
    if (!(opts & TRACK.OPTIN)) {
      c.out.error('CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
      return;
    }
  } else if (is(argv[2], 'no')) {
    if (!(opts & TRACK.OPTOUT)) {
      c.out.error('CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
      return;
    }
  } else {
    c.out.error(ERR.SYNTAX);
    return;
  }
  t.setOption(c, TRACK.CACHING);
  c.out.ok();
}

function getredir(c: Client): void {
  c.out.integer(c.flags & CLIENT.TRACKING ? c.trackingRedirect : -1);
}

function trackinginfo(c: Client): void {
  const t = trackingOf(c.server);
  const opts = t.optionsOf(c);
  const flags = [c.flags & CLIENT.TRACKING ? 'on' : 'off'];
  if (c.flags & CLIENT.TRACKING_BCAST) flags.push('bcast');
  if (opts & TRACK.OPTIN) {
    flags.push('optin');
    if (opts & TRACK.CACHING) flags.push('caching-yes');
  }
  if (opts & TRACK.OPTOUT) {
    flags.push('optout');
    if (opts & TRACK.CACHING) flags.push('caching-no');
  }
  if (opts & TRACK.NOLOOP) flags.push('noloop');
  if (c.flags & CLIENT.TRACKING_BROKEN_REDIR) flags.push('broken_redirect');
  const out = c.out;
  out.mapHeader(3);
  out.bulk('flags');
  out.setHeader(flags.length);
  for (const f of flags) out.bulk(f);
  out.bulk('redirect');
  out.integer(c.flags & CLIENT.TRACKING ? c.trackingRedirect : -1);
  out.bulk('prefixes');
  out.bulkArray(t.prefixesOf(c));
}

export const TRACKING_COMMANDS: CommandDef[] = [
  { name: 'client|tracking', handler: tracking },
  { name: 'client|caching', handler: caching },
  { name: 'client|getredir', handler: getredir },
  { name: 'client|trackinginfo', handler: trackinginfo },
];
