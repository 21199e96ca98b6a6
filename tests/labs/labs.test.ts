import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLabReport } from '../../engine/index';
import { runLabFile } from '../../bin/lab-files';

const root = path.resolve(import.meta.dirname, '../..');
const folders = ['tests/labs', 'examples'];

/** The project's own labs: each tells a story end to end and must pass in full. */
describe('project labs (tests/labs, examples)', () => {
  for (const folder of folders) {
    for (const file of readdirSync(path.join(root, folder))
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      it(`${folder}/${file} passes every step`, () => {
        const report = runLabFile(path.join(root, folder, file));
        const text = formatLabReport(report);
        expect(report.valid, text).toBe(true);
        expect(report.failed, text).toBe(0);
        expect(report.passed, text).toBeGreaterThan(3);
      });
    }
  }
});
