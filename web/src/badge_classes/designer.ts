// The badge-class designer's decisions, without DOM: the form's draft from a class and back to
// the API's inputs (an edit sends only what changed, never a frozen part), the checks the
// server makes, made first so they read in the admin's language, and the live preview's URL.
import type {
  CreateBadgeClassInput,
  Domain,
  Level,
  Relationship,
  UpdateBadgeClassInput,
} from "../gql/graphql";
import { DEFAULT_POLICY } from "../recognition/claimPresent";

// The server's bounds (server/graphql/badge_classes/inputs.py, badges/images.py).
export const NAME_MAX = 200;
export const TEXT_MAX = 5000;
export const EXPIRY_MAX_DAYS = 3650;
export const POLICY_MAX = 10;
export const MAX_ALIGNMENTS = 20;
export const MAX_REQUIRES = 10;
export const RUBRIC_CRITERIA = [2, 6] as const;
export const RUBRIC_LEVELS = [2, 5] as const;
export const IMAGE_MAX_BYTES = 256 * 1024;
export const IMAGE_SIDE = [64, 2048] as const;

export interface Competency {
  framework: string;
  code: string;
  name: string;
  url?: string | null;
}

export interface CriterionDraft {
  name: string;
  description: string;
  levels: string[];
  minimumLevel: number | null;
}

export interface Draft {
  name: string;
  description: string;
  criteria: string;
  domain: Domain;
  level: Level;
  alignments: Competency[];
  policyMinimum: number;
  relationships: Relationship[];
  requireOneOf: Relationship[];
  expiresAfterDays: string; // as typed; blank: never
  requires: string[];
  rubric: CriterionDraft[];
  autoIssueParticipations: boolean;
  autoIssueOnCompletion: boolean;
  image: string | null; // a new PNG as a data: URL
}

/** The class as the API gives it, as far as the designer needs it. */
export interface ClassFacts {
  name: string;
  description: string;
  criteria: string;
  domain: Domain;
  level: Level;
  alignments: Competency[];
  expiresAfterDays?: number | null;
  endorsementPolicy: { minimum: number; relationships: Relationship[]; requireOneOf: Relationship[] };
  requires: { id: string }[];
  rubric: { name: string; description: string; levels: string[]; minimumLevel?: number | null }[];
  issuance: { autoIssueParticipations: boolean; autoIssueOnCompletion: boolean };
}

export function emptyDraft(): Draft {
  return {
    name: "",
    description: "",
    criteria: "",
    domain: "DIGITAL_LITERACY",
    level: "BEGINNER",
    alignments: [],
    policyMinimum: DEFAULT_POLICY.minimum,
    relationships: [...DEFAULT_POLICY.relationships],
    requireOneOf: [...DEFAULT_POLICY.requireOneOf],
    expiresAfterDays: "",
    requires: [],
    rubric: [],
    autoIssueParticipations: false,
    autoIssueOnCompletion: false,
    image: null,
  };
}

export function draftFrom(b: ClassFacts): Draft {
  return {
    name: b.name,
    description: b.description,
    criteria: b.criteria,
    domain: b.domain,
    level: b.level,
    alignments: b.alignments.map(({ framework, code, name, url }) => ({ framework, code, name, url: url ?? null })),
    policyMinimum: b.endorsementPolicy.minimum,
    relationships: [...b.endorsementPolicy.relationships],
    requireOneOf: [...b.endorsementPolicy.requireOneOf],
    expiresAfterDays: b.expiresAfterDays ? String(b.expiresAfterDays) : "",
    requires: b.requires.map((r) => r.id),
    rubric: b.rubric.map((k) => ({
      name: k.name,
      description: k.description,
      levels: [...k.levels],
      minimumLevel: k.minimumLevel ?? null,
    })),
    autoIssueParticipations: b.issuance.autoIssueParticipations,
    autoIssueOnCompletion: b.issuance.autoIssueOnCompletion,
    image: null,
  };
}

export type Problem = { field: string; key: ProblemKey; params?: Record<string, number> };
export type ProblemKey =
  | "designer.problem.required"
  | "designer.problem.expiry"
  | "designer.problem.relationships"
  | "designer.problem.requireOneOf"
  | "designer.problem.rubricCount"
  | "designer.problem.rubricLevels"
  | "designer.problem.rubricName"
  | "designer.problem.rubricNames"
  | "designer.problem.rubricMinimum"
  | "designer.problem.completion";

