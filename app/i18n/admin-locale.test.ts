import { describe, expect, it } from "vitest";
import { adminLocaleOf } from "./admin-locale";

const request = (query: string, acceptLanguage?: string) =>
  new Request(`https://app.example/app${query}`, acceptLanguage ? { headers: { "Accept-Language": acceptLanguage } } : {});

describe("adminLocaleOf", () => {
  it("takes Shopify's locale parameter, regional variants included", () => {
    expect(adminLocaleOf(request("?locale=fr"))).toBe("fr");
    expect(adminLocaleOf(request("?locale=fr-CA"))).toBe("fr");
    expect(adminLocaleOf(request("?locale=en"))).toBe("en");
  });

  it("prefers Shopify's parameter to the browser's languages", () => {
    expect(adminLocaleOf(request("?locale=en", "fr-FR,fr;q=0.9"))).toBe("en");
  });

  it("gives English, not the browser's language, for an admin language the app has no text for", () => {
    expect(adminLocaleOf(request("?locale=de", "fr"))).toBe("en");
    expect(adminLocaleOf(request("?locale=pt-BR"))).toBe("en");
  });

  it("falls back to the browser's most preferred language the app has", () => {
    expect(adminLocaleOf(request("", "de-DE,fr;q=0.8,en;q=0.5"))).toBe("fr");
    expect(adminLocaleOf(request("", "en;q=0.4,fr;q=0.9"))).toBe("fr");
    expect(adminLocaleOf(request("", "fr;q=0,en"))).toBe("en");
    expect(adminLocaleOf(request("", "*"))).toBe("en");
    expect(adminLocaleOf(request(""))).toBe("en");
  });
});
