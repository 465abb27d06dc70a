/**
 * C `printf("%.17g")` for doubles, as redis 7.0 formats scores and RESP3 doubles, including
 * glibc's round-half-even on exact ties (JavaScript's toPrecision rounds ties up).
 */

/** A finite double's magnitude as `mantissa × 2^exp2`, exactly (the sign is dropped). */
export function binaryParts(d: number): { mantissa: bigint; exp2: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biasedExp = (hi >>> 20) & 0x7ff;
  const mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biasedExp === 0) return { mantissa, exp2: -1074 };
  return { mantissa: mantissa | (1n << 52n), exp2: biasedExp - 1075 };
}

/** The exact decimal digits of a finite positive double: `digits × 10^exp10`. */
export function exactDecimal(d: number): { digits: string; exp10: number } {
  const { mantissa, exp2 } = binaryParts(d);
  if (exp2 >= 0) return { digits: (mantissa << BigInt(exp2)).toString(), exp10: 0 };
  // m / 2^k = m * 5^k / 10^k
  const k = -exp2;
  return { digits: (mantissa * 5n ** BigInt(k)).toString(), exp10: -k };
}

/**
 * Rounds the exact decimal `digits × 10^exp10` to `precision` significant digits, half to even.
 * Returns the rounded significant digits (exactly `precision` of them) and the decimal exponent
 * of the first digit.
 */
export function roundSignificant(digits: string, exp10: number, precision: number): { sig: string; exp: number } {
  const stripped = digits.replace(/^0+/, '');
  let exp = stripped.length - 1 + exp10;
  if (stripped.length <= precision) return { sig: stripped.padEnd(precision, '0'), exp };
  let head = stripped.slice(0, precision);
  const rest = stripped.slice(precision);
  const first = rest.charCodeAt(0) - 48;
  const tail = /[1-9]/.test(rest.slice(1));
  const lastOdd = (head.charCodeAt(precision - 1) - 48) % 2 === 1;
  if (first > 5 || (first === 5 && (tail || lastOdd))) {
    const up = (BigInt(head) + 1n).toString();
    if (up.length > precision) {
      head = up.slice(0, precision);
      exp++;
    } else {
      head = up;
    }
  }
  return { sig: head, exp };
}

/** `%.<precision>g` of a finite double, with C's choice between fixed and exponent notation. */
export function formatG(d: number, precision = 17): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  const negative = d < 0;
  const abs = Math.abs(d);
  let sig: string;
  let exp: number;
  const approx = abs.toExponential(precision - 1);
  const candidate = abs.toExponential(precision);
  // Only a would-be tie (next digit 5) needs the exact expansion to round half to even.
  if (candidate.charCodeAt(precision + 1) === 53) {
    const exact = exactDecimal(abs);
    ({ sig, exp } = roundSignificant(exact.digits, exact.exp10, precision));
  } else {
    const eIndex = approx.indexOf('e');
    sig = approx.slice(0, eIndex).replace('.', '');
    exp = Number(approx.slice(eIndex + 1));
  }
  let out: string;
  if (exp < -4 || exp >= precision) {
    let mant = sig[0];
    const frac = sig.slice(1).replace(/0+$/, '');
    if (frac) mant += '.' + frac;
    const e = Math.abs(exp);
    out = `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  } else if (exp >= 0) {
    const intPart = sig.slice(0, exp + 1);
    const frac = sig.slice(exp + 1).replace(/0+$/, '');
    out = frac ? `${intPart}.${frac}` : intPart;
  } else {
    const frac = ('0'.repeat(-exp - 1) + sig).replace(/0+$/, '');
    out = `0.${frac}`;
  }
  return negative ? '-' + out : out;
}

/** `%.17g` with the spellings redis uses for infinities. */
const NAN_BITS = new Float64Array(1);
/** The top byte of NAN_BITS, which holds the sign on any platform V8 runs on (little-endian). */
const NAN_TOP_BYTE = new Uint8Array(NAN_BITS.buffer, 7, 1);

/**
 * The sign bit of a NaN, which glibc's printf shows (`-nan`). V8 keeps the bits the CPU produced:
 * x86 makes 0/0 a negative NaN and negation flips the sign, as in C.
 */
export function nanIsNegative(n: number): boolean {
  NAN_BITS[0] = n;
  return NAN_TOP_BYTE[0] >= 0x80;
}

export function formatDouble17(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return nanIsNegative(d) ? '-nan' : 'nan';
  return formatG(d, 17);
}

/** C `printf("%.<precision>f")` of a finite double's magnitude: exact, ties to even. */
export function formatFixed(abs: number, precision: number): string {
  const { digits, exp10 } = exactDecimal(abs);
  const shift = exp10 + precision;
  let n: bigint;
  if (shift >= 0) {
    n = BigInt(digits) * 10n ** BigInt(shift);
  } else {
    const div = 10n ** BigInt(-shift);
    const whole = BigInt(digits);
    n = whole / div;
    const twice = (whole % div) * 2n;
    if (twice > div || (twice === div && (n & 1n) === 1n)) n += 1n;
  }
  const text = n.toString().padStart(precision + 1, '0');
  return precision > 0 ? `${text.slice(0, -precision)}.${text.slice(-precision)}` : text;
}

/** C `printf("%.<precision>e")` of a finite double's magnitude: ties to even, two exponent digits at least. */
export function formatExponent(abs: number, precision: number): string {
  let sig: string;
  let exp: number;
  if (abs === 0) {
    sig = '0'.repeat(precision + 1);
    exp = 0;
  } else {
    const exact = exactDecimal(abs);
    ({ sig, exp } = roundSignificant(exact.digits, exact.exp10, precision + 1));
  }
  const mant = precision > 0 ? `${sig[0]}.${sig.slice(1)}` : sig[0];
  const e = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
}


/**
 * C `printf("%.<decimals>f", d)` for any double, as redis and memcached print ratios, percentages
 * and human sizes. toFixed differs only on exact ties, which it rounds up where glibc rounds to
 * even (0.125 is "0.13" for toFixed, "0.12" for printf); ties are common for small fractions (a
 * byte count over 1024, microseconds over 8 calls).
 */
export function printfFixed(d: number, decimals: number): string {
  if (Number.isNaN(d)) return nanIsNegative(d) ? '-nan' : 'nan';
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  // toFixed is exact except on ties; a tie needs d * 2^(decimals+1) to be whole.
  if (Math.abs(d) < 1e21 && !Number.isInteger(d * 2 ** (decimals + 1)) && !Object.is(d, -0)) return d.toFixed(decimals);
  const text = formatFixed(Math.abs(d), decimals);
  return d < 0 || Object.is(d, -0) ? '-' + text : text;
}
