// Typeset the math that pymdownx.arithmatex marks (elements of class "arithmatex" holding
// \( \) or \[ \]) on every page load, including Material's instant navigation (document$
// emits each time). KaTeX itself (about 300 KB) is loaded only once a page has math: its
// stylesheet and two scripts are added to the head, from paths relative to this script's
// URL, so a site served under a subpath, and a page at any depth, find them. The scripts are
// added once per document: what they define stays across instant navigation. The stylesheet
// is added whenever a page with math lacks it: on instant navigation Material removes from
// the head what the next page's head does not have, and the browser has it cached.
(() => {
  const self =
    document.currentScript ||
    document.querySelector('script[src$="javascripts/katex.js"], script[src*="javascripts/katex.js?"]');
  const here = self ? self.src : document.baseURI;
  const katex = new URL("../vendor/katex-0.19.1/", here); // siteassets.KATEX_ON_DEMAND
  const STYLESHEET = new URL("katex.min.css", katex).href;
  const SCRIPTS = [new URL("katex.min.js", katex).href, new URL("contrib/auto-render.min.js", katex).href];

  let loading = null; // the scripts, once asked for: a promise that they have run

  function addStylesheet() {
    const listed = [...document.querySelectorAll('link[rel="stylesheet"]')].some((link) => link.href === STYLESHEET);
    if (listed) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLESHEET;
    document.head.appendChild(link);
  }

  function addScripts() {
    if (typeof window.renderMathInElement === "function") return Promise.resolve(); // the site loads KaTeX itself
    if (loading) return loading;
    loading = Promise.all(
      SCRIPTS.map(
        (src) =>
          new Promise((resolve, reject) => {
            const script = document.createElement("script");
            script.src = src;
            script.async = false; // run in the order added: auto-render needs katex
            script.addEventListener("load", resolve);
            script.addEventListener("error", () => reject(new Error(`KaTeX could not be loaded: ${src}`)));
            document.head.appendChild(script);
          }),
      ),
    );
    loading.catch(() => {
      loading = null; // the next page with math asks again
    });
    return loading;
  }

  function typeset(body) {
    window.renderMathInElement(body, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      ignoredClasses: ["pn-bibtex"],
      throwOnError: false,
      trust: false,
    });
    // Material lets display math scroll sideways (overflow: auto): a keyboard user reaches it with Tab
    for (const display of body.querySelectorAll("div.arithmatex:not([tabindex])")) {
      display.setAttribute("tabindex", "0");
    }
  }

  document$.subscribe(({ body }) => {
    if (!body.querySelector(".arithmatex")) return; // no math: no KaTeX
    addStylesheet();
    addScripts().then(
      () => typeset(document.body),
      (error) => console.error(error),
    );
  });
})();
