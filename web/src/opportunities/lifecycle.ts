// The moderator's two decisions on a submitted opportunity, taken on the moderation page and
// on the opportunity's own editor alike.
import { graphql } from "../gql";

export const PUBLISH = graphql(`
  mutation PublishOpportunity($id: ID!) {
    publishOpportunity(id: $id) {
      id
      status
    }
  }
`);

export const REJECT = graphql(`
  mutation RejectOpportunity($id: ID!, $reason: String!) {
    rejectOpportunity(id: $id, reason: $reason) {
      id
      status
    }
  }
`);
