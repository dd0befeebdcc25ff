import { networkInterfaces } from 'node:os';

/** This computer's non-internal IPv4 addresses: where other devices on the network reach it. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    .filter((address) => address.family === 'IPv4' && !address.internal)
    .map((address) => address.address);
}
