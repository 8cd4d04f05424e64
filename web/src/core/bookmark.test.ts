import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TypedDocumentString } from "../gql/graphql";
import { request } from "./api";
import { bookmark, forget } from "./bookmark";

const ME = new TypedDocumentString("query Me { me { id } }");
const WRITE = new TypedDocumentString("mutation { markAllNotificationsRead }");

function answer(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers });
}

describe("the bookmark of the last write", () => {
  beforeEach(() => {
    vi.stubGlobal("document", { cookie: "kring_csrf=c" });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    forget();
  });

  it("is kept from a response and sent on every request after it", async () => {
    const sent: (string | null)[] = [];
    const replies = [
      answer(200, { data: { me: { id: "1" } } }),
      answer(200, { data: { markAllNotificationsRead: 0 } }, { "kring-bookmark": "sealed.one" }),
      answer(200, { data: { me: { id: "1" } } }),
    ];
    vi.stubGlobal("fetch", (_url: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get("kring-bookmark"));
      return Promise.resolve(replies.shift());
    });
    await request(ME, {});
    await request(WRITE, {});
    await request(ME, {});
    expect(sent).toEqual([null, null, "sealed.one"]);
    expect(bookmark()).toBe("sealed.one");
  });

  it("is dropped when the server refuses it, and the request goes again once without it", async () => {
    const sent: (string | null)[] = [];
    const replies = [
      answer(200, { data: { markAllNotificationsRead: 0 } }, { "kring-bookmark": "stale.one" }),
      answer(400, { errors: [{ message: "The Kring-Bookmark header is not one this Kring handed out" }] }),
      answer(200, { data: { me: { id: "1" } } }),
    ];
    vi.stubGlobal("fetch", (_url: string, init: RequestInit) => {
      sent.push(new Headers(init.headers).get("kring-bookmark"));
      return Promise.resolve(replies.shift());
    });
    await request(WRITE, {});
    await expect(request(ME, {})).resolves.toEqual({ me: { id: "1" } });
    expect(sent).toEqual([null, "stale.one", null]);
    expect(bookmark()).toBeNull();
  });
});
