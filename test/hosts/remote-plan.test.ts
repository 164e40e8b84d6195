import { describe, expect, it } from 'vitest';
import { mayNameHost, planRemote } from '../../src/hosts/remote-plan.js';

const plan = (argv: string[]) => planRemote(argv);

describe('planRemote', () => {
  it('leaves commands without a host on this machine', () => {
    expect(plan(['status'])).toEqual({ ok: true, value: null });
    expect(plan(['status', 'shop'])).toEqual({ ok: true, value: null });
    expect(plan(['logs', 'shop:builder', '-f'])).toEqual({ ok: true, value: null });
    expect(plan(['ls', '--all-hosts', '--host', 'box'])).toEqual({ ok: true, value: null });
    expect(plan(['events', '--since', '14:00'])).toEqual({ ok: true, value: null });
  });

  it('takes the host off a run ref and passes the run as one --run= word', () => {
    expect(plan(['status', '--json', 'box:shop'])).toEqual({
      ok: true,
      value: { host: 'box', args: ['status', '--json', '--run=shop'], follow: false },
    });
    expect(plan(['stop', 'me@box:shop'])).toEqual({
      ok: true,
      value: { host: 'me@box', args: ['stop', '--run=shop'], follow: false },
    });
  });

  it('reads role refs for logs: host:run:role, and run:role with --host', () => {
    expect(plan(['logs', '-n', '5', 'box:shop:builder', '-f'])).toEqual({
      ok: true,
      value: {
        host: 'box',
        args: ['logs', '-n', '5', '--run=shop', 'builder', '-f'],
        follow: true,
      },
    });
    expect(plan(['--host', 'box', 'logs', 'shop:watchdog'])).toEqual({
      ok: true,
      value: { host: 'box', args: ['logs', '--run=shop', 'watchdog'], follow: false },
    });
    expect(plan(['--host=box', 'logs', 'builder', '--follow'])).toEqual({
      ok: true,
      value: { host: 'box', args: ['logs', 'builder', '--follow'], follow: true },
    });
  });

  it('forwards every other flag as given, and follows events -f', () => {
    expect(
      plan(['--plan-dir', '/srv/plan', '--host', 'box', 'events', '-f', '--since', '1:00']),
    ).toEqual({
      ok: true,
      value: {
        host: 'box',
        args: ['--plan-dir', '/srv/plan', 'events', '-f', '--since', '1:00'],
        follow: true,
      },
    });
  });

  it('refuses what cannot run on a host, in one line', () => {
    expect(plan(['--host', 'box', 'start'])).toEqual({
      ok: false,
      error: '--host works with ls, status, stop, logs, events, not start',
    });
    expect(plan(['--host', 'a', '--host', 'b', 'status'])).toMatchObject({ ok: false });
    expect(plan(['--host', 'a', 'status', 'b:shop'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('two hosts named') as unknown,
    });
    expect(plan(['status', 'a:b:c'])).toMatchObject({ ok: false });
    expect(plan(['logs', 'a:b:c:d'])).toMatchObject({ ok: false });
    expect(plan(['status', ':shop'])).toMatchObject({ ok: false });
    expect(plan(['status', 'box:'])).toMatchObject({ ok: false });
    expect(plan(['--host'])).toMatchObject({ ok: false });
    expect(plan(['status', '-w', 'box:shop'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('ls --all-hosts --watch') as unknown,
    });
  });

  it('is only loaded when a host may be named', () => {
    expect(mayNameHost(['status'])).toBe(false);
    expect(mayNameHost(['status', '--json'])).toBe(false);
    expect(mayNameHost(['status', 'box:shop'])).toBe(true);
    expect(mayNameHost(['--host', 'box', 'ls'])).toBe(true);
    expect(mayNameHost(['--host=box', 'ls'])).toBe(true);
  });
});
