/**
 * The characters of a backup code: no 0 and o, no 1, l and i, nothing that differs only by
 * case. A code copied onto paper and typed back months later is typed right.
 */
export const BACKUP_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
/** 12 of 31 characters: 59 bits, as many as the library's default of 10 of 62. */
export const BACKUP_CODE_LENGTH = 12;

/** "abcd-efgh-jkmn": in groups of four, as it is shown. */
export function groupBackupCode(characters: string): string {
  return characters.match(/.{1,4}/g)?.join("-") ?? characters;
}

/**
 * A backup code as typed ("ABCD EFGH JKMN", "abcdefghjkmn") in the form it was issued. Codes
 * issued before this alphabet (mixed case, "xxxxx-xxxxx") are only trimmed: they must still
 * match exactly.
 */
export function normaliseBackupCode(typed: string): string {
  const bare = typed.replace(/[\s-]/g, "").toLowerCase();
  const ours =
    bare.length === BACKUP_CODE_LENGTH && [...bare].every((c) => BACKUP_CODE_ALPHABET.includes(c));
  return ours ? groupBackupCode(bare) : typed.trim();
}
