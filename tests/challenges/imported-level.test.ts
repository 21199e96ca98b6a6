import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadLevels } from '../../app/_server/levels/level-files';
import { evaluate, replayAttempt, startAttempt } from '../../engine/grade/evaluate';
import { buildNetwork, exportSnapshot, TopologySchema } from '../../engine/index';

const root = path.resolve(import.meta.dirname, '../../challenges');
const LEVEL = '01-where-is-my-public-ip';

/**
 * Level 1 as a level whose lab imports a snapshot beside its challenge.yaml (as level 15's
 * does): the same network exported as describe-* JSON, the guests given by `guests:`. It loads,
 * starts and grades as its inline twin does.
 */
function importedTwin(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'underlay-levels-'));
  const level = path.join(dir, LEVEL);
  cpSync(path.join(root, LEVEL), level, { recursive: true });
  const file = path.join(level, 'challenge.yaml');
  const raw = parse(readFileSync(file, 'utf8')) as { lab: Record<string, unknown> };
  const topology = raw.lab.topology as Record<string, unknown>;
  const built = buildNetwork(TopologySchema.parse(topology));
  if (!built.ok) throw new Error('level 1 does not build');
  for (const f of exportSnapshot(built.network)) {
    mkdirSync(path.dirname(path.join(level, 'snapshot', f.path)), { recursive: true });
    writeFileSync(path.join(level, 'snapshot', f.path), JSON.stringify(f.json));
  }
  const instances = topology.instances as { id: string; os?: unknown }[];
  const { topology: _inline, ...rest } = raw.lab;
  raw.lab = {
    ...rest,
    import: 'snapshot',
    ...(topology.externalHosts ? { externalHosts: topology.externalHosts } : {}),
    guests: Object.fromEntries(instances.filter((i) => i.os).map((i) => [i.id, i.os])),
  };
  writeFileSync(file, stringify(raw));
  return dir;
}

describe('a level whose lab imports a snapshot (issue 18, level 15)', () => {
  it('is loaded with the import done, and starts and grades as its inline twin', () => {
    const twin = loadLevels(importedTwin());
    expect(twin.problems).toEqual([]);
    const inline = loadLevels(root).levels.find((l) => l.challenge.id === LEVEL)!;
    const imported = twin.levels[0]!;
    expect(imported.challenge.lab.import).toBeUndefined();
    for (const level of [inline, imported]) {
      const start = startAttempt(level.challenge);
      if (!start.ok) throw new Error(JSON.stringify(start.problems));
      expect(evaluate(level.challenge, start.session.control.topology).score).toBe(55);
      const done = replayAttempt(level.challenge, level.solution);
      if (!done.ok) throw new Error(JSON.stringify(done.problems));
      expect(evaluate(level.challenge, done.session.control.topology).score).toBe(100);
    }
  });

  it('says what is wrong with a missing snapshot or a guest the import does not hold', () => {
    const dir = importedTwin();
    const file = path.join(dir, LEVEL, 'challenge.yaml');
    const raw = parse(readFileSync(file, 'utf8')) as { lab: Record<string, unknown> };
    writeFileSync(file, stringify({ ...raw, lab: { ...raw.lab, guests: { 'i-nope': { listen: ['tcp/22'] } } } }));
    expect(loadLevels(dir).problems.map((p) => `${p.path}: ${p.message}`)).toContain(
      'lab.guests.i-nope: the import has no instance i-nope',
    );
    writeFileSync(file, stringify({ ...raw, lab: { ...raw.lab, import: 'nowhere' } }));
    expect(loadLevels(dir).problems.map((p) => p.path)).toEqual(['lab.import']);
  });
});
