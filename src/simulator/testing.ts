/**
 * Tests against simulated caches: a fixture that starts a stack's caches before the tests of a
 * file (`beforeAll`) and stops them after (`afterAll`). Ports are picked by the operating system,
 * so test files running in parallel never collide.
 */
import type { Stack, Stage } from 'aws-cdk-lib';
import { Simulator, SimulatorOptions } from './simulator';

type Hook = (fn: () => Promise<void>, timeout?: number) => void;

/** How long starting or stopping may take before the test framework gives up. */
const HOOK_TIMEOUT_MS = 120_000;

export class SimulatorFixture {
  /**
   * Registers `beforeAll`/`afterAll` hooks (jest, vitest with globals, jasmine) that start the
   * stack's caches and stop them. Call it at the top level of a test file or a `describe`.
   */
  public static forStack(stack: Stack, options: SimulatorOptions = {}): SimulatorFixture {
    return new SimulatorFixture(() => Simulator.fromStack(stack, options));
  }

  /** Like `forStack`, for every stack of an app or a stage. */
  public static forApp(app: Stage, options: SimulatorOptions = {}): SimulatorFixture {
    return new SimulatorFixture(() => Simulator.fromApp(app, options));
  }

  private started: Simulator | undefined;

  private constructor(start: () => Promise<Simulator>) {
    const hooks = globalThis as unknown as { beforeAll?: Hook; afterAll?: Hook };
    if (typeof hooks.beforeAll !== 'function' || typeof hooks.afterAll !== 'function') {
      throw new Error('SimulatorFixture registers beforeAll/afterAll hooks: use it in a test file run by jest (or a framework with the same globals)');
    }
    hooks.beforeAll(async () => {
      this.started = await start();
    }, HOOK_TIMEOUT_MS);
    hooks.afterAll(async () => {
      await this.started?.stop();
      this.started = undefined;
    }, HOOK_TIMEOUT_MS);
  }

  /** The running simulator (inside tests, after `beforeAll`). */
  public get simulator(): Simulator {
    if (!this.started) throw new Error('the simulator is not running: use it inside tests, after beforeAll has run');
    return this.started;
  }
}
