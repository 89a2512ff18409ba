// A modal dialog (the native <dialog>, shown with showModal(): the page behind is inert, Tab
// stays inside, Escape closes it). Focus goes to the first control and back where it was (or to
// the screen's heading when that control is gone).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

interface ModalProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
}

export function Modal({ open, title, onClose, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const before = document.activeElement as HTMLElement | null;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('input, select, textarea, button:not(.modal-close)')?.focus();
    return () => {
      dialog.close();
      // Back where it was; when that control is gone (a decision removed its button), to the heading.
      (before?.isConnected ? before : document.querySelector<HTMLElement>('main h1'))?.focus();
    };
  }, [open]);
  if (!open) return null;
  return (
    <dialog ref={ref} class="modal" aria-labelledby="modal-title" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <header class="modal-header">
        <h2 id="modal-title">{title}</h2>
        <button type="button" class="modal-close" aria-label={t('common.close')} onClick={onClose}>×</button>
      </header>
      {children}
    </dialog>
  );
}
