import { randomInt } from "node:crypto";
import { BACKUP_CODE_ALPHABET, BACKUP_CODE_LENGTH, groupBackupCode } from "./backup-code-format";

/** Ten backup codes from the unambiguous alphabet, each drawn with the system's CSPRNG. */
export function generateBackupCodes(amount = 10): string[] {
  return Array.from({ length: amount }, () =>
    groupBackupCode(
      Array.from(
        { length: BACKUP_CODE_LENGTH },
        () => BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)],
      ).join(""),
    ),
  );
}
