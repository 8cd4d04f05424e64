// GraphQL over the browser session: HttpOnly cookies carry the tokens, and every request
// echoes the CSRF cookie in a header. An expired access token is refreshed once, silently.
// Documents go as their persisted hash (Apollo's persistedQuery extension), the server
// knowing the build's; a server that does not know it yet gets the text once instead.
import type { TypedDocumentString } from "../gql/graphql";
import { BOOKMARK_HEADER, bookmark, forget, remember } from "./bookmark";
import { t } from "./i18n";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | null = null,
    /** A finer, stable reason within the code (extensions.reason), when the server gives one. */
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

/** What to tell the person about a failed request: that they are offline, or why. */
export function errorText(caught: unknown): string {
  if (caught instanceof ApiError && caught.code === "OFFLINE") return t("error.offline");
  return caught instanceof Error ? caught.message : String(caught);
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string; reason?: string } }[];
}

export function csrfToken(cookies: string = document.cookie): string {
  for (const part of cookies.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === "kring_csrf") return decodeURIComponent(value.join("="));
  }
  return "";
}

async function post(url: string, body: unknown, retried = false): Promise<Response> {
  const sent = bookmark();
  const response = await fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {
      "content-type": "application/json",
      "x-csrf-token": csrfToken(),
      ...(sent ? { [BOOKMARK_HEADER]: sent } : {}),
    },
    body: JSON.stringify(body),
  });
  if (response.status === 400 && sent && !retried) {
    // Refused before anything ran: a bookmark this server does not take. Once without it.
    forget();
    return post(url, body, true);
  }
  remember(response.headers.get(BOOKMARK_HEADER));
  return response;
}

let refreshing: Promise<boolean> | null = null;

/** One refresh at a time, however many requests found the token expired. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= post("/auth/token", { grant_type: "refresh_token" })
    .then((response) => response.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export const PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND";

export interface Operation {
  query: string;
  extensions?: { persistedQuery: { version: 1; sha256Hash: string } };
}

/** A document as its persisted hash (the text left empty), or as its text (`asText`, or a
 * document the code generator gave no hash). */
export function operation<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  asText = false,
): Operation {
  const hash = (document.__meta__ as { hash?: string } | undefined)?.hash;
  if (asText || !hash?.startsWith("sha256:")) return { query: document.toString() };
  return { query: "", extensions: { persistedQuery: { version: 1, sha256Hash: hash.slice(7) } } };
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  retried = false,
  asText = false,
): Promise<TResult> {
  let response: Response;
  try {
    const { query, extensions } = operation(document, asText);
    response = await post("/graphql", query ? { query, variables } : { extensions, variables });
  } catch {
    throw new ApiError("offline", "OFFLINE");
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<TResult>;
  const first = body.errors?.[0];
  const code = first?.extensions?.code ?? (response.ok ? "" : "INTERNAL_SERVER_ERROR");
  if (code === PERSISTED_QUERY_NOT_FOUND && !asText) {
    return request(document, variables, retried, true);
  }
  if (code === "UNAUTHENTICATED" && !retried && (await refreshSession())) {
    return request(document, variables, true, asText);
  }
  if (first || !body.data) {
    throw new ApiError(
      first?.message ?? response.statusText,
      code,
      first?.extensions?.field ?? null,
      first?.extensions?.reason ?? null,
    );
  }
  return body.data;
}
