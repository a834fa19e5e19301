/**
 * The MCP SDK (`@modelcontextprotocol/server`), loaded on first need rather than when core is
 * imported (~20 MiB resident and a fifth of the start-up time, issue #17). Canonical
 * `tools/call`, `tools/list` and `ping` take core's fast lane and never need it; the runtime loads
 * it on the first request for the SDK lane (initialize, resources, 2025-era sessions), at start
 * when a feature needs it from the first request (subscribable resources, 2025-era sessions), and
 * for stdio.
 */
import type * as SdkModule from '@modelcontextprotocol/server';

type Sdk = typeof SdkModule;

let loading: Promise<Sdk> | undefined;
let loaded: Sdk | undefined;

/** Loads the SDK once; every caller gets the same module. */
export function loadSdk(): Promise<Sdk> {
  return (loading ??= import('@modelcontextprotocol/server').then((sdk) => (loaded = sdk)));
}

/** The SDK when `loadSdk()` has resolved; throws otherwise (a caller that forgot to load it first). */
export function sdk(): Sdk {
  if (loaded === undefined) throw new Error('the MCP SDK is not loaded yet: await loadSdk() first');
  return loaded;
}

/** The SDK when already loaded, else undefined. */
export function sdkIfLoaded(): Sdk | undefined {
  return loaded;
}
