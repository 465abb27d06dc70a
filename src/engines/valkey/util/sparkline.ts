/**
 * ASCII sparklines as redis draws them for LATENCY GRAPH (its sparkline.c): each sample is a
 * column whose height is its value between the sequence's minimum and maximum in `rows × 3`
 * steps, filled below with `|`; under the graph, after one blank line, each column's label
 * reads downwards. Sequences longer than `columns` wrap into blocks separated by a blank line.
 */

export interface SparklineSample {
  readonly value: number;
  /** Printed vertically under the column (empty for none). */
  readonly label: string;
}

const CHARSET = '_-`';
const CHARSET_FILL = '_o#';
const LABEL_MARGIN_TOP = 1;
const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);

/** Renders `samples[offset … offset + len)` against the whole sequence's minimum and maximum. */
function renderRange(
  samples: readonly SparklineSample[], min: number, max: number, rows: number, offset: number, len: number, fill: boolean,
): string {
  const charset = fill ? CHARSET_FILL : CHARSET;
  const steps = CHARSET.length * rows;
  const relmax = max - min === 0 ? 1 : max - min;
  const anyLabel = samples.some((s) => s.label !== '');
  let out = '';
  for (let row = 0; ; row++) {
    let more = false;
    const chars: string[] = new Array(len).fill(' ');
    for (let j = 0; j < len; j++) {
      const s = samples[offset + j];
      if (row < rows) {
        // C: step = (int)(relval * steps) / relmax, truncated again when stored in an int; a
        // product past the int range converts to INT_MIN on x86 (a flat column, as redis draws it).
        let scaled = Math.trunc((s.value - min) * steps);
        if (scaled > INT_MAX) scaled = INT_MIN;
        let step = Math.trunc(scaled / relmax);
        if (step < 0) step = 0;
        if (step >= steps) step = steps - 1;
        const index = step - (rows - row - 1) * CHARSET.length;
        more = true;
        if (index >= 0 && index < CHARSET.length) chars[j] = charset[index];
        else if (fill && index >= CHARSET.length) chars[j] = '|';
        continue;
      }
      // The row between the graph and the labels stays blank.
      if (anyLabel && row - rows < LABEL_MARGIN_TOP) {
        more = true;
        break;
      }
      const at = row - rows - LABEL_MARGIN_TOP;
      if (s.label !== '' && s.label.length > at) {
        more = true;
        chars[j] = s.label[at];
      }
    }
    if (!more) return out;
    out += chars.join('') + '\n';
  }
}

/** redis sparklineRender with SPARKLINE_FILL when `fill`. */
export function renderSparkline(samples: readonly SparklineSample[], columns: number, rows: number, fill: boolean): string {
  if (samples.length === 0) return '';
  let min = samples[0].value;
  let max = samples[0].value;
  for (const s of samples) {
    if (s.value < min) min = s.value;
    else if (s.value > max) max = s.value;
  }
  let out = '';
  for (let j = 0; j < samples.length; j += columns) {
    if (j !== 0) out += '\n';
    out += renderRange(samples, min, max, rows, j, Math.min(columns, samples.length - j), fill);
  }
  return out;
}
