import { describe, expect, it } from "vitest";
import {
  badgePageUrl,
  badgePngUrl,
  badgeState,
  certificateUrl,
  downloads,
  embedSnippet,
  escapeHtml,
  formatDay,
  linkedInUrl,
  mailtoUrl,
  qrUrl,
  tierClass,
} from "./present";

describe("badgeState", () => {
  it("knows the server's three states, whatever their case", () => {
    expect(badgeState("ACTIVE")).toBe("ACTIVE");
    expect(badgeState("expired")).toBe("EXPIRED");
    expect(badgeState("REVOKED")).toBe("REVOKED");
    expect(badgeState("SOMETHING")).toBe("UNKNOWN");
  });
});

describe("tierClass", () => {
  it("gives each tier its own class", () => {
    const classes = new Set(["SELF_ASSERTED", "COMMUNITY", "OFFICIAL"].map((t) => tierClass(t as never)));
    expect(classes).toEqual(new Set(["tier-self-asserted", "tier-community", "tier-official"]));
  });
});

describe("addresses", () => {
  const id = "0b5c9e2a-1111-4222-8333-444455556666";
  it("points at the public page, with the link's secret when shared by link", () => {
    expect(badgePageUrl("https://kring.example", id)).toBe(`https://kring.example/badges/${id}`);
    expect(badgePageUrl("https://kring.example", id, "a b")).toBe(`https://kring.example/badges/${id}?token=a%20b`);
  });
  it("points at the hosted credential and its baked images", () => {
    expect(downloads(id)).toEqual({
      json: `/credentials/${id}`,
      jwt: `/credentials/${id}/jwt`,
      png: `/credentials/${id}/badge.png`,
      svg: `/credentials/${id}/badge.svg`,
    });
  });
});

describe("sharing addresses", () => {
  const id = "0b5c9e2a-1111-4222-8333-444455556666";
  it("draws the QR code of the page, with the link's secret when shared by link", () => {
    expect(qrUrl(id)).toBe(`/badges/${id}/qr.svg`);
    expect(qrUrl(id, "a+b")).toBe(`/badges/${id}/qr.svg?token=a%2Bb`);
  });
  it("asks for the certificate in the reader's language", () => {
    expect(certificateUrl(id, "nl")).toBe(`/credentials/${id}/certificate.pdf?lang=nl`);
    expect(certificateUrl(id, "en", "s3cret")).toBe(
      `/credentials/${id}/certificate.pdf?lang=en&token=s3cret`,
    );
  });
  it("gives other sites an absolute PNG", () => {
    expect(badgePngUrl("https://kring.example", id)).toBe(`https://kring.example/assertions/${id}/image.png`);
    expect(badgePngUrl("https://kring.example", id, "t")).toBe(
      `https://kring.example/assertions/${id}/image.png?token=t`,
    );
  });
});

describe("embedSnippet", () => {
  it("is a link with the picture and the name, and no script", () => {
    expect(
      embedSnippet({
        pageUrl: "https://kring.example/badges/x?token=a&b",
        imageUrl: "https://kring.example/assertions/x/image.png",
        name: "Repair café host",
      }),
    ).toBe(
      '<a href="https://kring.example/badges/x?token=a&amp;b" rel="noopener">' +
        '<img src="https://kring.example/assertions/x/image.png" alt="" width="120" height="120">' +
        "<br>Repair café host</a>",
    );
  });
  it("escapes a name that looks like markup", () => {
    const snippet = embedSnippet({
      pageUrl: 'https://k.example/"><script>',
      imageUrl: "https://k.example/i.png",
      name: '<script>alert("x")</script> & \'co\'',
    });
    expect(snippet).not.toContain("<script");
    expect(snippet).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;");
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});

describe("linkedInUrl", () => {
  it("fills in the certification's fields", () => {
    const url = new URL(
      linkedInUrl({
        name: "Repair & reuse",
        organizationName: "Universiteit Gent",
        issuedAt: "2026-03-31T22:30:00Z",
        certUrl: "https://kring.example/badges/x",
        certId: "x",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://www.linkedin.com/profile/add");
    const params = Object.fromEntries(url.searchParams);
    expect(params).toEqual({
      startTask: "CERTIFICATION_NAME",
      name: "Repair & reuse",
      organizationName: "Universiteit Gent",
      issueYear: "2026",
      issueMonth: "3",
      certUrl: "https://kring.example/badges/x",
      certId: "x",
    });
  });
  it("adds the expiry when there is one", () => {
    const url = new URL(
      linkedInUrl({
        name: "n",
        organizationName: "o",
        issuedAt: "2026-01-05T10:00:00Z",
        expiresAt: "2028-12-01T10:00:00Z",
        certUrl: "u",
        certId: "i",
      }),
    );
    expect(url.searchParams.get("expirationYear")).toBe("2028");
    expect(url.searchParams.get("expirationMonth")).toBe("12");
  });
});

describe("mailtoUrl", () => {
  it("encodes subject and body with %20, keeping & and line breaks safe", () => {
    expect(mailtoUrl("My badge: A & B", "see\nhttps://x/y?token=1&z=2")).toBe(
      "mailto:?subject=My%20badge%3A%20A%20%26%20B&body=see%0Ahttps%3A%2F%2Fx%2Fy%3Ftoken%3D1%26z%3D2",
    );
  });
});

describe("formatDay", () => {
  it("writes the day in the reader's language", () => {
    expect(formatDay("2026-03-05T12:00:00Z", "en")).toBe("5 March 2026");
    expect(formatDay("2026-03-05T12:00:00Z", "nl")).toBe("5 maart 2026");
  });
});
