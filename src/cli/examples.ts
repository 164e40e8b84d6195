// One or two copyable examples under each command's --help (program.ts adds them after loading).

export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  init: [
    'launch init ~/myproject-plan      scaffold a new plan dir',
    'launch init --force               add the files missing here (never replaces one)',
  ],
  start: ['launch start', 'launch start --resume --log-dir /srv/plan/.launch'],
  stop: ['launch stop', 'launch stop shop                  the run named shop, from any folder'],
  status: ['launch status', 'launch status shop -w'],
  ls: ['launch ls --json', 'launch ls --all-hosts -w          every run on every host, redrawn'],
  pause: ['launch pause', 'launch pause "reviewing the branch by hand"'],
  resume: ['launch resume', 'launch resume --log-dir /srv/plan/.launch'],
  attach: ['launch attach builder', 'launch attach adversary --socket myrun'],
  send: ['launch send builder "please rebase on main first"'],
  restart: ['launch restart adversary', 'launch restart builder --force'],
  answer: ['launch answer adversary 1', 'launch answer shop:builder "yes, and run the tests"'],
  logs: ['launch logs builder -f', 'launch logs shop:watchdog -n 100'],
  events: [
    'launch events -f',
    'launch events -f box:shop          the run shop on host box, over ssh',
  ],
  dashboard: ['launch dashboard', 'launch dashboard --port 0 --log-dir /srv/plan/.launch'],
  watchdog: ['launch watchdog --dry-run', 'launch watchdog --http 0'],
  phases: ['launch phases', 'launch phases validate --plan-dir ~/myproject-plan'],
  classify: [
    'launch classify pane.txt',
    'tmux capture-pane -p -t loop-builder | launch classify -',
  ],
  doctor: ['launch doctor', 'launch doctor --backend codex'],
  service: [
    'launch service systemd > ~/.config/systemd/user/launch.service',
    'launch service cron --every 5',
  ],
  demo: ['launch demo', 'launch demo --keep'],
};
