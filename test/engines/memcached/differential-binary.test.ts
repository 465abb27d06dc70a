import { BINARY_CASES, BINARY_HELD_ITEM_CASES } from './differential/binary-cases';
import { compareBinarySessions } from './differential/compare';
import { startPairWithoutBackgroundThreads } from './differential/run';

compareBinarySessions('differential: binary protocol vs real memcached', BINARY_CASES);
compareBinarySessions('differential: binary items held by replies not yet written', BINARY_HELD_ITEM_CASES, startPairWithoutBackgroundThreads);
