import { tokenize } from '../control/aws/cli-args';
import { expand, notifyCommandsOf } from '../control/files/keepalived-conf';
import { normalizePath, writeFields } from '../control/files/guest-files';
import { scriptCommands } from '../control/files/shell-script';
import type { VrrpConfig } from '../model/guest-os';
import type { Allowed } from './challenge';

export type Permission = { ok: true } | { ok: false; reason: string };

const yes: Permission = { ok: true };
const no = (reason: string): Permission => ({ ok: false, reason });

/** What a step can see of the attempt besides the level: its hosts, and each guest's own files. */
export interface PermissionContext {
  /** instance and ENI ids a traffic test may start from */
  hosts: ReadonlySet<string>;
  /** the files the learner wrote on an instance (notify scripts) */
  files(instance: string): Readonly<Record<string, string>>;
  /** association ids as they are now, by the resource each associates (a subnet, a VPC, an allocation) */
  associations?: ReadonlyMap<string, string>;
  /** the guest's configuration now */
  os?(instance: string): Readonly<Record<string, unknown>> | undefined;
  /** what writing this file would set in the guest's model, as its daemon reads it (undefined: it does not parse, and the write will say why) */
  patchOf?(instance: string, path: string, content: string): Readonly<Record<string, unknown>> | undefined;
}

/**
 * Whether the level lets the learner change these guest-model fields on this instance. A level
 * may allow parts of one (`vrrp.priority`): the field is then editable, and what a change may
 * touch inside it is checked against the change itself (`subFieldsAllowed`).
 */
export function fieldsAllowed(allowed: Allowed, on: string, fields: readonly string[], what: string): Permission {
  const rule = allowed.configure.find((r) => r.instances.includes(on));
  if (!rule) return no(`this level does not let you change ${on}'s configuration`);
  const some = (f: string) => rule.fields.includes(f) || rule.fields.some((x) => x.startsWith(`${f}.`));
  // a script beside keepalived's configuration is part of it
  const ok = fields.every((f) => some(f) || (f === 'files' && some('vrrp')));
  return ok ? yes : no(`this level does not let you change ${what} on ${on}`);
}

/** How keepalived.conf names the VRRP model's fields: a refusal speaks the file's language. */
const VRRP_WORDS: Record<string, string> = {
  name: 'the vrrp_instance name',
  mode: 'unicast or multicast',
  state: 'state',
  group: 'virtual_router_id',
  priority: 'priority',
  advertInterval: 'advert_int',
  preempt: 'nopreempt',
  peers: 'unicast_peer',
  vip: 'virtual_ipaddress',
  dev: 'interface',
  onMaster: 'notify_master',
  onBackup: 'notify_backup',
};
const said = (field: string, key: string) => (field === 'vrrp' ? (VRRP_WORDS[key] ?? key) : `${field}.${key}`);

/**
 * Whether a change to a guest's configuration stays within the parts of each field the level
 * allows: a field allowed whole may change freely; one allowed in parts (`vrrp.priority`,
 * `vrrp.onMaster`) may change only those, and must exist already (the brief's "peers read-only":
 * a learner tunes keepalived, never rebuilds it).
 */
export function subFieldsAllowed(
  allowed: Allowed,
  on: string,
  before: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
): Permission {
  const rule = allowed.configure.find((r) => r.instances.includes(on));
  if (!rule) return no(`this level does not let you change ${on}'s configuration`);
  for (const [field, next] of Object.entries(patch)) {
    if (rule.fields.includes(field) || (field === 'files' && rule.fields.some((x) => x.startsWith('vrrp')))) continue;
    const parts = rule.fields.filter((x) => x.startsWith(`${field}.`)).map((x) => x.slice(field.length + 1));
    if (parts.length === 0) return no(`this level does not let you change ${field} on ${on}`);
    const old = before[field] as Record<string, unknown> | undefined;
    const now = next as Record<string, unknown> | undefined;
    const may = parts.map((k) => said(field, k)).join(', ');
    if (!old || !now) return no(`this level lets you change only ${may} of ${on}'s ${field}, not add or remove it`);
    const changed = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter(
      (k) => !parts.includes(k) && JSON.stringify(old[k]) !== JSON.stringify(now[k]),
    );
    if (changed.length > 0)
      return no(
        `this level lets you change only ${may} of ${on}'s ${field}; ${changed.map((k) => said(field, k)).join(', ')} must stay as ${changed.length === 1 ? 'it is' : 'they are'}`,
      );
  }
  return yes;
}

/** Whether a learner may write a file on a guest: by the fields it holds, and the commands it makes daemons run. */
export function writeAllowed(
  allowed: Allowed,
  on: string,
  path: string,
  content: string,
  ctx: PermissionContext,
  commandAllowed: (on: string, cmd: string) => Permission,
): Permission {
  const p = normalizePath(path);
  const fields = writeFields(p);
  if (fields.length === 0) return no(`${p} comes from the VPC and cannot be changed`);
  const may = fieldsAllowed(allowed, on, fields, p);
  if (!may.ok) return may;
  // only a level that allows parts of a field needs to know what the file would change
  const inParts = allowed.configure.some((r) => r.instances.includes(on) && r.fields.some((f) => f.includes('.')));
  const patch = inParts ? ctx.patchOf?.(on, p, content) : undefined;
  if (patch) {
    const parts = subFieldsAllowed(allowed, on, ctx.os?.(on) ?? {}, patch);
    if (!parts.ok) return parts;
  }
  const files = { ...ctx.files(on), [p]: content };
  const runs = p.startsWith('/etc/keepalived/') || content.startsWith('#!') ? notifyCommandsOf(p, content, files) : [];
  return commandsAllowed(on, runs, commandAllowed);
}

/** A `configure` of `vrrp`: the notify commands it would run must be ones the learner may run. */
export function notifyAllowed(
  on: string,
  vrrp: Partial<VrrpConfig> | undefined,
  ctx: PermissionContext,
  commandAllowed: (on: string, cmd: string) => Permission,
): Permission {
  if (!vrrp) return yes;
  const files = ctx.files(on);
  const fromScript = (text: string, name: string) => {
    const r = scriptCommands(text, name);
    return r.ok ? r.value.map((c) => c.cmd) : [];
  };
  const cmds = [...(vrrp.onMaster ?? []), ...(vrrp.onBackup ?? [])].flatMap((c) => expand(c, files, fromScript));
  return commandsAllowed(on, cmds, commandAllowed);
}

function commandsAllowed(
  on: string,
  cmds: string[],
  commandAllowed: (on: string, cmd: string) => Permission,
): Permission {
  for (const cmd of cmds) {
    const words = tokenize(cmd);
    if (!Array.isArray(words) || words[0]?.startsWith('/')) continue;
    const p = commandAllowed(on, cmd);
    if (!p.ok) return no(`a notify script would run \`${cmd}\`: ${p.reason}`);
  }
  return yes;
}
