/**
 * The details panel's actions on one image: its tags, each with rename and untag; add a tag (or
 * move one here from another image); push; remove. Names are checked as they are typed.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { shortId } from '../../lib/format.js';
import { useAppStore } from '../../store/store-context.js';
import type { ImageRow } from '../../model/images/rows.js';
import { Callout } from '../../components/callout.js';
import { PushDialog } from './push-dialog.js';
import { ReferenceField } from './reference-field.js';
import { RemoveDialog } from './remove-dialog.js';
import { checkTag, renameTarget, tagOwnerOf } from './tag-input.js';
import { UntagDialog } from './untag-dialog.js';
import { errorWords } from '../../model/errors.js';
import './actions.css';

type Editor = { kind: 'add' } | { kind: 'rename'; tag: string };
type Dialog = { kind: 'untag'; tag: string } | { kind: 'push' } | { kind: 'remove' };
type Notice = { tone: 'ok' | 'error'; text: string };

/** Tags offered for "move a tag here": other images' tags. */
const MAX_SUGGESTIONS = 300;

function TagEditor({
  row,
  editor,
  onDone,
  onCancel,
}: {
  row: ImageRow;
  editor: Editor;
  onDone(notice: Notice): void;
  onCancel(): void;
}) {
  const images = useAppStore((s) => s.indexImages);
  const tagImage = useAppStore((s) => s.tagImage);
  const untagImage = useAppStore((s) => s.untagImage);
  const [value, setValue] = useState(editor.kind === 'rename' ? editor.tag : '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const owner = useMemo(() => tagOwnerOf(images.values()), [images]);
  const target = editor.kind === 'rename' ? renameTarget(editor.tag, value) : value;
  const check = checkTag(target, row.id, owner);
  const suggestions = useMemo(() => {
    const out: string[] = [];
    for (const image of images.values()) {
      if (image.id === row.id) continue;
      for (const t of image.repoTags) if (out.length < MAX_SUGGESTIONS) out.push(t);
    }
    return out.sort();
  }, [images, row.id]);

  useEffect(() => {
    inputRef.current?.focus();
    if (editor.kind === 'rename') inputRef.current?.select();
  }, [editor.kind]);

  const submit = async (): Promise<void> => {
    if (check.state !== 'ok' || check.own || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await tagImage(row.id, check.familiar);
      if (editor.kind === 'rename') {
        try {
          await untagImage(editor.tag);
        } catch (err) {
          setError(`Tagged ${result.tag}, but ${editor.tag} stays: ${errorWords(err)}`);
          setBusy(false);
          return;
        }
        onDone({ tone: 'ok', text: `Renamed ${editor.tag} to ${result.tag}.` });
      } else if (result.movedFrom) {
        onDone({
          tone: 'ok',
          text: `Moved ${result.tag} here from image ${shortId(result.movedFrom)}.`,
        });
      } else {
        onDone({ tone: 'ok', text: `Tagged ${result.tag}.` });
      }
    } catch (err) {
      setError(errorWords(err));
      setBusy(false);
    }
  };

  const verb =
    editor.kind === 'rename'
      ? 'Rename'
      : check.state === 'ok' && check.movesFrom
        ? 'Move tag here'
        : 'Add tag';
  return (
    <form
      className="act-editor"
      data-testid={editor.kind === 'rename' ? 'rename-form' : 'tag-form'}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <ReferenceField
        label={editor.kind === 'rename' ? `Rename ${editor.tag}` : 'Add a tag'}
        emptyHint={
          editor.kind === 'rename'
            ? 'A new repository:tag, or just :newtag to keep the repository.'
            : 'A new repository:tag, or another image’s tag to move it here.'
        }
        value={value}
        check={check}
        onChange={setValue}
        onSubmit={() => void submit()}
        inputRef={inputRef}
        placeholder="repository:tag"
        testId={editor.kind === 'rename' ? 'rename-input' : 'tag-input'}
        listId={editor.kind === 'add' && suggestions.length > 0 ? listId : undefined}
        ownNote={
          editor.kind === 'rename' ? 'That is its name now.' : 'The image has this tag already.'
        }
      />
      {editor.kind === 'add' && suggestions.length > 0 && (
        <datalist id={listId}>
          {suggestions.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      )}
      {error && <Callout tone="error">{error}</Callout>}
      <div className="act-editor-buttons">
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-small button-primary"
          disabled={check.state !== 'ok' || check.own || busy}
          data-testid="tag-submit"
        >
          {busy ? 'Working…' : verb}
        </button>
      </div>
    </form>
  );
}

function ImageActionsBody({ row }: { row: ImageRow }) {
  const [editor, setEditor] = useState<Editor | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const removeIds = useMemo(() => [row.id], [row.id]);
  const finish = (n: Notice): void => {
    setEditor(null);
    setDialog(null);
    setNotice(n);
  };

  return (
    <section className="act-image" aria-label="Tags and actions" data-testid="image-actions">
      <div className="act-image-row">
        <ul className="act-tags" aria-label="Tags">
          {row.tags.length === 0 && <li className="muted small">untagged</li>}
          {row.tags.map((t) => (
            <li key={t.ref} className="act-tag" data-testid="image-tag" data-tag={t.ref}>
              <span className="act-tag-name" title={t.ref}>
                {t.ref}
              </span>
              <button
                type="button"
                className="act-tag-button"
                aria-label={`Rename ${t.ref}`}
                title="Rename (tag the new name, untag this one)"
                onClick={() => {
                  setNotice(null);
                  setEditor({ kind: 'rename', tag: t.ref });
                }}
              >
                ✎
              </button>
              <button
                type="button"
                className="act-tag-button"
                aria-label={`Untag ${t.ref}`}
                title="Untag (the image stays)"
                data-testid="untag-button"
                onClick={() => {
                  setNotice(null);
                  setDialog({ kind: 'untag', tag: t.ref });
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </div>
      <div className="act-image-buttons">
        <button
          type="button"
          className="button button-small"
          aria-pressed={editor?.kind === 'add'}
          data-testid="add-tag"
          onClick={() => {
            setNotice(null);
            setEditor(editor?.kind === 'add' ? null : { kind: 'add' });
          }}
        >
          + Tag
        </button>
        <button
          type="button"
          className="button button-small"
          data-testid="push-open"
          onClick={() => setDialog({ kind: 'push' })}
        >
          Push…
        </button>
        <button
          type="button"
          className="button button-small tone-bad"
          data-testid="remove-image"
          onClick={() => setDialog({ kind: 'remove' })}
        >
          Remove…
        </button>
      </div>
      {editor && (
        <TagEditor
          key={editor.kind === 'rename' ? `rename:${editor.tag}` : 'add'}
          row={row}
          editor={editor}
          onDone={finish}
          onCancel={() => setEditor(null)}
        />
      )}
      {notice && (
        <p
          className={notice.tone === 'ok' ? 'act-notice' : 'act-notice tone-bad'}
          role="status"
          data-testid="image-actions-notice"
        >
          {notice.text}
        </p>
      )}
      {dialog?.kind === 'untag' && (
        <UntagDialog
          tag={dialog.tag}
          onClose={() => setDialog(null)}
          onDone={(text) => finish({ tone: 'ok', text })}
        />
      )}
      {dialog?.kind === 'push' && <PushDialog row={row} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'remove' && (
        <RemoveDialog ids={removeIds} onClose={() => setDialog(null)} />
      )}
    </section>
  );
}

/** Resets its forms when another image is shown. */
export function ImageActions({ row }: { row: ImageRow }) {
  return <ImageActionsBody key={row.id} row={row} />;
}
