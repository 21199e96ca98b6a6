/** One rule of the behaviour spec (R53) or one engine assumption (A5), as the /rules pages show it. */
export interface RuleEntry {
  id: string;
  /** the spec's section: "Internet gateway and public IPv4 NAT" */
  topic: string;
  /** where the rule comes from: "docs", "seed-stated; docs-confirmed", or "engine assumption" */
  provenance: string;
  /** a short name, for assumptions ("Blackhole routes still win LPM") */
  title?: string;
  /** what AWS does, in the spec's words (Markdown inline: `code`, **bold**) */
  text: string;
  /** the AWS documentation it rests on */
  sources: { key: string; urls: string[] }[];
}

export interface RuleCatalog {
  rules: RuleEntry[];
}

/** Reads the spec's rules, assumptions and source key table (see the spec's "How to read this file"). */
export function rulesFromSpec(markdown: string): RuleCatalog {
  const lines = markdown.split('\n');
  const keys = new Map<string, string[]>();
  for (const l of lines) {
    const m = /^\|\s*([A-Za-z0-9-]+)\s*\|\s*(.+?)\s*\|\s*$/.exec(l);
    if (!m || m[1] === 'key' || /^-+$/.test(m[1]!)) continue;
    keys.set(
      m[1]!,
      [...m[2]!.matchAll(/https?:\/\/[^\s),]+/g)].map((u) => u[0]),
    );
  }
  const rules: RuleEntry[] = [];
  let topic = '';
  for (const l of lines) {
    const h = /^##\s+(?:\d+\.\s+)?(.+)$/.exec(l);
    if (h) topic = h[1]!.trim();
    const r = /^\*\*(R\d+)\*\*\s*\[([^\]]+)\]\s*(.+)$/.exec(l);
    if (r) {
      const [text, cited] = splitSources(r[3]!);
      rules.push({ id: r[1]!, topic, provenance: r[2]!, text, sources: cited.map((key) => source(keys, key)) });
      continue;
    }
    const a = /^\*\*(A\d+)\s+—\s+(.+?)\.?\*\*\s*(.+)$/.exec(l);
    if (a) {
      const [text, cited] = splitSources(a[3]!);
      rules.push({
        id: a[1]!,
        topic: 'Engine assumptions',
        provenance: 'engine assumption',
        title: a[2]!,
        text,
        sources: cited.map((key) => source(keys, key)),
      });
    }
  }
  return { rules };
}

/** "… text. — IGW, EC2-addr" → the text and the source keys. */
function splitSources(body: string): [string, string[]] {
  const at = body.lastIndexOf(' — ');
  if (at < 0) return [body.trim(), []];
  const tail = body.slice(at + 3).trim();
  const cited = tail
    .split(/[,;]\s*/)
    .map((k) => k.trim().replace(/\s*\(.*\)$/, ''))
    .filter((k) => /^[A-Za-z][A-Za-z0-9-]*$/.test(k));
  return cited.length > 0 ? [body.slice(0, at).trim(), cited] : [body.trim(), []];
}

function source(keys: Map<string, string[]>, key: string): { key: string; urls: string[] } {
  return { key, urls: keys.get(key) ?? [] };
}
