/** One statement for the index reader process, and its answer. */
export interface ReadRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}

/** The first message of a reader: its connection is open, statements may come. */
export interface ReaderReady {
  ready: true;
}

export type ReadReply =
  | { id: number; rows: unknown[]; error?: undefined }
  | { id: number; error: { message: string; code: string | null } };
