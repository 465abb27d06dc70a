import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Engine } from '../catalog';

/**
 * Ports of serverless caches. Each has the endpoint port and, beside it, a read-optimized port
 * (eventually consistent reads): 6379 and 6380 for Valkey and Redis OSS, 11211 and 11212 for
 * Memcached. Security groups must open both.
 */
export function serverlessPorts(engine: Engine): { readonly primary: number; readonly reader: number } {
  return engine === Engine.MEMCACHED ? { primary: 11211, reader: 11212 } : { primary: 6379, reader: 6380 };
}

/** The default port of a serverless cache's `connections`: both ports as one range. */
export function portRange(engine: Engine): ec2.Port {
  const { primary, reader } = serverlessPorts(engine);
  return ec2.Port.tcpRange(primary, reader);
}
