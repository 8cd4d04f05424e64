// Kring's GraphiQL page (development only): starts GraphiQL from the files that Kring
// serves itself, so the page needs no CDN and no inline script (CSP: script-src 'self').
// Adapted from strawberry-graphql's GraphiQL template (MIT).
/* global React, ReactDOM, GraphiQL, GraphiQLPluginExplorer */
"use strict";

(function () {
  const CSRF_COOKIE = "kring_csrf";
  const CSRF_HEADER = "x-csrf-token";

  const EXAMPLE_QUERY = `# Kring's GraphiQL (development only)
#
# Ctrl-Enter runs the query; Ctrl-Space completes.
# Signed in through /auth/dev-login, queries carry the session cookie;
# otherwise add {"Authorization": "Bearer <access token>"} under Headers
# (subscriptions send the same headers as their connection parameters).

query Me {
  me {
    id
    name
  }
}
`;

  function readCookie(name) {
    for (const part of document.cookie.split(";")) {
      const eq = part.indexOf("=");
      if (eq >= 0 && part.slice(0, eq).trim() === name) {
        return decodeURIComponent(part.slice(eq + 1).trim());
      }
    }
    return null;
  }

  // A request that rides on the session cookie must echo the CSRF cookie (server/csrf.py);
  // read at each request, so signing in in another tab needs no reload.
  function kringFetch(input, init) {
    const options = Object.assign({}, init);
    const headers = new Headers(options.headers || {});
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf && !headers.has(CSRF_HEADER)) {
      headers.set(CSRF_HEADER, csrf);
    }
    options.headers = headers;
    options.credentials = "same-origin";
    return window.fetch(input, options);
  }

  // The query and variables live in the address, so a link shares them.
  const parameters = {};
  for (const entry of window.location.search.slice(1).split("&")) {
    const eq = entry.indexOf("=");
    if (eq >= 0) {
      parameters[decodeURIComponent(entry.slice(0, eq))] = decodeURIComponent(
        entry.slice(eq + 1),
      );
    }
  }

  function updateURL(data) {
    Object.assign(parameters, data);
    const search = Object.keys(parameters)
      .filter((key) => Boolean(parameters[key]))
      .map((key) => encodeURIComponent(key) + "=" + encodeURIComponent(parameters[key]))
      .join("&");
    history.replaceState(null, "", "?" + search);
  }

  const fetchURL = new URL(window.location.pathname, window.location.href);
  const subscriptionURL = new URL(fetchURL);
  subscriptionURL.protocol = fetchURL.protocol === "https:" ? "wss:" : "ws:";

  const fetcher = GraphiQL.createFetcher({
    url: fetchURL.toString(),
    subscriptionUrl: subscriptionURL.toString(),
    fetch: kringFetch,
  });
  const explorer = GraphiQLPluginExplorer.explorerPlugin();

  function KringGraphiQL() {
    const [query, setQuery] = React.useState(parameters.q || EXAMPLE_QUERY);
    const [variables, setVariables] = React.useState(parameters.variables);

    return React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [explorer],
      query: query,
      variables: variables,
      onEditQuery: (value) => {
        setQuery(value);
        updateURL({ q: value });
      },
      onEditVariables: (value) => {
        setVariables(value);
        updateURL({ variables: value });
      },
      defaultEditorToolsVisibility: true,
      inputValueDeprecation: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    });
  }

  ReactDOM.createRoot(document.getElementById("graphiql")).render(
    React.createElement(KringGraphiQL),
  );
})();
