import { stringify } from 'yaml';

/**
 * `--output table` and `--output yaml` as the AWS CLI prints them, written from the CLI's
 * documented behaviour and its formatter's rules (awscli's TableFormatter and MultiTable): the
 * call's name as the title, one section per nested structure or list, scalars of a structure
 * as sorted columns, a list of structures as rows, and the whole table fitted to an 80-column
 * terminal (the width the CLI assumes when its output is not a terminal's), a single-row
 * section turned on its side when the table would be wider.
 */

const WIDTH = 80;

/** A value as Python's `str()` writes it: the CLI prints cells from there. */
function cell(v: unknown): string {
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (v === null || v === undefined) return 'None';
  return String(v);
}

const isScalar = (v: unknown) => typeof v !== 'object' || v === null;
const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  v === 0 ||
  v === false ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && Object.keys(v as object).length === 0);

class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indent = 0;
  private widths: number[] = [];

  addHeader(headers: string[]) {
    this.track(headers);
    this.headers = headers;
  }

  addRow(row: unknown[]) {
    const text = row.map(cell);
    this.rows.push(text);
    this.track(text);
  }

  private track(row: string[]) {
    if (this.widths.length === 0) this.widths = row.map((x) => x.length);
    else row.forEach((x, i) => (this.widths[i] = Math.max(x.length, this.widths[i] ?? 0)));
  }

  /** the columns' widths, scaled to fill `max` as the CLI scales them (Python's round: half to even) */
  columnWidths(padding = 0, max?: number): number[] {
    const unscaled = this.widths.map((w) => w + padding);
    if (max === undefined || unscaled.length === 0) return unscaled;
    const factor = max / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => roundHalfEven(factor * w));
    let off = scaled.reduce((a, b) => a + b, 0) - max;
    while (off !== 0) {
      const order = [...scaled.keys()];
      if (off < 0) order.reverse();
      for (const i of order) {
        if (off > 0) {
          scaled[i]!--;
          off--;
        } else {
          scaled[i]!++;
          off++;
        }
        if (off === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(): number {
    const total = this.columnWidths().reduce((t, w) => t + w + 4, 0) + 2 + 2 * this.indent;
    return Math.max(this.title.length + 2 + 2 * this.indent, total);
  }
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (Math.abs(d - 0.5) < 1e-9) return f % 2 === 0 ? f : f + 1;
  return Math.round(x);
}

const repeat = (c: string, n: number) => (n > 0 ? c.repeat(n) : '');

function center(text: string, length: number, left = '|', right = '|'): string {
  const start = Math.floor(length / 2) - Math.floor(text.length / 2) - 1;
  const head = left + repeat(' ', start) + text;
  return head + repeat(' ', length - right.length - (left.length + start + text.length)) + right;
}

function alignLeft(text: string, length: number, left: string, right: string): string {
  const padding = length - (text.length + 2 + left.length + right.length) >= 0 ? 2 : 0;
  const head = left + repeat(' ', padding) + text;
  return head + repeat(' ', length - head.length - right.length) + right;
}

function lineBreak(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${repeat('-', w - 2)}+` : `${repeat('-', w - 1)}+`)).join('');
}

/** Builds the sections of the table from the answer (the CLI's TableFormatter). */
class Builder {
  sections: Section[] = [];
  private current?: Section;

  newSection(title: string, indent: number) {
    this.current = new Section();
    this.current.title = title;
    this.current.indent = indent;
    this.sections.push(this.current);
  }

  private get section(): Section {
    if (!this.current) this.newSection('', 0);
    return this.current!;
  }

  build(title: string | undefined, value: unknown, indent = 0): boolean {
    if (isEmpty(value)) return false;
    if (title !== undefined) this.newSection(title, indent);
    if (Array.isArray(value)) {
      if (!isScalar(value[0]) && !Array.isArray(value[0]))
        this.fromList(value as Record<string, unknown>[], indent, title ?? '');
      else
        for (const item of value) {
          if (isScalar(item)) this.section.addRow([item]);
          else if (Array.isArray(item) && item.every(isScalar)) this.section.addRow(item);
          else this.build(undefined, item);
        }
    } else if (typeof value === 'object' && value !== null) this.fromDict(value as Record<string, unknown>, indent);
    return true;
  }

  private fromDict(value: Record<string, unknown>, indent: number) {
    const [headers, more] = groupKeys([value]);
    if (headers.length === 1) this.section.addRow([headers[0], value[headers[0]!]]);
    else if (headers.length > 0) {
      this.section.addHeader(headers);
      this.section.addRow(headers.map((h) => value[h]));
    }
    for (const key of more) this.build(key, value[key], indent + 1);
  }

  private fromList(list: Record<string, unknown>[], indent: number, title: string) {
    const [headers, more] = groupKeys(list);
    this.section.addHeader(headers);
    list.forEach((item, i) => {
      if (i > 0 && more.length > 0) {
        this.newSection(title, indent);
        this.section.addHeader(headers);
      }
      this.section.addRow(headers.map((h) => (h in item ? item[h] : '')));
      for (const key of more) if (key in item) this.build(key, item[key], indent + 1);
    });
  }
}

/** The keys whose values are scalars (the columns) and the others (sub-sections), each sorted. */
function groupKeys(items: Record<string, unknown>[]): [string[], string[]] {
  const headers = new Set<string>();
  const more = new Set<string>();
  for (const item of items) for (const [k, v] of Object.entries(item ?? {})) (isScalar(v) ? headers : more).add(k);
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [[...headers].sort(byCode), [...more].sort(byCode)];
}

function render(sections: Section[]): string {
  const widthOf = () => Math.max(...sections.map((s) => s.totalWidth()));
  let max = widthOf();
  if (max > WIDTH) {
    // a single-row section is turned on its side: one header and value per line
    sections.forEach((s, i) => {
      if (s.rows.length !== 1 || s.headers.length === 0) return;
      const v = new Section();
      v.title = s.title;
      v.indent = s.indent;
      s.headers.forEach((h, k) => v.addRow([h, s.rows[0]![k]]));
      sections[i] = v;
    });
    max = widthOf();
  }
  const out: string[] = [repeat('-', max)];
  for (const s of sections) {
    const bar = repeat('|', s.indent);
    const line = (text: string) => out.push(bar + text + bar);
    const width = max - s.indent * 2;
    if (s.title) {
      line(center(s.title, width));
      if (s.headers.length === 0 && s.rows.length === 0) line(`+${repeat('-', width - 2)}+`);
    }
    if (s.headers.length > 0) {
      const widths = s.columnWidths(4, width);
      line(lineBreak(widths));
      line(widths.map((w, i) => center(s.headers[i]!, w, i === 0 ? '|' : '', '|')).join(''));
    }
    if (s.rows.length > 0) {
      const widths = s.columnWidths(4, width);
      if (widths.length === 0) continue;
      line(lineBreak(widths));
      for (const row of s.rows)
        line(widths.map((w, i) => alignLeft(row[i] ?? '', w, i === 0 ? '|' : '', '|')).join(''));
      line(lineBreak(widths));
    }
  }
  return out.join('\n');
}

/** `--output table`: titled with the API operation's name (`DescribeVpcs`); nothing for an empty answer. */
export function formatTable(value: unknown, title: string): string {
  const b = new Builder();
  if (!b.build(title, value)) return '';
  return render(b.sections);
}

/**
 * `--output yaml`: block style, a list's dashes level with its key, strings that would read as
 * something else quoted, as the CLI's YAML output prints them (keys in the answer's order).
 */
export function formatYaml(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return '{}';
  return stringify(value, { indentSeq: false, singleQuote: true, lineWidth: 0 }).trimEnd();
}
