/**
 * IPv4 CIDR arithmetic for laying out subnets. Pure; the clouds call it with their own layouts.
 */

function toInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function toIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** Parses `a.b.c.d/n`, refusing host bits set beyond the prefix. */
export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip, bits] = cidr.split("/");
  const prefix = Number(bits);
  if (ip === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
    throw new Error(`not a CIDR block: ${cidr}`);
  }
  const base = toInt(ip);
  if (base % 2 ** (32 - prefix) !== 0) throw new Error(`${cidr} has host bits set`);
  return { base, prefix };
}

/**
 * The `index`-th block of `cidr` extended by `newBits` (as Terraform's cidrsubnet):
 * subnet("10.0.0.0/16", 4, 2) = "10.0.32.0/20".
 */
export function subnet(cidr: string, newBits: number, index: number): string {
  const { base, prefix } = parseCidr(cidr);
  const newPrefix = prefix + newBits;
  if (newBits < 1 || newPrefix > 28) throw new Error(`cannot split ${cidr} by ${newBits} bits`);
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** newBits) {
    throw new Error(`${cidr} has no subnet ${index} of /${newPrefix}`);
  }
  return `${toIp(base + index * 2 ** (32 - newPrefix))}/${newPrefix}`;
}
