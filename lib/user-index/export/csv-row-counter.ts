/**
 * Counts the records of a CSV (RFC 4180) as its text arrives in pieces: a line feed ends a record
 * only outside quotes, so a cell that holds a line break is still one record. The export's
 * progress counts its rows this way as the download streams in.
 */
export function csvRowCounter() {
  let quoted = false;
  let records = 0;
  return {
    /** Reads the next piece of text; answers how many records have ended so far. */
    push(text: string): number {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        // `""` inside a quoted cell flips twice: still quoted, as it should be.
        if (c === 34) quoted = !quoted;
        else if (c === 10 && !quoted) records++;
      }
      return records;
    },
  };
}
