// The backend module for each LOOP_BACKEND value.
import type { Backend } from '../config/fields.js';
import type { AgentBackend } from './backend.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { gemini } from './gemini.js';
import { opencode } from './opencode.js';
import { sim } from './sim.js';

const BACKENDS: Record<Backend, AgentBackend> = { claude, opencode, codex, gemini, sim };

export function backendFor(name: Backend): AgentBackend {
  return BACKENDS[name];
}
