import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  formatProblem,
  loadLab,
  parseLabText,
  runLab,
  type ControlStepRunner,
  type LabFile,
  type LabReport,
  type LoadResult,
  type Problem,
  type SnapshotFile,
} from '../engine/index';

/** Lab files under a folder, searched recursively, in path order (lab-format.md). */
export function findLabFiles(target: string): string[] {
  const stat = statSync(target);
  if (!stat.isDirectory()) return [target];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) out.push(full);
    }
  };
  walk(target);
  return out.sort();
}

/** Reads a snapshot folder of describe-* JSON, recursively; paths are relative to it. */
export function readSnapshot(folder: string): SnapshotFile[] | undefined {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return undefined;
  const files: SnapshotFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json')) {
        const rel = path.relative(folder, full).split(path.sep).join('/');
        try {
          files.push({ path: rel, json: JSON.parse(readFileSync(full, 'utf8')) });
        } catch (e) {
          files.push({ path: rel, json: `invalid JSON: ${(e as Error).message}` });
        }
      }
    }
  };
  walk(folder);
  return files;
}

/** Parses and loads one lab file (its snapshot too), without running it. */
export function loadLabFile(file: string): LoadResult | { ok: false; problems: Problem[]; warnings: [] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return {
      ok: false,
      problems: [{ path: file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }],
      warnings: [],
    };
  }
  const parsed = parseLabText(text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems, warnings: [] };
  return loadLab(parsed.lab, snapshotOf(file, parsed.lab));
}

/** Parses, loads and runs one lab file; an invalid lab is one failed item. */
export function runLabFile(file: string, control?: ControlStepRunner): LabReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return invalid(file, [
      { path: file, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` },
    ]);
  }
  const parsed = parseLabText(text);
  if (!parsed.ok) {
    // Steps were wrong; still check the topology, so every problem shows at once.
    const partial = parsed.partial;
    const more =
      partial && (partial.topology !== undefined || partial.import !== undefined)
        ? loadLab(partial, snapshotOf(file, partial))
        : undefined;
    return invalid(file, [...parsed.problems, ...(more && !more.ok ? more.problems : [])]);
  }
  const lab = parsed.lab;
  const loaded = loadLab(lab, snapshotOf(file, lab));
  if (!loaded.ok)
    return {
      ...invalid(file, loaded.problems),
      title: lab.title,
      ...(loaded.warnings.length ? { warnings: loaded.warnings } : {}),
    };
  return runLab(loaded.loaded, file, control);
}

function snapshotOf(file: string, lab: LabFile): SnapshotFile[] | undefined {
  return lab.import !== undefined ? readSnapshot(path.resolve(path.dirname(file), lab.import)) : undefined;
}

function invalid(file: string, problems: LabReport['problems']): LabReport {
  return { file, valid: false, problems: problems ?? [], steps: [], passed: 0, failed: 1 };
}

export { formatProblem };
