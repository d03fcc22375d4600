import { describe, expect, it } from "vitest";
import { PUBLIC_ACTOR, type Actor } from "../shared";
import { can } from "./permissions";

const officer: Actor = { id: "sec", role: "officer", icsCode: "QWE" };
const member: Actor = { id: "p1", role: "member", icsCode: "QWE" };

describe("governance permissions", () => {
  it("lets the public read but not see private papers", () => {
    expect([
      can(PUBLIC_ACTOR, "read"),
      can(PUBLIC_ACTOR, "read_private", { icsCode: "QWE" }),
    ]).toEqual([true, false]);
  });

  it("lets a member declare their own interests and no one else's", () => {
    expect([
      can(member, "declare_interest", { icsCode: "QWE", personId: "p1" }),
      can(member, "declare_interest", { icsCode: "QWE", personId: "p2" }),
    ]).toEqual([true, false]);
  });

  it("lets the board secretary record decisions only in their own ICS", () => {
    expect([
      can(officer, "record_decision", { icsCode: "QWE" }),
      can(officer, "record_decision", { icsCode: "QOX" }),
    ]).toEqual([true, false]);
  });
});
