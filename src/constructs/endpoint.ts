import { Token } from 'aws-cdk-lib';

/**
 * A network endpoint of a cache: a DNS name and a numeric port.
 *
 * CloudFormation returns ports as strings; endpoints built from resource attributes carry the port
 * as a number token (`Token.asNumber`), so it can feed `ec2.Port.tcp()` and security group rules.
 */
export class Endpoint {
  /**
   * Builds an endpoint from CloudFormation attributes, where the port is a string (or string token).
   */
  public static fromAttributes(address: string, port: string): Endpoint {
    return new Endpoint(address, Token.asNumber(port));
  }

  /** The DNS name of the endpoint. */
  public readonly address: string;

  /** The TCP port of the endpoint. */
  public readonly port: number;

  /** `address:port`, ready for a client connection string. */
  public readonly socketAddress: string;

  /**
   * @param address the DNS name of the endpoint
   * @param port the TCP port of the endpoint
   */
  constructor(address: string, port: number) {
    this.address = address;
    this.port = port;
    this.socketAddress = `${address}:${Token.isUnresolved(port) ? Token.asString(port) : port}`;
  }
}
