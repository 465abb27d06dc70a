/**
 * Text-protocol sessions replayed against our engine and a real memcached. Each case is a list of
 * steps on one connection; every step's reply is compared byte for byte (after normalization).
 */
export interface TextCase {
  readonly name: string;
  readonly steps: readonly string[];
}

const long = (n: number, c = 'k') => c.repeat(n);

const storage: TextCase[] = [
  { name: 'set then get', steps: ['set a 0 0 3\r\nabc\r\n', 'get a\r\n'] },
  { name: 'set with flags then gets', steps: ['set a 123 0 2\r\nhi\r\n', 'gets a\r\n'] },
  { name: 'empty value', steps: ['set e 0 0 0\r\n\r\n', 'get e\r\n', 'gets e\r\n'] },
  { name: 'binary-safe value with CRLF inside', steps: ['set b 0 0 8\r\na\r\nb\r\n\r\n\r\n', 'get b\r\n'] },
  { name: 'value with NUL bytes', steps: ['set z 0 0 3\r\n\u0000\u0001\u0002\r\n', 'get z\r\n'] },
  { name: 'add on missing then existing', steps: ['add a 1 0 1\r\nx\r\n', 'add a 2 0 1\r\ny\r\n', 'get a\r\n'] },
  { name: 'replace on missing then existing', steps: ['replace r 0 0 1\r\nx\r\n', 'set r 0 0 1\r\na\r\n', 'replace r 5 0 1\r\nb\r\n', 'get r\r\n'] },
  { name: 'append and prepend', steps: ['append p 0 0 1\r\nx\r\n', 'set p 7 0 2\r\nmm\r\n', 'append p 0 0 2\r\n>>\r\n', 'prepend p 0 0 2\r\n<<\r\n', 'gets p\r\n'] },
  { name: 'append keeps flags and exptime', steps: ['set q 42 1000 1\r\na\r\n', 'append q 9 0 1\r\nb\r\n', 'mg q f t v\r\n'] },
  { name: 'cas flow', steps: ['set c 0 0 1\r\n1\r\n', 'gets c\r\n', 'cas c 0 0 1 999\r\n2\r\n', 'cas c 0 0 1 2\r\n3\r\n', 'gets c\r\n', 'cas missing 0 0 1 1\r\nx\r\n'] },
  { name: 'cas on item fetched by gets twice', steps: ['set c2 0 0 1\r\n1\r\n', 'gets c2\r\n', 'set c2 0 0 1\r\n2\r\n', 'cas c2 0 0 1 2\r\n3\r\n', 'gets c2\r\n'] },
  { name: 'noreply storage', steps: ['set n 0 0 1 noreply\r\nx\r\n', 'add n 0 0 1 noreply\r\ny\r\n', 'replace n 0 0 1 noreply\r\nz\r\n', 'append n 0 0 1 noreply\r\n!\r\n', 'get n\r\n'] },
  { name: 'noreply on bad data chunk', steps: ['set n2 0 0 1 noreply\r\nxyz\r\n', 'get n2\r\n'] },
  { name: 'bad data chunk', steps: ['set bd 0 0 1\r\nxyz\r\n', 'get bd\r\n'] },
  { name: 'bad data chunk with CR only', steps: ['set bd2 0 0 2\r\nab\r\r\n', 'get bd2\r\n'] },
  { name: 'negative length', steps: ['set a 0 0 -1\r\n', 'get a\r\n'] },
  { name: 'length too big', steps: ['set a 0 0 2147483647\r\n', 'set a 0 0 2147483646\r\n'] },
  { name: 'non-numeric flags', steps: ['set a x 0 1\r\nz\r\n'] },
  { name: 'flags wrap to 32 bits', steps: ['set fw 4294967297 0 1\r\nx\r\n', 'get fw\r\n', 'set fw 18446744073709551615 0 1\r\nx\r\n', 'get fw\r\n'] },
  { name: 'flags out of 64-bit range', steps: ['set fr 18446744073709551616 0 1\r\nx\r\n'] },
  { name: 'negative flags', steps: ['set nf -1 0 1\r\nx\r\n', 'set nf -0 0 1\r\nx\r\n', 'get nf\r\n'] },
  { name: 'plus sign numbers', steps: ['set ps +5 +0 +1\r\nx\r\n', 'get ps\r\n'] },
  { name: 'hex is not a number', steps: ['set hx 0x1 0 1\r\nx\r\n'] },
  { name: 'exptime overflow wraps to negative', steps: ['set eo 0 2147483648 1\r\nx\r\n', 'get eo\r\n'] },
  { name: 'negative exptime expires', steps: ['set ne 0 -1 1\r\nx\r\n', 'get ne\r\n'] },
  { name: 'absolute exptime in the past', steps: ['set ap 0 1000000000 1\r\nx\r\n', 'get ap\r\n'] },
  { name: 'absolute exptime in the future', steps: ['set af 0 4000000000 1\r\nx\r\n', 'get af\r\n'] },
  { name: 'relative exptime just under 30 days', steps: ['set r30 0 2592000 1\r\nx\r\n', 'mg r30 t\r\n'] },
  { name: 'too few tokens', steps: ['set a 0 0\r\n', 'set a\r\n', 'set\r\n'] },
  { name: 'too many tokens', steps: ['set a 0 0 1 noreply extra\r\nx\r\n'] },
  { name: 'noreply misspelled', steps: ['set a 0 0 1 norepl\r\nx\r\n', 'get a\r\n'] },
  { name: 'cas with wrong token count', steps: ['cas a 0 0 1\r\nx\r\n', 'cas a 0 0 1 1 noreply x\r\nz\r\n'] },
  { name: 'cas with bad unique', steps: ['cas a 0 0 1 abc\r\nx\r\n', 'cas a 0 0 1 -1\r\nx\r\n'] },
  { name: 'key of 250 bytes', steps: [`set ${long(250)} 0 0 1\r\nx\r\n`, `get ${long(250)}\r\n`] },
  { name: 'key of 251 bytes', steps: [`set ${long(251)} 0 0 1\r\nx\r\n`, `get ${long(251)}\r\n`, `get a ${long(251)} b\r\n`] },
  { name: 'key with control characters', steps: ['set \u0001\t\u007f 0 0 1\r\nx\r\n', 'get \u0001\t\u007f\r\n'] },
  { name: 'multiple spaces between tokens', steps: ['set   ms   5   0   1  \r\nx\r\n', 'get    ms   ms  \r\n'] },
  { name: 'line ending with LF only', steps: ['set lf 0 0 1\nx\r\n', 'get lf\n'] },
  { name: 'data line ending with LF only is bad', steps: ['set lf2 0 0 1\r\nx\nZ', 'get lf2\r\n'] },
  { name: 'NUL byte cuts the command line', steps: ['get a\u0000 junk\r\n', 'version\u0000xyz\r\n'] },
];

