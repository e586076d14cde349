import { describe, expect, test } from "vitest";
import { outgoingCan } from "#app/domain/outgoing/access";

const doc = (status: Parameters<typeof outgoingCan>[0]["status"], confidentiality = "normal") => ({
  status,
  createdBy: 1,
  draftingUnitId: 10,
  signerId: 2,
  confidentiality,
});
const drafter = { id: 1, unitId: 10, permissions: ["draft:outgoing"] };
const leader = { id: 2, unitId: 20, permissions: ["sign:outgoing"] };
const clerk = { id: 3, unitId: 20, permissions: ["issue:outgoing", "recall:outgoing"] };

describe("outgoingCan: what the detail page offers, from the state machine", () => {
  test("the drafter edits and submits a draft; nobody else does", () => {
    expect(outgoingCan(doc("draft"), drafter)).toMatchObject({ edit: true, submit: true, sign: false, processCard: true });
    expect(outgoingCan(doc("draft"), leader)).toMatchObject({ edit: false, submit: false, processCard: false });
  });
  test("the intended signer signs an ordinary document and approves a secret one on paper", () => {
    expect(outgoingCan(doc("leader_review"), leader)).toMatchObject({ sign: true, approvePaper: false, return: true });
    expect(outgoingCan(doc("leader_review", "secret"), leader)).toMatchObject({ sign: false, approvePaper: true, return: true });
    // The review card is shown at a review step even to someone who only watches it.
    expect(outgoingCan(doc("leader_review"), drafter)).toMatchObject({ sign: false, return: false, processCard: true });
  });
  test("the clerk issues (or numbers on paper) and recalls; a drafter may draft a replacement of an issued document", () => {
    expect(outgoingCan(doc("signed"), clerk)).toMatchObject({ issue: true, issuePaper: false, recall: false });
    expect(outgoingCan(doc("signed", "secret"), clerk)).toMatchObject({ issue: false, issuePaper: true });
    expect(outgoingCan(doc("issued"), clerk)).toMatchObject({ recall: true, draftReplacement: false, processCard: true });
    expect(outgoingCan(doc("issued"), drafter)).toMatchObject({ recall: false, draftReplacement: true, processCard: false });
    expect(outgoingCan(doc("signed"), drafter).draftReplacement).toBe(false);
  });
});
