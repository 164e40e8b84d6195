// The one `list-panes -a` format the watchdog reads every pane's liveness from, and its parser.
/** One pane as seen by a single `list-panes -a`. */
export interface PaneInfo {
  readonly session: string;
  readonly paneId: string;
  readonly pid: number;
  readonly dead: boolean;
  /** Exit status of a dead pane; null while unknown (tmux records it late, and now and then not at all). */
  readonly deadStatus: number | null;
  /** The signal that ended a dead pane's program (SIGHUP: 1); null when it exited, or not known yet. */
  readonly deadSignal: number | null;
  /** Last output in the pane's window, as a Unix time in seconds. */
  readonly activity: number;
  readonly command: string;
  readonly width: number;
  readonly height: number;
}

const FIELD_SEPARATOR = '\u001f';
export const PANE_FORMAT = [
  '#{session_name}',
  '#{pane_id}',
  '#{pane_pid}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pane_dead_signal}',
  '#{window_activity}',
  '#{pane_current_command}',
  '#{pane_width}',
  '#{pane_height}',
].join(FIELD_SEPARATOR);

/** tmux prints nothing for a value it does not have (and for a format older versions lack). */
const numberOrNull = (text: string | undefined): number | null =>
  text === undefined || text === '' ? null : Number(text);

export function parsePaneList(stdout: string): PaneInfo[] {
  const panes: PaneInfo[] = [];
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const [
      session = '',
      paneId = '',
      pid,
      dead,
      deadStatus,
      deadSignal,
      activity,
      command = '',
      width,
      height,
    ] = line.split(FIELD_SEPARATOR);
    panes.push({
      session,
      paneId,
      pid: Number(pid),
      dead: dead === '1',
      deadStatus: numberOrNull(deadStatus),
      deadSignal: numberOrNull(deadSignal),
      activity: Number(activity),
      command,
      width: Number(width),
      height: Number(height),
    });
  }
  return panes;
}
