'use client';
import { useEffect, useMemo, useState } from 'react';
import { api } from '../explore/explore-api';

type File = { path: string; text: string };

/** At most this many matching lines are listed for a filter (a file is ~20 kB of JSON). */
const MAX_LINES = 400;

/**
 * The handover of an imported level: its describe-* files, read-only, as the AWS CLI printed
 * them. A filter keeps the lines that contain its words, each with its line number, so a learner
 * can follow a reference (a subnet id, `"State": "blackhole"`) from file to file.
 */
export function SnapshotViewer({ levelId, paths }: { levelId: string; paths: string[] }) {
  const [files, setFiles] = useState<File[]>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState(paths[0] ?? '');
  const [filter, setFilter] = useState('');
  useEffect(() => {
    let live = true;
    void api<{ files: File[] }>('GET', `/levels/${encodeURIComponent(levelId)}/snapshot`).then((r) => {
      if (!live) return;
      if (r.ok) setFiles(r.data.files);
      else setError(r.message);
    });
    return () => {
      live = false;
    };
  }, [levelId]);
  const file = files?.find((f) => f.path === open);
  const lines = useMemo(() => {
    const all = (file?.text ?? '').split('\n').map((text, i) => ({ n: i + 1, text }));
    const words = filter.trim().toLowerCase();
    return words ? all.filter((l) => l.text.toLowerCase().includes(words)) : all;
  }, [file, filter]);
  return (
    <div className="panel" data-testid="snapshot">
      <p className="muted">
        Monday&apos;s <code>aws ec2 describe-*</code> output, as handed over (read-only). The console&apos;s describe
        calls print the network as it is now.
      </p>
      <div className="tabs" role="group" aria-label="Snapshot files">
        {paths.map((p) => (
          <button key={p} aria-pressed={p === open} onClick={() => setOpen(p)}>
            {p
              .split('/')
              .pop()!
              .replace(/\.json$/, '')}
          </button>
        ))}
      </div>
      <label htmlFor="snapshot-filter">Lines containing</label>{' '}
      <input
        id="snapshot-filter"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        placeholder='e.g. "State": "blackhole"'
      />
      {error && <p className="warn">{error}</p>}
      {!files && !error && <p className="muted">Loading the snapshot…</p>}
      {file && (
        <>
          <p className="muted" data-testid="snapshot-count">
            {open}: {filter.trim() ? `${lines.length} matching lines` : `${lines.length} lines`}
            {lines.length > MAX_LINES ? ` (the first ${MAX_LINES} shown)` : ''}
          </p>
          <pre className="snapshot-text" aria-label={`${open}, read-only`} tabIndex={0}>
            {lines
              .slice(0, MAX_LINES)
              // a filtered line loses its indentation: the match is what matters, not its depth
              .map((l) => `${String(l.n).padStart(5)}  ${filter.trim() ? l.text.trim() : l.text}`)
              .join('\n')}
          </pre>
        </>
      )}
    </div>
  );
}
