import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { parseChallenge, parseSolution, type Challenge } from '@/engine/grade/challenge';
import { parseCourse, type Course } from '@/engine/grade/course';
import type { LabStep } from '@/engine/lab/lab-file';
import { inlineImport } from '@/engine/lab/load-lab';
import { readSnapshot } from '../../../bin/lab-files';

/** One level as shipped: the challenge (public parts and hidden checks), its solution, its briefing. */
export interface LevelFiles {
  dir: string;
  challenge: Challenge;
  /** never leaves the server */
  solution: LabStep[];
  /** the solution's steps as written, as a learner would send them */
  solutionSteps: unknown[];
  briefing: string;
  /** an imported level's describe-* files as shipped, for the page's read-only Snapshot tab */
  snapshot?: { path: string; text: string }[];
}

export interface LevelProblem {
  file: string;
  path: string;
  message: string;
}

function readYaml(file: string, problems: LevelProblem[]): unknown {
  const doc = parseDocument(readFileSync(file, 'utf8'));
  if (doc.errors.length > 0) {
    problems.push(
      ...doc.errors.map((e) => ({ file, path: '(yaml)', message: e.message.split('\n')[0] ?? 'invalid YAML' })),
    );
    return undefined;
  }
  return doc.toJS();
}

/**
 * A level whose lab imports a snapshot (`lab.import: <folder beside challenge.yaml>`) is loaded
 * with the import done: its lab is the imported topology, with the lab's external hosts, listeners
 * and guests, so the page, the grader and every step thread see a plain topology.
 */
function inlined(
  raw: unknown,
  dir: string,
  file: string,
  problems: LevelProblem[],
): { raw: unknown; snapshot?: { path: string; text: string }[] } {
  const lab = (raw as { lab?: Record<string, unknown> } | undefined)?.lab;
  if (!lab || typeof lab.import !== 'string') return { raw };
  const snapshot = readSnapshot(path.join(dir, lab.import));
  if (!snapshot || snapshot.length === 0) {
    problems.push({ file, path: 'lab.import', message: `no describe-* JSON in ${path.join(dir, lab.import)}` });
    return { raw: undefined };
  }
  const { import: _from, externalHosts, listen, guests, ...rest } = lab;
  const { topology, problems: wrong } = inlineImport(
    {
      ...(externalHosts ? { externalHosts: externalHosts as unknown[] } : {}),
      ...(listen ? { listen: listen as unknown[] } : {}),
      ...(guests ? { guests: guests as Record<string, unknown> } : {}),
    },
    snapshot,
  );
  for (const p of wrong) problems.push({ file, path: `lab.${p.path}`, message: p.message });
  return {
    raw: { ...(raw as object), lab: { ...rest, topology } },
    // the files as the AWS CLI prints them (four spaces), in path order
    snapshot: [...snapshot]
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((f) => ({ path: f.path, text: JSON.stringify(f.json, null, 4) })),
  };
}

/**
 * Loads every level folder under `root` (challenge.yaml, solution.yaml, briefing.md) and
 * validates each against the engine's schema; a broken file is reported with its path.
 */
export function loadLevels(root: string): { levels: LevelFiles[]; problems: LevelProblem[] } {
  const levels: LevelFiles[] = [];
  const problems: LevelProblem[] = [];
  const dirs = existsSync(root)
    ? readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  for (const name of dirs) {
    const dir = path.join(root, name);
    const files = {
      challenge: path.join(dir, 'challenge.yaml'),
      solution: path.join(dir, 'solution.yaml'),
      briefing: path.join(dir, 'briefing.md'),
    };
    const missing = Object.values(files).filter((f) => !existsSync(f));
    if (missing.length > 0) {
      for (const f of missing) problems.push({ file: f, path: '(file)', message: 'missing' });
      continue;
    }
    const { raw, snapshot } = inlined(readYaml(files.challenge, problems), dir, files.challenge, problems);
    const parsed = raw === undefined ? undefined : parseChallenge(raw);
    if (parsed && !parsed.ok)
      problems.push(...parsed.problems.map((p) => ({ file: files.challenge, path: p.path, message: p.message })));
    const rawSolution = readYaml(files.solution, problems);
    const solution = rawSolution === undefined ? undefined : parseSolution(rawSolution);
    if (solution && !solution.ok)
      problems.push(...solution.problems.map((p) => ({ file: files.solution, path: p.path, message: p.message })));
    if (parsed?.ok && parsed.challenge.id !== name)
      problems.push({
        file: files.challenge,
        path: 'id',
        message: `"${parsed.challenge.id}" does not match its folder "${name}"`,
      });
    if (parsed?.ok && solution?.ok) {
      const solutionSteps = (rawSolution as { steps: unknown[] }).steps;
      levels.push({
        dir,
        challenge: parsed.challenge,
        solution: solution.steps,
        solutionSteps,
        briefing: readFileSync(files.briefing, 'utf8'),
        ...(snapshot ? { snapshot } : {}),
      });
    }
  }
  return { levels, problems };
}

/** Loads `course.yaml` beside the level folders and checks it names every shipped level once. */
export function loadCourse(root: string, levelIds: readonly string[]): { course?: Course; problems: LevelProblem[] } {
  const file = path.join(root, 'course.yaml');
  const problems: LevelProblem[] = [];
  if (!existsSync(file)) return { problems: [{ file, path: '(file)', message: 'missing' }] };
  const raw = readYaml(file, problems);
  if (raw === undefined) return { problems };
  const parsed = parseCourse(raw, levelIds);
  if (!parsed.ok) return { problems: parsed.problems.map((p) => ({ file, path: p.path, message: p.message })) };
  return { course: parsed.course, problems };
}
