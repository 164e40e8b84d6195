// A short, stable file name for a path (FNV-1a, 64 bits, in hex): for names only, where a clash
// costs nothing worse than a check that fails (the reader compares the path it finds inside). Not
// for anything an attacker may choose to collide; that is what sha256 (node-crypto.ts) is for.
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function nameHash(text: string): string {
  let hash = OFFSET;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * PRIME) & MASK;
  return hash.toString(16).padStart(16, '0');
}
