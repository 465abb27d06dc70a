import { compareTextSessions } from './differential/compare';
import { TEXT_CASES } from './differential/text-cases';

compareTextSessions('differential: text protocol vs real memcached', TEXT_CASES);
