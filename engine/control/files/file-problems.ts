/**
 * A configuration file's problem, as the daemon's own config check reports it: the line it is
 * on (1-based; 0 when it concerns the whole file) and the message the daemon would print.
 */
export interface FileProblem {
  line: number;
  message: string;
}

/** A file parsed into the model, or every problem found in it (never a partial change). */
export type FileParse<T> = { ok: true; value: T } | { ok: false; problems: FileProblem[] };

/** Collects problems; `result` is the value only when none was found. */
export class ProblemList {
  readonly problems: FileProblem[] = [];

  add(line: number, message: string): void {
    this.problems.push({ line, message });
  }

  /** The value, or the problems in file order (problems of the whole file last). */
  result<T>(value: T): FileParse<T> {
    const order = (p: FileProblem) => (p.line === 0 ? Infinity : p.line);
    return this.problems.length > 0
      ? { ok: false, problems: [...this.problems].sort((a, b) => order(a) - order(b)) }
      : { ok: true, value };
  }
}

/** The lines of a file, numbered from 1, without their line ends. */
export function numberedLines(text: string): { line: number; text: string }[] {
  return text.split(/\r?\n/).map((t, i) => ({ line: i + 1, text: t }));
}

/** A number in a configuration file: digits, optionally a decimal part, and nothing else. */
export function configNumber(word: string | undefined): number | undefined {
  return word !== undefined && /^\d+(\.\d+)?$/.test(word) ? Number(word) : undefined;
}
