import { guestDirectories, guestFiles, normalizePath, type GuestFile } from '../files/guest-files';
import { err, ok, type ShellContext, type ShellResult } from './shell-context';

function files(ctx: ShellContext): GuestFile[] {
  return guestFiles(ctx.state.network, ctx.instance);
}

/** `cat FILE…`: the guest's files, printed from its model (DESIGN.md). */
export function cat(ctx: ShellContext, argv: string[]): ShellResult {
  const paths = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (paths.length === 0) return err('cat: this console has no standard input: cat <file>', 1);
  const all = files(ctx);
  const dirs = guestDirectories(all);
  const out: string[] = [];
  let exit = 0;
  for (const raw of paths) {
    const path = normalizePath(raw);
    const f = all.find((x) => x.path === path);
    if (f) out.push(f.content.replace(/\n$/, ''));
    else {
      out.push(dirs.has(path) ? `cat: ${raw}: Is a directory` : `cat: ${raw}: No such file or directory`);
      exit = 1;
    }
  }
  return { output: out.join('\n'), exit };
}

/** `ls [-l] [DIR|FILE]…`: the files the model gives the guest, under the directories asked for. */
export function ls(ctx: ShellContext, argv: string[]): ShellResult {
  const long = argv.some((a) => /^-\w*l/.test(a));
  const targets = argv.slice(1).filter((a) => !a.startsWith('-'));
  const all = files(ctx);
  const dirs = guestDirectories(all);
  const out: string[] = [];
  let exit = 0;
  for (const raw of targets.length > 0 ? targets : ['/root']) {
    const path = normalizePath(raw);
    const file = all.find((f) => f.path === path);
    if (file) {
      out.push(entry(file.path, file, long));
      continue;
    }
    if (!dirs.has(path)) {
      out.push(`ls: cannot access '${raw}': No such file or directory`);
      exit = 2;
      continue;
    }
    const prefix = path === '/' ? '/' : `${path}/`;
    const names = new Map<string, GuestFile | undefined>();
    for (const f of all) {
      if (!f.path.startsWith(prefix)) continue;
      const rest = f.path.slice(prefix.length);
      const first = rest.split('/')[0]!;
      names.set(first, rest === first ? f : undefined);
    }
    for (const d of dirs)
      if (d.startsWith(prefix) && d !== path && !d.slice(prefix.length).includes('/'))
        names.set(d.slice(prefix.length), undefined);
    if (targets.length > 1) out.push(`${raw}:`);
    const sorted = [...names].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (long) out.push(`total ${sorted.length * 4}`, ...sorted.map(([n, f]) => entry(n, f, true)));
    else if (sorted.length > 0) out.push(sorted.map(([n]) => n).join('  '));
  }
  return { output: out.join('\n'), exit };
}

function entry(name: string, f: GuestFile | undefined, long: boolean): string {
  if (!long) return name;
  if (!f) return `drwxr-xr-x 2 root root 4096 Jan  1 00:00 ${name}`;
  const mode = f.kind === 'notify' || f.path.endsWith('.sh') ? '-rwxr-xr-x' : '-rw-r--r--';
  return `${mode} 1 root root ${String(f.content.length).padStart(4)} Jan  1 00:00 ${name}`;
}

/** `chmod MODE FILE`: scripts here are always executable; the file must exist. */
export function chmod(ctx: ShellContext, argv: string[]): ShellResult {
  const [mode, ...paths] = argv.slice(1).filter((a) => !a.startsWith('-') || /^-[rwx]+$/.test(a));
  if (!mode || paths.length === 0) return err(`chmod: missing operand\nTry 'chmod --help' for more information.`, 1);
  const all = files(ctx);
  for (const p of paths)
    if (!all.some((f) => f.path === normalizePath(p)))
      return err(`chmod: cannot access '${p}': No such file or directory`, 1);
  return ok();
}

/** `rm FILE…`: removes files the learner wrote; a daemon's configuration is edited, not removed. */
export function rm(ctx: ShellContext, argv: string[]): ShellResult {
  const paths = argv.slice(1).filter((a) => !a.startsWith('-'));
  if (paths.length === 0) return err(`rm: missing operand\nTry 'rm --help' for more information.`, 1);
  const all = files(ctx);
  for (const raw of paths) {
    const path = normalizePath(raw);
    const f = all.find((x) => x.path === path);
    if (!f) return err(`rm: cannot remove '${raw}': No such file or directory`, 1);
    if (f.kind !== 'file')
      return err(`rm: cannot remove '${raw}': it holds the ${f.kind} configuration; edit it instead`, 1);
  }
  const failure = ctx.editOs((os) => {
    const kept = { ...os.files };
    for (const raw of paths) delete kept[normalizePath(raw)];
    os.files = kept;
  }, 'config');
  return failure ? err(`rm: ${failure}`, 1) : ok();
}

/** `nano`, `vi`, `vim`, `edit`: the play page opens its editor; elsewhere a `write:` step writes a file. */
export function editor(_ctx: ShellContext, argv: string[]): ShellResult {
  return err(
    `${argv[0]}: the play page opens ${argv[1] ?? 'a file'} in its editor; in a lab file, write it with a \`write:\` step`,
    1,
  );
}
