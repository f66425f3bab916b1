/*
 * 所解读的政策文件: the search field above the list refreshes the list as one types.
 *
 * Progressive enhancement. Without JavaScript the server lists the newest policies and, on
 * save, picks the one matching the search words or lists the matches (catalog/forms.py); with
 * it, the list follows the words at once from the server's search (`data-policy-search`,
 * `?q=` → JSON). The list stays a native <select>, so keyboard and screen readers work as
 * usual; the number found is announced in a polite live region. No external code.
 */
(function () {
  "use strict";

  function init() {
    var input = document.querySelector("input[data-policy-search]");
    var select = document.getElementById("id_interprets");
    var status = document.getElementById("interprets-status");
    if (!input || !select || !window.fetch) return;
    var url = input.getAttribute("data-policy-search");
    var timer = null;
    var asked = 0;

    function option(value, label) {
      var o = document.createElement("option");
      o.value = String(value);
      o.textContent = label;
      return o;
    }

    function fill(data, words) {
      var chosen = select.value;
      var chosenOption = chosen ? select.querySelector('option[value="' + chosen + '"]') : null;
      var keep = chosenOption ? chosenOption.textContent : "";
      while (select.options.length) select.remove(0);
      select.appendChild(option("", "（不适用）"));
      var seen = {};
      data.results.forEach(function (row) { seen[String(row.id)] = true; });
      if (chosen && !seen[chosen]) select.appendChild(option(chosen, keep));
      data.results.forEach(function (row) { select.appendChild(option(row.id, row.label)); });
      select.value = chosen;
      if (status) {
        var n = data.results.length;
        status.textContent = words
          ? (n ? "找到" + n + (data.more ? "条以上" : "条") + "匹配的政策文件，请在列表中选择。"
            : "未找到匹配的政策文件。")
          : "列表显示最新发布的政策文件。";
      }
    }

    function search() {
      var words = input.value.trim();
      var ticket = ++asked;
      fetch(url + "?q=" + encodeURIComponent(words), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (data && ticket === asked) fill(data, words);  // only the latest answer counts
        })
        .catch(function () { /* the server-side filter on save still works */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    // Enter in the search field searches instead of saving the whole draft.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        search();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
