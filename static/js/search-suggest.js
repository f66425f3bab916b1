/* Title suggestions as you type (progressive enhancement: the form works without this). */
(function () {
  var input = document.getElementById("sq"), list = document.getElementById("sq-suggest");
  if (!input || !list || !window.fetch) return;
  var timer = null, url = input.getAttribute("data-suggest-url");
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { list.hidden = true; return; }
    timer = setTimeout(function () {
      fetch(url + "?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (data) {
        list.textContent = "";
        (data.suggestions || []).forEach(function (s) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = s.url; a.textContent = s.title; li.appendChild(a); list.appendChild(li);
        });
        list.hidden = !list.children.length;
      }).catch(function () { list.hidden = true; });
    }, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && !list.hidden) { var a = list.querySelector("a"); if (a) { a.focus(); e.preventDefault(); } }
    if (e.key === "Escape") { list.hidden = true; }
  });
  list.addEventListener("keydown", function (e) {
    var cur = document.activeElement.parentElement;
    if (e.key === "ArrowDown" && cur.nextElementSibling) { cur.nextElementSibling.firstChild.focus(); e.preventDefault(); }
    if (e.key === "ArrowUp") { (cur.previousElementSibling ? cur.previousElementSibling.firstChild : input).focus(); e.preventDefault(); }
    if (e.key === "Escape") { list.hidden = true; input.focus(); }
  });
})();
