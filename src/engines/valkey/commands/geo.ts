/**
 * Geo commands, stored in sorted sets with 52-bit geohash scores exactly as redis stores them:
 * GEOADD (NX/XX/CH, run as ZADD and propagated as ZADD), GEOPOS, GEODIST, GEOHASH, GEORADIUS,
 * GEORADIUSBYMEMBER and their _RO forms, GEOSEARCH and GEOSEARCHSTORE (FROMMEMBER/FROMLONLAT,
 * BYRADIUS/BYBOX, ASC/DESC, COUNT [ANY], WITHCOORD/WITHDIST/WITHHASH, STORE/STOREDIST).
 */
import { is } from './args';
import { REPLY_EMPTY_ARRAY } from './collection-helpers';
import { readZset, storeResult, zsetLimits } from './zset-common';
import { zaddGeneric } from './zsets';
import type { Client } from '../server/client';
import type { CommandDef } from '../table/command';
import { formatFixed, formatHuman } from '../types/geo/format';
import { decodeScore, GEO_LAT_MAX, GEO_LAT_MIN, GEO_LONG_MAX, GEO_LONG_MIN, geohashScoreText, geohashString } from '../types/geo/geohash';
import { pqsort } from '../types/geo/pqsort';
import { geoDistance, geoDistanceRounded, GeoPoint, GeoShape, searchPoints } from '../types/geo/search';
import { ZADD_IN, ZSetValue } from '../types/zset/zset-value';
import { ERR } from '../util/errors';
import { parseDouble, parseInt64 } from '../util/numbers';

/** redis extractLongLatOrReply: two doubles within the supported coordinates. */
function longLatArgs(c: Client, lonArg: string, latArg: string): [number, number] | undefined {
  const lon = parseDouble(lonArg);
  if (lon === undefined) {
    c.out.error(ERR.NOT_FLOAT);
    return undefined;
  }
  const lat = parseDouble(latArg);
  if (lat === undefined) {
    c.out.error(ERR.NOT_FLOAT);
    return undefined;
  }
  if (lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX) {
    c.out.error(`-ERR invalid longitude,latitude pair ${formatFixed(lon, 6)},${formatFixed(lat, 6)}`);
    return undefined;
  }
  return [lon, lat];
}

/** Meters per unit (redis extractUnitOrReply); undefined after the error. */
function unitArg(c: Client, s: string): number | undefined {
  if (is(s, 'm')) return 1;
  if (is(s, 'km')) return 1000;
  if (is(s, 'ft')) return 0.3048;
  if (is(s, 'mi')) return 1609.34;
  c.out.error('unsupported unit provided. please use M, KM, FT, MI');
  return undefined;
}

/** Distances are replied with four decimals (redis addReplyDoubleDistance). */
function replyDistance(c: Client, d: number): void {
  c.out.bulk(formatFixed(d, 4));
}

/** Coordinates as redis' human long doubles: a bulk string, or a RESP3 double. */
function replyCoordinate(c: Client, d: number): void {
  c.out.doubleString(formatHuman(d));
}

// ---- GEOADD -------------------------------------------------------------------------------------

function geoadd(c: Client, argv: string[]): void {
  let longIdx = 2;
  let nx = false;
  let xx = false;
  for (; longIdx < argv.length; longIdx++) {
    const o = argv[longIdx];
    if (is(o, 'nx')) nx = true;
    else if (is(o, 'xx')) xx = true;
    else if (!is(o, 'ch')) break;
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) return c.out.error(ERR.SYNTAX);
  const elements = (argv.length - longIdx) / 3;
  // Run as ZADD key [options] score member …, which is also what replicas get.
  const zaddArgv = ['zadd', ...argv.slice(1, longIdx)];
  for (let i = 0; i < elements; i++) {
    const at = longIdx + i * 3;
    const xy = longLatArgs(c, argv[at], argv[at + 1]);
    if (!xy) return;
    zaddArgv.push(geohashScoreText(xy[0], xy[1])!, argv[at + 2]);
  }
  c.propagateArgv = zaddArgv;
  zaddGeneric(c, zaddArgv, ZADD_IN.NONE);
}

// ---- GEOPOS / GEODIST / GEOHASH ---------------------------------------------------------------------

function geopos(c: Client, argv: string[]): void {
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  c.out.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = zset === undefined ? undefined : zset.score(argv[j]);
    if (score === undefined) {
      c.out.nullArray();
      continue;
    }
    const [x, y] = decodeScore(score);
    c.out.arrayHeader(2);
    replyCoordinate(c, x);
    replyCoordinate(c, y);
  }
}

function geohash(c: Client, argv: string[]): void {
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  c.out.arrayHeader(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = zset === undefined ? undefined : zset.score(argv[j]);
    if (score === undefined) c.out.null();
    else c.out.bulk(geohashString(score));
  }
}

