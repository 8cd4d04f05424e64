// GraphQL over the browser session: HttpOnly cookies carry the tokens, and every request
// echoes the CSRF cookie in a header. An expired access token is refreshed once, silently.
import type { TypedDocumentString } from "../gql/graphql";
import { t } from "./i18n";

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field: string | null = null,
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
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export function csrfToken(cookies: string = document.cookie): string {
  for (const part of cookies.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === "kring_csrf") return decodeURIComponent(value.join("="));
  }
  return "";
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json", "x-csrf-token": csrfToken() },
    body: JSON.stringify(body),
  });
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

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  retried = false,
): Promise<TResult> {
  let response: Response;
  try {
    response = await post("/graphql", { query: document.toString(), variables });
  } catch {
    throw new ApiError("offline", "OFFLINE");
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<TResult>;
  const first = body.errors?.[0];
  const code = first?.extensions?.code ?? (response.ok ? "" : "INTERNAL_SERVER_ERROR");
  if (code === "UNAUTHENTICATED" && !retried && (await refreshSession())) {
    return request(document, variables, true);
  }
  if (first || !body.data) {
    throw new ApiError(first?.message ?? response.statusText, code, first?.extensions?.field ?? null);
  }
  return body.data;
}
