// A launch rig whose watchdog (started by the real `launch start`) serves the HTTP API on a free
// port of 127.0.0.1 (HTTP_PORT 0): the address comes from <log-dir>/http.json, the token from
// <log-dir>/http.token, exactly as a user finds them.
import { readFileSync } from 'node:fs';
import { readLiveAddress, type HttpAddress } from '../../src/http/address-file.js';
import type { SimScript } from '../../src/sim/script-schema.js';
import { makeRig, type Rig } from '../helpers/launch-rig.js';
import { waitFor } from '../helpers/wait-for.js';

export interface HttpRig {
  readonly rig: Rig;
  readonly address: HttpAddress;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  readonly token: string;
}

export async function startHttpRig(
  script: SimScript,
  phases: readonly string[] = ['p1', 'p2', 'p3'],
): Promise<HttpRig> {
  const rig = await makeRig({ script, config: { httpPort: 0 }, phases });
  try {
    const started = await rig.launch(['start']);
    if (started.exitCode !== 0) throw new Error(`launch start failed: ${started.stderr}`);
    const address = await waitFor('the watchdog serves HTTP', () => readLiveAddress(rig.logDir), {
      timeoutMs: 30_000,
      describe: rig.describe,
    });
    const token = readFileSync(address.tokenFile, 'utf8').trim();
    return { rig, address, base: `http://127.0.0.1:${address.port}`, token };
  } catch (error) {
    await rig.dispose();
    throw error;
  }
}
