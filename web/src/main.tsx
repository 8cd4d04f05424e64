import { render } from "preact";
import { App } from "./app";
import { locale } from "./core/i18n";
import { interceptLinks, setAppPatterns } from "./core/router";
import routes from "./core/routes.json";
import "./styles.css";

const root = document.getElementById("app");
if (root) {
  document.documentElement.lang = locale();
  setAppPatterns(routes);
  interceptLinks(document.body);
  render(<App />, root);
  if ("serviceWorker" in navigator) {
    void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  }
}
