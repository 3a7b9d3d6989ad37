/* Onramp: type-ahead for picking skills by name on the achievement form.
   The form works without this script (the "Find skills" button lists matches); with it,
   matches show while typing. Each pick adds a checked box holding the skill's URI.
   Served from the package: no CDN, no inline script (the CSP allows only 'self'). */
(function () {
  "use strict";
  var picker = document.querySelector(".skill-picker");
  if (!picker) { return; }
  var input = picker.querySelector("#skill-q");
  var picked = picker.querySelector("#picked-skills");
  var source = picker.getAttribute("data-choices");
  if (!input || !picked || !source || !window.fetch) { return; }

  var list = document.createElement("ul");
  list.id = "skill-options";
  list.className = "skill-options";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Matching skills");
  list.hidden = true;
  input.parentNode.parentNode.insertBefore(list, input.parentNode.nextSibling);
  var status = document.createElement("p");
  status.className = "sr-only";
  status.setAttribute("role", "status");
  picker.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");

  var timer = null;
  var active = -1;
  var asked = 0;

  function close() {
    list.hidden = true;
    list.textContent = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function mark(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) { return; }
    active = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === active ? "true" : "false");
    }
    input.setAttribute("aria-activedescendant", options[active].id);
    options[active].scrollIntoView({block: "nearest"});
  }

  function pick(choice) {
    var boxes = picked.querySelectorAll("input[name=skills]");
    for (var i = 0; i < boxes.length; i++) {
      if (boxes[i].value === choice.uri) {
        boxes[i].checked = true;
        close();
        return;
      }
    }
    var item = document.createElement("li");
    var label = document.createElement("label");
    label.className = "choice";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = "skills";
    box.value = choice.uri;
    box.checked = true;
    var where = document.createElement("span");
    where.className = "meta";
    where.textContent = " (" + choice.framework + ")";
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + choice.label));
    label.appendChild(where);
    item.appendChild(label);
    picked.appendChild(item);
    status.textContent = "Added " + choice.label + ".";
    input.value = "";
    close();
    input.focus();
  }

  function show(results) {
    close();
    if (!results.length) {
      status.textContent = "No skills match those words.";
      return;
    }
    results.forEach(function (choice, index) {
      var option = document.createElement("li");
      option.id = "skill-option-" + index;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = choice.label + " (" + choice.framework + ")";
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep focus in the box
        pick(choice);
      });
      option.choice = choice;
      list.appendChild(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    status.textContent = results.length + " skills match. Use the arrow keys to choose.";
  }

  function search() {
    var words = input.value.trim();
    if (words.length < 2) { close(); return; }
    var mine = ++asked;
    fetch(source + "?limit=8&q=" + encodeURIComponent(words), {headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : {results: []}; })
      .then(function (data) { if (mine === asked) { show(data.results || []); } })
      .catch(function () { close(); });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && !list.hidden) { event.preventDefault(); mark(active + 1); }
    else if (event.key === "ArrowUp" && !list.hidden) { event.preventDefault(); mark(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && !list.hidden && active >= 0) {
      event.preventDefault();  // pick instead of sending the form
      pick(list.querySelectorAll("[role=option]")[active].choice);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
