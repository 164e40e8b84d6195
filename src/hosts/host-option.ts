// The global `--host <host>` flag as commander shows it in help (and collects it for
// `ls --all-hosts`); the commands that run on a host read it before commander does (remote-plan.ts).
import { Option } from 'commander';
import { HOST_FLAG } from './remote-plan.js';

export { HOST_FLAG };

export function hostOption(): Option {
  return new Option(
    `${HOST_FLAG} <host>`,
    'run ls, status, stop, logs or events on another machine over ssh (user@box, an ssh_config alias or a name from "hosts"); with ls --all-hosts, one more host to list',
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}
