/**
 * A strict RFC 4180 reader for tests: records end with CRLF, a quoted field doubles its quotes
 * and may hold commas and line breaks; anything else (a bare quote, a lone CR or LF outside
 * quotes, a missing final CRLF) throws, so a test reading the export also checks its framing.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  // A byte-order mark opens the file, as spreadsheets read it; it is not part of the first cell.
  let i = text.startsWith("\uFEFF") ? 1 : 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("a quoted field is not closed");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
    } else {
      while (i < text.length && !",\r\n".includes(text[i]!)) {
        if (text[i] === '"') throw new Error(`a bare quote at ${i}`);
        field += text[i];
        i++;
      }
    }
    record.push(field);
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text.startsWith("\r\n", i)) {
      records.push(record);
      record = [];
      i += 2;
      continue;
    }
    throw new Error(`expected "," or CRLF at ${i}`);
  }
  if (record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}
