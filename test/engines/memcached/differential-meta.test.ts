import { HELD_ITEM_CASES, META_CASES } from './differential/meta-cases';
import { Pair, runTextOnPair, startPair, startPairWithoutBackgroundThreads, stopPair } from './differential/run';
import { hasBinary } from '../../support/real-servers';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

describeIfMemcached('differential: meta commands vs real memcached', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(() => stopPair(pair));

  test.each(META_CASES.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const steps = ['flush_all noreply\r\n', ...c.steps];
    const [ours, real] = await runTextOnPair(pair, steps);
    expect(ours).toEqual(real);
  });
});

describeIfMemcached('differential: items held by replies not yet written', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPairWithoutBackgroundThreads();
  });
  afterAll(() => stopPair(pair));

  test.each(HELD_ITEM_CASES.map((c) => [c.name, c]))('%s', async (_name, c) => {
    const [ours, real] = await runTextOnPair(pair, ['flush_all noreply\r\n', ...c.steps]);
    expect(ours).toEqual(real);
  });
});
