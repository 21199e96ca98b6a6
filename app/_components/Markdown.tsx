import { Fragment, type ReactNode } from 'react';

/**
 * The Markdown the level briefings are written in, as React elements (never as HTML, so a
 * briefing cannot inject markup): headings, paragraphs joined from hard-wrapped lines, bullet and
 * numbered lists whose items continue on indented lines, fenced code, quotes, rules; inline code,
 * bold, italics and links (http(s) and the app's own paths only).
 */
export function Markdown({ text, headingOffset = 0 }: { text: string; headingOffset?: number }) {
  return <>{blocks(text.replace(/\r\n?/g, '\n').split('\n'), headingOffset)}</>;
}

type Heading = 'h1' | 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

function blocks(lines: string[], offset: number): ReactNode[] {
  const out: ReactNode[] = [];
  let i = 0;
  const key = () => out.length;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = /^\s*```/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```/.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      out.push(
        <pre key={key()} className="md-code">
          <code>{body.join('\n')}</code>
        </pre>,
      );
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      const Tag = `h${Math.min(6, h[1]!.length + offset)}` as Heading;
      out.push(<Tag key={key()}>{inline(h[2]!)}</Tag>);
      i++;
      continue;
    }
    if (/^\s*(-{3,}|\*{3,})\s*$/.test(line)) {
      out.push(<hr key={key()} />);
      i++;
      continue;
    }
    if (/^>\s?/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i]!)) body.push(lines[i++]!.replace(/^>\s?/, ''));
      out.push(<blockquote key={key()}>{blocks(body, offset)}</blockquote>);
      continue;
    }
    const item = /^(\s*)([-*+]|\d+[.)])\s+/.exec(line);
    if (item) {
      const ordered = /\d/.test(item[2]!);
      const items: string[][] = [];
      while (i < lines.length) {
        const l = lines[i]!;
        const m = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(l);
        if (m && /\d/.test(m[2]!) === ordered && m[1]!.length <= item[1]!.length) items.push([m[3]!]);
        else if (l.trim() !== '' && /^\s+/.test(l) && items.length > 0) items.at(-1)!.push(l.trim());
        else if (l.trim() === '' && i + 1 < lines.length && /^\s+\S|^(\s*)([-*+]|\d+[.)])\s/.test(lines[i + 1]!)) {
          // a blank line inside a list: the list goes on when the next line is an item or indented
        } else break;
        i++;
      }
      const Tag = ordered ? 'ol' : 'ul';
      out.push(
        <Tag key={key()}>
          {items.map((it, n) => (
            <li key={n}>{inline(it.join(' '))}</li>
          ))}
        </Tag>,
      );
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '' && !/^(#{1,6}\s|\s*```|>|\s*([-*+]|\d+[.)])\s)/.test(lines[i]!))
      para.push(lines[i++]!.trim());
    out.push(<p key={key()}>{inline(para.join(' '))}</p>);
  }
  return out;
}

const INLINE =
  /`([^`]+)`|\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<!\w)_([^_\s][^_]*)_(?!\w)|\[([^\]]+)\]\(([^)\s]+)\)/g;

/** Inline code, bold, italics and links; everything else is text. */
export function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const k = out.length;
    if (m[1] !== undefined) out.push(<code key={k}>{m[1]}</code>);
    else if (m[2] !== undefined || m[3] !== undefined) out.push(<strong key={k}>{inline(m[2] ?? m[3]!)}</strong>);
    else if (m[4] !== undefined || m[5] !== undefined) out.push(<em key={k}>{inline(m[4] ?? m[5]!)}</em>);
    else {
      const href = m[7]!;
      const safe = /^https?:\/\//.test(href) || /^\/[^/]/.test(href) || href.startsWith('#');
      out.push(
        safe ? (
          <a key={k} href={href} {...(href.startsWith('http') ? { target: '_blank', rel: 'noreferrer' } : {})}>
            {inline(m[6]!)}
          </a>
        ) : (
          <Fragment key={k}>{inline(m[6]!)}</Fragment>
        ),
      );
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
