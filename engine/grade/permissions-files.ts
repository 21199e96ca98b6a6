import { tokenize } from '../control/aws/cli-args';
import { currentAssociations } from '../control/associations';
import { expand, notifyCommandsOf } from '../control/files/keepalived-conf';
import { normalizePath, writeFields } from '../control/files/guest-files';
import { scriptCommands } from '../control/files/shell-script';
import type { VrrpConfig } from '../model/guest-os';
import type { Topology } from '../model/topology';
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
}

/** Whether the level lets the learner change these guest-model fields on this instance. */
export function fieldsAllowed(allowed: Allowed, on: string, fields: readonly string[], what: string): Permission {
  const rule = allowed.configure.find((r) => r.instances.includes(on));
  if (!rule) return no(`this level does not let you change ${on}'s configuration`);
  // a script beside keepalived's configuration is part of it
  const ok = fields.every((f) => rule.fields.includes(f) || (f === 'files' && rule.fields.includes('vrrp')));
  return ok ? yes : no(`this level does not let you change ${what} on ${on}`);
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

/** The context a topology gives permission checks: its hosts, and the files on each guest. */
export function permissionContext(t: Topology): PermissionContext {
  const hosts = new Set([
    ...t.instances.flatMap((i) => [i.id, ...i.interfaces.map((e) => e.id)]),
    ...t.networkInterfaces.map((e) => e.id),
  ]);
  const associations = new Map([...currentAssociations(t)].map(([id, a]) => [id, a.subject]));
  return { hosts, files: (id) => t.instances.find((i) => i.id === id)?.os.files ?? {}, associations };
}
