// Typeset the math that pymdownx.arithmatex marks as \( \) and \[ \], on every
// page load, including Material's instant navigation (document$ emits each time).
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    ignoredClasses: ["pn-bibtex"],
    throwOnError: false,
    trust: false,
  });
});