function expiryDays(text: string): number | null | "bad" {
  if (!text.trim()) return null;
  const days = Number(text);
  return Number.isInteger(days) && days >= 1 && days <= EXPIRY_MAX_DAYS ? days : "bad";
}

/** What the server would refuse in the draft, first problem per field, in form order. */
export function draftProblems(draft: Draft): Problem[] {
  const problems: Problem[] = [];
  for (const field of ["name", "description", "criteria"] as const) {
    if (!draft[field].trim()) problems.push({ field, key: "designer.problem.required" });
  }
  if (draft.policyMinimum > 0 && draft.relationships.length === 0) {
    problems.push({ field: "relationships", key: "designer.problem.relationships" });
  }
  if (draft.requireOneOf.some((r) => !draft.relationships.includes(r))) {
    problems.push({ field: "requireOneOf", key: "designer.problem.requireOneOf" });
  }
  if (expiryDays(draft.expiresAfterDays) === "bad") {
    problems.push({ field: "expiresAfterDays", key: "designer.problem.expiry", params: { max: EXPIRY_MAX_DAYS } });
  }
  if (draft.autoIssueOnCompletion && draft.requires.length === 0) {
    problems.push({ field: "autoIssueOnCompletion", key: "designer.problem.completion" });
  }
  problems.push(...rubricProblems(draft.rubric));
  return problems;
}

/** What the server would refuse in a rubric (also a badge template's, which allows fewer). */
export function rubricProblems(
  rubric: CriterionDraft[],
  [fewest, most]: readonly [number, number] = RUBRIC_CRITERIA,
): Problem[] {
  const problems: Problem[] = [];
  if (rubric.length > 0 && (rubric.length < fewest || rubric.length > most)) {
    problems.push({ field: "rubric", key: "designer.problem.rubricCount", params: { min: fewest, max: most } });
  }
  const [lowest, highest] = RUBRIC_LEVELS;
  rubric.forEach((k, i) => {
    const levels = k.levels.filter((l) => l.trim());
    if (!k.name.trim()) problems.push({ field: `rubric.${i}`, key: "designer.problem.rubricName" });
    else if (levels.length < lowest || levels.length > highest) {
      problems.push({ field: `rubric.${i}`, key: "designer.problem.rubricLevels", params: { min: lowest, max: highest } });
    } else if (k.minimumLevel !== null && (k.minimumLevel < 1 || k.minimumLevel > levels.length)) {
      problems.push({ field: `rubric.${i}`, key: "designer.problem.rubricMinimum" });
    }
  });
  const names = rubric.map((k) => k.name.trim()).filter(Boolean);
  if (new Set(names).size !== names.length) problems.push({ field: "rubric", key: "designer.problem.rubricNames" });
  return problems;
}

export function rubricInput(rubric: CriterionDraft[]) {
  return rubric.map((k) => ({
    name: k.name.trim(),
    description: k.description.trim(),
    levels: k.levels.map((l) => l.trim()).filter(Boolean),
    minimumLevel: k.minimumLevel,
  }));
}

function policyInput(draft: Draft) {
  return { minimum: draft.policyMinimum, relationships: draft.relationships, requireOneOf: draft.requireOneOf };
}

function alignmentInput(alignments: Competency[]) {
  return alignments.map(({ framework, code, name, url }) => ({ framework, code, name, url: url ?? null }));
}

