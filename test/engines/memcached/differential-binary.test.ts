import { BINARY_CASES, BINARY_HELD_ITEM_CASES, BinaryCase } from './differential/binary-cases';
import { Pair, runBinary, startPair, startPairWithoutBackgroundThreads, stopPair } from './differential/run';
import { binaryRequest, u32s } from './support/harness';
import { hasBinary } from '../../support/real-servers';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

function compareCases(title: string, cases: BinaryCase[], start: () => Promise<Pair>): void {
  describeIfMemcached(title, () => {
    let pair: Pair;
    beforeAll(async () => {
      pair = await start();
    });
    afterAll(() => stopPair(pair));

    test.each(cases.map((c) => [c.name, c]))('%s', async (_name, c) => {
      // Start from an empty cache: FLUSHQ answers nothing.
      const steps = [binaryRequest(0x18, { extras: u32s() }), ...c.steps];
      const [ours, real] = await Promise.all([runBinary(pair.ours, steps), runBinary(pair.real, steps)]);
      expect(ours).toEqual(real);
    });
  });
}

compareCases('differential: binary protocol vs real memcached', BINARY_CASES, () => startPair());
compareCases('differential: binary items held by replies not yet written', BINARY_HELD_ITEM_CASES, startPairWithoutBackgroundThreads);
