import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "@/tests/support/parse-csv";
import { csvRowCounter } from "./csv-row-counter";
import { exportHeader, exportRow } from "./users-csv";
import { parseExportPaths } from "./export-paths";

describe("csvRowCounter", () => {
  it("counts the export's records however its text is cut, line breaks and quotes in cells included", () => {
    const parsed = parseExportPaths("public_metadata.note");
    if (!parsed.ok) throw new Error(parsed.error.message);
    const paths = parsed.value;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.string(),
            note: fc.oneof(fc.string(), fc.constantFrom('a "quoted"\r\nline', "\n", '""', "=1")),
          }),
          { maxLength: 30 },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        (users, cuts) => {
          const text =
            exportHeader(paths) +
            users
              .map((user, n) =>
                exportRow(
                  {
                    id: `user_${n}`,
                    primaryEmail: null,
                    name: user.name,
                    metadata: { public_metadata: { note: user.note } },
                  },
                  paths,
                ),
              )
              .join("");
          const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const counter = csvRowCounter();
          let counted = 0;
          let from = 0;
          for (const to of [...at, text.length]) {
            counted = counter.push(text.slice(from, to));
            from = to;
          }
          expect(counted).toBe(parseCsv(text).length);
          expect(counted).toBe(users.length + 1);
        },
      ),
    );
  });
});
