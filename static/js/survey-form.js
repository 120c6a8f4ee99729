// Hides questions that do not apply, given the answers above them. Without this script
// they are shown with a note saying when to answer them, and the server ignores them
// when they do not apply.
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) return;
  var conditional = form.querySelectorAll(".survey-question.conditional");
  function update() {
    conditional.forEach(function (block) {
      var name = block.getAttribute("data-shown-if-question");
      var value = block.getAttribute("data-shown-if-value");
      var chosen = form.querySelector("input[name='" + name + "']:checked");
      block.hidden = !chosen || chosen.value !== value;
    });
  }
  form.addEventListener("change", update);
  update();
  var errors = document.getElementById("form-errors");
  if (errors) errors.focus();
})();
