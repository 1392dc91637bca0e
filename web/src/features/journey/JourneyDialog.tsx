import { useEffect, useRef } from 'react';
import { OrderJourney } from './OrderJourney';

/** The journey in a modal dialog over the page; Escape or the close button dismisses it. */
export function JourneyDialog({ orderId, onClose }: { orderId: string; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);
  return (
    <dialog ref={dialog} className="journey-dialog" aria-label="Order journey" onClose={onClose} onCancel={onClose}>
      <header className="journey-dialog__header">
        <h2>
          Journey of order <code>{orderId}</code>
        </h2>
        <button type="button" className="button button--small button--ghost" onClick={onClose}>
          Close
        </button>
      </header>
      <OrderJourney orderId={orderId} />
    </dialog>
  );
}
