'use client';
import { useEffect, useRef, useState } from 'react';
import type { EditorLanguage, MountedEditor } from './code-editor';

/** What saving a file answered: saved (and what it restarted), or the daemon's problems by line. */
export type SaveResult =
  { ok: true; summary: string } | { ok: false; error: string; problems: { line: number; message: string }[] };

/** The file an editor has open. */
export interface OpenFile {
  instance: string;
  path: string;
  text: string;
  /** why the learner may look but not change it; undefined when they may */
  readOnly?: string;
}

function languageOf(path: string, text: string): EditorLanguage {
  if (path.includes('keepalived.conf')) return 'keepalived';
  if (path.includes('/frr/')) return 'frr';
  if (path.endsWith('.sh') || text.startsWith('#!')) return 'shell';
  return 'plain';
}

/**
 * `nano`, `vi`, `edit`: a guest's file in a code editor (CodeMirror, loaded when first opened).
 * Saving writes the file in the guest: the server parses it as its daemon would and refuses it,
 * changing nothing, with the daemon's own message on the right line.
 */
export function FileEditor({
  file,
  onSave,
  onClose,
}: {
  file: OpenFile;
  onSave: (text: string) => Promise<SaveResult>;
  onClose: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<MountedEditor | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveResult>();
  const save = useRef<() => void>(() => undefined);
  const close = useRef(onClose);
  close.current = onClose;
  const title = `${file.path} on ${file.instance}`;

  save.current = () => {
    if (file.readOnly || !editor.current || saving) return;
    setSaving(true);
    void onSave(editor.current.text())
      .then((r) => {
        setResult(r);
        editor.current?.showProblems(r.ok ? [] : r.problems);
      })
      .finally(() => setSaving(false));
  };

  useEffect(() => {
    // closing gives the keyboard back where it was (the console's command box, the inspector)
    const before = document.activeElement as HTMLElement | null;
    return () => before?.focus();
  }, []);

  useEffect(() => {
    let cancelled = false;
    void import('./code-editor').then((m) => {
      if (cancelled || !host.current) return;
      editor.current = m.mountEditor(host.current, {
        text: file.text,
        readOnly: file.readOnly !== undefined,
        language: languageOf(file.path, file.text),
        label: `Contents of ${title}`,
        onSave: () => save.current(),
        onClose: () => close.current(),
      });
      setLoading(false);
      editor.current.focus();
    });
    return () => {
      cancelled = true;
      editor.current?.destroy();
      editor.current = undefined;
    };
    // the file's identity decides when to start over
  }, [file.instance, file.path, file.text, file.readOnly, title]);

  return (
    <div className="editor-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby="editor-title"
        className="panel editor"
        data-testid="file-editor"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      >
        <div className="editor-head">
          <h2 id="editor-title">{title}</h2>
          {!file.readOnly && (
            <button onClick={() => save.current()} disabled={saving || loading} aria-keyshortcuts="Control+S">
              {saving ? 'Saving…' : 'Save'}
            </button>
          )}
          <button onClick={onClose} aria-keyshortcuts="Escape">
            Close
          </button>
        </div>
        {file.readOnly ? (
          <p className="warn" role="note">
            Read-only: {file.readOnly}
          </p>
        ) : (
          <p className="muted">
            Ctrl+S saves: the daemon checks the file, and restarts with it. Escape closes; Tab indents (Escape, then
            Tab, moves on).
          </p>
        )}
        {loading && (
          <p role="status" aria-busy="true" className="muted">
            Loading the editor…
          </p>
        )}
        <div ref={host} className="editor-host" />
        {result && result.ok && (
          <p className="ok" role="status" data-testid="editor-saved">
            Saved. {result.summary}
          </p>
        )}
        {result && !result.ok && (
          <div role="alert" data-testid="editor-problems">
            <p className="bad">Not saved: nothing changed.</p>
            <pre className="bad daemon-output" data-testid="daemon-output">
              {result.error}
            </pre>
            {result.problems.length > 0 && (
              <ul>
                {result.problems.map((p, i) => (
                  <li key={i}>
                    <button className="link-button" onClick={() => editor.current?.goToLine(p.line || 1)}>
                      {p.line > 0 ? `Line ${p.line}` : 'File'}
                    </button>{' '}
                    <code>{p.message}</code>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
