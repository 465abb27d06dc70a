import { docsMode, missingDocsMessage } from './doc-sources';

describe('documentation tests without the documentation folder', () => {
  test.each([
    [true, undefined, 'run'],
    [true, 'true', 'run'],
    [false, 'true', 'fail'],
    [false, '1', 'fail'],
    [false, undefined, 'skip'],
    [false, '', 'skip'],
    [false, 'false', 'skip'],
  ] as const)('folder present %s, CI=%s: %s', (hasDocs, ci, mode) => {
    expect(docsMode(hasDocs, ci)).toBe(mode);
  });

  test('the failure names the missing folder', () => {
    expect(missingDocsMessage()).toMatch(/^Documentation folder .*shared \(seeds\/ and spec\/\) is absent; CI needs it/);
  });
});
