// Run and role references as typed on the command line: [host:]run and [[host:]run:]role.
import { describe, expect, it } from 'vitest';
import { formatRunRef, parseRoleRef, parseRunRef } from '../../src/fleet/run-ref.js';

describe('run refs', () => {
  it('reads run and host:run', () => {
    expect(parseRunRef('shop')).toEqual({ ok: true, value: { host: null, run: 'shop' } });
    expect(parseRunRef('me@box:shop-2')).toEqual({
      ok: true,
      value: { host: 'me@box', run: 'shop-2' },
    });
    expect(formatRunRef({ host: 'box', run: 'shop' })).toBe('box:shop');
    expect(formatRunRef({ host: null, run: 'shop' })).toBe('shop');
  });

  it('refuses malformed names and hosts with a sentence', () => {
    expect(parseRunRef('a:b:c')).toEqual({
      ok: false,
      error: 'a run is named as run or host:run, got "a:b:c"',
    });
    const empty = parseRunRef('');
    expect(empty.ok ? '' : empty.error).toMatch(/^a run name is/);
    expect(parseRunRef('my shop')).toMatchObject({ ok: false });
    expect(parseRunRef('-oProxyCommand=x:shop')).toEqual({
      ok: false,
      error:
        'malformed host "-oProxyCommand=x": expected a name ssh accepts, such as box or user@box',
    });
    const noHost = parseRunRef(':shop');
    expect(noHost.ok ? '' : noHost.error).toMatch(/^malformed host ""/);
  });
});

describe('role refs', () => {
  it('takes the role as the last component', () => {
    expect(parseRoleRef('builder')).toEqual({
      ok: true,
      value: { host: null, run: null, role: 'builder' },
    });
    expect(parseRoleRef('shop:adversary')).toEqual({
      ok: true,
      value: { host: null, run: 'shop', role: 'adversary' },
    });
    expect(parseRoleRef('box:shop:watchdog')).toEqual({
      ok: true,
      value: { host: 'box', run: 'shop', role: 'watchdog' },
    });
  });

  it('refuses too many parts, an empty role or a bad run', () => {
    expect(parseRoleRef('a:b:c:d')).toMatchObject({ ok: false });
    expect(parseRoleRef('shop:')).toEqual({ ok: false, error: 'no role after the run in "shop:"' });
    expect(parseRoleRef('sh op:builder')).toMatchObject({ ok: false });
  });
});
