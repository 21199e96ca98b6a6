import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLabReport, parseLabText } from '../../engine/index';
import { runLabFile } from '../../bin/lab-files';
import { DEFERRED } from './deferred';

/** The public suites live beside the checkout, never inside it (third-party data). */
const shared = process.env.UNDERLAY_SHARED ?? path.resolve(import.meta.dirname, '../../../shared');
const suites = ['scenarios', 'batfish'].map((s) => path.join(shared, 'conformance', s));
const present = suites.every((s) => existsSync(s));

const labs = present
  ? suites.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => ({ suite: path.basename(dir), file: f, full: path.join(dir, f) })),
    )
  : [];

describe.runIf(present)('public conformance labs (../shared/conformance)', () => {
  it('finds the suites', () => {
    expect(labs.length).toBeGreaterThan(50);
    for (const name of Object.keys(DEFERRED))
      expect(
        labs.some((l) => l.file === name),
        `${name} is listed as deferred but does not exist`,
      ).toBe(true);
  });

  for (const lab of labs.filter((l) => !(l.file in DEFERRED))) {
    it(`${lab.suite}/${lab.file} passes every step`, () => {
      const report = runLabFile(lab.full);
      const text = formatLabReport(report);
      expect(report.valid, text).toBe(true);
      expect(report.failed, text).toBe(0);
      expect(report.passed, text).toBeGreaterThan(0);
    });
  }

  for (const lab of labs.filter((l) => l.file in DEFERRED)) {
    it(`${lab.suite}/${lab.file} is a well-formed lab file (run deferred: ${DEFERRED[lab.file]})`, () => {
      const parsed = parseLabText(readFileSync(lab.full, 'utf8'));
      expect(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems)).toBe(true);
    });
  }
});
