// The community-policy form's draft and what it sends: checked here so a person hears at once,
// while the server (setCommunityPolicy) stays the authority.
import { t } from "../core/i18n";
import type { CommunityPolicyInput, Relationship } from "../gql/graphql";
import { DEFAULT_POLICY, type PolicyFacts } from "./claimPresent";

export interface PolicyDraft {
  minimum: string;
  relationships: Relationship[];
  requireOneOf: Relationship[];
}

/** The form's start: the recorded policy, else the server's default (two, one from a teacher
 * or supervisor) for a university deciding for the first time. */
export function policyDraft(current: PolicyFacts | null): PolicyDraft {
  const policy = current ?? DEFAULT_POLICY;
  return {
    minimum: String(policy.minimum),
    relationships: [...policy.relationships],
    requireOneOf: [...policy.requireOneOf],
  };
}

/** The mutation's policy, or the problem to show. */
export function policyInput(draft: PolicyDraft): CommunityPolicyInput | string {
  const minimum = Number(draft.minimum.trim());
  if (!draft.minimum.trim() || !Number.isInteger(minimum) || minimum < 1 || minimum > 10) {
    return t("communityPolicy.problem.minimum");
  }
  if (draft.relationships.length === 0) return t("communityPolicy.problem.relationships");
  return {
    minimum,
    relationships: draft.relationships,
    requireOneOf: draft.requireOneOf.filter((r) => draft.relationships.includes(r)),
  };
}
