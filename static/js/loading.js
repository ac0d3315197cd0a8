// Loads the article's annotations as soon as the page's <head> is parsed, not once the whole page and
// every module of reader.js are: this module is loaded `async` from reader_preload.html, so the list is
// fetched, parsed and turned into the page's objects while the browser is still busy with the rest,
// and reader.js (which imports the same module instance) finds it ready or nearly so.
//
// The article comes from the preload link of the list (data-article), the only part of the page that
// surely exists this early; without it, `loading` is null and reader.js asks for the list itself.

import { listAnnotations } from "./api.js";

const link = document.querySelector("link[data-annotations-of]");

export const loading = link ? listAnnotations(link.dataset.annotationsOf) : null;

// reader.js reports a failure; until it takes the promise, none is "unhandled".
loading?.catch(() => {});
