/*
 * 正文编辑器: turns a <textarea data-rich-editor> into a small visual editor.
 *
 * Progressive enhancement: without JavaScript the textarea (HTML source) still works, and the
 * server sanitises whatever arrives (gongkai/catalog/sanitize.py), so this file only has to be
 * pleasant, not safe. It keeps the textarea in the form and copies the editor's HTML into it on
 * every change and on submit. Pasted content (Word, WPS, web pages) is reduced to the structure
 * the server keeps: paragraphs, headings, lists, tables, links, images, bold/italic.
 * No external code: government intranets are offline.
 */
(function () {
  "use strict";

  // Tags the server keeps (sanitize.py); everything else is unwrapped (its text stays) or,
  // for the ones below, dropped with its content.
  var KEEP = {
    P: 1, BR: 1, H2: 1, H3: 1, H4: 1, H5: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, SUB: 1,
    SUP: 1, UL: 1, OL: 1, LI: 1, BLOCKQUOTE: 1, TABLE: 1, THEAD: 1, TBODY: 1, TFOOT: 1,
    TR: 1, TH: 1, TD: 1, CAPTION: 1, A: 1, IMG: 1, DIV: 1, HR: 1, PRE: 1
  };
  var DROP = {
    SCRIPT: 1, STYLE: 1, META: 1, LINK: 1, TITLE: 1, HEAD: 1, XML: 1, OBJECT: 1,
    EMBED: 1, IFRAME: 1, FORM: 1, INPUT: 1, BUTTON: 1, SELECT: 1, TEXTAREA: 1, NOSCRIPT: 1,
    TEMPLATE: 1, SVG: 1, MATH: 1
  };
  // Word's headings and titles arrive as H1; a page has one H1 (the item title), so they
  // become H2.
  var RENAME = { H1: "H2", H6: "H5" };
  var ATTRS = {
    A: ["href", "title"],
    IMG: ["src", "alt", "width", "height"],
    TD: ["colspan", "rowspan"],
    TH: ["colspan", "rowspan", "scope"],
    P: ["align"],
    DIV: ["align"]
  };
  // The words of the editor come from the page (office/_body_editor_text.html), so that the
  // 繁體 rendering of the page converts them with everything else.
  var TEXT = {};

  var SAFE_URL = /^(https?:|mailto:|\/|#|\.{0,2}\/)/i;

  function cleanChildren(source, target, doc) {
    var node = source.firstChild;
    while (node) {
      cleanNode(node, target, doc);
      node = node.nextSibling;
    }
  }

  function cleanNode(node, target, doc) {
    if (node.nodeType === 3) {
      target.appendChild(doc.createTextNode(node.nodeValue));
      return;
    }
    if (node.nodeType !== 1) {
      return; // comments (Word's conditional comments too), processing instructions
    }
    var tag = node.tagName.toUpperCase();
    if (DROP[tag]) {
      return;
    }
    tag = RENAME[tag] || tag;
    if (!KEEP[tag]) {
      cleanChildren(node, target, doc); // span, font, o:p …: keep the text, lose the wrapper
      return;
    }
    var url = tag === "A" ? node.getAttribute("href") : tag === "IMG" ? node.getAttribute("src") : "";
    if (url !== "" && (url === null || !SAFE_URL.test(url.trim()))) {
      // A link or picture with nowhere safe to point: keep a link's text, drop the picture.
      if (tag === "A") {
        cleanChildren(node, target, doc);
      }
      return;
    }
    var copy = doc.createElement(tag);
    (ATTRS[tag] || []).forEach(function (name) {
      var value = node.getAttribute(name);
      if (value === null || value === "") {
        return;
      }
      if ((name === "href" || name === "src") && !SAFE_URL.test(value.trim())) {
        return;
      }
      copy.setAttribute(name, value);
    });
    cleanChildren(node, copy, doc);
    target.appendChild(copy);
  }

  /* HTML string → cleaned HTML string. DOMParser documents run no scripts and load nothing. */
  function clean(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html");
    var holder = document.createElement("div");
    cleanChildren(parsed.body, holder, document);
    return holder.innerHTML;
  }

  /* Plain text (no tags at all) → one paragraph per line. */
  function paragraphs(text) {
    var holder = document.createElement("div");
    text.split(/\r?\n/).forEach(function (line) {
      if (line.trim()) {
        var p = document.createElement("p");
        p.textContent = line.trim();
        holder.appendChild(p);
      }
    });
    return holder.innerHTML;
  }

  function toEditor(value) {
    return /<[a-z!\/]/i.test(value) ? clean(value) : paragraphs(value);
  }

  var BUTTONS = [
    { label: "p", command: "formatBlock", value: "p", block: "P" },
    { label: "h2", command: "formatBlock", value: "h2", block: "H2" },
    { label: "h3", command: "formatBlock", value: "h3", block: "H3" },
    { label: "bold", command: "bold", state: true, keys: "Ctrl+B" },
    { label: "italic", command: "italic", state: true, keys: "Ctrl+I" },
    { label: "ol", command: "insertOrderedList", state: true },
    { label: "ul", command: "insertUnorderedList", state: true },
    { label: "link", command: "createLink" },
    { label: "clear", command: "removeFormat" }
  ];

  function setup(textarea) {
    var form = textarea.form;
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label && !label.id) {
      label.id = textarea.id + "-label";
    }
    var wrapper = document.createElement("div");
    wrapper.className = "rich-editor";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", TEXT.toolbar);
    var editor = document.createElement("div");
    editor.className = "rich-area";
    editor.id = textarea.id + "-editor";
    editor.contentEditable = "true";
    editor.setAttribute("role", "textbox");
    editor.setAttribute("aria-multiline", "true");
    if (label) {
      editor.setAttribute("aria-labelledby", label.id);
    }
    var described = textarea.getAttribute("aria-describedby");
    if (described) {
      editor.setAttribute("aria-describedby", described);
    }
    toolbar.setAttribute("aria-controls", editor.id);
    editor.innerHTML = toEditor(textarea.value);

    var status = document.createElement("p");
    status.className = "rich-status visually-hidden";
    status.setAttribute("role", "status");

    function sync() {
      if (!source.pressed) {
        textarea.value = editor.innerHTML;
      }
    }

    // The selection inside the editor, kept while a toolbar button has the focus (keyboard use).
    var saved = null;
    editor.addEventListener("blur", function () {
      var selection = window.getSelection();
      saved = selection && selection.rangeCount ? selection.getRangeAt(0).cloneRange() : null;
    });

    function run(spec) {
      editor.focus();
      if (saved && editor.contains(saved.startContainer)) {
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(saved);
      }
      if (spec.command === "createLink") {
        var url = window.prompt(TEXT.link_prompt, "https://");
        if (!url || !SAFE_URL.test(url.trim())) {
          status.textContent = url ? TEXT.link_invalid : "";
          return;
        }
        document.execCommand("createLink", false, url.trim());
      } else {
        document.execCommand(spec.command, false, spec.value || null);
      }
      sync();
      refresh();
    }

    var buttons = BUTTONS.map(function (spec) {
      var button = document.createElement("button");
      button.type = "button";
      var name = TEXT[spec.label];
      button.textContent = name;
      if (spec.keys) {
        button.setAttribute("aria-keyshortcuts", spec.keys.replace("Ctrl", "Control"));
        button.title = name + "（" + spec.keys + "）";
      }
      if (spec.state || spec.block) {
        button.setAttribute("aria-pressed", "false");
      }
      // Keep the selection in the editor when the button is clicked with the mouse.
      button.addEventListener("mousedown", function (event) {
        event.preventDefault();
      });
      button.addEventListener("click", function () {
        run(spec);
      });
      toolbar.appendChild(button);
      return { spec: spec, button: button };
    });

    var source = document.createElement("button");
    source.type = "button";
    source.textContent = TEXT.source;
    source.className = "rich-source";
    source.setAttribute("aria-pressed", "false");
    source.pressed = false;
    toolbar.appendChild(source);

    function currentBlock() {
      var selection = window.getSelection();
      var node = selection && selection.rangeCount ? selection.getRangeAt(0).startContainer : null;
      while (node && node !== editor) {
        if (node.nodeType === 1 && /^(P|H2|H3|H4|H5|LI|DIV)$/.test(node.tagName)) {
          return node.tagName === "DIV" ? "P" : node.tagName;
        }
        node = node.parentNode;
      }
      return "";
    }

    function refresh() {
      if (source.pressed || document.activeElement !== editor) {
        return;
      }
      var block = currentBlock();
      buttons.forEach(function (entry) {
        var on = false;
        if (entry.spec.block) {
          on = block === entry.spec.block;
        } else if (entry.spec.state) {
          try {
            on = document.queryCommandState(entry.spec.command);
          } catch (e) {
            on = false;
          }
        }
        if (entry.spec.state || entry.spec.block) {
          entry.button.setAttribute("aria-pressed", on ? "true" : "false");
        }
      });
    }

    source.addEventListener("click", function () {
      source.pressed = !source.pressed;
      source.setAttribute("aria-pressed", source.pressed ? "true" : "false");
      if (source.pressed) {
        textarea.value = editor.innerHTML;
        editor.hidden = true;
        textarea.hidden = false;
        textarea.focus();
        status.textContent = TEXT.to_source;
      } else {
        editor.innerHTML = toEditor(textarea.value);
        textarea.hidden = true;
        editor.hidden = false;
        editor.focus();
        status.textContent = TEXT.to_visual;
      }
      buttons.forEach(function (entry) {
        entry.button.disabled = source.pressed;
      });
    });

    editor.addEventListener("input", sync);
    editor.addEventListener("keyup", refresh);
    editor.addEventListener("mouseup", refresh);
    editor.addEventListener("focus", function () {
      // Enter starts a new <p> (not a <div>), and bold is <b>, not a styled <span>.
      document.execCommand("defaultParagraphSeparator", false, "p");
      document.execCommand("styleWithCSS", false, false);
    });
    editor.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) {
        return;
      }
      event.preventDefault();
      var html = data.getData("text/html");
      var fragment = html ? clean(html) : paragraphs(data.getData("text/plain"));
      document.execCommand("insertHTML", false, fragment || "");
      sync();
    });
    editor.addEventListener("drop", function (event) {
      event.preventDefault(); // dropped files belong in 附件, not inline
      status.textContent = TEXT.drop;
    });
    if (form) {
      form.addEventListener("submit", sync);
    }

    textarea.parentNode.insertBefore(wrapper, textarea);
    wrapper.appendChild(toolbar);
    wrapper.appendChild(editor);
    wrapper.appendChild(textarea);
    wrapper.appendChild(status);
    textarea.hidden = true;
    textarea.classList.add("rich-source-text");
  }

  function init() {
    var words = document.getElementById("body-editor-text");
    if (!words) {
      return; // no words, no editor: the plain textarea still works
    }
    TEXT = JSON.parse(words.textContent);
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-rich-editor]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