const retrieval: TextCase[] = [
  { name: 'multi-get with hits and misses', steps: ['set m1 0 0 1\r\n1\r\n', 'set m2 1 0 2\r\n22\r\n', 'get m1 nope m2 m1\r\n', 'gets m2 m1\r\n'] },
  { name: 'get with 30 keys spans several tokenizations', steps: ['set k7 0 0 1\r\n7\r\n', `get ${Array.from({ length: 30 }, (_, i) => `k${i}`).join(' ')}\r\n`] },
  { name: 'get without key', steps: ['get\r\n', 'gets\r\n', 'get \r\n'] },
  { name: 'gat and gats', steps: ['set g 3 0 1\r\nx\r\n', 'gat 100 g nope\r\n', 'gats 200 g\r\n', 'mg g t\r\n'] },
  { name: 'gat with bad exptime', steps: ['gat abc g\r\n', 'gat\r\n', 'gat 10\r\n'] },
  { name: 'gat with negative exptime expires', steps: ['set gn 0 0 1\r\nx\r\n', 'gat -1 gn\r\n', 'get gn\r\n'] },
  { name: 'bget alias', steps: ['set bg 0 0 1\r\nx\r\n', 'bget bg\r\n'] },
  { name: 'unknown get-like commands', steps: ['getx a\r\n', 'gett a\r\n', 'g a\r\n'] },
];

