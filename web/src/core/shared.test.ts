// @vitest-environment happy-dom
import { h, render } from "preact";
import { describe, expect, it } from "vitest";
import { publishTo, type Shared, useShared } from "./shared";

function Shown({ shared }: { shared: Shared<string> }) {
  return h("p", null, useShared(shared));
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe("a value many components show", () => {
  it("reaches a component when it changed between its render and its effect", async () => {
    let value = "loading";
    const shared: Shared<string> = { read: () => value, listeners: new Set() };
    const root = document.createElement("div");
    render(h(Shown, { shared }), root);
    // Preact runs effects after paint: this publication comes before the listener is there.
    value = "signed in";
    publishTo(shared);
    await settle();
    expect(root.textContent).toBe("signed in");
  });

  it("follows later publications and stops listening when unmounted", async () => {
    let value = "nl";
    const shared: Shared<string> = { read: () => value, listeners: new Set() };
    const root = document.createElement("div");
    render(h(Shown, { shared }), root);
    await settle();
    value = "en";
    publishTo(shared);
    await settle();
    expect(root.textContent).toBe("en");
    render(null, root);
    await settle();
    expect(shared.listeners.size).toBe(0);
  });
});
