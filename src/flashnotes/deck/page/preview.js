"use strict";
// The preview page's filter: kinds shown, only what the last build changed, and a search box.
(() => {
  const cards = Array.from(document.querySelectorAll(".fn-card"));
  const groups = Array.from(document.querySelectorAll(".fn-article"));
  const kinds = Array.from(document.querySelectorAll("input[name=kind]"));
  const changed = document.getElementById("fn-changed");
  const search = document.getElementById("fn-search");
  const shown = document.getElementById("fn-shown");
  const apply = () => {
    const on = new Set(kinds.filter((box) => box.checked).map((box) => box.value));
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let count = 0;
    for (const card of cards) {
      const text = card.dataset.text || "";
      const visible =
        on.has(card.dataset.kind) &&
        (!changed.checked || Boolean(card.dataset.change)) &&
        words.every((word) => text.includes(word));
      card.hidden = !visible;
      count += visible ? 1 : 0;
    }
    for (const group of groups) {
      group.hidden = !group.querySelector(".fn-card:not([hidden])");
    }
    shown.textContent = String(count);
  };
  for (const input of [...kinds, changed, search]) {
    input.addEventListener("input", apply);
    input.addEventListener("change", apply);
  }
  apply();
})();
