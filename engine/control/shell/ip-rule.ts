import { parseCidr } from '../../net/ipv4';
import { MAIN_TABLE } from '../../model/guest-os';
import { formatRules } from './ip-show';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

const SHOW = new Set(['show', 'list', 'ls', 'lst', 'sh']);

/** `table main`, `table 100`: Linux's table names and numbers (local 255, main 254, default 253). */
export function tableOf(text: string | undefined): number | undefined {
  if (text === 'main') return MAIN_TABLE;
  if (text === 'default') return 253;
  if (text === 'local') return 255;
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 4294967295 ? n : undefined;
}

/** `from all`, `from 10.0.2.10`, `from 10.0.2.0/24`: a selector, canonical; 'all' is none. */
function selector(text: string | undefined): string | null | undefined {
  if (text === undefined) return undefined;
  if (text === 'all') return null;
  const c = text.includes('/') ? parseCidr(text) : parseCidr(`${text}/32`);
  return c ? c.cidr.text : undefined;
}

/**
 * `ip rule add|del|show` (iproute2): `from`, `to`, `table`/`lookup`, `priority`/`pref`. A rule
 * without a priority goes just before the lowest one already there (the kernel's choice, from
 * 32765 down). The kernel's own rules (0 local, 32766 main, 32767 default) cannot be removed here.
 */
export function ipRule(ctx: ShellContext, cmd: string, rest: string[]): ShellResult {
  if (SHOW.has(cmd)) return ok(formatRules(ctx.stack));
  if (!['add', 'del', 'delete'].includes(cmd)) return err(`Command "${cmd}" is unknown, try "ip rule help".`, 255);
  let from: string | null | undefined;
  let to: string | null | undefined;
  let table: number | undefined;
  let priority: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    const v = rest[i + 1];
    if (w === 'from' || w === 'to') {
      const s = selector(v);
      if (s === undefined) return err(`Error: inet prefix is expected rather than "${v ?? ''}".`, 255);
      if (w === 'from') from = s;
      else to = s;
      i++;
    } else if (w === 'table' || w === 'lookup') {
      table = tableOf(v);
      if (table === undefined) return err(`Error: argument "${v ?? ''}" is wrong: invalid table ID`, 255);
      i++;
    } else if (w === 'priority' || w === 'pref' || w === 'preference') {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 4294967295)
        return err(`Error: argument "${v ?? ''}" is wrong: preference value is invalid`, 255);
      priority = n;
      i++;
    } else return err(`Error: argument "${w}" is wrong: Failed to parse rule type`, 255);
  }
  if (cmd === 'add') {
    if (table === undefined)
      return err('Error: argument is wrong: a rule needs "table <id>" here (other actions are not modelled)', 2);
    if (priority !== undefined && (priority === 0 || priority >= 32766))
      return err(`Error: priority ${priority} is one of the kernel's own rules here (0, 32766, 32767): use 1-32765`, 2);
  }
  const failure = ctx.editOs((os) => {
    if (cmd === 'add') {
      const lowest = Math.min(32766, ...os.rules.map((r) => r.priority));
      const p = priority ?? lowest - 1;
      if (p < 1) return 'RTNETLINK answers: No space left on device';
      os.rules.push({ priority: p, table: table!, ...(from ? { from } : {}), ...(to ? { to } : {}) });
      return undefined;
    }
    // del: the first rule that matches every selector given
    const i = os.rules.findIndex(
      (r) =>
        (priority === undefined || r.priority === priority) &&
        (table === undefined || r.table === table) &&
        (from === undefined || (r.from ?? null) === from) &&
        (to === undefined || (r.to ?? null) === to),
    );
    if (i < 0) return 'RTNETLINK answers: No such file or directory';
    os.rules.splice(i, 1);
    return undefined;
  });
  return failure ? err(failure, 2) : ok();
}
