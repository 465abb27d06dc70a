/**
 * Geo search (redis geohash_helper.c and geo.c): haversine distances on redis' earth radius, the
 * bounding box of a radius or box query, the nine geohash cells that cover it, and the walk over
 * the sorted set that collects matching points in the same order redis finds them.
 */
import {
  align52, decodeScore, GeoArea, GeoHashBits, geohashDecode, geohashEncode, geohashNeighbors,
  LAT_RANGE, LONG_RANGE,
} from './geohash';
import { roundedAsin, roundedCos, roundedSin } from '../../util/rounded-trig';
import { scoreLteMax } from '../zset/ranges';
import type { ZSetValue } from '../zset/zset-value';

const D_R = Math.PI / 180.0;
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;

const degRad = (ang: number) => ang * D_R;
const radDeg = (ang: number) => ang / D_R;

/**
 * Great-circle distance in meters (redis geohashGetDistance). Points on one meridian (v = 0) take
 * redis' shortcut, the arc of the latitudes: the haversine formula can differ from it in the last bit.
 */
export function geoDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const v = Math.sin((degRad(lon2d) - degRad(lon1d)) / 2);
  if (v === 0) return latitudeDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v));
}

/** redis geohashGetLatDistance: the arc between two latitudes on one meridian. */
function latitudeDistance(lat1d: number, lat2d: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
}

/**
 * geoDistance with sin, cos and asin rounded as glibc's are (redis-server's): the distance redis
 * computes to the last bit, where V8's functions give one distance in eight a different last bit.
 * Slower: only distances stored with full precision (STOREDIST) use it.
 */
export function geoDistanceRounded(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const v = roundedSin((degRad(lon2d) - degRad(lon1d)) / 2);
  if (v === 0) return latitudeDistance(lat1d, lat2d);
  const lat1r = degRad(lat1d);
  const lat2r = degRad(lat2d);
  const u = roundedSin((lat2r - lat1r) / 2);
  return 2.0 * EARTH_RADIUS_IN_METERS * roundedAsin(Math.sqrt(u * u + roundedCos(lat1r) * roundedCos(lat2r) * v * v));
}

/** A search area: a circle (radius) or an axis-aligned box around a center, in `conversion` units. */
export interface GeoShape {
  /** Center longitude and latitude. */
  x: number;
  y: number;
  /** Meters per unit of the query. */
  conversion: number;
  kind: 'radius' | 'box';
  radius: number;
  width: number;
  height: number;
}

/** Point distance from the center when it lies inside the shape, else undefined. */
function distanceIfWithin(shape: GeoShape, x: number, y: number): number | undefined {
  if (shape.kind === 'radius') {
    const d = geoDistance(shape.x, shape.y, x, y);
    return d > shape.radius * shape.conversion ? undefined : d;
  }
  const lonDistance = geoDistance(x, y, shape.x, y);
  const latDistance = geoDistance(x, y, x, shape.y);
  if (lonDistance > (shape.width * shape.conversion) / 2 || latDistance > (shape.height * shape.conversion) / 2) return undefined;
  return geoDistance(shape.x, shape.y, x, y);
}

/** redis geohashEstimateStepsByRadius: the hash precision whose cells are about the search size. */
function estimateSteps(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/** [minLon, minLat, maxLon, maxLat] of the shape (redis geohashBoundingBox). */
function boundingBox(shape: GeoShape): [number, number, number, number] {
  const height = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.kind === 'radius' ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shape.y + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(shape.y - latDelta)));
  const southern = shape.y < 0;
  return [
    southern ? shape.x - longDeltaBottom : shape.x - longDeltaTop,
    shape.y - latDelta,
    southern ? shape.x + longDeltaBottom : shape.x + longDeltaTop,
    shape.y + latDelta,
  ];
}

const ZERO: GeoHashBits = { bits: 0, step: 0 };

/**
 * The cells to search, in redis' order: the center cell, then north, south, east, west,
 * north-east, north-west, south-east, south-west; useless cells are zeroed
 * (redis geohashCalculateAreasByShapeWGS84).
 */
export function searchCells(shape: GeoShape): GeoHashBits[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const radiusMeters = (shape.kind === 'radius'
    ? shape.radius
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2))) * shape.conversion;
  let steps = estimateSteps(radiusMeters, shape.y);
  let hash = geohashEncode(LONG_RANGE, LAT_RANGE, shape.x, shape.y, steps)!;
  let n = geohashNeighbors(hash);
  let area: GeoArea = geohashDecode(hash);
  const north = geohashDecode(n.north);
  const south = geohashDecode(n.south);
  const east = geohashDecode(n.east);
  const west = geohashDecode(n.west);
  const decrease = north.latitude.max < maxLat || south.latitude.min > minLat
    || east.longitude.max < maxLon || west.longitude.min > minLon;
  if (steps > 1 && decrease) {
    steps--;
    hash = geohashEncode(LONG_RANGE, LAT_RANGE, shape.x, shape.y, steps)!;
    n = geohashNeighbors(hash);
    area = geohashDecode(hash);
  }
  if (steps >= 2) {
    if (area.latitude.min < minLat) n.south = n.southWest = n.southEast = ZERO;
    if (area.latitude.max > maxLat) n.north = n.northEast = n.northWest = ZERO;
    if (area.longitude.min < minLon) n.west = n.southWest = n.northWest = ZERO;
    if (area.longitude.max > maxLon) n.east = n.southEast = n.northEast = ZERO;
  }
  return [hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
}

/** A point found by a search. */
export interface GeoPoint {
  readonly member: string;
  readonly score: number;
  readonly longitude: number;
  readonly latitude: number;
  /** Meters from the center. */
  dist: number;
}

/** Appends the members of one cell that lie inside the shape; stops at `limit` points (0 = none). */
function pointsInCell(zset: ZSetValue, cell: GeoHashBits, shape: GeoShape, out: GeoPoint[], limit: number): void {
  const min = align52(cell);
  const max = align52({ bits: cell.bits + 1, step: cell.step });
  // min <= score < max
  const range = { min, max, minex: false, maxex: true };
  for (const cur = zset.cursor(zset.firstInScoreRange(range)); cur.valid; cur.next()) {
    const score = cur.score;
    if (!scoreLteMax(score, range)) break;
    const [x, y] = decodeScore(score);
    const dist = distanceIfWithin(shape, x, y);
    if (dist !== undefined) out.push({ member: cur.ele, score, longitude: x, latitude: y, dist });
    if (out.length && limit && out.length >= limit) break;
  }
}

/**
 * Every point inside the shape, in the order redis' membersOfAllNeighbors finds them; with a
 * `limit` (COUNT … ANY) the search stops once that many were found.
 */
export function searchPoints(zset: ZSetValue, shape: GeoShape, limit: number): GeoPoint[] {
  const cells = searchCells(shape);
  const out: GeoPoint[] = [];
  let last = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (cell.bits === 0 && cell.step === 0) continue;
    // Huge radii make neighbours repeat; the comparison starts from the first neighbour on.
    if (last && cell.bits === cells[last].bits && cell.step === cells[last].step) continue;
    if (out.length && limit && out.length >= limit) break;
    pointsInCell(zset, cell, shape, out, limit);
    last = i;
  }
  return out;
}

