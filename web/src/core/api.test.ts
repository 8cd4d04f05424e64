import { describe, expect, it } from "vitest";
import { TypedDocumentString } from "../gql/graphql";
import { operation } from "./api";

const HEX = "7f7247e245850809651ddd67b5a7a58bca75274900560bca945994b9365e1996";

describe("operation", () => {
  it("sends a generated document as its persisted hash, without its text", () => {
    const document = new TypedDocumentString("query Me { me { id } }", { hash: `sha256:${HEX}` });
    expect(operation(document)).toEqual({
      query: "",
      extensions: { persistedQuery: { version: 1, sha256Hash: HEX } },
    });
  });

  it("sends the text when asked to, or when the document has no hash", () => {
    const hashed = new TypedDocumentString("query Me { me { id } }", { hash: `sha256:${HEX}` });
    expect(operation(hashed, true)).toEqual({ query: "query Me { me { id } }" });
    expect(operation(new TypedDocumentString("{ me { id } }"))).toEqual({ query: "{ me { id } }" });
  });
});
