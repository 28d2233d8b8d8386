// The server (scripts/serve.ts) and the app's route code run in one process: this flag on
// globalThis tells the app that every request's client address header was set by the server.
const holder = globalThis as typeof globalThis & { __metadeckClientAddresses?: true };

export function markClientAddressesStamped(): void {
  holder.__metadeckClientAddresses = true;
}

/** False under a plain `next start`, where a client could have sent the header itself. */
export function clientAddressesStamped(): boolean {
  return holder.__metadeckClientAddresses === true;
}
