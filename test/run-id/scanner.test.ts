import { describe, expect, it } from "vitest";
import {
  CID_OK,
  checkClientId,
  checkTimestamp,
  repeatedUnit,
  TS_DATE,
  TS_OK,
  TS_SHAPE,
  TS_TIME,
} from "../../src/run-id/scanner.js";

describe("checkTimestamp", () => {
  it.each([
    ["251007-070457", TS_OK],
    ["240229-000000", TS_OK],
    ["000229-000000", TS_OK], // 2000 is a leap year (divisible by 400)
    ["250229-000000", TS_DATE],
    ["251301-000000", TS_DATE],
    ["251131-000000", TS_DATE],
    ["251007-240000", TS_TIME],
    ["251007-2400", TS_SHAPE],
    ["25100/-070457", TS_SHAPE],
    ["25100:-070457", TS_SHAPE],
    ["251007+070457", TS_SHAPE],
  ])("classifies %s", (s, code) => {
    expect(checkTimestamp(s)).toBe(code);
  });

  it("checks every day of 2000–2099 against Date", () => {
    for (let t = Date.UTC(2000, 0, 1); t < Date.UTC(2100, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString();
      const stamp = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-235959`;
      if (checkTimestamp(stamp) !== TS_OK) throw new Error(`${stamp} refused`);
    }
    // and refuses the day after each month's last
    for (let y = 0; y < 100; y++) {
      for (let m = 1; m <= 12; m++) {
        const last = new Date(Date.UTC(2000 + y, m, 0)).getUTCDate();
        const stamp = `${String(y).padStart(2, "0")}${String(m).padStart(2, "0")}${last + 1}-000000`;
        expect(checkTimestamp(stamp)).toBe(TS_DATE);
      }
    }
  });
});

describe("checkClientId", () => {
  it("reads from an offset without slicing", () => {
    expect(checkClientId("251007-070457-Guy", 14)).toBe(CID_OK);
    expect(checkClientId("251007-070457-Guy-Guy", 14)).not.toBe(CID_OK);
  });

  it("skips the NFC check only where that is sound: no pair below U+0300 changes under NFC", () => {
    for (let a = 0; a < 0x300; a += 1) {
      const x = String.fromCharCode(a);
      if (x.normalize("NFC") !== x) throw new Error(`U+${a.toString(16)} changes`);
      for (let b = 0; b < 0x300; b += 3) {
        const y = x + String.fromCharCode(b);
        if (y.normalize("NFC") !== y) throw new Error(`U+${a.toString(16)} U+${b.toString(16)}`);
      }
    }
  });
});

describe("repeatedUnit", () => {
  it.each([
    ["Guy-Wilson-Guy-Wilson", "Guy-Wilson"],
    ["a-a-a-a", "a"],
    ["ab-ab-ab", "ab"],
    ["CGuy-Wilson-CGuy-Wilson", "CGuy-Wilson"],
    ["Guy-Wilson", undefined],
    ["a-b-a", undefined],
    ["a-a-b", undefined],
    ["aa", undefined],
    ["-", undefined],
  ])("finds the unit of %s", (s, unit) => {
    expect(repeatedUnit(s)).toBe(unit);
  });
});
