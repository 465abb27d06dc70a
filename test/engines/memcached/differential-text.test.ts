import { Pair, runTextOnPair, startPair, stopPair } from './differential/run';
import { TEXT_CASES } from './differential/text-cases';
import { hasBinary } from '../../support/real-servers';

const describeIfMemcached = hasBinary('memcached') ? describe : describe.skip;

describeIfMemcached('differential: text protocol vs real memcached', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await startPair();
  });
  afterAll(() => stopPair(pair));

  test.each(TEXT_CASES.map((c) => [c.name, c]))('%s', async (_name, c) => {
    // Every case starts from an empty cache, on both servers alike.
    const steps = ['flush_all noreply\r\n', ...c.steps];
    const [ours, real] = await runTextOnPair(pair, steps);
    expect(ours).toEqual(real);
  });
});
