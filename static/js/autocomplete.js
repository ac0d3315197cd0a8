// A small combobox: an <input> with a listbox of suggestions fetched as the user types.
//
// `search(query)` returns [{value, label}]; `onChoose(option)` is called with the chosen one.
// Arrow keys move, Enter chooses, a click chooses; typing on without choosing keeps the free text.

let counter = 0;

export function autocomplete(input, { search, onChoose, extra = () => [], delay = 120 }) {
  const list = document.createElement("ul");
  list.className = "nr-suggestions";
  list.id = `nr-suggestions-${++counter}`;
  list.setAttribute("role", "listbox");
  list.hidden = true;
  input.after(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.autocomplete = "off";

  let options = [];
  let current = -1;
  let timer = 0;
  let asked = 0;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    current = -1;
  };

  const mark = (index) => {
    current = index;
    for (const [i, item] of [...list.children].entries()) item.setAttribute("aria-selected", String(i === index));
    if (index >= 0) input.setAttribute("aria-activedescendant", list.children[index].id);
  };

  const show = (found) => {
    options = [...found, ...extra(input.value.trim(), found)];
    list.replaceChildren(
      ...options.map((option, i) => {
        const item = document.createElement("li");
        item.id = `${list.id}-${i}`;
        item.setAttribute("role", "option");
        item.textContent = option.label;
        item.addEventListener("mousedown", (event) => {
          event.preventDefault(); // keep the focus in the input
          choose(i);
        });
        return item;
      }),
    );
    list.hidden = !options.length;
    input.setAttribute("aria-expanded", String(!list.hidden));
    mark(options.length ? 0 : -1);
  };

  const choose = (i) => {
    const option = options[i];
    close();
    if (option) onChoose(option);
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const query = input.value.trim();
    const ticket = ++asked;
    if (!query) return close();
    timer = setTimeout(async () => {
      let found = [];
      try {
        found = await search(query);
      } catch {
        found = [];
      }
      if (ticket === asked) show(found);
    }, delay);
  });

  input.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      mark((current + step + options.length) % options.length);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      event.stopPropagation();
      choose(current);
    } else if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));

  return { close, get open() { return !list.hidden; } };
}

// A speaker field: people and aliases from the API, plus "New person: <typed name>" when no one has
// exactly that name. `onChoose({value: slug or null, name, create})`.
export function speakerAutocomplete(input, searchPeople, onChoose) {
  return autocomplete(input, {
    search: async (query) => (await searchPeople(query)).map((person) => ({ ...person, value: person.id })),
    extra: (query, found) =>
      query && !found.some((person) => person.name.toLowerCase() === query.toLowerCase())
        ? [{ value: null, name: query, label: `New person: ${query}`, create: true }]
        : [],
    onChoose,
  });
}
