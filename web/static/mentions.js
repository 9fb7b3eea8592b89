// The @ list of the forum's text fields: typing @ and the start of a name offers the people who
// may see the forum (asked of the textarea's data-mention-url); choosing one writes
// @[Full Name](id), so that the right one of two people with the same name is meant.
// Without this script, typing @Full Name still works.
const fields = document.querySelectorAll("textarea[data-mention-url]");

for (const field of fields) {
  const list = document.createElement("ul");
  list.id = field.id + "-personer";
  list.className = "mention-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Personer du kan nevne");
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "mention-status";
  status.setAttribute("role", "status");
  field.after(list, status);
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", list.id);

  let people = [];
  let active = -1;
  let start = -1;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    people = [];
    active = -1;
    field.removeAttribute("aria-activedescendant");
  };

  const show = () => {
    list.replaceChildren();
    people.forEach((p, i) => {
      const li = document.createElement("li");
      li.id = list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.textContent = p.company ? p.name + " (" + p.company + ")" : p.name;
      li.addEventListener("mousedown", (e) => {
        e.preventDefault();
        choose(i);
      });
      list.append(li);
    });
    list.hidden = people.length === 0;
    if (active >= 0) {
      field.setAttribute("aria-activedescendant", list.id + "-" + active);
    } else {
      field.removeAttribute("aria-activedescendant");
    }
  };

  const choose = (i) => {
    const p = people[i];
    const before = field.value.slice(0, start);
    const after = field.value.slice(field.selectionStart);
    const text = "@[" + p.name.replace(/[\[\]]/g, "") + "](" + p.id + ") ";
    field.value = before + text + after;
    const caret = before.length + text.length;
    field.setSelectionRange(caret, caret);
    status.textContent = p.name + " er nevnt.";
    close();
    field.focus();
  };

  field.addEventListener("input", async () => {
    const upto = field.value.slice(0, field.selectionStart);
    const m = /(^|\s)@([^\s@\[\]()][^@\[\]()\n]{0,40})$/.exec(upto);
    if (!m || m[2].length < 2) {
      close();
      return;
    }
    start = upto.length - m[2].length - 1;
    const ask = ++asked;
    try {
      const res = await fetch(field.dataset.mentionUrl + "?q=" + encodeURIComponent(m[2]), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!res.ok || ask !== asked) return;
      people = await res.json();
    } catch {
      return;
    }
    active = people.length > 0 ? 0 : -1;
    show();
    status.textContent = people.length === 0 ? "Ingen treff." : people.length + " treff. Bruk piltastene og Enter for å velge.";
  });

  field.addEventListener("keydown", (e) => {
    if (list.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const n = people.length;
      active = (active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      show();
    } else if (e.key === "Enter" || e.key === "Tab") {
      if (active >= 0) {
        e.preventDefault();
        choose(active);
      }
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });

  field.addEventListener("blur", () => setTimeout(close, 150));
}
