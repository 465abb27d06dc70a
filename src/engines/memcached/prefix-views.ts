/**
 * Views of the first bytes of one buffer (`buf.subarray(0, length)`), kept for the last two
 * lengths asked for. Reads and replies of a steady load repeat a few sizes (a get and a set
 * alternate in a mixed load), and a new view per read or write costs an allocation and its
 * garbage collection.
 */
export class PrefixViews {
  private of: Uint8Array | undefined;
  private recent: Buffer | undefined;
  private older: Buffer | undefined;

  /** `buf[0, length)`, reusing a view made earlier for the same buffer and length. */
  get(buf: Buffer, length: number): Buffer {
    if (buf !== this.of) {
      this.of = buf;
      this.recent = undefined;
      this.older = undefined;
    }
    const recent = this.recent;
    if (recent !== undefined && recent.length === length) return recent;
    let view = this.older;
    if (view === undefined || view.length !== length) view = buf.subarray(0, length);
    this.older = recent;
    this.recent = view;
    return view;
  }
}