const deletes: TextCase[] = [
  { name: 'delete hit and miss', steps: ['set d 0 0 1\r\nx\r\n', 'delete d\r\n', 'delete d\r\n'] },
  { name: 'delete with hold time 0', steps: ['set d 0 0 1\r\nx\r\n', 'delete d 0\r\n', 'delete d 0 noreply\r\n', 'delete d noreply\r\n'] },
  { name: 'delete with bad arguments', steps: ['delete d 5\r\n', 'delete d 0 0\r\n', 'delete d x noreply\r\n', 'delete\r\n', 'delete a b c d\r\n'] },
  { name: 'delete long key', steps: [`delete ${long(251)}\r\n`] },
];

const arithmetic: TextCase[] = [
  { name: 'incr and decr', steps: ['set n 0 0 1\r\n5\r\n', 'incr n 10\r\n', 'decr n 3\r\n', 'get n\r\n'] },
  // memcached updates in place only while no other thread holds the item; a background thread can make
  // it copy instead (without padding), so the case keeps to two in-place steps.
  { name: 'decr pads with spaces', steps: ['set n 0 0 3\r\n100\r\n', 'decr n 1\r\n', 'get n\r\n', 'decr n 90\r\n', 'get n\r\n'] },
  { name: 'incr grows the value', steps: ['set n 0 0 1\r\n9\r\n', 'incr n 1\r\n', 'get n\r\n', 'gets n\r\n'] },
  { name: 'decr below zero stops at zero', steps: ['set n 0 0 2\r\n10\r\n', 'decr n 100\r\n', 'get n\r\n'] },
  { name: 'incr wraps at 64 bits', steps: ['set n 0 0 20\r\n18446744073709551615\r\n', 'incr n 1\r\n', 'incr n 18446744073709551615\r\n', 'get n\r\n'] },
  { name: 'incr by the largest delta', steps: ['set n 0 0 1\r\n1\r\n', 'incr n 18446744073709551615\r\n', 'incr n 18446744073709551616\r\n'] },
  { name: 'incr non-numeric and empty', steps: ['set s 0 0 3\r\nabc\r\n', 'incr s 1\r\n', 'set e 0 0 0\r\n\r\n', 'incr e 1\r\n', 'set m 0 0 3\r\n1a2\r\n', 'incr m 1\r\n'] },
  { name: 'incr on value with spaces and sign', steps: ['set s 0 0 3\r\n 12\r\n', 'incr s 1\r\n', 'set t 0 0 3\r\n-12\r\n', 'incr t 1\r\n', 'set u 0 0 2\r\n-0\r\n', 'incr u 1\r\n'] },
  { name: 'incr missing key and bad delta', steps: ['incr nope 1\r\n', 'decr nope 1\r\n', 'incr n abc\r\n', 'incr n -1\r\n', 'incr n\r\n', 'incr\r\n'] },
  { name: 'incr noreply', steps: ['set n 0 0 1\r\n1\r\n', 'incr n 5 noreply\r\n', 'decr n 1 noreply\r\n', 'get n\r\n'] },
  { name: 'incr keeps flags and changes cas', steps: ['set n 77 0 2\r\n10\r\n', 'gets n\r\n', 'incr n 5\r\n', 'gets n\r\n'] },
];

const touch: TextCase[] = [
  { name: 'touch hit and miss', steps: ['set t 0 0 1\r\nx\r\n', 'touch t 100\r\n', 'touch nope 100\r\n', 'mg t t\r\n'] },
  { name: 'touch bad exptime and arity', steps: ['touch t abc\r\n', 'touch t\r\n', 'touch t 1 noreply extra\r\n'] },
  { name: 'touch noreply and expiring touch', steps: ['set t2 0 0 1\r\nx\r\n', 'touch t2 0 noreply\r\n', 'touch t2 -1\r\n', 'get t2\r\n'] },
];

const flush: TextCase[] = [
  { name: 'flush_all hides items', steps: ['set f1 0 0 1\r\nx\r\n', 'flush_all\r\n', 'get f1\r\n', 'set f1 0 0 1\r\ny\r\n', 'get f1\r\n'] },
  { name: 'flush_all variants', steps: ['flush_all 0\r\n', 'flush_all noreply\r\n', 'flush_all -1\r\n', 'flush_all abc\r\n', 'flush_all 1 2 3\r\n'] },
  { name: 'delayed flush_all leaves items until then', steps: ['set fd 0 0 1\r\nx\r\n', 'flush_all 100\r\n', 'get fd\r\n', 'flush_all\r\n'] },
];

