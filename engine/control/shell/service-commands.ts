import { controlUnit, type Unit } from '../daemons/clock';
import { unitStopped } from '../daemons/bgp';
import { FRR_CONF } from '../files/frr-conf';
import { KEEPALIVED_CONF } from '../files/keepalived-conf';
import type { LogLine } from '../../trace/world';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

/** What systemd knows of each unit the guests run. */
const UNIT_INFO: Record<Unit, { description: string; file: string; pids: [number, number]; exec: string }> = {
  keepalived: {
    description: 'Keepalive Daemon (LVS and VRRP)',
    file: KEEPALIVED_CONF,
    pids: [1201, 1202],
    exec: '/usr/sbin/keepalived --dont-fork',
  },
  frr: {
    description: 'FRRouting',
    file: FRR_CONF,
    pids: [1301, 1302],
    exec: '/usr/lib/frr/watchfrr -d -F datacenter zebra bgpd',
  },
};

/** `keepalived`, `keepalived.service`, `frr`, `frr.service` → the unit. */
function unitOf(name: string | undefined): Unit | undefined {
  const bare = name?.replace(/\.service$/, '');
  return bare === 'keepalived' || bare === 'frr' ? bare : undefined;
}

/** A simulated time as systemd and journald print it (the lab starts at midnight, 1 January). */
export function clockText(seconds: number): string {
  const s = Math.floor(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600) % 24)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

function ago(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}min ${s % 60}s ago`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}min ago`;
}

/** Whether a unit runs now, and why not. */
function unitState(ctx: ShellContext, unit: Unit): 'running' | 'stopped' | 'unconfigured' {
  if (unitStopped(ctx.state, ctx.instanceId, unit)) return 'stopped';
  const os = ctx.instance.os;
  if (unit === 'keepalived' ? !os.vrrp : !os.bgp) return 'unconfigured';
  return 'running';
}

/** A journal line as journalctl prints it: `Jan 01 00:00:04 i-fw1 Keepalived_vrrp[1202]: …`. */
export function journalLine(host: string, l: LogLine): string {
  const proc = l.proc
    ? l.proc
    : l.unit === 'keepalived'
      ? /^(Starting|Stopping)/.test(l.text)
        ? 'Keepalived[1201]'
        : 'Keepalived_vrrp[1202]'
      : l.unit === 'bgpd'
        ? 'bgpd[1302]'
        : `${l.unit}[900]`;
  return `${l.at} ${host} ${proc}: ${l.text}`;
}

/** The journal units a `-u` name selects: `frr` is bgpd's unit. */
function journalUnits(name: string): string[] {
  const bare = name.replace(/\.service$/, '');
  return bare === 'frr' || bare === 'bgpd' ? ['bgpd', 'frr'] : [bare];
}

function status(ctx: ShellContext, unit: Unit): ShellResult {
  const info = UNIT_INFO[unit];
  const state = unitState(ctx, unit);
  const since = ctx.state.daemons.started.get(`${ctx.instanceId}|${unit}`) ?? 0;
  const now = ctx.state.world.time;
  const lines = [
    `${state === 'running' ? '\u25cf' : '\u25cb'} ${unit}.service - ${info.description}`,
    `     Loaded: loaded (/lib/systemd/system/${unit}.service; enabled; preset: enabled)`,
  ];
  if (state === 'running') {
    lines.push(
      `     Active: active (running) since Thu 1970-01-01 ${clockText(since)} UTC; ${ago(now - since)}`,
      `   Main PID: ${info.pids[0]} (${unit === 'frr' ? 'watchfrr' : 'keepalived'})`,
      `     CGroup: /system.slice/${unit}.service`,
      `             \u251c\u2500${info.pids[0]} ${info.exec}`,
      `             \u2514\u2500${info.pids[1]} ${unit === 'frr' ? '/usr/lib/frr/bgpd -d -F datacenter' : info.exec}`,
    );
  } else if (state === 'stopped') {
    lines.push(`     Active: inactive (dead) since Thu 1970-01-01 ${clockText(now)} UTC; 0s ago`);
  } else {
    lines.push(
      '     Active: inactive (dead)',
      `  Condition: start condition failed at Thu 1970-01-01 00:00:00 UTC; ${ago(now)}`,
      `             \u2514\u2500 ConditionFileNotEmpty=${info.file} was not met`,
    );
  }
  const units = journalUnits(unit);
  const recent = (ctx.state.world.logs.get(ctx.instanceId) ?? []).filter((l) => units.includes(l.unit)).slice(-10);
  if (recent.length > 0) lines.push('', ...recent.map((l) => journalLine(ctx.instanceId, l)));
  return { output: lines.join('\n'), exit: state === 'running' ? 0 : 3 };
}

