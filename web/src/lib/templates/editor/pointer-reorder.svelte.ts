/**
 * Drag and drop to reorder a vertical list, with a mouse, a pen or a finger (pointer events).
 * The list element carries `data-reorder-list`, each item `data-reorder-id`, and each item's
 * grip calls `start` on pointerdown (its CSS sets `touch-action: none`, so a finger drags rather
 * than scrolls). While dragging, `order` shows the item at the place it would land; the page
 * scrolls near the window's edges; Escape cancels. Nothing is saved until the drop.
 *
 * Written by hand rather than with a library: a single vertical list needs little code, and the
 * keyboard and screen-reader side (Move up/down buttons and announcements) stays ours.
 */
type Options = {
  /** The ids in their current order. */
  ids: () => readonly string[];
  /** Called on drop, only when the position changed. */
  onmove: (id: string, toIndex: number) => void;
};

/** How far (px) a pressed pointer travels before the press becomes a drag, so taps stay taps. */
const START_DISTANCE = 4;
/** Within this distance (px) of the window's top or bottom, the page scrolls while dragging. */
const SCROLL_EDGE = 56;
const SCROLL_STEP = 12;

type Press = { id: string; pointerId: number; startY: number; list: HTMLElement };

export function createPointerReorder({ ids, onmove }: Options) {
  let draggingId = $state<string | null>(null);
  let targetIndex = $state(0);
  let press: Press | null = null;
  let lastY = 0;
  let scrollFrame = 0;

  function start(event: PointerEvent, id: string): void {
    const list =
      event.currentTarget instanceof Element
        ? event.currentTarget.closest<HTMLElement>('[data-reorder-list]')
        : null;
    if (press || !list || (event.pointerType === 'mouse' && event.button !== 0)) return;
    // No text selection or focus change from the press itself.
    event.preventDefault();
    press = { id, pointerId: event.pointerId, startY: event.clientY, list };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', drop);
    window.addEventListener('pointercancel', cancel);
    window.addEventListener('keydown', cancelOnEscape);
  }

  function move(event: PointerEvent): void {
    if (!press || event.pointerId !== press.pointerId) return;
    lastY = event.clientY;
    if (draggingId === null) {
      if (Math.abs(lastY - press.startY) < START_DISTANCE) return;
      draggingId = press.id;
      targetIndex = ids().indexOf(press.id);
    }
    updateTarget();
    if (!scrollFrame) scrollFrame = requestAnimationFrame(scrollNearEdges);
  }

  /** The place among the other items whose middles are above the pointer. */
  function updateTarget(): void {
    if (!press) return;
    const others = [...press.list.querySelectorAll<HTMLElement>(':scope > [data-reorder-id]')]
      .filter((element) => element.dataset.reorderId !== press?.id)
      .map((element) => element.getBoundingClientRect());
    targetIndex = others.filter((rect) => rect.top + rect.height / 2 < lastY).length;
  }

  /** Scrolls toward the edge the pointer is heading for, not one it merely started near. */
  function scrollNearEdges(): void {
    scrollFrame = 0;
    if (draggingId === null || !press) return;
    const goingUp = lastY < press.startY;
    const step =
      goingUp && lastY < SCROLL_EDGE
        ? -SCROLL_STEP
        : !goingUp && lastY > innerHeight - SCROLL_EDGE
          ? SCROLL_STEP
          : 0;
    if (step === 0) return;
    scrollBy(0, step);
    updateTarget();
    scrollFrame = requestAnimationFrame(scrollNearEdges);
  }

  function drop(event: PointerEvent): void {
    if (!press || event.pointerId !== press.pointerId) return;
    const id = draggingId;
    const to = targetIndex;
    finish();
    if (id !== null && ids().indexOf(id) !== to) onmove(id, to);
  }

  function cancel(event: PointerEvent): void {
    if (press && event.pointerId === press.pointerId) finish();
  }

  function cancelOnEscape(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    finish();
  }

  function finish(): void {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', drop);
    window.removeEventListener('pointercancel', cancel);
    window.removeEventListener('keydown', cancelOnEscape);
    if (scrollFrame) cancelAnimationFrame(scrollFrame);
    scrollFrame = 0;
    press = null;
    draggingId = null;
  }

  return {
    /** The id being dragged, or null. */
    get draggingId() {
      return draggingId;
    },
    start,
    /** `items` in the order to show: while dragging, the dragged one where it would land. */
    order<T>(items: readonly T[], idOf: (item: T) => string): T[] {
      const dragged = items.find((item) => idOf(item) === draggingId);
      if (dragged === undefined) return [...items];
      const rest = items.filter((item) => item !== dragged);
      rest.splice(targetIndex, 0, dragged);
      return rest;
    },
    /** Ends a drag without moving anything, as when the component goes away. */
    cancel: finish,
  };
}
