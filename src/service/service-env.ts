// The environment a service (systemd, cron) must give the watchdog so it runs with the settings in
// force now: every setting that differs from what the plan dir's config file gives on its own, in
// its environment-variable form, plus the process facts tools need (PATH for tmux, git and the
// agent CLI; HOME for their credentials).
import { quote } from 'shell-quote';
import { FIELD_KEYS, FIELDS, type FieldKey, type Settings } from '../config/fields.js';

export interface ServiceEnvironment {
  /** NAME → value, in a stable order. */
  readonly vars: readonly (readonly [string, string])[];
  /** Settings that cannot be expressed as a variable (unset here, set in the config file). */
  readonly notes: readonly string[];
}

/** Process variables worth carrying into a service's bare environment, when set. */
export const CARRIED_VARIABLES = [
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'LC_CTYPE',
  'TZ',
  'TMUX_TMPDIR',
] as const;

/** Paths are always given, so the unit or cron line reads the same whatever directory it runs in. */
const ALWAYS: readonly FieldKey[] = ['planDir', 'logDir'];

/** A setting's value the way its environment variable spells it; null when it has none (unset). */
export function envText(key: FieldKey, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  if (Array.isArray(value)) {
    const words = value.map(String);
    // NOTIFY_ON is a comma list; the flag lists and NOTIFY_COMMAND are split like a shell would.
    return key === 'notifyOn' ? words.join(',') : quote(words);
  }
  return JSON.stringify(value);
}

export function serviceEnvironment(
  current: Settings,
  fromConfigFile: Settings,
  processEnv: Readonly<Record<string, string | undefined>>,
): ServiceEnvironment {
  const vars: [string, string][] = [];
  const notes: string[] = [];
  for (const name of CARRIED_VARIABLES) {
    const value = processEnv[name];
    if (value !== undefined && value !== '') vars.push([name, value]);
  }
  for (const key of FIELD_KEYS) {
    const value = current[key];
    const same = JSON.stringify(value) === JSON.stringify(fromConfigFile[key]);
    if (same && !ALWAYS.includes(key)) continue;
    const text = envText(key, value);
    if (text === null) {
      notes.push(
        `${FIELDS[key].env} is unset now but launch.config.json sets "${key}"; the service will use the file's value`,
      );
      continue;
    }
    vars.push([FIELDS[key].env, text]);
  }
  return { vars, notes };
}