/**
 * `systemctl status|start|stop|restart|reload|is-active keepalived|frr`. Starting and stopping
 * change what runs, not the configuration: a stopped keepalived drops its VIP and sends no
 * adverts, so its peer takes over (R117); a stopped bgpd's sessions time out at its peers.
 */
export function systemctl(ctx: ShellContext, argv: string[]): ShellResult {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const [verb, name] = args;
  const actions = ['status', 'start', 'stop', 'restart', 'reload', 'is-active'];
  if (!verb || !actions.includes(verb))
    return err(`systemctl: this console knows ${actions.join(', ')} (systemctl status keepalived)`, 1);
  if (!name) return err(`Too few arguments.`, 1);
  const unit = unitOf(name);
  if (!unit) return err(`Unit ${name.endsWith('.service') ? name : `${name}.service`} could not be found.`, 4);
  if (verb === 'status') return status(ctx, unit);
  const state = unitState(ctx, unit);
  if (verb === 'is-active')
    return { output: state === 'running' ? 'active' : 'inactive', exit: state === 'running' ? 0 : 3 };
  if (verb === 'reload') return state === 'running' ? ok() : err(`${unit}.service is not active, cannot reload.`, 1);
  if (verb === 'start' && state === 'running') return ok();
  if (verb === 'stop' && state === 'stopped') return ok();
  const logUnit = unit === 'frr' ? 'bgpd' : unit;
  ctx.state.world.log(
    ctx.instanceId,
    logUnit,
    verb === 'stop'
      ? `Stopping ${unit}.service - ${UNIT_INFO[unit].description}...`
      : `Started ${unit}.service - ${UNIT_INFO[unit].description}.`,
    'systemd[1]',
  );
  ctx.state.world.events.change({
    at: ctx.state.world.time,
    kind: 'service',
    instance: ctx.instanceId,
    text: `systemctl ${verb} ${unit}${state === 'unconfigured' && verb !== 'stop' ? `: nothing to run, ${UNIT_INFO[unit].file} is empty` : ''}`,
  });
  controlUnit(ctx.state, ctx.instanceId, unit, verb as 'start' | 'stop' | 'restart');
  return ok();
}

/** `journalctl [-u unit]… [-n N] [--no-pager]`: what the guest's daemons logged, oldest first. */
export function journalctl(ctx: ShellContext, argv: string[]): ShellResult {
  const units: string[] = [];
  let lines: number | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-u' || a === '--unit') units.push(...journalUnits(argv[++i] ?? ''));
    else if (a.startsWith('--unit=')) units.push(...journalUnits(a.slice(7)));
    else if (a === '-n' || a === '--lines') lines = Number(argv[++i]);
    else if (/^-n\d+$/.test(a)) lines = Number(a.slice(2));
    else if (a === '-f' || a === '--follow')
      return err('journalctl: this console cannot follow a journal; run the clock, then journalctl again', 1);
  }
  if (lines !== undefined && (!Number.isInteger(lines) || lines < 0))
    return err(`Failed to parse lines '${String(lines)}'.`, 1);
  let all = (ctx.state.world.logs.get(ctx.instanceId) ?? []).filter(
    (l) => units.length === 0 || units.includes(l.unit),
  );
  if (lines !== undefined) all = all.slice(-lines);
  if (all.length === 0) return ok('-- No entries --');
  return ok(all.map((l) => journalLine(ctx.instanceId, l)).join('\n'));
}