function geodist(c: Client, argv: string[]): void {
  let toMeter = 1;
  if (argv.length === 5) {
    const u = unitArg(c, argv[4]);
    if (u === undefined) return;
    toMeter = u;
  } else if (argv.length > 5) {
    return c.out.error(ERR.SYNTAX);
  }
  const zset = readZset(c, argv[1]);
  if (zset === null) return;
  if (zset === undefined) return c.out.null();
  const s1 = zset.score(argv[2]);
  const s2 = zset.score(argv[3]);
  if (s1 === undefined || s2 === undefined) return c.out.null();
  const [x1, y1] = decodeScore(s1);
  const [x2, y2] = decodeScore(s2);
  replyDistance(c, geoDistance(x1, y1, x2, y2) / toMeter);
}

// ---- GEORADIUS / GEOSEARCH ---------------------------------------------------------------------------

const RADIUS_COORDS = 1;
const RADIUS_MEMBER = 2;
const RADIUS_NOSTORE = 4;
const GEOSEARCH = 8;
const GEOSEARCHSTORE = 16;

const enum Sort { NONE, ASC, DESC }

const NO_MEMBER = 'could not decode requested zset member';

/** redis extractDistanceOrReply: `radius unit`. */
function distanceArgs(c: Client, shape: GeoShape, radiusArg: string, unit: string): boolean {
  const radius = parseDouble(radiusArg);
  if (radius === undefined) {
    c.out.error('need numeric radius');
    return false;
  }
  if (radius < 0) {
    c.out.error('radius cannot be negative');
    return false;
  }
  const conversion = unitArg(c, unit);
  if (conversion === undefined) return false;
  shape.kind = 'radius';
  shape.radius = radius;
  shape.conversion = conversion;
  return true;
}

/** redis extractBoxOrReply: `width height unit`. */
function boxArgs(c: Client, shape: GeoShape, widthArg: string, heightArg: string, unit: string): boolean {
  const width = parseDouble(widthArg);
  if (width === undefined) {
    c.out.error('need numeric width');
    return false;
  }
  const height = parseDouble(heightArg);
  if (height === undefined) {
    c.out.error('need numeric height');
    return false;
  }
  if (height < 0 || width < 0) {
    c.out.error('height or width cannot be negative');
    return false;
  }
  const conversion = unitArg(c, unit);
  if (conversion === undefined) return false;
  shape.kind = 'box';
  shape.width = width;
  shape.height = height;
  shape.conversion = conversion;
  return true;
}

/** Sets the shape's center from a member's position; false after the error. */
function centerOnMember(c: Client, zset: ZSetValue, member: string, shape: GeoShape): boolean {
  const score = zset.score(member);
  if (score === undefined) {
    c.out.error(NO_MEMBER);
    return false;
  }
  [shape.x, shape.y] = decodeScore(score);
  return true;
}

const byDistance = (a: GeoPoint, b: GeoPoint): number => (a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1);
const byDistanceDesc = (a: GeoPoint, b: GeoPoint): number => -byDistance(a, b);

