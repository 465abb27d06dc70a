import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-elasticache',
  description:
    'CDK constructs for Amazon ElastiCache (Valkey, Redis OSS, Memcached) with validated secure defaults, plus a local simulator that runs the synthesized caches on your machine.',
  author: 'cdk-elasticache contributors',
  authorAddress: 'maintainers@cdk-elasticache.dev',
  repositoryUrl: 'https://github.com/cdk-elasticache/cdk-elasticache.git',
  license: 'Apache-2.0',
  keywords: ['aws-cdk', 'cdk', 'elasticache', 'valkey', 'redis', 'memcached', 'serverless', 'simulator'],
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  cdkVersion: '2.276.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.0',

  // Publishable jsii targets. Names are reserved here so every language gets the same API.
  publishToPypi: { distName: 'cdk-elasticache', module: 'cdk_elasticache' },
  publishToMaven: {
    javaPackage: 'dev.cdkelasticache',
    mavenGroupId: 'dev.cdkelasticache',
    mavenArtifactId: 'cdk-elasticache',
  },
  publishToNuget: { dotNetNamespace: 'CdkElastiCache', packageId: 'CdkElastiCache' },
  publishToGo: { moduleName: 'github.com/cdk-elasticache/cdk-elasticache-go' },

  // Runtime libraries that are not jsii modules ship inside our package.
  bundledDeps: ['commander', 'yaml', 'fast-xml-parser', 'fengari', 'node-forge'],
  devDeps: [
    '@types/node@^20',
    '@types/node-forge',
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    'cdk-nag',
    'ioredis',
    'redis',
    'memjs',
    '@types/memjs',
    'memcached',
    '@types/memcached',
    '@aws-sdk/client-elasticache',
    '@aws-sdk/client-cloudwatch',
    '@aws-sdk/client-secrets-manager',
  ],

  bin: { 'cdk-elasticache': 'bin/cdk-elasticache' },

  jestOptions: {
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testTimeout: 60_000,
      maxWorkers: 2,
      // Coverage instrumentation slows the suite by about a quarter on two cores; `npx jest --coverage` measures it on demand.
      collectCoverage: false,
    },
    // Snapshots are checked, never silently rewritten: `npx projen test -u` updates them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
  },

  tsconfigDev: { include: ['../integ/**/*.ts', '../examples/**/*.ts', '../bench/**/*.ts'] },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'integ', 'examples', 'bench'] },
  gitignore: ['cdk.out', '*.cdk.out', '.sim-state', 'bench/results', '/examples/cdk.out'],
  githubOptions: { mergify: false },
  depsUpgrade: false,
  // .ci/run and the README commands are the only CI; no generated GitHub workflows needed.
  buildWorkflow: false,
  release: false,
});

for (const pattern of ['/examples', '/integ', '/bench', '/.ci', '/scripts']) project.addPackageIgnore(pattern);

// Engines emulate servers at the bit level (flags, bitmaps, binary protocols): bitwise operators are the point there.
project.eslint?.addOverride({ files: ['src/engines/**/*.ts', 'test/engines/**/*.ts', 'bench/**/*.ts'], rules: { 'no-bitwise': 'off' } });

// `npm run -s cli -- <args>` runs the compiled command line from a checkout.
project.addTask('cli', { exec: 'node bin/cdk-elasticache', receiveArgs: true });

// The README's first command: synthesize examples/ and start it in the simulator, printing every
// endpoint. It runs the TypeScript sources directly (transpile only), so it needs no build.
project.addTask('main', {
  description: 'Synthesize the example app and start its caches in the simulator, printing their endpoints',
  exec: 'ts-node --transpile-only examples/simulate.ts',
  receiveArgs: true,
});

// integ/ snapshots are compared on every test run; this rewrites them on purpose after a reviewed change.
project.addTask('integ:snapshot', {
  description: 'Re-synthesize the integ/ apps and overwrite their checked-in snapshots',
  exec: 'jest test/constructs/integ-snapshots.test.ts --coverage=false',
  env: { INTEG_UPDATE_SNAPSHOTS: '1' },
});

// `npm run bench`: compiles, then runs every benchmark script in bench/ (each puts one of our engines
// side by side with the real server under the same load and prints the ratio).
const bench = project.addTask('bench', {
  description: 'Benchmarks: our engines against the real servers (redis-server, memcached), same load, one run',
  env: { TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node"}' },
});
bench.spawn(project.compileTask);
bench.exec('for f in bench/*.ts; do echo "== $f"; ts-node --transpile-only "$f" || exit 1; done');

// `npm run integ`: every integ/integ.*.ts app started in the simulator, its IntegTest assertions run
// against the local ElastiCache and CloudWatch endpoints, plus data-plane checks with real clients.
const integ = project.addTask('integ', {
  description: 'Run every integ/ app in the simulator: IntegTest assertions against local endpoints, data-plane checks',
  env: { TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs","moduleResolution":"node"}', NODE_NO_WARNINGS: '1' },
  exec: 'ts-node --transpile-only integ/runner/main.ts',
  receiveArgs: true,
});

// The README's second command: everything that proves the package, from compile to every test.
project.addTask('test:all', {
  description: 'Compile, generate API.md, run every jest suite and eslint, package, and run the integ apps in the simulator',
  steps: [{ spawn: 'build' }, { spawn: integ.name }],
});

// Local builds package JavaScript only; the other jsii targets need their toolchains and run at release.
const packageTask = project.tasks.tryFind('package');
packageTask?.reset();
packageTask?.spawn(project.tasks.tryFind('package:js')!);

project.synth();
