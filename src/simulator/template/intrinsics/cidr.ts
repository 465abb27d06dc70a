// Address arithmetic is bit arithmetic.
/* eslint-disable no-bitwise */
import type { IntrinsicHandler, ResolveScope } from './scope';
import { resolveInteger, resolveString, templateError } from './values';

const PROBLEM = 'Fn::Cidr requires a list argument with three elements: an IP block in CIDR notation, a count of subnets (1 to 256) and the number of subnet bits';

interface Block {
  readonly base: bigint;
  readonly prefix: number;
  readonly width: number;
  readonly v6: boolean;
}

function parseV4(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseV6(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function parseBlock(text: string, scope: ResolveScope): Block {
  const [address, prefixText] = text.split('/');
  const v6 = address.includes(':');
  const width = v6 ? 128 : 32;
  const value = v6 ? parseV6(address) : parseV4(address);
  const prefix = Number(prefixText);
  if (value === undefined || !/^\d+$/.test(prefixText ?? '') || prefix > width) throw templateError(PROBLEM, scope);
  const hostBits = BigInt(width - prefix);
  return { base: (value >> hostBits) << hostBits, prefix, width, v6 };
}

function format(value: bigint, block: Block, prefix: number): string {
  if (!block.v6) {
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n));
    return `${octets.join('.')}/${prefix}`;
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => ((value >> shift) & 0xffffn).toString(16));
  return `${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}/${prefix}`;
}

/** `Fn::Cidr`: `[ipBlock, count, cidrBits]`, consecutive subnets from the start of the block. */
export const cidr: IntrinsicHandler = (args, scope) => {
  if (!Array.isArray(args) || args.length !== 3) throw templateError(PROBLEM, scope);
  const block = parseBlock(resolveString(args[0], scope, PROBLEM), scope);
  const count = resolveInteger(args[1], scope, PROBLEM);
  const cidrBits = resolveInteger(args[2], scope, PROBLEM);
  const subnetPrefix = block.width - cidrBits;
  if (count < 1 || count > 256 || cidrBits < 1 || subnetPrefix < block.prefix) throw templateError(PROBLEM, scope);
  if (BigInt(count) > 1n << BigInt(subnetPrefix - block.prefix)) {
    throw templateError(`Fn::Cidr cannot fit ${count} subnets of /${subnetPrefix} in ${format(block.base, block, block.prefix)}`, scope);
  }
  const step = 1n << BigInt(cidrBits);
  return Array.from({ length: count }, (_, i) => format(block.base + BigInt(i) * step, block, subnetPrefix));
};
