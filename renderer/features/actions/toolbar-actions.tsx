/**
 * The images view's action buttons: "Remove…" for the selected images, "Prune…" and "Pull…",
 * each opening its dialog; "Check for updates" (the registries asked in the core, the table
 * reading the answers), its settings in a popover, and "Pull update" of the selected images'
 * outdated tags; "Save…" of the selection and "Load…" where the host moves archives as files (a
 * download and an upload through the web host, the system's file dialogs in the desktop app).
 * Pull… and Load… (`ImagesInButtons`) are offered on the empty page too.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PruneMode } from '../../../shared/actions.js';
import { formatCount } from '../../lib/format.js';
import { errorMessage } from '../../model/errors.js';
import { saveNames } from '../../model/images/transfer.js';
import { outdatedTags } from '../../model/images/updates.js';
import { selectAllRows } from '../../store/slices/image-index.js';
import { useAppStore } from '../../store/store-context.js';
import { PruneDialog } from './prune-dialog.js';
import { PullDialog } from './pull-dialog.js';
import { RemoveDialog } from './remove-dialog.js';
import { LoadDialog, SaveDialog } from './transfer-dialogs.js';
import { UpdateSettingsPopover } from './update-settings.js';
import './actions.css';

export function ImagesToolbarActions({ mode = 'dangling' }: { mode?: PruneMode }) {
  const selected = useAppStore((s) => s.selection.selected);
  const images = useAppStore((s) => s.indexImages);
  const filesAvailable = useAppStore((s) => s.imageFilesVia !== null);
  const [open, setOpen] = useState<'prune' | 'remove' | 'save' | null>(null);
  // Frozen when Save… opens, as the removal's ids are.
  const [names, setNames] = useState<string[]>([]);
  // Frozen when the dialog opens: the selection follows the index and shrinks as images go.
  const [removeIds, setRemoveIds] = useState<string[]>([]);
  const count = selected.size;
  const title = useMemo(
    () =>
      count === 0
        ? 'Select images in the table to remove them'
        : `Remove the ${formatCount(count)} selected`,
    [count],
  );
  return (
    <span className="button-row">
      <button
        type="button"
        className="button button-small"
        disabled={count === 0}
        title={title}
        data-testid="remove-selected"
        onClick={() => {
          setRemoveIds([...selected]);
          setOpen('remove');
        }}
      >
        {count === 0 ? 'Remove…' : `Remove ${formatCount(count)}…`}
      </button>
      <button
        type="button"
        className="button button-small"
        title="Delete unused images, with a preview of exactly what goes"
        data-testid="prune-open"
        onClick={() => setOpen('prune')}
      >
        Prune…
      </button>
      {filesAvailable && (
        <button
          type="button"
          className="button button-small"
          disabled={count === 0}
          title={
            count === 0
              ? 'Select images in the table to save them to a file'
              : 'Save the selected images to one archive file'
          }
          data-testid="save-open"
          onClick={() => {
            const records = [...selected].flatMap((id) => images.get(id) ?? []);
            setNames(saveNames(records));
            setOpen('save');
          }}
        >
          Save…
        </button>
      )}
      <ImagesInButtons />
      <UpdateActions />
      {open === 'save' && <SaveDialog names={names} onClose={() => setOpen(null)} />}
      {open === 'prune' && <PruneDialog mode={mode} onClose={() => setOpen(null)} />}
      {open === 'remove' && <RemoveDialog ids={removeIds} onClose={() => setOpen(null)} />}
    </span>
  );
}

/**
 * "Pull…" and, where the host moves archives as files, "Load…": the ways images come in, which
 * the toolbar and the empty page both offer. Their dialogs are `ImagesInDialogs`.
 */
export function ImagesInButtons() {
  const filesAvailable = useAppStore((s) => s.imageFilesVia !== null);
  const open = useAppStore((s) => s.setImagesInDialog);
  return (
    <>
      <button
        type="button"
        className="button button-small"
        title="Pull an image from its registry, with progress per layer"
        data-testid="pull-open"
        onClick={() => open('pull')}
      >
        Pull…
      </button>
      {filesAvailable && (
        <button
          type="button"
          className="button button-small"
          title="Load images from an archive file (docker save, hangar save)"
          data-testid="load-open"
          onClick={() => open('load')}
        >
          Load…
        </button>
      )}
    </>
  );
}

/** The Pull… or Load… dialog the store says is open; the Images page mounts it once. */
export function ImagesInDialogs() {
  const dialog = useAppStore((s) => s.imagesInDialog);
  const setDialog = useAppStore((s) => s.setImagesInDialog);
  if (dialog === 'pull') return <PullDialog onClose={() => setDialog(null)} />;
  if (dialog === 'load') return <LoadDialog onClose={() => setDialog(null)} />;
  return null;
}

/** "Check for updates" and "Pull update" of the selection; the remembered checks read on mount. */
function UpdateActions() {
  const selected = useAppStore((s) => s.selection.selected);
  const rows = useAppStore(selectAllRows);
  const updates = useAppStore((s) => s.imageUpdates);
  const checking = useAppStore((s) => s.imageUpdatesChecking);
  const checkError = useAppStore((s) => s.imageUpdatesError);
  const loadKnown = useAppStore((s) => s.loadKnownUpdates);
  const check = useAppStore((s) => s.checkImageUpdates);
  const pullUpdates = useAppStore((s) => s.pullUpdates);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadKnown().catch((err) => setError(errorMessage(err)));
  }, [loadKnown]);
  const tags = useMemo(
    () =>
      selected.size === 0
        ? []
        : outdatedTags(
            rows.filter((r) => selected.has(r.id)),
            updates,
          ),
    [rows, selected, updates],
  );
  const shown = error ?? checkError;
  return (
    <>
      <button
        type="button"
        className="button button-small"
        title="Ask each tag's registry what the tag points at now (a HEAD of its manifest)"
        data-testid="check-updates"
        disabled={checking}
        onClick={() => {
          setError(null);
          // A failure is kept by the store as imageUpdatesError.
          check().catch(() => undefined);
        }}
      >
        {checking ? 'Checking…' : 'Check for updates'}
      </button>
      <UpdateSettingsPopover />
      {tags.length > 0 && (
        <button
          type="button"
          className="button button-small"
          title={`Pull ${tags.join(', ')}`}
          data-testid="pull-updates-selected"
          onClick={() => {
            setError(null);
            pullUpdates(tags).catch((err) => setError(errorMessage(err)));
          }}
        >
          {tags.length === 1 ? 'Pull update' : `Pull ${formatCount(tags.length)} updates`}
        </button>
      )}
      {shown && (
        <span className="field-error" role="alert" data-testid="updates-error">
          {shown}
        </span>
      )}
    </>
  );
}
