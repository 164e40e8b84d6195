// The one `list-panes -a` format the watchdog reads every pane's liveness from, and its parser.
/** One pane as seen by a single `list-panes -a`. */
export interface PaneInfo {
  readonly session: string;
  readonly paneId: string;
  readonly pid: number;
  readonly dead: boolean;
  /** Exit status of a dead pane; null while unknown (tmux records it late, and now and then not at all). */
  readonly deadStatus: number | null;
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
  '#{window_activity}',
  '#{pane_current_command}',
  '#{pane_width}',
  '#{pane_height}',
].join(FIELD_SEPARATOR);

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
      deadStatus: deadStatus === undefined || deadStatus === '' ? null : Number(deadStatus),
      activity: Number(activity),
      command,
      width: Number(width),
      height: Number(height),
    });
  }
  return panes;
}
