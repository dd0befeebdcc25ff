/**
 * Swipes in the lightbox: a mostly horizontal pointer move longer than `minDistance` pixels.
 * Left swipe (finger moves left) shows the next photo.
 */
export type Point = { x: number; y: number };

export function swipeStep(start: Point, end: Point, minDistance = 50): -1 | 0 | 1 {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  if (Math.abs(dx) < minDistance || Math.abs(dx) < Math.abs(dy) * 1.5) return 0;
  return dx < 0 ? 1 : -1;
}

/** Listens for swipes on `element` (a Svelte attachment); `onstep(+1)` is "next". */
export function swipeable(onstep: (step: -1 | 1) => void) {
  return (element: HTMLElement) => {
    let start: (Point & { id: number }) | null = null;
    const down = (event: PointerEvent) => {
      if (event.pointerType === 'mouse') return;
      start = { x: event.clientX, y: event.clientY, id: event.pointerId };
    };
    const up = (event: PointerEvent) => {
      if (!start || start.id !== event.pointerId) return;
      const step = swipeStep(start, { x: event.clientX, y: event.clientY });
      start = null;
      if (step !== 0) onstep(step);
    };
    const cancel = () => (start = null);
    element.addEventListener('pointerdown', down);
    element.addEventListener('pointerup', up);
    element.addEventListener('pointercancel', cancel);
    return () => {
      element.removeEventListener('pointerdown', down);
      element.removeEventListener('pointerup', up);
      element.removeEventListener('pointercancel', cancel);
    };
  };
}
