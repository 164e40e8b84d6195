// A commit subject carrying terminal escapes (`ESC ] 0 ; … BEL` retitles the terminal, `ESC [ 2 J`
// clears it), pushed through a real git world to a running watchdog: `launch events`, `launch
// status` and `launch logs watchdog` show its words and none of its escapes.
import { describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';
import { quietWorld, startedWorld } from './process-helpers.js';

const ESC = '\u001b';
const BEL = '\u0007';
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('fault: hostile commit subjects', () => {
  it('are shown stripped by events, status and logs', async () => {
    const rig = await quietWorld({ signalInterval: 0.5, watchInterval: 1 });
    try {
      await startedWorld(rig);
      await rig.waitForEvent('the handoff baseline', (e) => e.type === 'handoff-baseline');
      const subject = `claim(x1): ${ESC}]0;pwned${BEL}ready ${ESC}[2J${ESC}[H${ESC}]8;;http://evil.example/${ESC}\\here${ESC}]8;;${ESC}\\ done`;
      await rig.git.pushCommit(rig.outside, subject);
      const ping = await rig.waitForEvent(
        'the claim is pinged',
        (e) => e.type === 'handoff-ping' && String(e.reason).includes('claim(x1)'),
      );
      // The ledger keeps what came (JSON escapes it); what people see is stripped.
      expect(String(ping.reason)).toContain(`${ESC}[2J`);
      for (const args of [['events', '-n', '50'], ['status'], ['logs', 'watchdog', '-n', '200']]) {
        const shown = await waitFor(`launch ${args.join(' ')} shows the claim`, async () => {
          const result = await rig.launch(args);
          return result.stdout.includes('claim(x1)') ? result : undefined;
        });
        expect(shown.exitCode, args.join(' ')).toBe(0);
        const line = shown.stdout.split('\n').find((row) => row.includes('claim(x1)')) ?? '';
        console.log(`launch ${args[0]}: ${JSON.stringify(line.trim())}`);
        expect(shown.stdout, args.join(' ')).not.toMatch(CONTROLS);
        expect(line).toContain('ready');
        expect(line).not.toContain('pwned');
        expect(line).not.toContain('evil.example');
      }
    } finally {
      await rig.dispose();
    }
  });
});
