import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCsv } from "@/tests/support/parse-csv";
import { parseExportPaths, type ExportPath } from "./export-paths";
import {
  csvLine,
  exportFileName,
  exportHeader,
  exportRow,
  metadataCell,
  neutraliseFormula,
  quoteCell,
  type ExportedUser,
} from "./users-csv";

/**
 * What a spreadsheet runs as a formula after any leading whitespace, control, format,
 * separator or combining character, or one drawn blank (full-width forms too).
 */
const STARTS_FORMULA =
  /^[\s\p{Cc}\p{Cf}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800]*[=+\-@＝＋－＠﹦﹢﹣﹫]/u;

/** Strings rich in what CSV and spreadsheets care about, and any other unicode. */
const cell = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      ...['"', ",", ";", "\r", "\n", "=", "+", "-", "@", "\t", "'", "a", " "],
      ...["＝", "＋", "－", "＠", "\u3000", "\u3164", "\u2800", "\u034F", "\u0301"],
    ),
  }),
  fc.string({ unit: "grapheme" }),
  fc.string(),
);

function paths(text: string): ExportPath[] {
  const parsed = parseExportPaths(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe("CSV cells", () => {
  it("quotes every cell, doubling quotes, so a `;` or tab in a cell never splits it", () => {
    expect(quoteCell("plain")).toBe('"plain"');
    expect(quoteCell("")).toBe('""');
    expect(quoteCell("a,b")).toBe('"a,b"');
    expect(quoteCell('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCell("two\nlines")).toBe('"two\nlines"');
    expect(quoteCell("cr\ronly")).toBe('"cr\ronly"');
    expect(quoteCell("x;=1+1")).toBe('"x;=1+1"');
    expect(quoteCell("ok\t=1+1")).toBe('"ok\t=1+1"');
  });

  it("makes cells a spreadsheet would run as formulas text, and leaves numbers alone", () => {
    expect(neutraliseFormula("=1+1")).toBe("'=1+1");
    expect(neutraliseFormula("+cmd")).toBe("'+cmd");
    expect(neutraliseFormula("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(neutraliseFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutraliseFormula("\t=1")).toBe("'\t=1");
    expect(neutraliseFormula("\r=1")).toBe("'\r=1");
    expect(neutraliseFormula("\n=1+1")).toBe("'\n=1+1");
    expect(neutraliseFormula("  =1+1")).toBe("'  =1+1");
    expect(neutraliseFormula("＝1+1")).toBe("'＝1+1");
    expect(neutraliseFormula("＠SUM(A1)")).toBe("'＠SUM(A1)");
    expect(neutraliseFormula("\u3000－2+3")).toBe("'\u3000－2+3");
    // Controls and invisible format characters a spreadsheet may strip before deciding.
    for (const lead of [
      "\u0085",
      "\u200b",
      "\u180e",
      "\u2061",
      "\u001f",
      "\u00a0",
      "\ufeff",
      "\u3164",
      "\u115f",
      "\uffa0",
      "\u034f",
      "\u2800",
      "\u0301",
    ])
      expect(neutraliseFormula(`${lead}=1`)).toBe(`'${lead}=1`);
    expect(neutraliseFormula("-5")).toBe("-5");
    expect(neutraliseFormula("-1.5e3")).toBe("-1.5e3");
    expect(neutraliseFormula("a=b")).toBe("a=b");
    expect(neutraliseFormula("")).toBe("");
  });

  it("ends each record with CRLF and neutralises before quoting", () => {
    expect(csvLine(["a", "b,c", '=HYPERLINK("x")'])).toBe('"a","b,c","\'=HYPERLINK(""x"")"\r\n');
  });

  it("writes strings as they are, other JSON as JSON, and nothing for a missing value", () => {
    expect(metadataCell("pro")).toBe("pro");
    expect(metadataCell(3)).toBe("3");
    expect(metadataCell(true)).toBe("true");
    expect(metadataCell(null)).toBe("null");
    expect(metadataCell([1, "a"])).toBe('[1,"a"]');
    expect(metadataCell({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
    expect(metadataCell(undefined)).toBe("");
  });

  it("law: a strict RFC 4180 reader gives back every record's cells, neutralised", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        (records) => {
          const text = records.map(csvLine).join("");
          expect(parseCsv(text)).toEqual(records.map((cells) => cells.map(neutraliseFormula)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("law: no written cell starts a formula, and a safe cell is written unchanged", () => {
    fc.assert(
      fc.property(cell, (text) => {
        const written = neutraliseFormula(text);
        const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text);
        if (!number) expect(STARTS_FORMULA.test(written)).toBe(false);
        if (!STARTS_FORMULA.test(text)) expect(written).toBe(text);
        // Nothing is lost: the apostrophe is the only change.
        expect([text, `'${text}`]).toContain(written);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("export records", () => {
  const user: ExportedUser = {
    id: "user_1",
    primaryEmail: "ada@example.com",
    name: "Ada Lovelace",
    metadata: {
      public_metadata: { plan: "pro", "odd, key": { n: 1 }, tags: ["a", "b"], nothing: null },
      private_metadata: { billing: { seats: 12 } },
    },
  };

  it("heads the columns with the fixed ones, then each path as it was written", () => {
    expect(
      exportHeader(paths('public_metadata.plan, public_metadata["odd, key"].n,unsafe_metadata.x')),
    ).toBe(
      '"id","primary_email","name","public_metadata.plan","public_metadata[""odd, key""].n","unsafe_metadata.x"\r\n',
    );
    expect(exportHeader([])).toBe('"id","primary_email","name"\r\n');
  });

  it("reads each path's value from the user's documents", () => {
    const chosen = paths(
      'public_metadata.plan, private_metadata.billing.seats, public_metadata["odd, key"], public_metadata.tags, public_metadata.nothing, public_metadata.tags.0, unsafe_metadata.x, public_metadata.plan.deeper',
    );
    expect(parseCsv(exportRow(user, chosen))).toEqual([
      [
        "user_1",
        "ada@example.com",
        "Ada Lovelace",
        "pro",
        "12",
        '{"n":1}',
        '["a","b"]',
        "null",
        "",
        "",
        "",
      ],
    ]);
  });

  it("leaves an unknown email and name empty, and neutralises what the user wrote", () => {
    const row = exportRow(
      { id: "user_2", primaryEmail: null, name: "=cmd|' /C calc'!A0", metadata: {} },
      paths("public_metadata.plan"),
    );
    expect(parseCsv(row)).toEqual([["user_2", "", "'=cmd|' /C calc'!A0", ""]]);
  });

  it("names the file after the moment, in UTC, to the minute", () => {
    expect(exportFileName(new Date(Date.UTC(2026, 0, 31, 9, 42, 7)))).toBe(
      "users-20260131-0942.csv",
    );
  });
});
