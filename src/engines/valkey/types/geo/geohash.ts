/**
 * Redis' geohash (geohash.c): longitude/latitude interleaved into a 52-bit integer that is the
 * sorted-set score, latitude in the even bits. Latitudes are limited to ±85.05112878 (the
 * Web-Mercator range), so GEOHASH re-encodes with the standard ±90 range for its 11-character
 * strings. Numbers are kept in doubles (exact below 2^53); scores that are not valid 52-bit
 * hashes are decoded through BigInt exactly as the C casts would read them.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

export interface GeoRange {
  readonly min: number;
  readonly max: number;
}

/** A geohash of `step` bits per coordinate. */
export interface GeoHashBits {
  bits: number;
  step: number;
}

export interface GeoArea {
  readonly hash: GeoHashBits;
  readonly longitude: GeoRange;
  readonly latitude: GeoRange;
}

export const LONG_RANGE: GeoRange = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
export const LAT_RANGE: GeoRange = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };
/** The standard geohash ranges, used for GEOHASH strings. */
export const STANDARD_LAT_RANGE: GeoRange = { min: -90, max: 90 };

const TWO_26 = 2 ** 26;

/** Spreads the low 13 bits of x to the even bit positions of a 26-bit number. */
function spread13(x: number): number {
  x &= 0x1fff;
  x = (x | (x << 8)) & 0x00ff00ff;
  x = (x | (x << 4)) & 0x0f0f0f0f;
  x = (x | (x << 2)) & 0x33333333;
  x = (x | (x << 1)) & 0x55555555;
  return x;
}

/** Gathers the even bits of a 26-bit number into 13 bits. */
function squeeze13(x: number): number {
  x &= 0x55555555;
  x = (x | (x >>> 1)) & 0x33333333;
  x = (x | (x >>> 2)) & 0x0f0f0f0f;
  x = (x | (x >>> 4)) & 0x00ff00ff;
  x = (x | (x >>> 8)) & 0x0000ffff;
  return x;
}

/** Interleaves two uint32 values exactly: `even` into the even bits, `odd` into the odd bits. */
function interleaveExact(even: number, odd: number): bigint {
  let bits = 0n;
  for (let i = 0n; i < 32n; i++) {
    bits |= ((BigInt(even) >> i) & 1n) << (2n * i);
    bits |= ((BigInt(odd) >> i) & 1n) << (2n * i + 1n);
  }
  return bits;
}

/**
 * Interleaves two uint32 values. Offsets are below 2^26 except at the very edge of the ranges
 * (offset 2^26), which sets bits 52 and 53 as it does in redis.
 */
function interleave(even: number, odd: number): number {
  if (even < TWO_26 && odd < TWO_26) {
    const lo = spread13(even) | (spread13(odd) << 1);
    const hi = spread13(even >>> 13) | (spread13(odd >>> 13) << 1);
    return hi * TWO_26 + (lo >>> 0);
  }
  return Number(interleaveExact(even, odd));
}

/** Splits a hash of up to 52 bits into its even-bit and odd-bit halves. */
function deinterleave(bits: number): [number, number] {
  const lo = bits % TWO_26;
  const hi = Math.floor(bits / TWO_26);
  const even = squeeze13(lo) | (squeeze13(hi) << 13);
  const odd = squeeze13(lo >>> 1) | (squeeze13(hi >>> 1) << 13);
  return [even, odd];
}

/** The uint32 cell offsets of a point at `step` bits, or undefined outside the supported coordinates. */
function cellOffsets(longRange: GeoRange, latRange: GeoRange, longitude: number, latitude: number, step: number): [number, number] | undefined {
  if (longitude > GEO_LONG_MAX || longitude < GEO_LONG_MIN || latitude > GEO_LAT_MAX || latitude < GEO_LAT_MIN) return undefined;
  if (latitude < latRange.min || latitude > latRange.max || longitude < longRange.min || longitude > longRange.max) return undefined;
  const scale = 2 ** step;
  // The C code converts the offsets to uint32_t: truncation.
  const latOffset = Math.trunc(((latitude - latRange.min) / (latRange.max - latRange.min)) * scale) >>> 0;
  const longOffset = Math.trunc(((longitude - longRange.min) / (longRange.max - longRange.min)) * scale) >>> 0;
  return [latOffset, longOffset];
}

/** redis geohashEncode; undefined outside the supported coordinates. */
export function geohashEncode(longRange: GeoRange, latRange: GeoRange, longitude: number, latitude: number, step: number): GeoHashBits | undefined {
  const offsets = cellOffsets(longRange, latRange, longitude, latitude, step);
  return offsets === undefined ? undefined : { bits: interleave(offsets[0], offsets[1]), step };
}

/**
 * The score of a point (its 26-step hash) as the exact integer text GEOADD passes to ZADD, or
 * undefined outside the supported coordinates.
 */
export function geohashScoreText(longitude: number, latitude: number): string | undefined {
  const offsets = cellOffsets(LONG_RANGE, LAT_RANGE, longitude, latitude, GEO_STEP_MAX);
  return offsets === undefined ? undefined : interleaveExact(offsets[0], offsets[1]).toString();
}

