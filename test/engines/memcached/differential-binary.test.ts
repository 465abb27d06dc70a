import { BINARY_CASES } from './differential/binary-cases';
import { Pair, runBinary, startPair, stopPair } from './differential/run';
import { binaryRequest, u32s } from './support/harness';
import { hasBinary } from '../../support/real-servers';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

describeIfMemcached('differential: binary protocol vs real memcached', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(() => stopPair(pair));

  test.each(BINARY_CASES.map((c) => [c.name, c]))('%s', async (_name, c) => {
    // Start from an empty cache: FLUSHQ answers nothing.
    const steps = [binaryRequest(0x18, { extras: u32s() }), ...c.steps];
    const [ours, real] = await Promise.all([runBinary(pair.ours, steps), runBinary(pair.real, steps)]);
    expect(ours).toEqual(real);
  });
});
