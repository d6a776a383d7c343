import { BlockList, isIPv4 } from 'node:net';

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) as `1.2.3.4`. */
export function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

/**
 * Parses `--limit-exempt`: a comma-separated list of `loopback`, `none`, addresses and CIDR
 * ranges (`10.0.0.0/8`, `fd00::/8`). Throws an Error naming the bad item.
 */
export function parseExempt(spec: string): BlockList {
  const list = new BlockList();
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '' || item === 'none') continue;
    if (item === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [address, bits] = item.split('/') as [string, string | undefined];
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    try {
      if (bits === undefined) list.addAddress(address, family);
      else {
        const prefix = Number(bits);
        if (!/^\d+$/.test(bits) || prefix > (family === 'ipv4' ? 32 : 128)) throw new Error('bad prefix');
        list.addSubnet(address, prefix, family);
      }
    } catch {
      throw new Error(`"${item}" is not loopback, none, an address or a CIDR range`);
    }
  }
  return list;
}

/**
 * Counts connections in all and per address; exemption is applied when a limit is checked, so
 * the exempt list can change (a reload) without the counts going wrong.
 */
export class AddressCounter {
  #exempt: BlockList;
  readonly #counts = new Map<string, number>();
  /** Connections open now, exempt or not. */
  total = 0;

  constructor(exempt: BlockList) {
    this.#exempt = exempt;
  }

  /** New exempt ranges (a reload): they apply to the next limit check. */
  setExempt(exempt: BlockList): void {
    this.#exempt = exempt;
  }

  isExempt(address: string): boolean {
    return this.#exempt.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }

  /** Connections open now from `address`. */
  count(address: string): number {
    return this.#counts.get(address) ?? 0;
  }

  add(address: string): void {
    this.total++;
    this.#counts.set(address, this.count(address) + 1);
  }

  remove(address: string): void {
    this.total--;
    const n = this.count(address) - 1;
    if (n <= 0) this.#counts.delete(address);
    else this.#counts.set(address, n);
  }
}
