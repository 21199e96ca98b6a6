#!/usr/bin/env node
/**
 * `npm run -s lab -- <file or folder>... [--json]`: runs lab files and prints, per step,
 * whether it passed; a failing expectation prints its trace hop by hop (lab-format.md).
 * Exit status: 2 if a file is not a valid lab, else 1 if anything failed, else 0.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportSnapshot, formatLabReport, formatProblem, formatTotals, type LabReport } from '../engine/index';
import { findLabFiles, loadLabFile, runLabFile } from './lab-files';

const USAGE = `usage: npm run -s lab -- <file or folder>... [--json]
       npm run -s lab -- export <lab file> [--out <folder>]

Runs Underlay lab files (YAML) and checks every expectation.
Folders are searched recursively for *.yaml and *.yml, in path order.

  --json      print one JSON object per lab, then {"passed": N, "failed": N}
  -h, --help  show this help

export writes the lab's starting network as the aws ec2 / elbv2 describe-* JSON files
that import: reads (into <folder>/<region>/, default <lab name>-snapshot).

Exit status: 0 all passed, 1 something failed, 2 a file is not a valid lab.`;

function main(argv: string[]): number {
  if (argv[0] === 'export') return exportLab(argv.slice(1));
  const json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const bad = argv.filter((a) => a.startsWith('-') && a !== '--json');
  const targets = argv.filter((a) => !a.startsWith('-'));
  if (bad.length > 0 || targets.length === 0) {
    process.stderr.write(
      `${bad.length > 0 ? `lab: unknown option ${bad[0]}\n` : 'lab: no lab file or folder given\n'}${USAGE}\n`,
    );
    return 2;
  }
  const reports: LabReport[] = [];
  const emit = (report: LabReport) => {
    reports.push(report);
    process.stdout.write(json ? `${JSON.stringify(toJson(report))}\n` : `${formatLabReport(report)}\n`);
  };
  const missing = (file: string, message: string): LabReport => ({
    file,
    valid: false,
    problems: [{ path: file, message }],
    steps: [],
    passed: 0,
    failed: 1,
  });
  for (const target of targets) {
    if (!existsSync(target)) {
      emit(missing(target, 'no such file or folder'));
      continue;
    }
    const files = findLabFiles(target);
    if (files.length === 0) emit(missing(target, 'no *.yaml or *.yml files in this folder'));
    for (const file of files) emit(runLabFile(file));
  }
  const passed = reports.reduce((n, r) => n + r.passed, 0);
  const failed = reports.reduce((n, r) => n + r.failed, 0);
  process.stdout.write(json ? `${JSON.stringify({ passed, failed })}\n` : `${formatTotals(passed, failed)}\n`);
  if (reports.some((r) => !r.valid)) return 2;
  return failed > 0 ? 1 : 0;
}

/** `lab export <file> [--out <folder>]`: the starting network as describe-* JSON. */
function exportLab(argv: string[]): number {
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : undefined;
  const files = argv.filter((a, i) => !a.startsWith('-') && (outAt < 0 || i !== outAt + 1));
  if (files.length !== 1 || (outAt >= 0 && !out) || argv.some((a) => a.startsWith('-') && a !== '--out')) {
    process.stderr.write(`lab export: give one lab file, and optionally --out <folder>\n${USAGE}\n`);
    return 2;
  }
  const file = files[0]!;
  const loaded = loadLabFile(file);
  if (!loaded.ok) {
    process.stderr.write(
      `${file}: not a valid lab\n${loaded.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`,
    );
    return 2;
  }
  const folder = out ?? `${path.basename(file).replace(/\.ya?ml$/, '')}-snapshot`;
  if (
    existsSync(folder) &&
    readdirSync(folder).length > 0 &&
    !existsSync(path.join(folder, loaded.loaded.network.region))
  ) {
    process.stderr.write(`lab export: ${folder} is not empty and holds no earlier export; choose another --out\n`);
    return 2;
  }
  const snapshot = exportSnapshot(loaded.loaded.network);
  for (const f of snapshot) {
    const target = path.join(folder, f.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(f.json, null, 4)}\n`);
  }
  process.stdout.write(
    `wrote ${snapshot.length} files to ${path.join(folder, loaded.loaded.network.region)}/ (import: ${folder})\n`,
  );
  return 0;
}

/** The JSON Lines shape of lab-format.md, plus warnings, reply traces and drop explanations. */
function toJson(r: LabReport): unknown {
  return {
    file: r.file,
    valid: r.valid,
    ...(r.problems ? { problems: r.problems } : {}),
    ...(r.warnings ? { warnings: r.warnings } : {}),
    steps: r.steps.map((s) => ({
      index: s.index,
      kind: s.kind,
      ok: s.ok,
      summary: s.summary,
      ...(s.trace ? { trace: s.trace } : {}),
      ...(s.replyTrace ? { replyTrace: s.replyTrace } : {}),
      ...(s.error ? { error: s.error } : {}),
      ...(s.mismatches ? { mismatches: s.mismatches } : {}),
      ...(s.drop ? { drop: s.drop } : {}),
    })),
    passed: r.passed,
    failed: r.failed,
  };
}

process.exitCode = main(process.argv.slice(2));
