import { describe, expect, test } from "vitest";
import { ROLES } from "#db/reference-data";
import {
  OUTGOING_ACTIONS,
  OUTGOING_STATUSES,
  availableActions,
  decideTransition,
  isSecretConfidentiality,
  type OutgoingAction,
  type OutgoingStatus,
  type WorkflowActor,
} from "#app/domain/outgoing/workflow";
import { OUTGOING_STATUSES as DB_STATUSES } from "#db/schema/outgoing";

const DRAFTING_UNIT = 10;
const perms = (role: keyof typeof ROLES) => ROLES[role].permissions;
const ACTORS: Record<string, WorkflowActor> = {
  drafter: { id: 1, unitId: DRAFTING_UNIT, permissions: perms("specialist") },
  otherSpecialist: { id: 2, unitId: DRAFTING_UNIT, permissions: perms("specialist") },
  deptLead: { id: 3, unitId: DRAFTING_UNIT, permissions: perms("dept_lead") },
  otherDeptLead: { id: 4, unitId: 99, permissions: perms("dept_lead") },
  officeLead: { id: 5, unitId: 20, permissions: perms("office_lead") },
  signer: { id: 6, unitId: 1, permissions: perms("leader") },
  otherLeader: { id: 7, unitId: 1, permissions: perms("leader") },
  clerk: { id: 8, unitId: 20, permissions: perms("clerk") },
  admin: { id: 9, unitId: 20, permissions: perms("admin") },
};
const doc = (status: OutgoingStatus, createdBy = 1) => ({ status, createdBy, draftingUnitId: DRAFTING_UNIT, signerId: 6 });
const secretDoc = (status: OutgoingStatus, confidentiality = "confidential", createdBy = 1) => ({ ...doc(status, createdBy), confidentiality });

// The full table: [status, action, actor] → next status; anything not listed is refused.
const ALLOWED: Array<[OutgoingStatus, OutgoingAction, string, OutgoingStatus]> = [
  ["draft", "edit", "drafter", "draft"],
  ["draft", "submit", "drafter", "dept_review"],
  ["dept_review", "approve", "deptLead", "office_review"],
  ["dept_review", "return", "deptLead", "draft"],
  ["office_review", "approve", "officeLead", "leader_review"],
  ["office_review", "return", "officeLead", "draft"],
  ["leader_review", "sign", "signer", "signed"],
  ["leader_review", "return", "signer", "draft"],
  ["signed", "issue", "clerk", "issued"],
  ["signed", "return", "clerk", "draft"],
  ["signed", "return", "signer", "draft"],
  ["issued", "recall", "clerk", "recalled"],
  ["issued", "recall", "signer", "recalled"],
  ["issued", "recall", "otherLeader", "recalled"],
];

