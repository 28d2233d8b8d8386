/**
 * The characters PostgreSQL's text and jsonb cannot hold: NUL, and half of a UTF-16 surrogate
 * pair without its other half ("\ud800" alone), which JavaScript strings and JSON allow.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Where the first such character is, or -1. */
export function firstUnstorable(text: string): number {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.exec(text)?.index ?? -1;
}

/** The text with each such character replaced by U+FFFD, as a decoder shows what it cannot read. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, "\ufffd");
}
