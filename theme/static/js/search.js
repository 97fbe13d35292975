// Search as you type, on the /search/ page (theme/templates/search.html).
// Uses Pagefind's JavaScript API (pagefind.js, written into the site by blog/plugins/search_index.py).
// Pagefind is loaded only when the reader focuses the box or arrives with ?q=, so the page
// itself stays small. Without JavaScript the page offers the archives and topics instead.
// No inline styles and no HTML from the index is inserted as-is: a strict CSP holds.
// Nothing about the query leaves the browser: Pagefind fetches index files named by hash, and
// the crisis words (the CRISIS_WORDS setting) came with the page, in a data attribute.

const MAX_RESULTS = 10;
const root = document.getElementById("search");

// Words as the search compares them: lower case, accents and apostrophes dropped ("don't" is
// "dont"), anything else that is not a letter or digit a space.
const words = (text) =>
  text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[\u0300-\u036f'’`]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

// A crisis phrase is found whatever the spaces between its words ("self harm", "self-harm",
// "selfharm", "kill my self"): runs of the query's words are joined and compared with the
// phrase joined. A phrase ending in "*" also matches longer words ("suicid*": "suicidal").
const crisisPhrases = (list) =>
  list.map((phrase) => ({
    joined: words(phrase).join(""),
    prefix: phrase.trim().endsWith("*"),
  }));

const hearsCrisis = (query, phrases) => {
  const said = words(query);
  return phrases.some(({ joined, prefix }) => {
    if (!joined) return false;
    for (let start = 0; start < said.length; start += 1) {
      let run = "";
      for (let end = start; end < said.length && run.length < joined.length; end += 1) {
        run += said[end];
        if (prefix ? run.startsWith(joined) : run === joined) return true;
      }
    }
    return false;
  });
};

// Whether a word of a page answers a word of the query: the same word, the query word's
// beginning while it is being typed ("elig": "eligible"), or the same stem ("therapy",
// "therapies"): a shared beginning of at least 4 letters and all but 2 of the shorter word.
// Pagefind also returns loose matches ("an" for "anxiety"); those are not marked, and a page
// that answers no word of the query is not shown or counted.
const answers = (word, term) => {
  if (word === term || (term.length >= 3 && word.startsWith(term))) return true;
  let shared = 0;
  while (shared < word.length && word[shared] === term[shared]) shared += 1;
  return shared >= 4 && shared >= Math.min(word.length, term.length) - 2;
};
const found = (text, term) => words(text).some((word) => answers(word, term));

if (root) {
  const input = root.querySelector("input[type=search]");
  const form = root.querySelector("form");
  const status = root.querySelector("[role=status]");
  const list = document.getElementById("search-results");
  const crisis = document.getElementById("search-crisis");
  const none = document.getElementById("search-none");
  const phrases = crisisPhrases(JSON.parse(root.dataset.crisisWords || "[]"));
  let pagefind = null;

  const load = () => {
    pagefind ??= import(`${root.dataset.bundle}pagefind.js`).then(async (api) => {
      await api.options({ baseUrl: root.dataset.baseUrl });
      await api.init();
      return api;
    });
    return pagefind;
  };

  // Pagefind's excerpt is text with <mark> around matches. Parse it in an inert <template>
  // and keep only the text, and a mark only where the word answers the query. The page's
  // text starts with its title (the h1): an excerpt from there leaves the title out, as it
  // stands above. An excerpt cut from the middle of the page says so with an ellipsis.
  const squash = (text) => text.replace(/\s+/g, " ");
  const excerpt = (markup, content, title, terms) => {
    const template = document.createElement("template");
    template.innerHTML = markup;
    let parts = [...template.content.childNodes].map((node) => ({
      text: squash(node.textContent),
      mark: node.nodeName === "MARK" && terms.some((term) => found(node.textContent, term)),
    }));
    const shown = () => parts.map((part) => part.text).join("");
    const whole = squash(content || "").trim();
    const start = whole.indexOf(shown().trim());
    const heading = squash(title || "").trim();
    if (heading && start >= 0 && whole.startsWith(heading) && start < heading.length) {
      let cut = heading.length - start + (shown().length - shown().trimStart().length);
      while (cut > 0 && parts.length) {
        const [first] = parts;
        if (first.text.length <= cut) {
          cut -= first.text.length;
          parts.shift();
        } else {
          parts[0] = { ...first, text: first.text.slice(cut) };
          cut = 0;
        }
      }
      if (parts.length) parts[0].text = parts[0].text.replace(/^[\s.:;,!?–—-]+/, "");
      parts = parts.filter((part) => part.text);
    }
    const paragraph = document.createElement("p");
    paragraph.className = "search__excerpt";
    for (const part of parts) {
      if (part.mark) {
        const mark = document.createElement("mark");
        mark.textContent = part.text;
        paragraph.append(mark);
      } else {
        paragraph.append(part.text);
      }
    }
    paragraph.normalize();
    const text = paragraph.textContent.trim();
    if (text && text !== whole) {
      if (whole.indexOf(text) > (heading && whole.startsWith(heading) ? heading.length + 2 : 0)) {
        paragraph.prepend("… ");
      }
      if (whole.indexOf(text) === -1 || whole.indexOf(text) + text.length < whole.length) {
        paragraph.append(" …");
      }
    }
    return paragraph;
  };

  // "2 posts and 1 page", counting what each result is (the theme's data-pagefind-meta kind).
  const counted = (results) => {
    const posts = results.filter((data) => data.meta.kind === "post").length;
    const pages = results.length - posts;
    const say = (n, one, many) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
    return [posts && say(posts, "post", "posts"), pages && say(pages, "page", "pages")]
      .filter(Boolean)
      .join(" and ");
  };

  const show = (term, terms, results) => {
    list.replaceChildren(
      ...results.map((data) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = data.url;
        link.textContent = data.meta.title || data.url;
        const heading = document.createElement("h2");
        heading.append(link);
        item.append(heading);
        const about = document.createElement("p");
        about.className = "search__meta";
        const kind = document.createElement("span");
        kind.className = "search__kind";
        kind.textContent = data.meta.kind === "post" ? "Post" : "Page";
        about.append(kind);
        if (data.meta.date) {
          const date = document.createElement("span");
          date.className = "search__date";
          date.textContent = data.meta.date;
          about.append(" · ", date);
        }
        item.append(about, excerpt(data.excerpt, data.content, data.meta.title, terms));
        return item;
      }),
    );
    list.hidden = results.length === 0;
    none.hidden = results.length > 0 || !crisis.hidden;
    const first = crisis.hidden ? "" : "Crisis help is listed first. ";
    status.textContent = results.length
      ? `${first}${counted(results)} found for “${term}”.`
      : `${first}No posts or pages found for “${term}”. Try fewer or different words, or browse the posts below.`;
  };

  let latest = 0;
  const run = async (value) => {
    const term = value.trim();
    const ticket = ++latest;
    status.hidden = false;
    // Before any result, and whether or not anything matches: crisis words bring help first.
    crisis.hidden = !hearsCrisis(term, phrases);
    if (!term) {
      list.replaceChildren();
      list.hidden = true;
      none.hidden = true;
      status.textContent = "";
      return;
    }
    try {
      const api = await load();
      const search = await api.debouncedSearch(term, {}, 250);
      if (search === null || ticket !== latest) return; // a newer keystroke took over
      const terms = words(term);
      const results = (
        await Promise.all(search.results.slice(0, MAX_RESULTS).map((result) => result.data()))
      ).filter((data) =>
        terms.some((t) => found(`${data.meta.title || ""} ${data.content || ""}`, t)),
      );
      if (ticket === latest) show(term, terms, results);
    } catch (error) {
      status.textContent = "Search is not available right now. Please use the archives below.";
      none.hidden = !crisis.hidden;
      throw error;
    }
  };

  root.hidden = false;
  for (const note of document.querySelectorAll(".search-nojs")) note.hidden = true;
  // The status region joins the page when the reader comes to the box, before anything is
  // said in it (so screen readers announce it), and not earlier: nothing empty is exposed.
  const ready = () => {
    status.hidden = false;
    load();
  };
  input.addEventListener("focus", ready, { once: true });
  input.addEventListener("input", () => run(input.value));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(input.value);
  });
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    run(query);
  }
}
