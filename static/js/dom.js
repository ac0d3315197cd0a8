// h("button", {type: "button", class: "x", dataset: {id: 1}, onclick}, "text", child...): an element.
// Text is always set as text, never parsed as HTML.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") element.className = value;
    else if (name === "dataset") Object.assign(element.dataset, value);
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// A button that does `onclick` (type="button", so that it never submits a form).
export function button(label, onclick, attributes = {}) {
  return h("button", { type: "button", ...attributes, onclick }, label);
}

// A button that looks like a link, for the small actions of the panel.
export function linkButton(label, onclick, attributes = {}) {
  return button(label, onclick, { class: "link-button", ...attributes });
}
