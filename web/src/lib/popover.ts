/**
 * What every popover under a button does (the display menu, the list menu,
 * the wall link builder, alerts): Escape or a pointer down outside it
 * closes it, and Escape gives focus back to its button. The look is the
 * global `.popover` class in app.css.
 */
export function popoverDismissal(popover: { isOpen(): boolean; close(): void; root(): HTMLElement | undefined; button(): HTMLElement | undefined }): {
  onkeydown(event: KeyboardEvent): void;
  onpointerdown(event: PointerEvent): void;
} {
  return {
    onkeydown(event) {
      if (!popover.isOpen() || event.key !== 'Escape') return;
      popover.close();
      popover.button()?.focus();
    },
    onpointerdown(event) {
      const root = popover.root();
      if (popover.isOpen() && root && !root.contains(event.target as Node)) popover.close();
    },
  };
}
