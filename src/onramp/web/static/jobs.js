// Live linting on the job builder (issue 13, item 5). As the employer types in a field marked
// data-lint, the text is sent to the form's data-lint-url (POST /api/v1/jobs/{id}/lint, which
// applies the organization's settings) after a short pause, and the findings are shown beside
// the field: the rule, a plain message, the words it is about, and a button that puts the
// suggestion in place of those words if they are still there. The page works without this
// script: the server draws the findings of the last save in the same place, and this script
// replaces them in place, so there is one list beside each field.
(function () {
  "use strict";
  var form = document.getElementById("job-form");
  if (!form || !window.fetch) { return; }
  var csrf = form.querySelector("input[name=csrf_token]");
  var status = document.getElementById("lint-status");
  var url = form.getAttribute("data-lint-url") || "/api/v1/jobs/lint";
  var WAIT_MS = 400;
  var SEVERITY = { error: "Must fix", warning: "Check this", info: "Think about it" };

  function say(text) { if (status) { status.textContent = text; } }

  function render(field, box, findings) {
    box.textContent = "";
    if (!findings.length) { return; }
    var heading = document.createElement("p");
    heading.className = "rule";
    heading.textContent = findings.length === 1 ? "1 thing to check" : findings.length + " things to check";
    box.appendChild(heading);
    var list = document.createElement("ul");
    findings.forEach(function (f) {
      var item = document.createElement("li");
      item.className = "lint-finding sev-" + f.severity;
      item.setAttribute("data-rule", f.rule);
      var rule = document.createElement("span");
      rule.className = "rule";
      rule.textContent = (SEVERITY[f.severity] || "Check this") + " (" + f.rule + "): ";
      item.appendChild(rule);
      item.appendChild(document.createTextNode(f.message + " "));
      if (f.text) {
        var words = document.createElement("q");
        words.textContent = f.text;
        item.appendChild(document.createTextNode("Words: "));
        item.appendChild(words);
      }
      if (f.suggestion !== null && f.suggestion !== undefined) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = "Use “" + f.suggestion + "”";
        button.addEventListener("click", function () { apply(field, f); });
        item.appendChild(document.createElement("br"));
        item.appendChild(button);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function apply(field, f) {
    var text = field.value;
    if (text.slice(f.start, f.end) !== f.text) {
      say("The text changed, so we checked it again.");
      lint(field);
      return;
    }
    field.value = text.slice(0, f.start) + f.suggestion + text.slice(f.end);
    field.focus();
    var at = f.start + f.suggestion.length;
    if (field.setSelectionRange) { field.setSelectionRange(at, at); }
    say("Changed “" + f.text + "” to “" + f.suggestion + "”.");
    lint(field);
  }

  function lint(field) {
    var box = document.getElementById(field.id + "-lint");
    var ticket = (field._lintTicket || 0) + 1;
    field._lintTicket = ticket;
    if (!field.value.trim()) { render(field, box, []); return; }
    box.setAttribute("aria-busy", "true");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json",
                 "X-CSRF-Token": csrf ? csrf.value : "" },
      body: JSON.stringify({ text: field.value })
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (findings) {
      if (field._lintTicket === ticket) {
        render(field, box, findings);
        box.removeAttribute("aria-busy");
        box.setAttribute("data-live", "true");
      }
    }).catch(function () {
      box.removeAttribute("aria-busy");
      say("We could not check the words just now. Save to check them.");
    });
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-lint]"), function (field) {
    var timer = null;
    field.addEventListener("input", function () {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { lint(field); }, WAIT_MS);
    });
    if (field.value.trim()) { lint(field); }
  });
}());
