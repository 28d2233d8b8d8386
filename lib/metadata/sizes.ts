import type { BagName } from "./bags";
import { jsonByteSize, type JsonObject } from "./json";

/** Clerk refuses a metadata bag larger than this many bytes of JSON. */
export const METADATA_LIMIT_BYTES = 8192;
/** Clerk's guidance: keep public metadata (it rides in the session token) under about 1.2 KB. */
export const SESSION_TOKEN_GUIDANCE_BYTES = 1200;

export interface BagSize {
  bytes: number;
  limit: number;
  overLimit: boolean;
  /** Only public metadata goes into session tokens; null for the other bags. */
  overTokenGuidance: boolean | null;
}

export function bagSize(bag: BagName, document: JsonObject): BagSize {
  const bytes = jsonByteSize(document);
  return {
    bytes,
    limit: METADATA_LIMIT_BYTES,
    overLimit: bytes > METADATA_LIMIT_BYTES,
    overTokenGuidance: bag === "public_metadata" ? bytes > SESSION_TOKEN_GUIDANCE_BYTES : null,
  };
}

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(bytes < 10240 ? 2 : 1)} KB`;
}
