/** Where a phone can reach this server, as the QR code's link will say. */
export type CaptureOrigin = { origin: string; reachableFromPhone: boolean };

/**
 * The origin of the capture link, best first: the configured public origin; the origin the
 * desktop used, unless it is this computer's own (localhost); this computer's first LAN address
 * on the port the desktop used. Only when none of those exists does the link stay on localhost,
 * which a phone cannot open.
 */
export function captureOrigin(options: {
  publicOrigins: readonly string[];
  requestOrigin: string;
  /** Non-internal IPv4 addresses of this computer, as `lanAddresses()` lists them. */
  lanAddresses: readonly string[];
}): CaptureOrigin {
  const configured = options.publicOrigins[0];
  if (configured) return { origin: configured, reachableFromPhone: true };
  const request = new URL(options.requestOrigin);
  if (!isLoopback(request.hostname)) return { origin: request.origin, reachableFromPhone: true };
  const lan = options.lanAddresses[0];
  if (lan) {
    const port = request.port || (request.protocol === 'https:' ? '443' : '80');
    return { origin: new URL(`http://${lan}:${port}`).origin, reachableFromPhone: true };
  }
  return { origin: request.origin, reachableFromPhone: false };
}

/** `/capture/<token>` on the chosen origin: what the QR code encodes. */
export function captureUrl(origin: string, token: string): string {
  return `${origin}/capture/${token}`;
}

/** localhost (and its subdomains), 127.0.0.0/8 and ::1: names only this computer answers to. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === '[::1]' ||
    host === '::1'
  );
}
