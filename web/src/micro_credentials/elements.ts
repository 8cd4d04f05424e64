// A curator's draft of the EU micro-credential elements, as typed into the validation form,
// and the input it becomes (the server checks every element again and names what is wrong).
import type { MicroCredentialInput } from "../gql/graphql";

export interface ElementsDraft {
  isMicroCredential: boolean;
  learningOutcomes: string;
  workloadHours: string;
  ectsCredits: string;
  eqfLevel: string;
  assessmentType: string;
  participation: string;
  qualityAssurance: string;
  prerequisites: string;
  supervision: string;
  stackability: string;
  country: string;
  awardingBody: string;
  legalIdentifier: string;
}

export const EMPTY_DRAFT: ElementsDraft = {
  isMicroCredential: false,
  learningOutcomes: "",
  workloadHours: "",
  ectsCredits: "",
  eqfLevel: "",
  assessmentType: "",
  participation: "",
  qualityAssurance: "",
  prerequisites: "",
  supervision: "",
  stackability: "",
  country: "",
  awardingBody: "",
  legalIdentifier: "",
};

/** The number typed, null when nothing was, NaN when it is no number (a comma counts as a
 * decimal point, as Dutch writes it). */
export function numberOf(text: string): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!cleaned) return null;
  return /^\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

function optional(text: string): string | null {
  return text.trim() || null;
}

/** The first number field holding something else than a number (JSON would send it as
 * null, as if left empty), else null. */
export function notANumber(draft: ElementsDraft): "workloadHours" | "ectsCredits" | null {
  if (Number.isNaN(numberOf(draft.workloadHours))) return "workloadHours";
  if (Number.isNaN(numberOf(draft.ectsCredits))) return "ectsCredits";
  return null;
}

/** The mutation's input, or null when nothing was stated (the class is validated without). */
export function draftInput(draft: ElementsDraft): MicroCredentialInput | null {
  const outcomes = draft.learningOutcomes
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const input: MicroCredentialInput = {
    isMicroCredential: draft.isMicroCredential,
    learningOutcomes: outcomes,
    workloadHours: numberOf(draft.workloadHours),
    ectsCredits: numberOf(draft.ectsCredits),
    eqfLevel: numberOf(draft.eqfLevel),
    assessmentType: optional(draft.assessmentType),
    participation: optional(draft.participation),
    qualityAssurance: optional(draft.qualityAssurance),
    prerequisites: optional(draft.prerequisites),
    supervision: optional(draft.supervision),
    stackability: optional(draft.stackability),
    country: optional(draft.country),
    awardingBody: optional(draft.awardingBody),
    legalIdentifier: optional(draft.legalIdentifier),
  };
  const stated = Object.entries(input).some(
    ([key, value]) => key !== "learningOutcomes" && key !== "isMicroCredential" && value !== null,
  );
  return draft.isMicroCredential || outcomes.length > 0 || stated ? input : null;
}
