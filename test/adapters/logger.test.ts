// The watchdog's log file can be renamed by rotation and reopened at its path without losing a line.
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWatchdogLog } from '../../src/adapters/logger.js';
import { tempDir } from '../helpers/temp-dir.js';

const messages = (file: string): string[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

describe('the watchdog log', () => {
  it('writes to the renamed file until reopened, then to a new file at its path', () => {
    const logDir = tempDir();
    const file = join(logDir, 'watchdog.log');
    const log = openWatchdogLog(logDir, { pretty: 'none' });
    log.logger.info('one');
    renameSync(file, `${file}.1`);
    log.logger.info('two');
    log.reopen();
    log.logger.info('three');
    log.logger.flush();
    expect(messages(`${file}.1`)).toEqual(['one', 'two']);
    expect(messages(file)).toEqual(['three']);
  });
});
