import { describe, expect, it } from "vitest";
import {
  makeRecommendation,
  openInquiry,
  overdueResponses,
  respondToRecommendation,
  responseCounts,
  responseStatus,
  type Recommendation,
} from "./scrutiny";

const inquiry = {
  id: "i1",
  committeeKind: "ics_scrutiny_committee",
  committeeName: "Demo Vale ICS Scrutiny Committee",
  localAuthorityCode: null,
  title: "Waiting times for community mental health services",
  termsOfReference: "How long people wait, and why.",
  openedOn: "2025-05-01",
  sessions: ["2025-07-10", "2025-06-12", "2025-07-10"],
};
const rec = (id: string, due: string): Recommendation => ({
  id,
  inquiryId: "i1",
  number: id,
  text: "Publish waiting times by place every month.",
  addressedTo: "ICB board",
  madeOn: "2025-09-01",
  responseDueOn: due,
});
const response = {
  recommendationId: "r1",
  outcome: "partly_accepted",
  text: "Quarterly, from April.",
  respondingBody: "ICB board",
  respondedOn: "2025-10-20",
};

describe("scrutiny inquiries", () => {
  it("opens an inquiry with its public sessions in date order, once each", () => {
    const result = openInquiry(inquiry);
    expect(result.ok && result.value.sessions).toEqual([
      "2025-06-12",
      "2025-07-10",
    ]);
  });

  it("refuses a Health Overview and Scrutiny Committee without its local authority", () => {
    const result = openInquiry({
      ...inquiry,
      committeeKind: "health_overview_and_scrutiny_committee",
    });
    expect(!result.ok && result.error).toMatchObject({
      code: "invalid_scrutiny",
      message: expect.stringMatching(/^localAuthorityCode:/) as unknown,
    });
  });

  it("refuses a public session before the inquiry opened", () => {
    const result = openInquiry({ ...inquiry, sessions: ["2025-04-01"] });
    expect(!result.ok && result.error.message).toMatch(/2025-04-01/);
  });

  it("names the field at fault when an inquiry is incomplete", () => {
    const result = openInquiry({ ...inquiry, termsOfReference: " " });
    expect(!result.ok && result.error.message).toMatch(
      /termsOfReference: terms of reference is empty/,
    );
  });

  it("refuses a recommendation whose deadline is not after it is made", () => {
    const result = makeRecommendation(rec("r1", "2025-09-01"), inquiry);
    expect(!result.ok && result.error.message).toMatch(/^responseDueOn:/);
  });

  it("refuses a recommendation made before the inquiry opened", () => {
    const result = makeRecommendation(
      { ...rec("r1", "2025-11-01"), madeOn: "2025-04-30" },
      inquiry,
    );
    expect(!result.ok && result.error.message).toMatch(/^madeOn:/);
  });

  it("refuses a second response to the same recommendation", () => {
    const first = respondToRecommendation(
      response,
      rec("r1", "2025-11-01"),
      null,
    );
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const second = respondToRecommendation(
      { ...response, outcome: "accepted" },
      rec("r1", "2025-11-01"),
      first.value,
    );
    expect(!second.ok && second.error.code).toBe("already_responded");
  });

  it("refuses a response dated before the recommendation", () => {
    const result = respondToRecommendation(
      { ...response, respondedOn: "2025-08-31" },
      rec("r1", "2025-11-01"),
      null,
    );
    expect(!result.ok && result.error.message).toMatch(/^respondedOn:/);
  });

  it("refuses an outcome outside accepted, partly accepted and rejected", () => {
    const result = respondToRecommendation(
      { ...response, outcome: "noted" },
      rec("r1", "2025-11-01"),
      null,
    );
    expect(!result.ok && result.error.message).toMatch(/^outcome:/);
  });
});

describe("where a response stands", () => {
  const due = rec("r1", "2025-11-01");

  it("is awaiting up to and including the deadline day", () => {
    expect(responseStatus(due, null, "2025-11-01")).toBe("awaiting");
  });

  it("is overdue the day after the deadline with no response", () => {
    expect(responseStatus(due, null, "2025-11-02")).toBe("overdue");
  });

  it("is answered when the response came by the deadline", () => {
    expect(
      responseStatus(due, { respondedOn: "2025-11-01" }, "2025-12-01"),
    ).toBe("answered");
  });

  it("is answered late when the response came after the deadline", () => {
    expect(
      responseStatus(due, { respondedOn: "2025-11-05" }, "2025-12-01"),
    ).toBe("answered_late");
  });

  it("as at a date before a late response, shows it overdue then", () => {
    expect(
      responseStatus(due, { respondedOn: "2025-11-05" }, "2025-11-03"),
    ).toBe("overdue");
  });

  it("lists overdue responses longest overdue first and counts each state", () => {
    const recs = [
      rec("r1", "2025-11-01"),
      rec("r2", "2025-10-01"),
      rec("r3", "2026-01-01"),
      rec("r4", "2025-10-15"),
    ];
    const responses = new Map([["r4", { respondedOn: "2025-10-10" }]]);
    expect(
      overdueResponses(recs, responses, "2025-12-01").map((r) => r.id),
    ).toEqual(["r2", "r1"]);
    expect(responseCounts(recs, responses, "2025-12-01")).toEqual({
      answered: 1,
      answered_late: 0,
      awaiting: 1,
      overdue: 2,
    });
  });
});
