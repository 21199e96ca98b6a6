/**
 * The configuration file editor, on CodeMirror 6. This module is imported only when a file is
 * opened (FileEditor.tsx), so the play page's first load does not carry it.
 */
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { shell } from '@codemirror/legacy-modes/mode/shell';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { tags } from '@lezer/highlight';

export type EditorLanguage = 'keepalived' | 'frr' | 'shell' | 'plain';

/** keepalived's and FRR's syntax: a keyword starts each line, `#` or `!` start comments, braces group. */
function configLanguage(comments: string) {
  return StreamLanguage.define<{ first: boolean }>({
    startState: () => ({ first: true }),
    token(stream, state) {
      if (stream.sol()) state.first = true;
      if (stream.eatSpace()) return null;
      const ch = stream.peek() ?? '';
      if (comments.includes(ch)) {
        stream.skipToEnd();
        return 'comment';
      }
      if (ch === '"') {
        stream.next();
        while (!stream.eol()) if (stream.next() === '"') break;
        return 'string';
      }
      if (stream.match(/^[{}]/)) return 'bracket';
      if (stream.match(/^\d+(\.\d+){0,3}(\/\d+)?(?![\w.-])/)) {
        state.first = false;
        return 'number';
      }
      stream.match(/^[^\s{}"]+/);
      if (state.first) {
        state.first = false;
        return 'keyword';
      }
      return null;
    },
  });
}

const LANGUAGES = {
  keepalived: () => configLanguage('#!'),
  frr: () => configLanguage('!#'),
  shell: () => StreamLanguage.define(shell),
  plain: () => configLanguage('#;'),
};

const highlight = HighlightStyle.define([
  { tag: tags.keyword, color: '#7cc4ff' },
  { tag: tags.comment, color: '#8d9bab', fontStyle: 'italic' },
  { tag: tags.string, color: '#ffd37a' },
  { tag: tags.number, color: '#6fdc8c' },
  { tag: tags.bracket, color: '#e8eef4' },
]);

const theme = EditorView.theme(
  {
    '&': { backgroundColor: '#0b1118', color: '#e8eef4', fontSize: '14px', height: '100%' },
    '.cm-content': { fontFamily: 'ui-monospace, monospace', caretColor: '#7cc4ff' },
    '.cm-gutters': { backgroundColor: '#0b1118', color: '#8d9bab', border: 'none' },
    '.cm-activeLine': { backgroundColor: '#17212c' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground': { backgroundColor: '#1f3144' },
    '.cm-scroller': { overflow: 'auto' },
  },
  { dark: true },
);

export interface MountedEditor {
  text(): string;
  /** marks each problem's line in the gutter and under the text (line 0: the whole file) */
  showProblems(problems: readonly { line: number; message: string }[]): void;
  goToLine(line: number): void;
  focus(): void;
  destroy(): void;
}

/** Mounts an editor in `parent`. Ctrl/Cmd+S saves and Escape closes; Tab indents (Escape, then Tab, leaves). */
export function mountEditor(
  parent: HTMLElement,
  opts: { text: string; readOnly: boolean; language: EditorLanguage; label: string; onSave(): void; onClose(): void },
): MountedEditor {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.text,
      extensions: [
        lineNumbers(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        lintGutter(),
        LANGUAGES[opts.language](),
        syntaxHighlighting(highlight),
        theme,
        EditorState.readOnly.of(opts.readOnly),
        EditorView.contentAttributes.of({ 'aria-label': opts.label }),
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (opts.onSave(), true) },
          { key: 'Escape', run: () => (opts.onClose(), true) },
          ...defaultKeymap,
          ...historyKeymap,
          indentWithTab,
        ]),
      ],
    }),
  });
  const lineRange = (line: number) => {
    const doc = view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    return { from: l.from, to: Math.max(l.to, l.from) };
  };
  return {
    text: () => view.state.doc.toString(),
    showProblems(problems) {
      const diagnostics: Diagnostic[] = problems.map((p) => ({
        ...lineRange(p.line || 1),
        severity: 'error',
        message: p.message,
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    goToLine(line) {
      const { from } = lineRange(line);
      view.dispatch({ selection: { anchor: from }, scrollIntoView: true });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