export function createInput(issuerId: string, draft: Draft): CreateBadgeClassInput {
  const expiry = expiryDays(draft.expiresAfterDays);
  return {
    issuerId,
    name: draft.name.trim(),
    description: draft.description.trim(),
    criteria: draft.criteria.trim(),
    domain: draft.domain,
    level: draft.level,
    alignments: alignmentInput(draft.alignments),
    image: draft.image,
    expiresAfterDays: typeof expiry === "number" ? expiry : null,
    endorsementPolicy: policyInput(draft),
    requires: draft.requires,
    rubric: rubricInput(draft.rubric),
    autoIssueParticipations: draft.autoIssueParticipations,
    autoIssueOnCompletion: draft.autoIssueOnCompletion,
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const sorted = (values: readonly string[]): string[] => [...values].sort();
const keys = (alignments: Competency[]): string[] => sorted(alignments.map((a) => `${a.framework}|${a.code}`));

/** The edit to send: only the parts that differ from the class as loaded, and never a frozen
 * one (the form shows those read-only; the server refuses them anyway). */
export function updateInput(before: Draft, after: Draft, frozen: readonly string[]): UpdateBadgeClassInput {
  const input: UpdateBadgeClassInput = {};
  const open = (field: string): boolean => !frozen.includes(field);
  for (const field of ["name", "description", "criteria"] as const) {
    if (open(field) && after[field].trim() !== before[field].trim()) input[field] = after[field].trim();
  }
  if (open("domain") && after.domain !== before.domain) input.domain = after.domain;
  if (open("level") && after.level !== before.level) input.level = after.level;
  if (open("alignments") && !same(keys(after.alignments), keys(before.alignments))) {
    input.alignments = alignmentInput(after.alignments);
  }
  if (open("image") && after.image) input.image = after.image;
  const expiry = expiryDays(after.expiresAfterDays);
  if (expiry !== expiryDays(before.expiresAfterDays) && expiry !== "bad") input.expiresAfterDays = expiry;
  const policy = policyInput(after);
  const policyBefore = policyInput(before);
  if (
    policy.minimum !== policyBefore.minimum ||
    !same(sorted(policy.relationships), sorted(policyBefore.relationships)) ||
    !same(sorted(policy.requireOneOf), sorted(policyBefore.requireOneOf))
  ) {
    input.endorsementPolicy = policy;
  }
  if (!same(sorted(after.requires), sorted(before.requires))) input.requires = after.requires;
  if (open("rubric") && !same(rubricInput(after.rubric), rubricInput(before.rubric))) {
    input.rubric = rubricInput(after.rubric);
  }
  if (
    after.autoIssueParticipations !== before.autoIssueParticipations ||
    after.autoIssueOnCompletion !== before.autoIssueOnCompletion
  ) {
    input.autoIssueParticipations = after.autoIssueParticipations;
    input.autoIssueOnCompletion = after.autoIssueOnCompletion;
  }
  return input;
}

/** The branded image a class with these facts would get, drawn by the server. */
export function previewUrl(issuerId: string, name: string, domain: Domain, level: Level): string {
  const params = new URLSearchParams({
    issuer: issuerId,
    name: name.trim().slice(0, NAME_MAX),
    domain,
    level: String(LEVEL_NUMBER[level]),
  });
  return `/badge-classes/preview.svg?${params.toString()}`;
}

export const LEVEL_NUMBER: Record<Level, number> = { BEGINNER: 1, INTERMEDIATE: 2, EXPERT: 3 };

export type ImageProblem =
  | { key: "designer.image.tooLarge"; params: { kib: number } }
  | { key: "designer.image.notPng" }
  | { key: "designer.image.damaged" }
  | { key: "designer.image.size"; params: { min: number; max: number } };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the server's PNG checks (badges/images.py decode_png_data_url) would refuse: size,
 * signature, the image header and the sides. null: it passes these. */
export function imageProblem(bytes: Uint8Array): ImageProblem | null {
  if (bytes.length > IMAGE_MAX_BYTES) return { key: "designer.image.tooLarge", params: { kib: IMAGE_MAX_BYTES / 1024 } };
  if (bytes.length < 8 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return { key: "designer.image.notPng" };
  const header = String.fromCharCode(...bytes.slice(12, 16));
  if (bytes.length < 24 || header !== "IHDR") return { key: "designer.image.damaged" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const [min, max] = IMAGE_SIDE;
  if (width < min || width > max || height < min || height > max) {
    return { key: "designer.image.size", params: { min, max } };
  }
  return null;
}

/** A data: URL of the bytes, as createBadgeClass takes an image. */
export function pngDataUrl(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return `data:image/png;base64,${btoa(binary)}`;
}

/** Why a class's fields are frozen: officially validated, badges issued, or only claimed. */
export type FrozenBy = "validated" | "issued" | "claimed";

export function frozenBy(validated: boolean, badgesIssued: boolean): FrozenBy {
  return validated ? "validated" : badgesIssued ? "issued" : "claimed";
}

/** The frozen field's reason: the university's validation, what issued badges state, or (the
 * rubric alone) the claims assessed on it. */
export function frozenReason(
  field: string,
  by: FrozenBy,
): "designer.frozen.validated" | "designer.frozen.issued" | "designer.frozen.claimed" {
  if (by === "validated") return "designer.frozen.validated";
  return field === "rubric" && by === "claimed" ? "designer.frozen.claimed" : "designer.frozen.issued";
}