function areaOf(hash: GeoHashBits, ilato: number, ilono: number): GeoArea {
  const scale = 2 ** hash.step;
  const latScale = LAT_RANGE.max - LAT_RANGE.min;
  const longScale = LONG_RANGE.max - LONG_RANGE.min;
  return {
    hash,
    // `ilato + 1` is uint32_t arithmetic in C, so it wraps.
    latitude: { min: LAT_RANGE.min + (ilato / scale) * latScale, max: LAT_RANGE.min + (((ilato + 1) >>> 0) / scale) * latScale },
    longitude: { min: LONG_RANGE.min + (ilono / scale) * longScale, max: LONG_RANGE.min + (((ilono + 1) >>> 0) / scale) * longScale },
  };
}

/** redis geohashDecode over the Web-Mercator ranges (hash bits below 2^52). */
export function geohashDecode(hash: GeoHashBits): GeoArea {
  const [lat, long] = deinterleave(hash.bits);
  return areaOf(hash, lat, long);
}

/** The center of an area, clamped to the valid coordinates (redis geohashDecodeAreaToLongLat). */
function areaCenter(area: GeoArea): [number, number] {
  let x = (area.longitude.min + area.longitude.max) / 2;
  if (x > GEO_LONG_MAX) x = GEO_LONG_MAX;
  if (x < GEO_LONG_MIN) x = GEO_LONG_MIN;
  let y = (area.latitude.min + area.latitude.max) / 2;
  if (y > GEO_LAT_MAX) y = GEO_LAT_MAX;
  if (y < GEO_LAT_MIN) y = GEO_LAT_MIN;
  return [x, y];
}

/** The C cast `(uint64_t)score` on x86-64, for scores that are not plain 52-bit hashes. */
function scoreToUint64(score: number): bigint {
  const TWO_63 = 2 ** 63;
  if (Number.isNaN(score)) return 1n << 63n;
  if (score < TWO_63) {
    // cvttsd2si: values below -2^63 (and -inf) give the "integer indefinite" 2^63.
    if (score < -TWO_63) return 1n << 63n;
    return BigInt.asUintN(64, BigInt(Math.trunc(score)));
  }
  const high = score - TWO_63;
  const part = high < TWO_63 ? BigInt(Math.trunc(high)) : 1n << 63n;
  return BigInt.asUintN(64, part ^ (1n << 63n));
}

/** Longitude and latitude of a sorted-set score (redis decodeGeohash). */
export function decodeScore(score: number): [number, number] {
  if (Number.isInteger(score) && score >= 0 && score < 2 ** 52) {
    return areaCenter(geohashDecode({ bits: score, step: GEO_STEP_MAX }));
  }
  // Any other score: deinterleave all 64 bits, as redis does with whatever the cast produced.
  const v = scoreToUint64(score);
  let lat = 0n;
  let long = 0n;
  for (let i = 0n; i < 32n; i++) {
    lat |= ((v >> (2n * i)) & 1n) << i;
    long |= ((v >> (2n * i + 1n)) & 1n) << i;
  }
  return areaCenter(areaOf({ bits: 0, step: GEO_STEP_MAX }, Number(lat), Number(long)));
}

const ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** The 11-character standard geohash of a score, as GEOHASH replies it. */
export function geohashString(score: number): string {
  const [x, y] = decodeScore(score);
  const hash = geohashEncode(LONG_RANGE, STANDARD_LAT_RANGE, x, y, GEO_STEP_MAX);
  const bits = hash === undefined ? 0 : hash.bits;
  let out = '';
  for (let i = 0; i < 10; i++) out += ALPHABET[Math.floor(bits / 2 ** (52 - (i + 1) * 5)) % 32];
  // 52 bits make ten characters; redis pads the eleventh as if the next bits were zero.
  return out + ALPHABET[0];
}

/** A hash's score prefix aligned to 52 bits (redis geohashAlign52Bits). */
export function align52(hash: GeoHashBits): number {
  return hash.bits * 2 ** (52 - hash.step * 2);
}

const EVEN_MASK = 0x5555555555555555n;
const ODD_MASK = 0xaaaaaaaaaaaaaaaan;

/** Moves a hash one cell east/west (`x`, odd bits) or north/south (`y`, even bits). */
function move(hash: GeoHashBits, dx: number, dy: number): GeoHashBits {
  let bits = BigInt(hash.bits);
  const shift = BigInt(64 - hash.step * 2);
  const step = (mask: bigint, keepMask: bigint, d: number): void => {
    if (d === 0) return;
    let v = bits & mask;
    const keep = bits & keepMask;
    const zz = keepMask >> shift;
    if (d > 0) {
      v = v + (zz + 1n);
    } else {
      v = v | zz;
      v = v - (zz + 1n);
    }
    v = BigInt.asUintN(64, v) & (mask >> shift);
    bits = v | keep;
  };
  step(ODD_MASK, EVEN_MASK, dx);
  step(EVEN_MASK, ODD_MASK, dy);
  return { bits: Number(bits), step: hash.step };
}

export interface GeoNeighbors {
  north: GeoHashBits;
  south: GeoHashBits;
  east: GeoHashBits;
  west: GeoHashBits;
  northEast: GeoHashBits;
  northWest: GeoHashBits;
  southEast: GeoHashBits;
  southWest: GeoHashBits;
}

/** The eight neighbouring cells of a hash (redis geohashNeighbors). */
export function geohashNeighbors(hash: GeoHashBits): GeoNeighbors {
  return {
    east: move(hash, 1, 0),
    west: move(hash, -1, 0),
    south: move(hash, 0, -1),
    north: move(hash, 0, 1),
    northWest: move(hash, -1, 1),
    southWest: move(hash, -1, -1),
    northEast: move(hash, 1, 1),
    southEast: move(hash, 1, -1),
  };
}
