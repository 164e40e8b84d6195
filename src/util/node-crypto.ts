// node:crypto, loaded on first use: loading it costs a short command such as `launch status` about
// 3 ms, and most of them never hash or draw a random number.
import type * as Crypto from 'node:crypto';
import { createRequire } from 'node:module';

type NodeCrypto = typeof Crypto;

let loaded: NodeCrypto | undefined;

export function nodeCrypto(): NodeCrypto {
  loaded ??= createRequire(import.meta.url)('node:crypto') as NodeCrypto;
  return loaded;
}