/** redis georadiusGeneric: parses a radius or search command and replies or stores the points. */
function georadiusGeneric(c: Client, argv: string[], srcKeyIndex: number, flags: number): void {
  const zset = readZset(c, argv[srcKeyIndex]);
  if (zset === null) return;
  const shape: GeoShape = { x: 0, y: 0, conversion: 1, kind: 'radius', radius: 0, width: 0, height: 0 };
  let storeKey: string | undefined;
  let storeDist = false;
  let baseArgs: number;
  if (flags & RADIUS_COORDS) {
    baseArgs = 6;
    const xy = longLatArgs(c, argv[2], argv[3]);
    if (!xy) return;
    [shape.x, shape.y] = xy;
    if (!distanceArgs(c, shape, argv[4], argv[5])) return;
  } else if (flags & RADIUS_MEMBER) {
    baseArgs = 5;
    // Without a source key there is nothing to center on; parsing goes on to pick the reply.
    if (zset !== undefined) {
      if (!centerOnMember(c, zset, argv[2], shape)) return;
      if (!distanceArgs(c, shape, argv[3], argv[4])) return;
    }
  } else {
    baseArgs = 2;
    if (flags & GEOSEARCHSTORE) {
      baseArgs = 3;
      storeKey = argv[1];
    }
  }

  let withDist = false;
  let withHash = false;
  let withCoords = false;
  let fromMember = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort = Sort.NONE;
  let any = false;
  let count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const at = baseArgs + i;
    const arg = argv[at];
    if (is(arg, 'withdist')) {
      withDist = true;
    } else if (is(arg, 'withhash')) {
      withHash = true;
    } else if (is(arg, 'withcoord')) {
      withCoords = true;
    } else if (is(arg, 'any')) {
      any = true;
    } else if (is(arg, 'asc')) {
      sort = Sort.ASC;
    } else if (is(arg, 'desc')) {
      sort = Sort.DESC;
    } else if (is(arg, 'count') && i + 1 < remaining) {
      const n = parseInt64(argv[at + 1]);
      if (n === undefined) return c.out.error(ERR.NOT_INTEGER);
      if (n <= 0) return c.out.error('COUNT must be > 0');
      count = n;
      i++;
    } else if ((is(arg, 'store') || is(arg, 'storedist')) && i + 1 < remaining && !(flags & RADIUS_NOSTORE) && !(flags & GEOSEARCH)) {
      storeKey = argv[at + 1];
      storeDist = arg.length === 9;
      i++;
    } else if (is(arg, 'storedist') && flags & GEOSEARCH && flags & GEOSEARCHSTORE) {
      storeDist = true;
    } else if (is(arg, 'frommember') && i + 1 < remaining && flags & GEOSEARCH && !fromLoc) {
      if (zset !== undefined && !centerOnMember(c, zset, argv[at + 1], shape)) return;
      fromMember = true;
      i++;
    } else if (is(arg, 'fromlonlat') && i + 2 < remaining && flags & GEOSEARCH && !fromMember) {
      const xy = longLatArgs(c, argv[at + 1], argv[at + 2]);
      if (!xy) return;
      [shape.x, shape.y] = xy;
      fromLoc = true;
      i += 2;
    } else if (is(arg, 'byradius') && i + 2 < remaining && flags & GEOSEARCH && !byBox) {
      if (!distanceArgs(c, shape, argv[at + 1], argv[at + 2])) return;
      byRadius = true;
      i += 2;
    } else if (is(arg, 'bybox') && i + 3 < remaining && flags & GEOSEARCH && !byRadius) {
      if (!boxArgs(c, shape, argv[at + 1], argv[at + 2], argv[at + 3])) return;
      byBox = true;
      i += 3;
    } else {
      return c.out.error(ERR.SYNTAX);
    }
  }

  if (storeKey !== undefined && (withDist || withHash || withCoords)) {
    const what = flags & GEOSEARCHSTORE ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS';
    return c.out.error(`${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  if (flags & GEOSEARCH && !(fromMember || fromLoc)) {
    return c.out.error(`exactly one of FROMMEMBER or FROMLONLAT can be specified for ${argv[0]}`);
  }
  if (flags & GEOSEARCH && !(byRadius || byBox)) {
    return c.out.error(`exactly one of BYRADIUS and BYBOX can be specified for ${argv[0]}`);
  }
  if (any && !count) return c.out.error('the ANY argument requires COUNT argument');

  if (zset === undefined) {
    if (storeKey === undefined) return REPLY_EMPTY_ARRAY(c);
    storeResult(c, storeKey, undefined, '');
    return c.out.integer(0);
  }
  // COUNT without an order means the closest ones, unless ANY asked for whichever come first.
  if (count !== 0 && sort === Sort.NONE && !any) sort = Sort.ASC;

  const points = searchPoints(zset, shape, any ? count : 0);
  if (points.length === 0 && storeKey === undefined) return REPLY_EMPTY_ARRAY(c);
  const returned = count === 0 || points.length < count ? points.length : count;
  if (sort !== Sort.NONE) {
    const cmp = sort === Sort.ASC ? byDistance : byDistanceDesc;
    if (returned === points.length) points.sort(cmp);
    else pqsort(points, cmp, 0, returned - 1);
  }

  if (storeKey === undefined) {
    const options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
    const out = c.out;
    out.arrayHeader(returned);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      if (options) out.arrayHeader(options + 1);
      out.bulk(p.member);
      if (withDist) replyDistance(c, p.dist / shape.conversion);
      if (withHash) out.integer(Math.trunc(p.score));
      if (withCoords) {
        out.arrayHeader(2);
        replyCoordinate(c, p.longitude);
        replyCoordinate(c, p.latitude);
      }
    }
    return;
  }

  const result = new ZSetValue(false);
  let maxLen = 0;
  for (let i = 0; i < returned; i++) {
    const p = points[i];
    // Stored distances keep every digit: computed again with glibc's rounding.
    const score = storeDist ? geoDistanceRounded(shape.x, shape.y, p.longitude, p.latitude) / shape.conversion : p.score;
    result.insertNew(score, p.member);
    if (p.member.length > maxLen) maxLen = p.member.length;
  }
  if (returned > 0) result.toListpackIfFits(zsetLimits(c), maxLen);
  storeResult(c, storeKey, result, flags & GEOSEARCH ? 'geosearchstore' : 'georadiusstore', returned);
  c.out.integer(returned);
}

export const GEO_COMMANDS: CommandDef[] = [
  { name: 'geoadd', handler: geoadd },
  { name: 'geopos', handler: geopos },
  { name: 'geohash', handler: geohash },
  { name: 'geodist', handler: geodist },
  { name: 'georadius', handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_COORDS) },
  { name: 'georadiusbymember', handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_MEMBER) },
  { name: 'georadius_ro', handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_COORDS | RADIUS_NOSTORE) },
  { name: 'georadiusbymember_ro', handler: (c, argv) => georadiusGeneric(c, argv, 1, RADIUS_MEMBER | RADIUS_NOSTORE) },
  { name: 'geosearch', handler: (c, argv) => georadiusGeneric(c, argv, 1, GEOSEARCH) },
  { name: 'geosearchstore', handler: (c, argv) => georadiusGeneric(c, argv, 2, GEOSEARCH | GEOSEARCHSTORE) },
];
