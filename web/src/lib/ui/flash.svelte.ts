/**
 * A one-line confirmation shown on the page a user lands on after an action ("Patient saved on
 * this device."). It belongs to one path, so leaving that page clears it.
 */
export const flash = $state<{ message: string | null; path: string | null }>({
  message: null,
  path: null,
});

export function showFlash(message: string, path: string): void {
  flash.message = message;
  flash.path = path;
}

export function clearFlash(): void {
  flash.message = null;
  flash.path = null;
}
