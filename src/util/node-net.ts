// node:net, loaded on first use: loading it (with the stream machinery under it) costs a short
// command such as `launch status` about 4 ms, and a stopped run's status connects to nothing.
import type * as Net from 'node:net';
import { createRequire } from 'node:module';

type NodeNet = typeof Net;

let loaded: NodeNet | undefined;

export function nodeNet(): NodeNet {
  loaded ??= createRequire(import.meta.url)('node:net') as NodeNet;
  return loaded;
}