const misc: TextCase[] = [
  { name: 'version', steps: ['version\r\n', 'version extra args\r\n'] },
  { name: 'unknown commands', steps: ['foo\r\n', 'GET a\r\n', 'x\r\n', '\r\n', ' \r\n', 'mx\r\n', 'sets a\r\n', 'incrby a 1\r\n'] },
  { name: 'verbosity', steps: ['verbosity 1\r\n', 'verbosity 5\r\n', 'verbosity\r\n', 'verbosity x\r\n', 'verbosity 1 noreply\r\n', 'verbosity noreply\r\n', 'verbosity 1 2 3\r\n'] },
  { name: 'shutdown refused', steps: ['shutdown\r\n', 'shutdown graceful\r\n', 'shutdown now please\r\n'] },
  { name: 'cache_memlimit', steps: ['cache_memlimit 7\r\n', 'cache_memlimit x\r\n', 'cache_memlimit 1000000001\r\n', 'cache_memlimit\r\n', 'cache_memlimit 64\r\n', 'cache_memlimit 64 noreply\r\n'] },
  { name: 'slabs command errors', steps: ['slabs\r\n', 'slabs reassign 1\r\n', 'slabs reassign a b\r\n', 'slabs reassign 1 1\r\n', 'slabs reassign 1 99\r\n', 'slabs reassign 1 2\r\n', 'slabs automove 3\r\n', 'slabs automove x\r\n', 'slabs automove 1\r\n', 'slabs automove ratio\r\n', 'slabs automove ratio 0.5\r\n', 'slabs foo bar\r\n'] },
  { name: 'lru command', steps: ['lru\r\n', 'lru tune 10 25 0.1 2.0\r\n', 'lru tune 50 50 0.1 2\r\n', 'lru tune 10 10 0 1\r\n', 'lru tune a b c d\r\n', 'lru mode flat\r\n', 'lru mode segmented\r\n', 'lru mode x\r\n', 'lru temp_ttl 30\r\n', 'lru temp_ttl -1\r\n', 'lru temp_ttl x\r\n', 'lru other\r\n', 'lru tune 20 40 0.2 2.0\r\n'] },
  { name: 'lru_crawler command', steps: ['lru_crawler\r\n', 'lru_crawler sleep 2000000\r\n', 'lru_crawler sleep 100\r\n', 'lru_crawler tocrawl x\r\n', 'lru_crawler tocrawl 0\r\n', 'lru_crawler crawl 99\r\n', 'lru_crawler crawl x\r\n', 'lru_crawler foo\r\n', 'lru_crawler enable\r\n'] },
  { name: 'watch with unknown flag', steps: ['watch bogus\r\n'] },
  { name: 'pipelined watch is refused', steps: ['version\r\nwatch\r\n'] },
  { name: 'stats subcommand errors', steps: ['stats foo\r\n', 'stats detail\r\n', 'stats detail bad\r\n', 'stats cachedump\r\n', 'stats cachedump 1\r\n', 'stats cachedump a b\r\n', 'stats cachedump 64 0\r\n'] },
  { name: 'stats detail', steps: ['stats detail on\r\n', 'set p:a 0 0 1\r\nx\r\n', 'get p:a p:b q:c nodelim\r\n', 'delete p:a\r\n', 'stats detail dump\r\n', 'stats detail off\r\n', 'stats detail dump\r\n'] },
  { name: 'stats sizes toggles', steps: ['stats sizes\r\n', 'stats sizes_enable\r\n', 'set sz 0 0 10\r\n0123456789\r\n', 'stats sizes\r\n', 'stats sizes_disable\r\n', 'stats sizes\r\n'] },
  { name: 'stats cachedump', steps: ['set cd1 0 0 1\r\nx\r\n', 'set cd2 0 100 2\r\nxy\r\n', '<wait 400>', 'stats cachedump 1 0\r\n', 'stats cachedump 1 1\r\n', 'stats cachedump 2 0\r\n'] },
  { name: 'quit closes the connection', steps: ['quit\r\n'] },
  { name: 'HTTP request is dropped', steps: ['GET / HTTP/1.1\r\n'] },
];

export const TEXT_CASES: TextCase[] = [...storage, ...retrieval, ...deletes, ...arithmetic, ...touch, ...flush, ...misc];
