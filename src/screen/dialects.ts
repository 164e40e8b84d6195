// The dialect for each backend: how its CLI draws working, limited, fatal and ready screens.
import type { Backend } from '../config/fields.js';
import { unreachable } from '../util/result.js';
import { claudeDialect } from './claude.js';
import { codexDialect } from './codex.js';
import { geminiDialect } from './gemini.js';
import { opencodeDialect } from './opencode.js';
import { simDialect } from './sim.js';
import type { Dialect } from './types.js';

export function dialectFor(backend: Backend): Dialect {
  switch (backend) {
    case 'claude':
      return claudeDialect;
    case 'opencode':
      return opencodeDialect;
    case 'codex':
      return codexDialect;
    case 'gemini':
      return geminiDialect;
    case 'sim':
      return simDialect;
    default:
      return unreachable(backend);
  }
}
