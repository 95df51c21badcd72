// The admin runs under a Content-Security-Policy without inline scripts. django-import-export's export
// page still wires its "select all" box with an inline onchange attribute, which the policy blocks:
// the same handler is attached here instead.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((box) => {
    if (typeof window.onSelectToggleChange === "function") {
      box.addEventListener("change", window.onSelectToggleChange);
    }
  });
});

// Names for the controls that scripts add after the page loads, which screen readers read out otherwise as
// nameless: the tree's show/hide buttons (django-treebeard) and the search-as-you-type boxes (select2, the
// admin's autocomplete), which take the text of their field's label.
(function () {
  const treeToggle = document.querySelector('meta[name="portal-tree-toggle"]');
  function name(root) {
    root.querySelectorAll("a.treebeard-collapse:not([aria-label])").forEach((link) => {
      if (treeToggle) link.setAttribute("aria-label", treeToggle.content);
    });
    root.querySelectorAll(".select2-selection[role=combobox]:not([aria-label])").forEach((box) => {
      const container = box.closest(".select2");
      const select = container && container.previousElementSibling;
      const label = select && select.id ? document.querySelector(`label[for="${select.id}"]`) : null;
      if (!label) return;
      const text = label.textContent.replace(/:\s*$/, "").trim();
      box.setAttribute("aria-label", text);
      box.querySelectorAll("[role=textbox]").forEach((shown) => shown.setAttribute("aria-label", text));
    });
  }
  document.addEventListener("DOMContentLoaded", () => {
    name(document);
    new MutationObserver(() => name(document)).observe(document.body, { childList: true, subtree: true });
  });
})();