describe("outgoing workflow", () => {
  test("the domain and the schema list the same statuses", () => {
    expect([...OUTGOING_STATUSES]).toEqual([...DB_STATUSES]);
  });

  for (const status of OUTGOING_STATUSES) {
    for (const action of OUTGOING_ACTIONS) {
      for (const [name, actor] of Object.entries(ACTORS)) {
        const allowed = ALLOWED.find(([s, a, who]) => s === status && a === action && who === name);
        test(`${status} --${action}--> by ${name}: ${allowed ? `allowed → ${allowed[3]}` : "refused"}`, () => {
          const decision = decideTransition(doc(status), action, actor);
          if (allowed) {
            expect(decision).toEqual({ ok: true, to: allowed[3] });
          } else {
            expect(decision.ok).toBe(false);
            if (!decision.ok) expect(decision.message).toMatch(/\S/);
          }
        });
      }
    }
  }

  test("a wrong state is INVALID_STATE even for the right role; a wrong role in the right state is FORBIDDEN", () => {
    expect(decideTransition(doc("draft"), "issue", ACTORS.clerk)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(decideTransition(doc("signed"), "issue", ACTORS.drafter)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decideTransition(doc("dept_review"), "approve", ACTORS.otherDeptLead)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decideTransition(doc("leader_review"), "sign", ACTORS.otherLeader)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decideTransition(doc("recalled"), "recall", ACTORS.clerk)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  test("a drafter who leads the drafting unit skips department review", () => {
    const leadDraft = doc("draft", ACTORS.deptLead.id);
    expect(decideTransition(leadDraft, "submit", ACTORS.deptLead)).toEqual({ ok: true, to: "office_review" });
  });

  test("a draft from a unit without a department lead goes straight to office review", () => {
    expect(decideTransition({ ...doc("draft"), unitHasNoDeptReviewer: true }, "submit", ACTORS.drafter)).toEqual({ ok: true, to: "office_review" });
  });

  test("availableActions lists what the UI offers", () => {
    expect(availableActions(doc("draft"), ACTORS.drafter)).toEqual(["edit", "submit"]);
    expect(availableActions(doc("leader_review"), ACTORS.signer)).toEqual(["return", "sign"]);
    expect(availableActions(doc("signed"), ACTORS.clerk)).toEqual(["return", "issue"]);
    expect(availableActions(doc("recalled"), ACTORS.clerk)).toEqual([]);
  });
});

// Secret documents (Mật, Tối mật, Tuyệt mật): same review chain; the signer records a paper approval
// and the clerk numbers it on paper; digital signing and sealing are refused.
const SECRET_ALLOWED: Array<[OutgoingStatus, OutgoingAction, string, OutgoingStatus]> = [
  ["draft", "edit", "drafter", "draft"],
  ["draft", "submit", "drafter", "dept_review"],
  ["dept_review", "approve", "deptLead", "office_review"],
  ["dept_review", "return", "deptLead", "draft"],
  ["office_review", "approve", "officeLead", "leader_review"],
  ["office_review", "return", "officeLead", "draft"],
  ["leader_review", "approve_paper", "signer", "signed"],
  ["leader_review", "return", "signer", "draft"],
  ["signed", "issue_paper", "clerk", "issued"],
  ["signed", "return", "clerk", "draft"],
  ["signed", "return", "signer", "draft"],
  ["issued", "recall", "clerk", "recalled"],
  ["issued", "recall", "signer", "recalled"],
  ["issued", "recall", "otherLeader", "recalled"],
];

describe("outgoing workflow — secret documents", () => {
  for (const status of OUTGOING_STATUSES) {
    for (const action of OUTGOING_ACTIONS) {
      for (const [name, actor] of Object.entries(ACTORS)) {
        const allowed = SECRET_ALLOWED.find(([s, a, who]) => s === status && a === action && who === name);
        test(`secret: ${status} --${action}--> by ${name}: ${allowed ? `allowed → ${allowed[3]}` : "refused"}`, () => {
          const decision = decideTransition(secretDoc(status), action, actor);
          if (allowed) {
            expect(decision).toEqual({ ok: true, to: allowed[3] });
          } else {
            expect(decision.ok).toBe(false);
            if (!decision.ok) expect(decision.message).toMatch(/\S/);
          }
        });
      }
    }
  }

  test("every secret level is secret; ordinary and missing are not", () => {
    expect(["confidential", "secret", "top_secret"].map(isSecretConfidentiality)).toEqual([true, true, true]);
    expect(isSecretConfidentiality("normal")).toBe(false);
    expect(isSecretConfidentiality(undefined)).toBe(false);
  });

  test("digital signing and sealing a secret document are INVALID_STATE even for the assigned signer and the clerk", () => {
    for (const level of ["confidential", "secret", "top_secret"]) {
      expect(decideTransition(secretDoc("leader_review", level), "sign", ACTORS.signer)).toMatchObject({
        ok: false,
        code: "INVALID_STATE",
        message: expect.stringMatching(/bản giấy/),
      });
      expect(decideTransition(secretDoc("signed", level), "issue", ACTORS.clerk)).toMatchObject({
        ok: false,
        code: "INVALID_STATE",
        message: expect.stringMatching(/mật/),
      });
    }
  });

  test("paper approval and paper issue are refused for ordinary documents", () => {
    expect(decideTransition(doc("leader_review"), "approve_paper", ACTORS.signer)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(decideTransition({ ...doc("leader_review"), confidentiality: "normal" }, "approve_paper", ACTORS.signer)).toMatchObject({
      ok: false,
      code: "INVALID_STATE",
    });
    expect(decideTransition(doc("signed"), "issue_paper", ACTORS.clerk)).toMatchObject({ ok: false, code: "INVALID_STATE" });
  });

  test("paper approval follows the signing rules: only the intended signer (FORBIDDEN otherwise); the state comes first", () => {
    expect(decideTransition(secretDoc("leader_review"), "approve_paper", ACTORS.otherLeader)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decideTransition(secretDoc("leader_review"), "approve_paper", ACTORS.clerk)).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(decideTransition(secretDoc("office_review"), "approve_paper", ACTORS.signer)).toMatchObject({ ok: false, code: "INVALID_STATE" });
    expect(decideTransition(secretDoc("signed"), "issue_paper", ACTORS.drafter)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  test("availableActions offers the paper steps for secret documents", () => {
    expect(availableActions(secretDoc("leader_review"), ACTORS.signer)).toEqual(["return", "approve_paper"]);
    expect(availableActions(secretDoc("signed"), ACTORS.clerk)).toEqual(["return", "issue_paper"]);
    expect(availableActions(doc("leader_review"), ACTORS.signer)).toEqual(["return", "sign"]);
  });
});
