// Shows the complainant's fields only for a formal appeal. Without this script every
// field is shown, and the server discards them for anonymous feedback.
(function () {
  "use strict";
  var form = document.querySelector(".complaint-form");
  if (!form) return;
  var formal = form.querySelector(".formal-fields");
  var radios = form.querySelectorAll("input[name='path']");
  function update() {
    var chosen = form.querySelector("input[name='path']:checked");
    formal.hidden = !chosen || chosen.value !== "formal";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", update); });
  update();
  // Suggests the chosen community's settlements in the settlement field; typing
  // any name works without this.
  var community = form.querySelector("select[name='community']");
  var names = document.getElementById("settlement-names");
  function suggest() {
    names.textContent = "";
    if (!community.value) return;
    fetch(form.dataset.settlements + "?community=" + encodeURIComponent(community.value))
      .then(function (answer) { return answer.ok ? answer.json() : { settlements: [] }; })
      .then(function (found) {
        found.settlements.forEach(function (name) {
          var option = document.createElement("option");
          option.value = name;
          names.appendChild(option);
        });
      })
      .catch(function () {});
  }
  if (community && names && form.dataset.settlements) {
    community.addEventListener("change", suggest);
    suggest();
  }
  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();
})();
