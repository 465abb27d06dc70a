import { compareTextSessions } from './differential/compare';
import { HELD_ITEM_CASES, META_CASES } from './differential/meta-cases';
import { startPairWithoutBackgroundThreads } from './differential/run';

compareTextSessions('differential: meta commands vs real memcached', META_CASES);
compareTextSessions('differential: items held by replies not yet written', HELD_ITEM_CASES, startPairWithoutBackgroundThreads);
